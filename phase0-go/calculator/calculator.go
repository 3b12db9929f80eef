// Package calculator evaluates arithmetic expressions such as "2 + 3*4" or
// "-(1.5 + .5) % 3", and runs a read-eval-print loop (REPL) on top of Eval.
//
// # Grammar
//
// Precedence and associativity come from the shape of the grammar: each
// level is built from the level below it, so * / % (a term) bind tighter
// than + - (an expression), and a loop that folds from the left makes
// "8-3-2" mean (8-3)-2.
//
//	expression = term { ("+" | "-") term } .
//	term       = unary { ("*" | "/" | "%") unary } .
//	unary      = "-" unary | primary .
//	primary    = number | "(" expression ")" .
//	number     = digits [ "." [ digits ] ] | "." digits .
//
// White space (spaces, tabs) may appear between any two tokens. A number is
// a run of digits with at most one decimal point: "7", "1.5", ".5" and "3."
// are numbers, "1.2.3" and "." are not. There is no unary plus and no
// exponent notation ("1e3" is an error at the "e").
//
// A grammar with one function per rule is a recursive-descent parser:
// parseExpression calls parseTerm, parseTerm calls parseUnary, and
// parsePrimary calls parseExpression again for "(" … ")". Each function can
// evaluate as it parses and return a float64.
//
// # Arithmetic
//
// Numbers are float64. x % y is math.Mod(x, y): the remainder of x / y
// truncated toward zero, with the sign of x, so "7.5 % 2" is 1.5 and
// "-7 % 3" is -1. Dividing by zero, with / or %, is an error, not +Inf.
//
// # Errors
//
// Every error Eval returns is an *Error (see errors.go) whose Column is the
// 1-based position of the problem, counted in characters:
//
//	"1 + )"   → unexpected ')' at column 5
//	"2 * "    → unexpected end of input at column 5
//	"1.2.3"   → invalid number "1.2.3" at column 1
//	"4 $ 2"   → unexpected character '$' at column 3
//	"2 3"     → unexpected number "3" at column 3
//	"8 / 0"   → division by zero at column 3   (the column of the / or %)
//
// A division by zero also wraps ErrDivisionByZero. When an input has
// several problems, Eval reports one of them: the first it finds.
package calculator

import (
	"errors"
	"io"
)

// Prompt is what REPL writes before reading each line.
const Prompt = "> "

// Eval evaluates expr following the grammar in the package comment and
// returns its value. On bad input it returns 0 and an *Error whose Column
// points at the problem; a division by zero wraps ErrDivisionByZero, and a
// result too large for a float64 (for example from multiplying two
// 200-digit numbers) is an error too, so a nil error always comes with a
// finite number.
//
// Examples: Eval("2+3*4") == 14, Eval("8-3-2") == 3, Eval("2*-3") == -6,
// Eval("--3") == 3, Eval("-(2+3)") == -5, Eval(".5 + 1.5") == 2.
func Eval(expr string) (float64, error) {
	// TODO(weekend 1): split expr into tokens (numbers, operators, parentheses,
	// each with its column), then write one function per grammar rule.
	return 0, errors.New("calculator: Eval not implemented")
}

// FormatNumber formats v the way the REPL prints results: the shortest
// decimal that reads back as v, with no exponent and no trailing zeros
// (strconv.FormatFloat(v, 'f', -1, 64)). FormatNumber(7) == "7",
// FormatNumber(2.5) == "2.5", FormatNumber(-0.25) == "-0.25". Negative
// zero prints as "0".
func FormatNumber(v float64) string {
	// TODO(weekend 1): strconv.FormatFloat; turn -0 into 0 first (v == 0 is true for both).
	return ""
}

// REPL runs a read-eval-print loop: it writes Prompt, reads one line from
// in, evaluates it with Eval, writes the result, and repeats. Each line is
// handled as follows:
//
//   - a line that is empty or only spaces: nothing is written;
//   - "quit" (spaces around it are ignored): REPL returns nil at once;
//   - a valid expression: FormatNumber of its value and "\n";
//   - a bad expression: three lines — "error: " and the error, then the
//     line indented by two spaces, then a caret "^" under the column of the
//     problem (indented the same way; a tab in the line before the caret
//     is copied as a tab so the caret still lines up) — and the loop goes on.
//
// A trailing "\r" (Windows line ending) is not part of the line. At the end
// of in, REPL returns nil. If reading from in or writing to out fails, REPL
// stops and returns that error, wrapped.
//
// For the input "1+2\n1+)\nquit\n" the whole output is:
//
//	> 3
//	> error: unexpected ')' at column 3
//	  1+)
//	    ^
//	>
//
// (The typed lines do not appear in out: on a terminal, you see them
// because you typed them.) The last line is Prompt, "> ", with no newline.
func REPL(in io.Reader, out io.Writer) error {
	// TODO(weekend 1): bufio.Scanner over in; write Prompt before each Scan.
	return errors.New("calculator: REPL not implemented")
}
