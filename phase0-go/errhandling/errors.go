// Package errhandling is the weekend-2 drill on Go's error patterns, practised on a small config
// file parser:
//
//	# app.conf
//	host = example.com
//	port = 8080
//	timeout = 5s
//
// Errors in Go are values, and this package uses every common shape of them:
//
//   - sentinel errors (ErrSyntax, ErrDuplicateKey, ErrNotFound): fixed values a caller compares
//     against with errors.Is;
//   - custom error types with fields (*ValidationError, *LineError): a caller extracts them with
//     errors.As and reads the fields;
//   - wrapping with fmt.Errorf("...: %w", err): each layer adds context ("load app.conf: line 3:
//     ...") while errors.Is and errors.As still see the original error inside;
//   - errors.Join: report every bad line at once instead of stopping at the first;
//   - deliberately NOT wrapping (%v instead of %w) when the inner error is an implementation
//     detail the caller must not depend on.
//
// Layers, bottom to top: ParseLine and Validate check one line; Parse checks a whole text and
// tags each failure with its line number; Load adds the file name; Config.Get and Config.Int look
// values up; ExitCode shows the caller's side, choosing a program exit code from an error.
package errhandling

import "errors"

// ErrSyntax is wrapped by every error about a line that is not of the form "key = value".
var ErrSyntax = errors.New("syntax error")

// ErrDuplicateKey is wrapped by the error for a key that is set twice in one text.
var ErrDuplicateKey = errors.New("duplicate key")

// ErrNotFound is wrapped by the error of a lookup of a key that is not in the Config.
var ErrNotFound = errors.New("not found")

// ValidationError reports a line that is well-formed but whose value is not allowed for its key,
// for example "port = http". Validate returns it as a *ValidationError.
type ValidationError struct {
	Key    string // the key, e.g. "port"
	Value  string // the rejected value, e.g. "http"
	Reason string // what the value must be, e.g. "must be a whole number from 1 to 65535"
}

// Error returns `invalid <key> "<value>": <reason>`, for example
// `invalid port "http": must be a whole number from 1 to 65535`.
func (e *ValidationError) Error() string {
	// TODO(weekend 2): build the message from the fields (fmt.Sprintf with %s and %q).
	return ""
}

// LineError wraps an error with the 1-based number of the line it is about. Parse returns one
// *LineError per bad line.
type LineError struct {
	Line int   // 1-based line number in the parsed text
	Err  error // what is wrong with that line
}

// Error returns "line <n>: " followed by the message of Err, for example
// `line 3: syntax error: missing '=' in "port 8080"`.
func (e *LineError) Error() string {
	// TODO(weekend 2): prefix the inner message with the line number.
	return ""
}

// Unwrap returns Err. It is what lets errors.Is and errors.As look inside a *LineError.
func (e *LineError) Unwrap() error {
	// TODO(weekend 2): return the wrapped error.
	return nil
}
