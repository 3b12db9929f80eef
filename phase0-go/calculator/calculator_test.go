package calculator

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/phase0-go/internal/guard"
)

// eval calls Eval, turning a panic or an endless loop into a test failure.
func eval(t *testing.T, in string) (got float64, err error) {
	t.Helper()
	guard.Returns(t, "Eval("+strconv.Quote(in)+")", func() { got, err = Eval(in) })
	return got, err
}

// evalCase is one expression and the value it must have.
type evalCase struct {
	in   string
	want float64
	why  string // the rule the case checks, shown when it fails
}

// checkValues runs Eval on every case and compares with a tolerance small
// enough to catch any real mistake but not float rounding in the last bit.
func checkValues(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := eval(t, tc.in)
			require.NoError(t, err, "Eval(%q) should succeed (%s)", tc.in, tc.why)
			assert.InDelta(t, tc.want, got, 1e-9, "Eval(%q) = %v, want %v: %s", tc.in, got, tc.want, tc.why)
		})
	}
}

// errorCase is a bad expression and the *Error it must produce.
type errorCase struct {
	in      string
	column  int
	message string // the full err.Error()
	why     string
}

// checkErrors runs Eval on every case and checks the error's structure:
// an *Error with the right Column, and the right text.
func checkErrors(t *testing.T, cases []errorCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := eval(t, tc.in)
			require.Error(t, err, "Eval(%q) returned %v with no error: %s", tc.in, got, tc.why)
			assert.Zero(t, got, "Eval(%q) should return 0 together with its error", tc.in)
			var calcErr *Error
			require.True(t, errors.As(err, &calcErr),
				"Eval(%q) returned %T (%q); every error from Eval must be a *calculator.Error with Column and Msg (see errors.go)", tc.in, err, err)
			assert.Equal(t, tc.column, calcErr.Column,
				"Eval(%q): Column = %d, want %d (1-based, counted in characters; the end of input is len+1): %s", tc.in, calcErr.Column, tc.column, tc.why)
			assert.Equal(t, tc.message, err.Error(), "Eval(%q): error text (%s)", tc.in, tc.why)
		})
	}
}

func TestEvalNumbers(t *testing.T) {
	checkValues(t, []evalCase{
		{"7", 7, "a single integer"},
		{"1.5", 1.5, "a decimal"},
		{".5", 0.5, "a decimal may start with the point"},
		{"3.", 3, "a decimal may end with the point"},
		{"007", 7, "leading zeros are allowed"},
		{"1234567890.9", 1234567890.9, "every digit from 0 to 9 is a digit, 9 included"},
		{"  42\t", 42, "white space around the expression is ignored"},
		{" 1 +\t2 ", 3, "white space between tokens is ignored"},
	})
}

// TestEvalPrecedence fails for any calculator that evaluates strictly left
// to right: "2+3*4" would give 20.
func TestEvalPrecedence(t *testing.T) {
	const rule = "* / % bind tighter than + - — parse terms inside expressions (see the Grammar section of the package comment and README)"
	checkValues(t, []evalCase{
		{"2+3*4", 14, rule},
		{"2*3+4", 10, rule},
		{"10-4/2", 8, rule},
		{"7+10%4", 9, rule},
		{"1+2*3-4/2", 5, rule},
		{"2*3+4*5", 26, rule},
	})
}

func TestEvalLeftAssociativity(t *testing.T) {
	const rule = "operators of the same level group from the left — (a-b)-c, not a-(b-c): fold in a loop, left = left op right"
	checkValues(t, []evalCase{
		{"8-3-2", 3, rule},
		{"16/4/2", 2, rule},
		{"100/10/5", 2, rule},
		{"2*3%4", 2, rule + "; (2*3)%4 is 2, 2*(3%4) would be 6"},
		{"10-2+3", 11, rule + "; (10-2)+3 is 11, 10-(2+3) would be 5"},
	})
}

func TestEvalParentheses(t *testing.T) {
	checkValues(t, []evalCase{
		{"(2+3)*4", 20, "parentheses override precedence"},
		{"((4))", 4, "nested parentheses"},
		{"2*(3+(4-1))", 12, "parentheses inside parentheses"},
		{"8-(3-2)", 7, "parentheses override left associativity"},
		{"( 1 + 1 ) * ( 2 )", 4, "white space inside parentheses"},
	})
}

func TestEvalUnaryMinus(t *testing.T) {
	checkValues(t, []evalCase{
		{"-3", -3, "a leading minus negates"},
		{"--3", 3, "unary minus applies to a unary: -(-3)"},
		{"-(2+3)", -5, "unary minus applies to a parenthesized expression"},
		{"2*-3", -6, "a term's operand may start with a minus"},
		{"-2*-2", 4, "minus on both operands"},
		{"1 - -1", 2, "binary minus followed by unary minus"},
		{"-.5", -0.5, "minus before a decimal"},
		{"-2+3", 1, "unary minus binds tighter than +: (-2)+3"},
	})
}

