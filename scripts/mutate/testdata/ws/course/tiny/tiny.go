// Package tiny is a fake exercise for the tests of study mutate.
package tiny

// Max returns the larger of a and b.
func Max(a, b int) int {
	// TODO: return the larger.
	return 0
}

// Positive reports whether x is above zero.
func Positive(x int) bool {
	// TODO: compare with zero.
	return false
}

// Greet says hello to name.
func Greet(name string) string {
	// TODO: greet.
	return ""
}
