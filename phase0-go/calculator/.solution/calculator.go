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
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
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
	tokens, err := tokenize(expr)
	if err != nil {
		return 0, err
	}
	p := &parser{tokens: tokens}
	value, err := p.expression()
	if err != nil {
		return 0, err
	}
	// A whole expression was parsed; anything left over ("1 2", "(1))") is
	// a token the grammar has no place for.
	if t := p.peek(); t.kind != endToken {
		return 0, unexpected(t)
	}
	return value, nil
}

// ---------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------

// tokenKind says what a token is.
type tokenKind int

const (
	numberToken   tokenKind = iota // 7, 1.5, .5
	operatorToken                  // + - * / %
	openToken                      // (
	closeToken                     // )
	endToken                       // end of input, always the last token
)

// A token is one meaningful piece of the input and the column it starts at.
type token struct {
	kind   tokenKind
	column int     // 1-based, in runes
	op     rune    // the character, for operators and parentheses
	text   string  // the digits as written, for numbers
	value  float64 // the parsed number, for numbers
}

// tokenize splits expr into tokens, ending with an endToken whose column
// is one past the last character. Working on []rune makes column counting
// per character, not per byte, so "가 + 1" reports '가' at column 1.
func tokenize(expr string) ([]token, error) {
	runes := []rune(expr)
	var tokens []token
	for i := 0; i < len(runes); {
		r, column := runes[i], i+1
		switch {
		case unicode.IsSpace(r):
			i++
		case strings.ContainsRune("+-*/%", r):
			tokens = append(tokens, token{kind: operatorToken, column: column, op: r})
			i++
		case r == '(':
			tokens = append(tokens, token{kind: openToken, column: column, op: r})
			i++
		case r == ')':
			tokens = append(tokens, token{kind: closeToken, column: column, op: r})
			i++
		case isDigit(r) || r == '.':
			// Take the longest run of digits and dots, then check it: reading
			// "1.2.3" as one bad number gives a clearer error than "1.2"
			// followed by an unexpected ".3".
			end := i
			for end < len(runes) && (isDigit(runes[end]) || runes[end] == '.') {
				end++
			}
			number, err := parseNumber(string(runes[i:end]), column)
			if err != nil {
				return nil, err
			}
			tokens = append(tokens, number)
			i = end
		default:
			return nil, &Error{Column: column, Msg: fmt.Sprintf("unexpected character %q", r)}
		}
	}
	return append(tokens, token{kind: endToken, column: len(runes) + 1}), nil
}

