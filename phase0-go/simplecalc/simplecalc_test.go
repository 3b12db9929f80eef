package simplecalc

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/phase0-go/internal/guard"
)

// calculate calls Calculate, turning a panic or an endless loop into a test
// failure.
func calculate(t *testing.T, a, b float64, op string) (float64, error) {
	t.Helper()
	return guard.Call2(t, fmt.Sprintf("Calculate(%v, %v, %q)", a, b, op),
		func() (float64, error) { return Calculate(a, b, op) })
}

// eval calls Eval, turning a panic or an endless loop into a test failure.
func eval(t *testing.T, line string) (float64, error) {
	t.Helper()
	return guard.Call2(t, "Eval("+strconv.Quote(line)+")",
		func() (float64, error) { return Eval(line) })
}

func TestCalculateArithmetic(t *testing.T) {
	tests := []struct {
		a, b float64
		op   string
		want float64
		why  string
	}{
		{3, 4, "+", 7, "+ adds"},
		{7, 2, "-", 5, "- subtracts the second number from the first"},
		{2, 7, "-", -5, "- keeps the order: 2 - 7 is -5, not 5"},
		{6, 7, "*", 42, "* multiplies"},
		{7, 2, "/", 3.5, "/ on float64 keeps the fraction: 7 / 2 is 3.5, not 3"},
		{1, 4, "/", 0.25, "/ keeps the order: 1 / 4 is 0.25, not 4"},
		{-2.5, 4, "*", -10, "negative and fractional numbers work like any other"},
		{0.1, 0.2, "+", 0.1 + 0.2, "float64 all the way: 0.1 + 0.2 is 0.30000000000000004 in float64 (float32 would round it)"},
		{1e-7, 3, "*", 3e-7, "small numbers keep their float64 precision"},
		{0, 5, "-", -5, "0 is a number like any other: 0 - 5 is -5"},
		{5, 0, "*", 0, "0 is a number like any other: 5 * 0 is 0"},
		{0, 0, "+", 0, "0 + 0 is 0, with no error"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v %s %v", tt.a, tt.op, tt.b), func(t *testing.T) {
			got, err := calculate(t, tt.a, tt.b, tt.op)
			require.NoError(t, err, "Calculate(%v, %v, %q) should succeed: %s", tt.a, tt.b, tt.op, tt.why)
			assert.InDelta(t, tt.want, got, 1e-15, "Calculate(%v, %v, %q) = %v, want %v: %s", tt.a, tt.b, tt.op, got, tt.want, tt.why)
		})
	}
}

func TestCalculateDivisionByZero(t *testing.T) {
	for _, a := range []float64{1, -1, 0} {
		t.Run(fmt.Sprintf("%v / 0", a), func(t *testing.T) {
			got, err := calculate(t, a, 0, "/")
			require.Error(t, err, "Calculate(%v, 0, \"/\") returned %v with no error: check b == 0 with an if before dividing (float64 division by zero gives Inf or NaN, not an error)", a, got)
			assert.ErrorIs(t, err, ErrDivisionByZero, "the error must wrap ErrDivisionByZero: fmt.Errorf(\"%%w: ...\", ErrDivisionByZero, ...)")
			assert.Zero(t, got, "with an error, the result must be 0")
		})
	}
	got, err := calculate(t, 0, 5, "/")
	require.NoError(t, err, "0 / 5 is fine: only the second number must not be 0")
	assert.Zero(t, got, "0 / 5 is 0")
}

func TestCalculateUnknownOperator(t *testing.T) {
	for _, op := range []string{"%", "x", "^", "", "++", "plus"} {
		t.Run(strconv.Quote(op), func(t *testing.T) {
			got, err := calculate(t, 6, 3, op)
			require.Error(t, err, "Calculate(6, 3, %q) returned %v with no error: only + - * / are operators; the switch needs a way out for everything else", op, got)
			assert.ErrorIs(t, err, ErrUnknownOperator, "the error must wrap ErrUnknownOperator with %%w")
			assert.Contains(t, err.Error(), strconv.Quote(op), "the message must quote the operator (%%q), so the user sees what was wrong")
			assert.Zero(t, got, "with an error, the result must be 0")
		})
	}
}

