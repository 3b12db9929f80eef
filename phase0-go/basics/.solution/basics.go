// Package basics is a set of small drills on the Go you use every day:
// variables and constants, type conversion, if/for/switch, functions with
// several results, variadic functions, slices and maps.
//
// Each drill is one function. Read its doc comment, replace the TODO with
// your code, and run the tests:
//
//	go test -race ./phase0-go/basics/
//
// The tests are grouped by concept (TestConstants…, TestTypeConversion…,
// TestControlFlow…, TestMultipleResults…, TestVariadic…, TestSlices…,
// TestMaps…), so `go test -run TestSlices ./phase0-go/basics/` checks one
// group at a time.
package basics

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// ErrDivideByZero is returned by DivMod when the divisor is zero.
// Callers check for it with errors.Is(err, ErrDivideByZero).
var ErrDivideByZero = errors.New("basics: division by zero")

// ErrEmpty is returned by MinMax when it is given no numbers: an empty slice
// has no smallest or largest element.
var ErrEmpty = errors.New("basics: empty input")

// ---------------------------------------------------------------------------
// Constants and type conversion
// ---------------------------------------------------------------------------

// ByteSize is a number of bytes. It is a named type: a ByteSize and an int64
// do not mix without a conversion such as int64(KB).
//
// KB, MB, … below are typed constants (their type is ByteSize). An untyped
// constant such as `const limit = 1024` has no fixed type yet: it becomes
// an int, an int64 or a float64 wherever it is used, which is why
// `var x float64 = limit` compiles but `var y int64 = KB` does not.
type ByteSize int64

// The size units. Inside a const block, iota counts the lines: 0, 1, 2, …
// An expression written once is repeated for every following line, so
//
//	_           = iota             // iota = 0, thrown away
//	KB ByteSize = 1 << (10 * iota) // iota = 1: 1 << 10 = 1024
//	MB                             // iota = 2: the same expression, 1 << 20
//
// gives every unit from one line.
const (
	_           = iota             // 0: skipped, no unit is 1 << 0
	KB ByteSize = 1 << (10 * iota) // iota = 1: 1 << 10
	MB
	GB
	TB
)

// HumanBytes formats n bytes with the largest unit that keeps the number at
// least 1, and at most one decimal place, dropping a trailing ".0":
//
//	HumanBytes(512)        == "512 B"
//	HumanBytes(1536)       == "1.5 KB"
//	HumanBytes(1048576)    == "1 MB"
//	HumanBytes(3<<30 + 1)  == "3 GB"
//
// Negative sizes keep their sign: HumanBytes(-2048) == "-2 KB".
// Compare n with the ByteSize constants (convert one side: n >= int64(KB)),
// divide as float64 (float64(n) / float64(KB)), and format with
// strconv.FormatFloat(x, 'f', 1, 64) before trimming ".0".
func HumanBytes(n int64) string {
	// Units from the largest down; the first one n reaches is the one to use.
	// The constants are ByteSize, n is int64: compare after converting.
	units := []struct {
		size ByteSize
		name string
	}{{TB, "TB"}, {GB, "GB"}, {MB, "MB"}, {KB, "KB"}}

	abs := n
	if abs < 0 {
		abs = -abs
	}
	for _, u := range units {
		if abs >= int64(u.size) {
			// Integer division would drop the ".5" of 1536/1024: divide as float64.
			x := float64(n) / float64(u.size)
			text := strconv.FormatFloat(x, 'f', 1, 64)
			return strings.TrimSuffix(text, ".0") + " " + u.name
		}
	}
	return strconv.FormatInt(n, 10) + " B"
}

// TruncateAndRound converts f to int twice: truncated is what a plain
// conversion int(f) gives (it drops the fraction, moving toward zero, so
// int(-2.7) == -2), and rounded is the nearest integer, halves away from
// zero (math.Round), so 2.5 → 3 and -2.5 → -3.
func TruncateAndRound(f float64) (truncated, rounded int) {
	return int(f), int(math.Round(f))
}

// SumFields parses every field as a base-10 int with strconv.Atoi and
// returns their sum. Surrounding spaces are allowed (" 7 " is 7). On the
// first field that does not parse, it returns 0 and an error that names the
// field's index and wraps the strconv error, so errors.As(err, &numErr)
// with numErr *strconv.NumError still works:
//
//	SumFields([]string{"1", "x"}) → 0, `field 1: strconv.Atoi: parsing "x": invalid syntax`
//
// An empty slice sums to 0 with no error.
func SumFields(fields []string) (int, error) {
	sum := 0
	for i, field := range fields {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil {
			// %w keeps the *strconv.NumError reachable with errors.As.
			return 0, fmt.Errorf("field %d: %w", i, err)
		}
		sum += n
	}
	return sum, nil
}