func TestEvalModulo(t *testing.T) {
	const rule = "x % y is math.Mod(x, y): the remainder has the sign of x"
	checkValues(t, []evalCase{
		{"7%3", 1, rule},
		{"7.5%2", 1.5, rule + ", and works on decimals"},
		{"-7%3", -1, rule},
		{"7%-3", 1, rule},
		{"6%3", 0, rule},
	})
}

func TestEvalDivisionByZero(t *testing.T) {
	tests := []struct {
		in     string
		column int
	}{
		{"1/0", 2},
		{"8 / 0", 3},
		{"5%0", 2},
		{"1+2/(3-3)", 4},
		{"0/0", 2},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := eval(t, tt.in)
			require.Error(t, err, "Eval(%q) = %v: dividing by zero must be an error, not +Inf or NaN — check the divisor before / and %%", tt.in, got)
			assert.ErrorIs(t, err, ErrDivisionByZero,
				"Eval(%q): return &Error{..., Err: ErrDivisionByZero} so errors.Is finds the sentinel", tt.in)
			var calcErr *Error
			require.True(t, errors.As(err, &calcErr), "Eval(%q) returned %T, want *calculator.Error", tt.in, err)
			assert.Equal(t, tt.column, calcErr.Column, "Eval(%q): the column of a division by zero is the column of its / or %% operator", tt.in)
			assert.Equal(t, "division by zero at column "+strconv.Itoa(tt.column), err.Error(), "Eval(%q): error text", tt.in)
		})
	}
}

func TestEvalSyntaxErrors(t *testing.T) {
	checkErrors(t, []errorCase{
		{"", 1, "unexpected end of input at column 1", "an empty input has no expression"},
		{"1+", 3, "unexpected end of input at column 3", "+ needs a right operand; the end of input is one past the last character"},
		{"2 * ", 5, "unexpected end of input at column 5", "trailing spaces still count as characters"},
		{"(1+2", 5, "unexpected end of input at column 5", "an open parenthesis needs its ')'"},
		{"(1+2))", 6, "unexpected ')' at column 6", "a ')' with no '(' to close"},
		{"()", 2, "unexpected ')' at column 2", "parentheses need an expression inside"},
		{"*2", 1, "unexpected '*' at column 1", "* has no left operand"},
		{"+3", 1, "unexpected '+' at column 1", "there is no unary plus"},
		{"1.2.3", 1, `invalid number "1.2.3" at column 1`, "a number has at most one decimal point"},
		{"2+.", 3, `invalid number "." at column 3`, "a point alone is not a number"},
		{"2 3", 3, `unexpected number "3" at column 3`, "two numbers need an operator between them"},
		{"4 $ 2", 3, "unexpected character '$' at column 3", "characters outside the grammar are errors"},
		{"1e3", 2, "unexpected character 'e' at column 2", "there is no exponent notation"},
		{"가+1", 1, "unexpected character '가' at column 1", "columns count characters (runes), not bytes"},
		{"1+가", 3, "unexpected character '가' at column 3", "columns count characters (runes), not bytes"},
		{"1\u3000+\u3000x", 5, "unexpected character 'x' at column 5", "columns count characters (runes), not bytes: the ideographic space U+3000 (a Korean IME types it) is one character of white space"},
	})
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{7, "7"},
		{2.5, "2.5"},
		{-0.25, "-0.25"},
		{1000000, "1000000"},
		{0.1, "0.1"},
		{1.0 / 3, "0.3333333333333333"},
		{0, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := FormatNumber(tt.in)
			assert.Equal(t, tt.want, got, "FormatNumber(%v): no trailing zeros, no exponent — strconv.FormatFloat(v, 'f', -1, 64)", tt.in)
		})
	}
	t.Run("negative zero prints as 0", func(t *testing.T) {
		negZero := math.Copysign(0, -1)
		got := FormatNumber(negZero)
		assert.Equal(t, "0", got, "FormatNumber(-0) = %q: Eval(\"-0\") gives a negative zero; print it as \"0\"", got)
	})
}

// runREPL feeds input to REPL and returns what it wrote and returned.
func runREPL(t *testing.T, input string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	var err error
	guard.Returns(t, "REPL", func() { err = REPL(strings.NewReader(input), &out) })
	return out.String(), err
}

