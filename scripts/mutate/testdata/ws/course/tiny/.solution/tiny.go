// Package tiny is a fake exercise for the tests of study mutate.
package tiny

// Max returns the larger of a and b.
func Max(a, b int) int {
	if a < b { // killed by the graded test; the boundary mutant (<=) is equivalent and lives
		return b
	}
	return a
}

// Positive reports whether x is above zero.
func Positive(x int) bool {
	return x > 0 // the boundary mutant (>=) lives: the graded test never tries 0
}

// Greet says hello to name.
func Greet(name string) string {
	return "hello, " + name // "+" made "-" does not compile: not viable
}
