package shortener

import (
	"fmt"
	"net/url"
	"strings"
)

// ValidateURL accepts only absolute http and https URLs with a host, at most MaxURLLen bytes.
// Any other scheme — javascript:, data:, file:, ftp: … — is refused: the service redirects
// browsers to these URLs, and a javascript: or data: target runs code in the victim's browser.
// Errors wrap ErrInvalidURL.
func ValidateURL(raw string) error {
	if len(raw) > MaxURLLen {
		return fmt.Errorf("%w: longer than %d bytes", ErrInvalidURL, MaxURLLen)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidURL, err)
	}
	// url.Parse lower-cases the scheme, so "JavaScript:" is caught here too.
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%w: scheme %q (only http and https)", ErrInvalidURL, u.Scheme)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("%w: no host", ErrInvalidURL)
	}
	return nil
}

// ValidateAlias accepts a custom alias of MinAliasLen to MaxAliasLen bytes made of ASCII letters,
// digits, '-' and '_' (so it is safe in a URL path as it is). Errors wrap ErrInvalidAlias.
func ValidateAlias(alias string) error {
	if len(alias) < MinAliasLen || len(alias) > MaxAliasLen {
		return fmt.Errorf("%w: %d bytes (want %d to %d)", ErrInvalidAlias, len(alias), MinAliasLen, MaxAliasLen)
	}
	for _, c := range alias {
		if !strings.ContainsRune(Alphabet+"-_", c) {
			return fmt.Errorf("%w: %q is not a letter, digit, '-' or '_'", ErrInvalidAlias, c)
		}
	}
	return nil
}