// ParseCelsius parses a temperature such as "36.5C", "-4c" or "21" (the "C"
// or "c" suffix is optional; spaces around the text are ignored) with
// strconv.ParseFloat and returns degrees Celsius. Text that is not a number
// returns an error that wraps the strconv error and quotes the input:
//
//	ParseCelsius("hot") → 0, `parse celsius "hot": strconv.ParseFloat: parsing "hot": invalid syntax`
func ParseCelsius(s string) (float64, error) {
	text := strings.TrimSpace(s)
	text = strings.TrimSuffix(text, "C")
	text = strings.TrimSuffix(text, "c")
	text = strings.TrimSpace(text) // "0.5 C" leaves "0.5 "
	degrees, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return 0, fmt.Errorf("parse celsius %q: %w", s, err)
	}
	return degrees, nil
}

// FormatCount returns label, a colon, a space and n in decimal:
// FormatCount("apples", 65) == "apples: 65".
// Beware: string(n) does not give decimal digits — converting an integer to
// a string gives the character with that code point (65 → "A"). Use
// strconv.Itoa.
func FormatCount(label string, n int) string {
	return label + ": " + strconv.Itoa(n)
}

// ---------------------------------------------------------------------------
// Control flow: if, for, switch
// ---------------------------------------------------------------------------

// FizzBuzz classifies n: "FizzBuzz" when n is divisible by both 3 and 5,
// "Fizz" when divisible by 3 only, "Buzz" when divisible by 5 only, and n in
// decimal otherwise. Zero is divisible by everything, so FizzBuzz(0) is
// "FizzBuzz"; negative numbers follow the same rules (FizzBuzz(-3) == "Fizz").
func FizzBuzz(n int) string {
	// The most specific case first: a multiple of 15 is also a multiple of 3.
	switch {
	case n%15 == 0:
		return "FizzBuzz"
	case n%3 == 0:
		return "Fizz"
	case n%5 == 0:
		return "Buzz"
	default:
		return strconv.Itoa(n)
	}
}

// Grade turns a score from 0 to 100 into a letter: 90 and up "A", 80–89 "B",
// 70–79 "C", 60–69 "D", below 60 "F". A score outside 0–100 returns "" and
// an error that names the score, e.g. `grade: score 101 is outside 0–100`.
//
// Go's switch does not fall through: once a case matches, the switch ends,
// so `case score >= 80:` below `case score >= 90:` only sees 80–89.
func Grade(score int) (string, error) {
	if score < 0 || score > 100 {
		return "", fmt.Errorf("grade: score %d is outside 0–100", score)
	}
	// No fallthrough: each case only sees scores the cases above let through.
	switch {
	case score >= 90:
		return "A", nil
	case score >= 80:
		return "B", nil
	case score >= 70:
		return "C", nil
	case score >= 60:
		return "D", nil
	default:
		return "F", nil
	}
}

// FindInGrid returns the row and column of the first cell equal to target,
// scanning rows top to bottom and each row left to right. found is false
// (and row, col are -1) when no cell matches. Rows may have different
// lengths, and a nil or empty grid has no cells.
//
// With two nested loops, `break` alone leaves only the inner loop. A label
// names the outer loop so `break search` leaves both:
//
//	search:
//		for r, cells := range grid {
//			for c, v := range cells {
//				if v == target { …; break search }
//			}
//		}
func FindInGrid(grid [][]int, target int) (row, col int, found bool) {
	row, col = -1, -1
search:
	for r, cells := range grid {
		for c, v := range cells {
			if v == target {
				row, col, found = r, c, true
				break search // leaves both loops
			}
		}
	}
	return row, col, found
}

// ---------------------------------------------------------------------------
// Functions: several results, variadic parameters
// ---------------------------------------------------------------------------

// MinMax returns the smallest and the largest number in nums. For an empty
// slice it returns 0, 0 and ErrEmpty (there is no answer, and a made-up 0
// would be a lie the caller cannot detect).
func MinMax(nums []int) (lo, hi int, err error) {
	if len(nums) == 0 {
		return 0, 0, ErrEmpty
	}
	lo, hi = nums[0], nums[0]
	for _, n := range nums[1:] {
		if n < lo {
			lo = n
		}
		if n > hi {
			hi = n
		}
	}
	return lo, hi, nil
}

// DivMod returns the quotient and remainder of a / b as Go computes them:
// the quotient is truncated toward zero and the remainder has the sign of a,
// so DivMod(-7, 2) == (-3, -1, nil) and q*b + r == a always. When b is zero
// it returns 0, 0 and an error that wraps ErrDivideByZero and names a,
// e.g. `divmod 7 by 0: basics: division by zero`.
func DivMod(a, b int) (q, r int, err error) {
	if b == 0 {
		return 0, 0, fmt.Errorf("divmod %d by 0: %w", a, ErrDivideByZero)
	}
	return a / b, a % b, nil
}

