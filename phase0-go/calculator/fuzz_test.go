package calculator

import (
	"errors"
	"math"
	"testing"
	"unicode/utf8"
)

// FuzzEval checks properties that must hold for every input, not just the
// ones in the tables: Eval never panics; every error is an *Error whose
// Column lies inside the input (or just past its end); and an input that
// evaluates is a complete expression, so its value is finite, the same on
// a second call, and unchanged by wrapping it in parentheses.
//
// `go test` runs the seeds below; `go test -fuzz=FuzzEval ./phase0-go/calculator/`
// generates new inputs until you stop it.
func FuzzEval(f *testing.F) {
	for _, seed := range []string{
		"", "1", "2+3*4", "8-3-2", "--3", "-(2+3)", "2*-3", ".5", "1.2.3",
		"(1+2))", "1/0", "5%0", "7.5%2", "((((1))))", "1e3", "가+1", " \t",
		"99999999999999999999999999999*99999999999999999999999999999",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := Eval(in)
		if err != nil {
			var calcErr *Error
			if !errors.As(err, &calcErr) {
				t.Fatalf("Eval(%q) returned %T (%v), want a *calculator.Error", in, err, err)
			}
			if n := utf8.RuneCountInString(in); calcErr.Column < 1 || calcErr.Column > n+1 {
				t.Fatalf("Eval(%q): Column %d is outside 1..%d", in, calcErr.Column, n+1)
			}
			return
		}
		if math.IsInf(got, 0) || math.IsNaN(got) {
			t.Fatalf("Eval(%q) = %v with no error: results must be finite", in, got)
		}
		again, err := Eval(in)
		if err != nil || again != got {
			t.Fatalf("Eval(%q) is not deterministic: %v, then %v (%v)", in, got, again, err)
		}
		wrapped, err := Eval("(" + in + ")")
		if err != nil || wrapped != got {
			t.Fatalf("Eval(%q) = %v, but Eval(\"(\" + it + \")\") = %v (%v): a complete expression keeps its value in parentheses", in, got, wrapped, err)
		}
		negated, err := Eval("-(" + in + ")")
		if err != nil || negated != -got {
			t.Fatalf("Eval(%q) = %v, but Eval(\"-(\" + it + \")\") = %v (%v)", in, got, negated, err)
		}
	})
}
