package tiny

// Provided — no need to edit. Not in the edit list: never mutated.

func twice(x int) int { return x * 2 }