// Sum returns the sum of any number of ints: Sum() == 0, Sum(1, 2, 3) == 6.
// A variadic parameter nums ...int is a []int inside the function; callers
// with a slice spread it: Sum(s...).
func Sum(nums ...int) int {
	total := 0
	for _, n := range nums {
		total += n
	}
	return total
}

// MaxOf returns the largest of its arguments. Taking `first` separately
// makes "at least one argument" part of the signature: MaxOf() does not
// compile, so MaxOf needs no error result.
func MaxOf(first int, rest ...int) int {
	largest := first
	for _, n := range rest {
		if n > largest {
			largest = n
		}
	}
	return largest
}

// ---------------------------------------------------------------------------
// Slices
// ---------------------------------------------------------------------------

// Reverse reverses s in place: it swaps elements inside the slice it was
// given and allocates nothing. Reverse(nil) does nothing.
func Reverse(s []int) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// RemoveAt returns a new slice holding s without the element at index i,
// and leaves s itself unchanged. An index outside s returns nil and an error
// naming the index and the length, e.g. `remove at 5: index out of range
// for length 3`.
//
// The aliasing trap: append(s[:i], s[i+1:]...) writes into s's backing
// array, so the caller's s changes too. Build the result in a new slice
// (make + copy, or append onto an empty slice with enough capacity).
func RemoveAt(s []int, i int) ([]int, error) {
	if i < 0 || i >= len(s) {
		return nil, fmt.Errorf("remove at %d: index out of range for length %d", i, len(s))
	}
	// A fresh backing array: nothing we do here can write into s.
	out := make([]int, 0, len(s)-1)
	out = append(out, s[:i]...)
	out = append(out, s[i+1:]...)
	return out, nil
}

// CloneAndAppend returns a copy of s with v added at the end. The result
// never shares memory with s: appending to s afterwards must not change the
// result, and changing the result must not change s.
//
// append(s, v) alone is not enough: when s has spare capacity, append writes
// v into s's backing array and returns a slice over that same array.
func CloneAndAppend(s []int, v int) []int {
	out := make([]int, len(s), len(s)+1)
	copy(out, s)
	return append(out, v)
}

// Chunk splits s into consecutive pieces of size elements; the last piece
// holds what is left: Chunk([1 2 3 4 5], 2) == [[1 2] [3 4] [5]].
// A size below 1 returns nil and an error naming the size. An empty s gives
// no chunks (an empty result, no error).
//
// The pieces may share s's memory (s[i:j] is cheap) but appending to one
// piece must not overwrite the next one or s: cap each piece with a full
// slice expression s[i:j:j], so append has to copy.
func Chunk(s []int, size int) ([][]int, error) {
	if size < 1 {
		return nil, fmt.Errorf("chunk: size %d must be at least 1", size)
	}
	chunks := make([][]int, 0, (len(s)+size-1)/size)
	for i := 0; i < len(s); i += size {
		end := min(i+size, len(s))
		// s[i:end:end] sets cap = len, so an append to this chunk must copy
		// instead of overwriting the first element of the next chunk.
		chunks = append(chunks, s[i:end:end])
	}
	return chunks, nil
}

// ---------------------------------------------------------------------------
// Maps
// ---------------------------------------------------------------------------

// WordFrequency counts the words in text. Words are separated by white
// space (strings.Fields), compared in lower case, and stripped of the
// punctuation .,!?;:"' at either end; a word that is only punctuation is
// not counted. WordFrequency("Go, go GO!") == map[string]int{"go": 3}.
// The result is never nil.
func WordFrequency(text string) map[string]int {
	counts := make(map[string]int)
	for _, word := range strings.Fields(text) {
		word = strings.Trim(strings.ToLower(word), `.,!?;:"'`)
		if word == "" {
			continue // the "word" was only punctuation, like "!"
		}
		counts[word]++ // a missing key reads as 0, so no check is needed
	}
	return counts
}

// Invert swaps keys and values: Invert({"a": 1, "b": 2}) == {1: "a", 2: "b"}.
// If two keys share a value the inverse would have to drop one of them, so
// Invert returns nil and an error naming the value and the two keys, e.g.
// `invert: value 1 is shared by keys "a" and "b"`. Map iteration order is
// random in Go, so to report the same pair every time, walk the keys in
// sorted order and stop at the first key whose value an earlier key took.
func Invert(m map[string]int) (map[int]string, error) {
	inverse := make(map[int]string, len(m))
	for _, key := range SortedKeys(m) {
		value := m[key]
		// The two-result form tells "absent" apart from a stored zero value.
		if earlier, taken := inverse[value]; taken {
			return nil, fmt.Errorf("invert: value %d is shared by keys %q and %q", value, earlier, key)
		}
		inverse[value] = key
	}
	return inverse, nil
}

// SortedKeys returns the keys of m in increasing order. Ranging over a map
// gives keys in a random order (on purpose), so anything that prints or
// compares keys should sort them. An empty map gives an empty slice.
func SortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
