package errhandling

import "errors"

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
	// TODO(weekend 2): strings.Cut at "=", strings.TrimSpace both halves, wrap ErrSyntax.
	return "", "", errors.New("errhandling: ParseLine not implemented")
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
	// TODO(weekend 2): switch on key; strconv.Atoi, time.ParseDuration; return &ValidationError{...}.
	return errors.New("errhandling: Validate not implemented")
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
	// TODO(weekend 2): strings.Split, collect []error, return errors.Join(errs...) at the end.
	return nil, errors.New("errhandling: Parse not implemented")
}

// Load parses text read from the file called name. It wraps Parse's error with the name, so that
// errors.Is and errors.As still find everything inside:
//
//	load app.conf: line 3: syntax error: missing '=' in "port 8080"
func Load(name, text string) (Config, error) {
	// TODO(weekend 2): call Parse and wrap its error with fmt.Errorf("load %s: %w", ...).
	return nil, errors.New("errhandling: Load not implemented")
}

// Get returns the value of key. A missing key gives an error wrapping ErrNotFound:
//
//	config: key "port": not found
func (c Config) Get(key string) (string, error) {
	// TODO(weekend 2): look the key up; wrap ErrNotFound with %w.
	return "", errors.New("errhandling: Get not implemented")
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
	// TODO(weekend 2): use Get, then strconv.Atoi; on a bad number format with %v.
	return 0, errors.New("errhandling: Int not implemented")
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
	// TODO(weekend 2): errors.Is for the sentinels, errors.As for *ValidationError.
	return 0
}