func TestEvalParsesLine(t *testing.T) {
	tests := []struct {
		line string
		want float64
		why  string
	}{
		{"3 + 4", 7, "the basic form: number, operator, number"},
		{"10 / 4", 2.5, "the result keeps its fraction"},
		{"  10   -  4  ", 6, "any number of spaces between and around the parts"},
		{"6\t*\t7", 42, "tabs separate parts too (strings.Fields)"},
		{"-2.5 * 4", -10, "a number may be negative and have a fraction"},
		{"1e3 - 1", 999, "a number is anything strconv.ParseFloat accepts"},
		{"0.5 + .25", 0.75, "\".25\" is a number too"},
		{"0.1 + 0.2", 0.1 + 0.2, "ParseFloat(s, 64): float64 precision; with bitSize 32, 0.1 is rounded to 0.10000000149011612"},
		{"3.14159 * 2", 6.28318, "the digits are kept: parse with bitSize 64"},
		{"0 + 5", 5, "a 0 written in the line is a real number: check ParseFloat's error, not whether the number is 0"},
		{"7 - 0", 7, "a 0 written in the line is a real number: check ParseFloat's error, not whether the number is 0"},
		{"0 * 0", 0, "0 * 0 is 0, with no error"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, err := eval(t, tt.line)
			require.NoError(t, err, "Eval(%q) should succeed: %s", tt.line, tt.why)
			assert.InDelta(t, tt.want, got, 1e-12, "Eval(%q) = %v, want %v: %s", tt.line, got, tt.want, tt.why)
		})
	}
}

func TestEvalSyntaxErrors(t *testing.T) {
	tests := []struct {
		line string
		why  string
	}{
		{"", "an empty line has no parts"},
		{"3", "one part is not a calculation"},
		{"3 +", "a missing second number: check len(parts) before using parts[2]"},
		{"3+4", "the parts must be separated by spaces: \"3+4\" is one part"},
		{"3 + 4 + 5", "exactly three parts: extra parts are an error, not ignored"},
		{"three + 4", "the first part must be a number: check ParseFloat's error"},
		{"3 + four", "the third part must be a number: check ParseFloat's error"},
		{"3 + 4x", "\"4x\" is not a number, even though it starts like one"},
		{"+ 3 4", "the operator goes in the middle"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, err := eval(t, tt.line)
			require.Error(t, err, "Eval(%q) returned %v with no error: %s", tt.line, got, tt.why)
			assert.ErrorIs(t, err, ErrSyntax, "Eval(%q): the error must wrap ErrSyntax (%s)", tt.line, tt.why)
			assert.Contains(t, err.Error(), strconv.Quote(tt.line), "Eval(%q): the message must quote the line (%%q)", tt.line)
			assert.Zero(t, got, "Eval(%q): with an error, the result must be 0", tt.line)
		})
	}
}

func TestEvalReturnsCalculateErrors(t *testing.T) {
	got, err := eval(t, "1 / 0")
	require.Error(t, err, "Eval(\"1 / 0\") returned %v with no error: Eval must return Calculate's error", got)
	assert.ErrorIs(t, err, ErrDivisionByZero, "Eval(\"1 / 0\"): pass Calculate's error on unchanged (or wrapped with %%w)")
	assert.Zero(t, got)

	got, err = eval(t, "2 % 3")
	require.Error(t, err, "Eval(\"2 %% 3\") returned %v with no error: %% is not an operator here", got)
	assert.ErrorIs(t, err, ErrUnknownOperator, "Eval(\"2 %% 3\"): the operator is checked by Calculate, and its error comes back from Eval")
	assert.Zero(t, got)
}