// parseNumber checks the rule `number = digits [ "." [ digits ] ] | "." digits`
// (at most one dot, at least one digit) and converts text to a float64.
func parseNumber(text string, column int) (token, error) {
	if strings.Count(text, ".") > 1 || strings.Trim(text, ".") == "" {
		return token{}, &Error{Column: column, Msg: fmt.Sprintf("invalid number %q", text)}
	}
	value, err := strconv.ParseFloat(text, 64)
	if errors.Is(err, strconv.ErrRange) {
		return token{}, &Error{Column: column, Msg: fmt.Sprintf("number %q is out of range", text)}
	}
	if err != nil {
		return token{}, &Error{Column: column, Msg: fmt.Sprintf("invalid number %q", text)}
	}
	return token{kind: numberToken, column: column, text: text, value: value}, nil
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

// unexpected describes a token the grammar did not allow where it stands.
func unexpected(t token) *Error {
	switch t.kind {
	case endToken:
		return &Error{Column: t.column, Msg: "unexpected end of input"}
	case numberToken:
		return &Error{Column: t.column, Msg: fmt.Sprintf("unexpected number %q", t.text)}
	default:
		return &Error{Column: t.column, Msg: fmt.Sprintf("unexpected %q", t.op)}
	}
}

// ---------------------------------------------------------------------------
// Parser: one method per grammar rule, evaluating as it goes
// ---------------------------------------------------------------------------

// A parser walks the tokens once, left to right.
type parser struct {
	tokens []token
	pos    int
}

// peek returns the current token without consuming it.
func (p *parser) peek() token { return p.tokens[p.pos] }

// next consumes and returns the current token. The endToken is never
// consumed, so peek and next are always safe to call.
func (p *parser) next() token {
	t := p.tokens[p.pos]
	if t.kind != endToken {
		p.pos++
	}
	return t
}

// isOperator reports whether the current token is one of ops.
func (p *parser) isOperator(ops string) bool {
	t := p.peek()
	return t.kind == operatorToken && strings.ContainsRune(ops, t.op)
}

// expression = term { ("+" | "-") term } .
//
// The loop folds from the left: "8-3-2" computes 8-3 first, then -2.
func (p *parser) expression() (float64, error) {
	left, err := p.term()
	if err != nil {
		return 0, err
	}
	for p.isOperator("+-") {
		op := p.next()
		right, err := p.term()
		if err != nil {
			return 0, err
		}
		if left, err = apply(op, left, right); err != nil {
			return 0, err
		}
	}
	return left, nil
}

// term = unary { ("*" | "/" | "%") unary } .
//
// expression asks term for its operands, so in "2+3*4" the term 3*4 is
// complete before + sees it: that is precedence.
func (p *parser) term() (float64, error) {
	left, err := p.unary()
	if err != nil {
		return 0, err
	}
	for p.isOperator("*/%") {
		op := p.next()
		right, err := p.unary()
		if err != nil {
			return 0, err
		}
		if left, err = apply(op, left, right); err != nil {
			return 0, err
		}
	}
	return left, nil
}

// unary = "-" unary | primary .
//
// The rule calls itself, so "--3" is -(-3) and "2*-3" works: term asks for
// a unary after "*", and a unary may start with "-".
func (p *parser) unary() (float64, error) {
	if p.isOperator("-") {
		p.next()
		value, err := p.unary()
		return -value, err
	}
	return p.primary()
}

// primary = number | "(" expression ")" .
func (p *parser) primary() (float64, error) {
	t := p.next()
	switch t.kind {
	case numberToken:
		return t.value, nil
	case openToken:
		value, err := p.expression()
		if err != nil {
			return 0, err
		}
		if closing := p.next(); closing.kind != closeToken {
			return 0, unexpected(closing)
		}
		return value, nil
	default:
		return 0, unexpected(t)
	}
}

// apply computes a op b. Errors point at the operator's column.
func apply(op token, a, b float64) (float64, error) {
	var result float64
	switch op.op {
	case '+':
		result = a + b
	case '-':
		result = a - b
	case '*':
		result = a * b
	case '/', '%':
		if b == 0 {
			return 0, &Error{Column: op.column, Msg: "division by zero", Err: ErrDivisionByZero}
		}
		if op.op == '/' {
			result = a / b
		} else {
			result = math.Mod(a, b) // sign of a, like Go's % on integers
		}
	}
	// Finite inputs can only give ±Inf by overflowing (0/0 and x%0 were
	// caught above), and an Inf would poison every later step.
	if math.IsInf(result, 0) || math.IsNaN(result) {
		return 0, &Error{Column: op.column, Msg: "result out of range"}
	}
	return result, nil
}

// ---------------------------------------------------------------------------
// Printing and the REPL
// ---------------------------------------------------------------------------

// FormatNumber formats v the way the REPL prints results: the shortest
// decimal that reads back as v, with no exponent and no trailing zeros
// (strconv.FormatFloat(v, 'f', -1, 64)). FormatNumber(7) == "7",
// FormatNumber(2.5) == "2.5", FormatNumber(-0.25) == "-0.25". Negative
// zero prints as "0".
func FormatNumber(v float64) string {
	if v == 0 {
		v = 0 // -0 == 0 is true, and this assignment stores a positive zero
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
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
	scanner := bufio.NewScanner(in)
	for {
		if _, err := io.WriteString(out, Prompt); err != nil {
			return fmt.Errorf("calculator: write prompt: %w", err)
		}
		if !scanner.Scan() {
			// Scan returns false at the end of input (Err is nil) or on a
			// read error (Err says which).
			if err := scanner.Err(); err != nil {
				return fmt.Errorf("calculator: read input: %w", err)
			}
			return nil
		}
		line := strings.TrimSuffix(scanner.Text(), "\r")
		switch strings.TrimSpace(line) {
		case "":
			continue
		case "quit":
			return nil
		}
		if _, err := io.WriteString(out, respond(line)); err != nil {
			return fmt.Errorf("calculator: write result: %w", err)
		}
	}
}

// respond returns everything the REPL writes for one input line.
func respond(line string) string {
	value, err := Eval(line)
	if err == nil {
		return FormatNumber(value) + "\n"
	}
	var b strings.Builder
	b.WriteString("error: " + err.Error() + "\n")
	var calcErr *Error
	if errors.As(err, &calcErr) {
		b.WriteString("  " + line + "\n")
		b.WriteString("  " + caretPadding(line, calcErr.Column) + "^\n")
	}
	return b.String()
}

// caretPadding returns the white space that moves a caret to column:
// one space per character before it, but a tab for a tab, because a
// terminal expands a tab to the next tab stop, not by one column.
func caretPadding(line string, column int) string {
	var pad strings.Builder
	for i, r := range []rune(line) {
		if i >= column-1 {
			break
		}
		if r == '\t' {
			pad.WriteRune('\t')
		} else {
			pad.WriteRune(' ')
		}
	}
	return pad.String()
}
