package shortener

import (
	"errors"
)

// Alphabet is the base62 digit set: digit i is Alphabet[i].
const Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// Encode returns n in base62, most significant digit first, with no leading zeros ("0" for 0).
func Encode(n uint64) string {
	// TODO(weekend 8): take digits with n%62 and n/62 until n is 0, then reverse them.
	return ""
}

// Decode parses a base62 string written by Encode. It returns an error wrapping ErrInvalidCode
// for an empty string, a byte outside Alphabet, or a value that does not fit in a uint64.
func Decode(s string) (uint64, error) {
	// TODO(weekend 8): n = n*62 + digit for each byte, checking the digit and overflow first.
	return 0, errors.New("shortener: Decode not implemented")
}
