// Provided — no need to edit.

package calculator

import (
	"errors"
	"strconv"
)

// ErrDivisionByZero is the cause of every division-by-zero error, for both
// / and %. Eval returns it inside an *Error that says where the division
// is, so check for it with errors.Is(err, ErrDivisionByZero).
var ErrDivisionByZero = errors.New("division by zero")

// Error is the error Eval returns for every bad input: a syntax error, an
// invalid number, a division by zero, a result too large for a float64.
// Column says where the problem is, so a REPL can put a caret under it.
//
// Use errors.As to get at the fields:
//
//	var calcErr *calculator.Error
//	if errors.As(err, &calcErr) {
//		fmt.Println("problem at column", calcErr.Column)
//	}
type Error struct {
	// Column is the 1-based position of the problem, counted in characters
	// (runes, not bytes): the first character of the input is column 1, and
	// the end of the input is column (number of characters + 1).
	Column int
	// Msg describes the problem without its position, e.g. "unexpected ')'"
	// or `invalid number "1.2.3"`.
	Msg string
	// Err is the cause, if the problem has a sentinel error
	// (ErrDivisionByZero); nil for syntax errors.
	Err error
}

// Error returns Msg followed by the column, e.g.
// "unexpected ')' at column 7".
func (e *Error) Error() string {
	return e.Msg + " at column " + strconv.Itoa(e.Column)
}

// Unwrap returns the cause, so errors.Is(err, ErrDivisionByZero) sees
// through the *Error.
func (e *Error) Unwrap() error {
	return e.Err
}