func TestREPLPrintsResults(t *testing.T) {
	out, err := runREPL(t, "1+2\n2*2.5\n10/4\n")
	require.NoError(t, err, "REPL returns nil at the end of its input")
	assert.Equal(t, "> 3\n> 5\n> 2.5\n> ", out,
		"REPL output: Prompt before each line, then FormatNumber(result) and \"\\n\"; at the end of input one last Prompt and return")
}

func TestREPLErrorsShowCaretAndContinue(t *testing.T) {
	t.Run("caret under the column, then the next line is evaluated", func(t *testing.T) {
		out, err := runREPL(t, "1+)\n2*3\n")
		require.NoError(t, err, "a bad expression is not a REPL failure: REPL must go on and return nil at the end of input")
		want := "> error: unexpected ')' at column 3\n" +
			"  1+)\n" +
			"    ^\n" +
			"> 6\n" +
			"> "
		assert.Equal(t, want, out,
			"after a bad line, write \"error: \" + err.Error(), the line indented by two spaces, and a caret under Column (two spaces + Column-1 spaces), then keep reading")
	})
	t.Run("caret at the end of input", func(t *testing.T) {
		out, err := runREPL(t, "2*\n")
		require.NoError(t, err, "REPL returns nil at the end of its input")
		want := "> error: unexpected end of input at column 3\n" +
			"  2*\n" +
			"    ^\n" +
			"> "
		assert.Equal(t, want, out, "the caret for \"end of input\" sits just after the last character")
	})
	t.Run("a tab before the caret is copied", func(t *testing.T) {
		out, err := runREPL(t, "\t1/0\n")
		require.NoError(t, err, "REPL returns nil at the end of its input")
		want := "> error: division by zero at column 3\n" +
			"  \t1/0\n" +
			"  \t ^\n" +
			"> "
		assert.Equal(t, want, out, "pad with a tab where the line has a tab, so the caret lines up on a terminal")
	})
}

func TestREPLStopsOnQuit(t *testing.T) {
	out, err := runREPL(t, "1\n  quit  \n2\n")
	require.NoError(t, err, "\"quit\" ends the REPL normally: return nil")
	assert.Equal(t, "> 1\n> ", out, "after \"quit\" (spaces around it ignored) REPL must stop reading: the line \"2\" must not be evaluated")
}

func TestREPLSkipsBlankLines(t *testing.T) {
	out, err := runREPL(t, "\n   \n1+1\r\n")
	require.NoError(t, err, "REPL returns nil at the end of its input")
	assert.Equal(t, "> > > 2\n> ", out,
		"a blank line writes nothing but the next Prompt; a Windows line ending \"\\r\\n\" is not part of the expression")
}

func TestREPLReturnsReadError(t *testing.T) {
	errDisk := errors.New("disk on fire")
	in := io.MultiReader(strings.NewReader("1+1\n"), iotest.ErrReader(errDisk))
	var out bytes.Buffer
	var err error
	guard.Returns(t, "REPL", func() { err = REPL(in, &out) })
	require.ErrorIs(t, err, errDisk, "when reading fails, REPL must return that error (wrapped with %w), not nil: check scanner.Err() after Scan returns false")
	assert.True(t, strings.HasPrefix(out.String(), "> 2\n"), "lines read before the failure are still evaluated; output was %q", out.String())
}

// failingWriter fails every write, like a closed pipe.
type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

// oneFailingWriter fails only its nth write (1-based) and accepts every
// other, like a pipe with a moment's trouble: a REPL that ignores one write's
// error and goes on would not notice.
type oneFailingWriter struct {
	n, writes int
	err       error
}

func (w *oneFailingWriter) Write(p []byte) (int, error) {
	w.writes++
	if w.writes == w.n {
		return 0, w.err
	}
	return len(p), nil
}

func TestREPLReturnsWriteError(t *testing.T) {
	errPipe := errors.New("broken pipe")
	t.Run("every write fails", func(t *testing.T) {
		var err error
		guard.Returns(t, "REPL", func() { err = REPL(strings.NewReader("1+1\n2+2\n"), failingWriter{errPipe}) })
		require.ErrorIs(t, err, errPipe, "when writing to out fails, REPL must stop and return that error (wrapped with %w): check the error of every write")
	})
	t.Run("only the first result's write fails", func(t *testing.T) {
		w := &oneFailingWriter{n: 2, err: errPipe} // write 1 is the prompt, write 2 the result "2\n"
		var err error
		guard.Returns(t, "REPL", func() { err = REPL(strings.NewReader("1+1\n2+2\n"), w) })
		require.ErrorIs(t, err, errPipe, "writing the result of \"1+1\" failed, so REPL must stop and return that error (wrapped with %w): check the error of every write, the results' too, not only the prompt's")
	})
}
