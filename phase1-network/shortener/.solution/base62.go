package shortener

import (
	"fmt"
	"math"
	"strings"
)

// Alphabet is the base62 digit set: digit i is Alphabet[i].
const Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// Encode returns n in base62, most significant digit first, with no leading zeros ("0" for 0).
func Encode(n uint64) string {
	if n == 0 {
		return Alphabet[:1]
	}
	var buf [11]byte // 62^11 > 2^64: eleven digits always suffice
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = Alphabet[n%62]
		n /= 62
	}
	return string(buf[i:])
}

// Decode parses a base62 string written by Encode. It returns an error wrapping ErrInvalidCode
// for an empty string, a byte outside Alphabet, or a value that does not fit in a uint64.
func Decode(s string) (uint64, error) {
	if s == "" {
		return 0, fmt.Errorf("%w: empty", ErrInvalidCode)
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(Alphabet, s[i])
		if d < 0 {
			return 0, fmt.Errorf("%w: %q at %d", ErrInvalidCode, s[i], i)
		}
		if n > (math.MaxUint64-uint64(d))/62 { // n*62 + d would wrap around
			return 0, fmt.Errorf("%w: %q overflows 64 bits", ErrInvalidCode, s)
		}
		n = n*62 + uint64(d)
	}
	return n, nil
}
