// Package simplecalc is a simple calculator: it reads a line such as
// "3 + 4", turns the two numbers from text into float64 values, and applies
// the operator.
package simplecalc

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
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
	switch op {
	case "+":
		return a + b, nil
	case "-":
		return a - b, nil
	case "*":
		return a * b, nil
	case "/":
		// Check before dividing: float64 division by zero does not fail,
		// it quietly gives +Inf, -Inf or NaN.
		if b == 0 {
			return 0, fmt.Errorf("%w: %g / 0", ErrDivisionByZero, a)
		}
		return a / b, nil
	}
	return 0, fmt.Errorf("%w: %q", ErrUnknownOperator, op)
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
	parts := strings.Fields(line) // splits on any run of spaces or tabs
	if len(parts) != 3 {
		return 0, fmt.Errorf("%w: %q", ErrSyntax, line)
	}
	// Type conversion from text: strconv.ParseFloat("2.5", 64) is 2.5.
	a, errA := strconv.ParseFloat(parts[0], 64)
	b, errB := strconv.ParseFloat(parts[2], 64)
	if errA != nil || errB != nil {
		return 0, fmt.Errorf("%w: %q", ErrSyntax, line)
	}
	return Calculate(a, b, parts[1])
}
