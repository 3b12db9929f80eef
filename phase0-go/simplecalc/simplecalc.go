// Package simplecalc is a simple calculator: it reads a line such as
// "3 + 4", turns the two numbers from text into float64 values, and applies
// the operator.
package simplecalc

import (
	"errors"
)

// Errors returned by this package. They are wrapped with details (which
// operator, which text), so check them with errors.Is, not ==.
var (
	ErrDivisionByZero  = errors.New("simplecalc: division by zero")
	ErrUnknownOperator = errors.New("simplecalc: unknown operator")
	ErrSyntax          = errors.New("simplecalc: syntax error")
)

// Calculate returns a op b, where op is one of "+", "-", "*" and "/".
//
// Division by zero returns an error wrapping ErrDivisionByZero. Any other op
// returns an error wrapping ErrUnknownOperator whose message quotes op, e.g.
// `simplecalc: unknown operator: "%"`. With an error, the result is 0.
func Calculate(a, b float64, op string) (float64, error) {
	// TODO(weekend 1): switch on op; for "/", check b == 0 first.
	return 0, errors.New("simplecalc: Calculate not implemented")
}

// Eval evaluates a line of the form "number operator number", such as
// "3 + 4" or "  -2.5   *  4 ": three parts separated by spaces or tabs.
// A number is anything strconv.ParseFloat accepts ("7", "-2.5", "1e3").
//
// A line that does not have exactly three parts, or whose first or third
// part is not a number, returns an error wrapping ErrSyntax that quotes the
// line, e.g. `simplecalc: syntax error: "three + 4"`.
// Otherwise Eval returns what Calculate returns. With an error, the result
// is 0.
func Eval(line string) (float64, error) {
	// TODO(weekend 1): strings.Fields, check the count, strconv.ParseFloat twice, Calculate.
	return 0, errors.New("simplecalc: Eval not implemented")
}
