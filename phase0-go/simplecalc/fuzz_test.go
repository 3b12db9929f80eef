package simplecalc

import (
	"errors"
	"math"
	"testing"
)

// FuzzEval checks what must hold for every line, not just the ones in the
// tables: Eval never panics, an error always wraps one of the package's
// errors and comes with 0, and a line that evaluates gives the same answer
// as Calculate on its parts.
//
// `go test` runs the seeds below; `go test -fuzz=FuzzEval ./phase0-go/simplecalc/`
// generates new lines until you stop it.
func FuzzEval(f *testing.F) {
	for _, seed := range []string{
		"", "3 + 4", "1 / 0", "0 / 0", "2 % 3", "3 +", "3+4", "a b c", " \t ",
		"1e400 * 1", "NaN + 1", "-0 / 5", "가 + 1", "3 + 4 + 5",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		got, err := Eval(line)
		if err != nil {
			if !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrDivisionByZero) && !errors.Is(err, ErrUnknownOperator) {
				t.Fatalf("Eval(%q) returned %v, which wraps none of ErrSyntax, ErrDivisionByZero, ErrUnknownOperator", line, err)
			}
			if got != 0 {
				t.Fatalf("Eval(%q) returned %v with an error, want 0", line, got)
			}
			return
		}
		again, err := Eval(line)
		if err != nil || !(again == got || math.IsNaN(again) && math.IsNaN(got)) {
			t.Fatalf("Eval(%q) gave %v, then %v, %v: the same line must give the same answer", line, got, again, err)
		}
	})
}
