package errhandling

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Config holds the settings of a parsed config text, key → value.
type Config map[string]string

// ParseLine splits one line of the form "key = value" at its first '=' and trims spaces around
// key and value: "port = 8080" gives "port", "8080". The value may be empty or contain '='.
// Blank lines and comments are Parse's business; ParseLine sees only lines that should hold a
// setting.
//
// Errors wrap ErrSyntax (fmt.Errorf with %w) and quote the line:
//
//	no '='       syntax error: missing '=' in "port 8080"
//	empty key    syntax error: empty key in "= 8080"
func ParseLine(line string) (key, value string, err error) {
	key, value, found := strings.Cut(line, "=")
	if !found {
		// %w keeps ErrSyntax inside: callers test errors.Is(err, ErrSyntax), not the text.
		return "", "", fmt.Errorf("%w: missing '=' in %q", ErrSyntax, line)
	}
	key = strings.TrimSpace(key)
	if key == "" {
		return "", "", fmt.Errorf("%w: empty key in %q", ErrSyntax, line)
	}
	return key, strings.TrimSpace(value), nil
}

// Validate checks the value of the keys it knows and returns nil for any other key:
//
//	port     a whole number from 1 to 65535   reason "must be a whole number from 1 to 65535"
//	timeout  a positive time.Duration ("5s")  reason "must be a positive duration such as 5s"
//	host     not empty                        reason "must not be empty"
//
// A rejected value gives a *ValidationError. A valid one gives a nil error — a real nil, not a
// nil *ValidationError stored in an error (that would be a non-nil error).
func Validate(key, value string) error {
	// Each case returns either a fresh *ValidationError or the literal nil. Never write
	// `var ve *ValidationError; ...; return ve`: an interface holding a nil pointer is not nil.
	switch key {
	case "port":
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > 65535 {
			return &ValidationError{Key: key, Value: value, Reason: "must be a whole number from 1 to 65535"}
		}
	case "timeout":
		d, err := time.ParseDuration(value)
		if err != nil || d <= 0 {
			return &ValidationError{Key: key, Value: value, Reason: "must be a positive duration such as 5s"}
		}
	case "host":
		if value == "" {
			return &ValidationError{Key: key, Value: value, Reason: "must not be empty"}
		}
	}
	return nil
}

// Parse reads a config text line by line. Lines are separated by "\n"; blank lines and lines
// whose first non-space character is '#' are skipped. Every other line goes through ParseLine and
// then Validate; a key already set on an earlier line is an error wrapping ErrDuplicateKey:
//
//	duplicate key: "port" already set on line 2
//
// Parse does not stop at the first bad line: each failure is wrapped in a *LineError with its
// 1-based line number, and all of them are returned together with errors.Join, in line order.
// If any line is bad, Parse returns a nil Config.
func Parse(text string) (Config, error) {
	cfg := Config{}
	setOn := map[string]int{} // key → line where it was first set
	var errs []error
	for i, line := range strings.Split(text, "\n") {
		n := i + 1 // people count lines from 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, err := ParseLine(line)
		if err == nil {
			err = Validate(key, value)
		}
		if err == nil {
			if first, dup := setOn[key]; dup {
				err = fmt.Errorf("%w: %q already set on line %d", ErrDuplicateKey, key, first)
			}
		}
		if err != nil {
			errs = append(errs, &LineError{Line: n, Err: err}) // keep going: report every bad line
			continue
		}
		setOn[key] = n
		cfg[key] = value
	}
	if err := errors.Join(errs...); err != nil { // Join of no errors is nil
		return nil, err
	}
	return cfg, nil
}

// Load parses text read from the file called name. It wraps Parse's error with the name, so that
// errors.Is and errors.As still find everything inside:
//
//	load app.conf: line 3: syntax error: missing '=' in "port 8080"
func Load(name, text string) (Config, error) {
	cfg, err := Parse(text)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", name, err) // add context, keep the chain
	}
	return cfg, nil
}

// Get returns the value of key. A missing key gives an error wrapping ErrNotFound:
//
//	config: key "port": not found
func (c Config) Get(key string) (string, error) {
	v, ok := c[key]
	if !ok {
		return "", fmt.Errorf("config: key %q: %w", key, ErrNotFound)
	}
	return v, nil
}

// Int returns the value of key as an int.
//
// A missing key gives Get's error unchanged (it already says which key; do not wrap it again).
// A value that is not an integer gives an error that includes strconv's message but does NOT wrap
// it:
//
//	config: key "workers": strconv.Atoi: parsing "many": invalid syntax
//
// Which parser Int uses is an implementation detail: if the error wrapped *strconv.NumError,
// callers could start depending on it with errors.As, and changing the parser would break them.
// Format the inner error with %v, not %w.
func (c Config) Int(key string) (int, error) {
	s, err := c.Get(key)
	if err != nil {
		return 0, err // already has the context we would add
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("config: key %q: %v", key, err) // %v: the text survives, the value does not
	}
	return n, nil
}

// ExitCode chooses the exit status of a command-line program from an error returned by this
// package, looking inside wrapped and joined errors:
//
//	0  err is nil
//	2  the text is malformed: err wraps ErrSyntax or ErrDuplicateKey
//	3  a value was rejected: err contains a *ValidationError
//	4  a lookup failed: err wraps ErrNotFound
//	1  anything else
//
// When an error matches several rows (a joined error can), the first row from the top wins.
func ExitCode(err error) int {
	var ve *ValidationError // errors.As needs a pointer to a variable of the target type
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrSyntax), errors.Is(err, ErrDuplicateKey):
		return 2
	case errors.As(err, &ve):
		return 3
	case errors.Is(err, ErrNotFound):
		return 4
	default:
		return 1
	}
}
