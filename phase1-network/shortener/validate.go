package shortener

import (
	"errors"
)

// ValidateURL accepts only absolute http and https URLs with a host, at most MaxURLLen bytes.
// Any other scheme — javascript:, data:, file:, ftp: … — is refused: the service redirects
// browsers to these URLs, and a javascript: or data: target runs code in the victim's browser.
// Errors wrap ErrInvalidURL.
func ValidateURL(raw string) error {
	// TODO(weekend 8): check the length, url.Parse, the scheme and the host.
	return errors.New("shortener: ValidateURL not implemented")
}

// ValidateAlias accepts a custom alias of MinAliasLen to MaxAliasLen bytes made of ASCII letters,
// digits, '-' and '_' (so it is safe in a URL path as it is). Errors wrap ErrInvalidAlias.
func ValidateAlias(alias string) error {
	// TODO(weekend 8): check the length and every character.
	return errors.New("shortener: ValidateAlias not implemented")
}
