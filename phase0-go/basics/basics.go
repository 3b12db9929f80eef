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
	// TODO(weekend 1): make KB = 1024, MB = 1024*KB, GB = 1024*MB, TB = 1024*GB
	// with iota and a shift, as the comment above shows.
	_ ByteSize = iota
	KB
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
	// TODO(weekend 1): pick the unit, convert to float64, format.
	return ""
}

// TruncateAndRound converts f to int twice: truncated is what a plain
// conversion int(f) gives (it drops the fraction, moving toward zero, so
// int(-2.7) == -2), and rounded is the nearest integer, halves away from
// zero (math.Round), so 2.5 → 3 and -2.5 → -3.
func TruncateAndRound(f float64) (truncated, rounded int) {
	// TODO(weekend 1): return int(f) and int(math.Round(f)).
	return 0, 0
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
	// TODO(weekend 1): loop, strings.TrimSpace, strconv.Atoi, wrap errors with fmt.Errorf("field %d: %w", i, err).
	return 0, errors.New("basics: SumFields not implemented")
}

// ParseCelsius parses a temperature such as "36.5C", "-4c" or "21" (the "C"
// or "c" suffix is optional; spaces around the text are ignored) with
// strconv.ParseFloat and returns degrees Celsius. Text that is not a number
// returns an error that wraps the strconv error and quotes the input:
//
//	ParseCelsius("hot") → 0, `parse celsius "hot": strconv.ParseFloat: parsing "hot": invalid syntax`
func ParseCelsius(s string) (float64, error) {
	// TODO(weekend 1): strings.TrimSpace, strings.TrimSuffix (both cases), strconv.ParseFloat(s, 64).
	return 0, errors.New("basics: ParseCelsius not implemented")
}

// FormatCount returns label, a colon, a space and n in decimal:
// FormatCount("apples", 65) == "apples: 65".
// Beware: string(n) does not give decimal digits — converting an integer to
// a string gives the character with that code point (65 → "A"). Use
// strconv.Itoa.
func FormatCount(label string, n int) string {
	// TODO(weekend 1): label + ": " + strconv.Itoa(n).
	return ""
}

// ---------------------------------------------------------------------------
// Control flow: if, for, switch
// ---------------------------------------------------------------------------

// FizzBuzz classifies n: "FizzBuzz" when n is divisible by both 3 and 5,
// "Fizz" when divisible by 3 only, "Buzz" when divisible by 5 only, and n in
// decimal otherwise. Zero is divisible by everything, so FizzBuzz(0) is
// "FizzBuzz"; negative numbers follow the same rules (FizzBuzz(-3) == "Fizz").
func FizzBuzz(n int) string {
	// TODO(weekend 1): a switch with no condition checks its cases top to
	// bottom and runs only the first true one — put the most specific first.
	return ""
}

// Grade turns a score from 0 to 100 into a letter: 90 and up "A", 80–89 "B",
// 70–79 "C", 60–69 "D", below 60 "F". A score outside 0–100 returns "" and
// an error that names the score, e.g. `grade: score 101 is outside 0–100`.
//
// Go's switch does not fall through: once a case matches, the switch ends,
// so `case score >= 80:` below `case score >= 90:` only sees 80–89.
func Grade(score int) (string, error) {
	// TODO(weekend 1): check the range with if, then a switch { case score >= 90: … }.
	return "", errors.New("basics: Grade not implemented")
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
	// TODO(weekend 1): two range loops and a labelled break (or an early return).
	return 0, 0, false
}

// ---------------------------------------------------------------------------
// Functions: several results, variadic parameters
// ---------------------------------------------------------------------------

// MinMax returns the smallest and the largest number in nums. For an empty
// slice it returns 0, 0 and ErrEmpty (there is no answer, and a made-up 0
// would be a lie the caller cannot detect).
func MinMax(nums []int) (lo, hi int, err error) {
	// TODO(weekend 1): start lo and hi at nums[0], then compare the rest.
	return 0, 0, errors.New("basics: MinMax not implemented")
}

// DivMod returns the quotient and remainder of a / b as Go computes them:
// the quotient is truncated toward zero and the remainder has the sign of a,
// so DivMod(-7, 2) == (-3, -1, nil) and q*b + r == a always. When b is zero
// it returns 0, 0 and an error that wraps ErrDivideByZero and names a,
// e.g. `divmod 7 by 0: basics: division by zero`.
func DivMod(a, b int) (q, r int, err error) {
	// TODO(weekend 1): check b == 0 first, then a / b and a % b.
	return 0, 0, errors.New("basics: DivMod not implemented")
}

// Sum returns the sum of any number of ints: Sum() == 0, Sum(1, 2, 3) == 6.
// A variadic parameter nums ...int is a []int inside the function; callers
// with a slice spread it: Sum(s...).
func Sum(nums ...int) int {
	// TODO(weekend 1): range over nums.
	return 0
}

// MaxOf returns the largest of its arguments. Taking `first` separately
// makes "at least one argument" part of the signature: MaxOf() does not
// compile, so MaxOf needs no error result.
func MaxOf(first int, rest ...int) int {
	// TODO(weekend 1): start from first, compare each of rest.
	return 0
}

// ---------------------------------------------------------------------------
// Slices
// ---------------------------------------------------------------------------

// Reverse reverses s in place: it swaps elements inside the slice it was
// given and allocates nothing. Reverse(nil) does nothing.
func Reverse(s []int) {
	// TODO(weekend 1): swap s[i] and s[j] while i < j: s[i], s[j] = s[j], s[i].
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
	// TODO(weekend 1): check 0 <= i < len(s); make a slice of len(s)-1 and copy both halves.
	return nil, errors.New("basics: RemoveAt not implemented")
}

// CloneAndAppend returns a copy of s with v added at the end. The result
// never shares memory with s: appending to s afterwards must not change the
// result, and changing the result must not change s.
//
// append(s, v) alone is not enough: when s has spare capacity, append writes
// v into s's backing array and returns a slice over that same array.
func CloneAndAppend(s []int, v int) []int {
	// TODO(weekend 1): make a slice with len(s) and room for one more, copy, append.
	return nil
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
	// TODO(weekend 1): step i by size, end = min(i+size, len(s)), append s[i:end:end].
	return nil, errors.New("basics: Chunk not implemented")
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
	// TODO(weekend 1): strings.Fields, strings.ToLower, strings.Trim(word, `.,!?;:"'`), counts[w]++.
	return nil
}

// Invert swaps keys and values: Invert({"a": 1, "b": 2}) == {1: "a", 2: "b"}.
// If two keys share a value the inverse would have to drop one of them, so
// Invert returns nil and an error naming the value and the two keys, e.g.
// `invert: value 1 is shared by keys "a" and "b"`. Map iteration order is
// random in Go, so to report the same pair every time, walk the keys in
// sorted order and stop at the first key whose value an earlier key took.
func Invert(m map[string]int) (map[int]string, error) {
	// TODO(weekend 1): loop over m; if the value is already a key of the result, report both keys sorted.
	return nil, errors.New("basics: Invert not implemented")
}

// SortedKeys returns the keys of m in increasing order. Ranging over a map
// gives keys in a random order (on purpose), so anything that prints or
// compares keys should sort them. An empty map gives an empty slice.
func SortedKeys(m map[string]int) []string {
	// TODO(weekend 1): collect keys in a slice of capacity len(m), then slices.Sort.
	return nil
}
