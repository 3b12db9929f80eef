package basics

import (
	"errors"
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/phase0-go/internal/guard"
)

// ---------------------------------------------------------------------------
// vars-consts: constants, iota, type conversion
// ---------------------------------------------------------------------------

func TestConstantsIotaByteSizes(t *testing.T) {
	tests := []struct {
		name string
		got  ByteSize
		want ByteSize
	}{
		{"KB is 1<<10", KB, 1024},
		{"MB is 1<<20", MB, 1024 * 1024},
		{"GB is 1<<30", GB, 1024 * 1024 * 1024},
		{"TB is 1<<40", TB, 1024 * 1024 * 1024 * 1024},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.got,
				"%s = %d, want %d: in the const block, write `KB ByteSize = 1 << (10 * iota)` after `_ = iota`; the lines below repeat that expression with iota = 2, 3, 4", tt.name, tt.got, tt.want)
		})
	}
}

func TestConstantsHumanBytes(t *testing.T) {
	tests := []struct {
		name string
		in   int64
		want string
	}{
		{"zero bytes", 0, "0 B"},
		{"below one KB stays in bytes", 1023, "1023 B"},
		{"exactly one KB drops the .0", 1024, "1 KB"},
		{"one and a half KB keeps one decimal", 1536, "1.5 KB"},
		{"megabytes", 5 * 1024 * 1024, "5 MB"},
		{"gigabytes round to one decimal", 3<<30 + 1, "3 GB"},
		{"terabytes", 2 << 40, "2 TB"},
		{"negative sizes keep their sign", -2048, "-2 KB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := guard.Call(t, fmt.Sprintf("HumanBytes(%d)", tt.in), func() string { return HumanBytes(tt.in) })
			assert.Equal(t, tt.want, got,
				"HumanBytes(%d) = %q, want %q: pick the largest unit n reaches (compare with int64(KB) …), divide as float64, format with one decimal and trim \".0\"", tt.in, got, tt.want)
		})
	}
}

func TestTypeConversionTruncateAndRound(t *testing.T) {
	tests := []struct {
		name          string
		in            float64
		wantTruncated int
		wantRounded   int
	}{
		{"whole number", 3.0, 3, 3},
		{"fraction below half", 2.4, 2, 2},
		{"fraction above half", 2.7, 2, 3},
		{"exact half rounds away from zero", 2.5, 2, 3},
		{"negative truncates toward zero", -2.7, -2, -3},
		{"negative half rounds away from zero", -2.5, -2, -3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			truncated, rounded := guard.Call2(t, fmt.Sprintf("TruncateAndRound(%v)", tt.in), func() (int, int) { return TruncateAndRound(tt.in) })
			assert.Equal(t, tt.wantTruncated, truncated,
				"TruncateAndRound(%v): truncated = %d, want %d — int(f) drops the fraction, toward zero", tt.in, truncated, tt.wantTruncated)
			assert.Equal(t, tt.wantRounded, rounded,
				"TruncateAndRound(%v): rounded = %d, want %d — use int(math.Round(f)), which rounds halves away from zero", tt.in, rounded, tt.wantRounded)
		})
	}
}

func TestTypeConversionSumFields(t *testing.T) {
	t.Run("valid fields are summed", func(t *testing.T) {
		tests := []struct {
			in   []string
			want int
		}{
			{[]string{"1", "2", "3"}, 6},
			{[]string{" 7 ", "-2"}, 5},
			{[]string{"0"}, 0},
			{nil, 0},
		}
		for _, tt := range tests {
			got, err := guard.Call2(t, fmt.Sprintf("SumFields(%q)", tt.in), func() (int, error) { return SumFields(tt.in) })
			require.NoError(t, err, "SumFields(%q): every field is a valid int, so no error is expected", tt.in)
			assert.Equal(t, tt.want, got, "SumFields(%q)", tt.in)
		}
	})
	t.Run("a bad field is reported with its index and the strconv error", func(t *testing.T) {
		got, err := guard.Call2(t, `SumFields(["1" "2" "x3"])`, func() (int, error) { return SumFields([]string{"1", "2", "x3"}) })
		require.Error(t, err, "SumFields([1 2 x3]): \"x3\" is not a number, so an error is expected")
		assert.Zero(t, got, "SumFields returns 0 alongside an error")
		assert.Contains(t, err.Error(), "field 2", "the error should name the index of the bad field: fmt.Errorf(\"field %d: %w\", i, err)")
		var numErr *strconv.NumError
		require.True(t, errors.As(err, &numErr),
			"errors.As(err, *strconv.NumError) failed for %q: wrap the Atoi error with %%w, not %%v", err)
		assert.Equal(t, "x3", numErr.Num, "the NumError should be the one Atoi returned for \"x3\"")
	})
}

func TestTypeConversionParseCelsius(t *testing.T) {
	t.Run("numbers with or without a C suffix", func(t *testing.T) {
		tests := []struct {
			in   string
			want float64
		}{
			{"36.5C", 36.5},
			{"-4c", -4},
			{"21", 21},
			{"  0.5 C ", 0.5},
		}
		for _, tt := range tests {
			got, err := guard.Call2(t, fmt.Sprintf("ParseCelsius(%q)", tt.in), func() (float64, error) { return ParseCelsius(tt.in) })
			require.NoError(t, err, "ParseCelsius(%q): trim spaces and the C/c suffix, then strconv.ParseFloat", tt.in)
			assert.InDelta(t, tt.want, got, 1e-9, "ParseCelsius(%q)", tt.in)
		}
	})
	t.Run("text that is not a number wraps the strconv error", func(t *testing.T) {
		_, err := guard.Call2(t, `ParseCelsius("hot")`, func() (float64, error) { return ParseCelsius("hot") })
		require.Error(t, err, "ParseCelsius(\"hot\") must fail: it is not a number")
		assert.Contains(t, err.Error(), `"hot"`, "the error should quote the input, e.g. fmt.Errorf(\"parse celsius %q: %w\", s, err)")
		var numErr *strconv.NumError
		assert.True(t, errors.As(err, &numErr), "wrap the ParseFloat error with %%w so callers can use errors.As; got %q", err)
	})
}

func TestTypeConversionFormatCount(t *testing.T) {
	tests := []struct {
		label string
		n     int
		want  string
	}{
		{"apples", 65, "apples: 65"},
		{"errors", 0, "errors: 0"},
		{"balance", -12, "balance: -12"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := guard.Call(t, fmt.Sprintf("FormatCount(%q, %d)", tt.label, tt.n), func() string { return FormatCount(tt.label, tt.n) })
			assert.Equal(t, tt.want, got,
				"FormatCount(%q, %d) = %q, want %q: string(n) gives the character with code point n (65 is \"A\"); strconv.Itoa gives digits", tt.label, tt.n, got, tt.want)
		})
	}
}

// ---------------------------------------------------------------------------
// control-flow: if, for, switch, labelled loops
// ---------------------------------------------------------------------------

func TestControlFlowFizzBuzz(t *testing.T) {
	tests := []struct {
		in   int
		want string
	}{
		{1, "1"}, {3, "Fizz"}, {5, "Buzz"}, {9, "Fizz"}, {10, "Buzz"},
		{15, "FizzBuzz"}, {30, "FizzBuzz"}, {7, "7"}, {0, "FizzBuzz"}, {-3, "Fizz"},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.in)+" is "+tt.want, func(t *testing.T) {
			got := guard.Call(t, fmt.Sprintf("FizzBuzz(%d)", tt.in), func() string { return FizzBuzz(tt.in) })
			assert.Equal(t, tt.want, got,
				"FizzBuzz(%d) = %q, want %q: check divisible-by-15 before 3 and 5 — a switch runs only its first true case", tt.in, got, tt.want)
		})
	}
}

func TestControlFlowGrade(t *testing.T) {
	t.Run("scores map to letters at the boundaries", func(t *testing.T) {
		tests := []struct {
			score int
			want  string
		}{
			{100, "A"}, {90, "A"}, {89, "B"}, {80, "B"}, {79, "C"},
			{70, "C"}, {69, "D"}, {60, "D"}, {59, "F"}, {0, "F"},
		}
		for _, tt := range tests {
			got, err := guard.Call2(t, fmt.Sprintf("Grade(%d)", tt.score), func() (string, error) { return Grade(tt.score) })
			require.NoError(t, err, "Grade(%d): the score is within 0–100", tt.score)
			assert.Equal(t, tt.want, got, "Grade(%d) = %q, want %q: order the cases from the highest threshold down", tt.score, got, tt.want)
		}
	})
	t.Run("scores outside 0-100 are errors that name the score", func(t *testing.T) {
		for _, score := range []int{-1, 101} {
			got, err := guard.Call2(t, fmt.Sprintf("Grade(%d)", score), func() (string, error) { return Grade(score) })
			require.Error(t, err, "Grade(%d) must fail: the score is outside 0–100", score)
			assert.Empty(t, got, "Grade(%d) returns \"\" with its error", score)
			assert.Contains(t, err.Error(), strconv.Itoa(score), "the error should name the bad score")
		}
	})
}

func TestControlFlowFindInGrid(t *testing.T) {
	grid := [][]int{
		{1, 2, 3},
		{4, 5},
		{},
		{7, 5, 9},
	}
	tests := []struct {
		name      string
		grid      [][]int
		target    int
		wantRow   int
		wantCol   int
		wantFound bool
	}{
		{"first cell", grid, 1, 0, 0, true},
		{"row of a different length", grid, 5, 1, 1, true}, // also at (3, 1): the first one wins
		{"after an empty row", grid, 9, 3, 2, true},
		{"missing value", grid, 42, -1, -1, false},
		{"nil grid", nil, 1, -1, -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row, col, found := guard.Call3(t, fmt.Sprintf("FindInGrid(%v, %d)", tt.grid, tt.target), func() (int, int, bool) { return FindInGrid(tt.grid, tt.target) })
			assert.Equal(t, tt.wantFound, found, "FindInGrid(%v, %d): found", tt.grid, tt.target)
			assert.Equal(t, []int{tt.wantRow, tt.wantCol}, []int{row, col},
				"FindInGrid(%v, %d) = (%d, %d), want (%d, %d): stop at the first match (break with a label leaves both loops); return -1, -1 when nothing matches",
				tt.grid, tt.target, row, col, tt.wantRow, tt.wantCol)
		})
	}
}

// ---------------------------------------------------------------------------
// functions: several results, variadic parameters
// ---------------------------------------------------------------------------

func TestMultipleResultsMinMax(t *testing.T) {
	t.Run("smallest and largest", func(t *testing.T) {
		tests := []struct {
			in             []int
			wantLo, wantHi int
		}{
			{[]int{3, 1, 4, 1, 5, 9, 2, 6}, 1, 9},
			{[]int{-5, -1, -10}, -10, -1},
			{[]int{42}, 42, 42},
		}
		for _, tt := range tests {
			lo, hi, err := guard.Call3(t, fmt.Sprintf("MinMax(%v)", tt.in), func() (int, int, error) { return MinMax(tt.in) })
			require.NoError(t, err, "MinMax(%v): a non-empty slice has a min and a max", tt.in)
			assert.Equal(t, tt.wantLo, lo, "MinMax(%v): lo (the first result) — start lo and hi from nums[0], not 0, or all-positive input gets a min of 0", tt.in)
			assert.Equal(t, tt.wantHi, hi, "MinMax(%v): hi (the second result) — start from nums[0], not 0, or all-negative input breaks", tt.in)
		}
	})
	t.Run("empty input returns ErrEmpty", func(t *testing.T) {
		var lo, hi int
		var err error
		guard.Returns(t, "MinMax(nil)", func() { lo, hi, err = MinMax(nil) })
		assert.ErrorIs(t, err, ErrEmpty, "MinMax(nil) should return ErrEmpty")
		assert.Equal(t, []int{0, 0}, []int{lo, hi}, "MinMax(nil) returns 0, 0 with its error")
	})
}

func TestMultipleResultsDivMod(t *testing.T) {
	t.Run("quotient and remainder truncate toward zero", func(t *testing.T) {
		tests := []struct {
			a, b         int
			wantQ, wantR int
		}{
			{7, 2, 3, 1},
			{-7, 2, -3, -1},
			{7, -2, -3, 1},
			{6, 3, 2, 0},
			{0, 5, 0, 0},
		}
		for _, tt := range tests {
			q, r, err := guard.Call3(t, fmt.Sprintf("DivMod(%d, %d)", tt.a, tt.b), func() (int, int, error) { return DivMod(tt.a, tt.b) })
			require.NoError(t, err, "DivMod(%d, %d)", tt.a, tt.b)
			assert.Equal(t, []int{tt.wantQ, tt.wantR}, []int{q, r},
				"DivMod(%d, %d) = (%d, %d), want (%d, %d): Go's / truncates toward zero and %% takes the sign of a", tt.a, tt.b, q, r, tt.wantQ, tt.wantR)
		}
	})
	t.Run("zero divisor wraps ErrDivideByZero", func(t *testing.T) {
		var q, r int
		var err error
		guard.Returns(t, "DivMod(7, 0)", func() { q, r, err = DivMod(7, 0) })
		require.ErrorIs(t, err, ErrDivideByZero, "DivMod(7, 0): check b == 0 before dividing (7 / 0 panics) and wrap ErrDivideByZero with %w")
		assert.Contains(t, err.Error(), "7", "the error should name the dividend, e.g. \"divmod 7 by 0: …\"")
		assert.Equal(t, []int{0, 0}, []int{q, r}, "DivMod returns 0, 0 with its error")
	})
}

func TestVariadicSum(t *testing.T) {
	assert.Equal(t, 0, guard.Call(t, "Sum()", func() int { return Sum() }), "Sum() with no arguments")
	assert.Equal(t, 5, guard.Call(t, "Sum(5)", func() int { return Sum(5) }), "Sum(5)")
	assert.Equal(t, 6, guard.Call(t, "Sum(1, 2, 3)", func() int { return Sum(1, 2, 3) }), "Sum(1, 2, 3): nums is a []int inside Sum — range over it")
	nums := []int{10, -4, 20}
	assert.Equal(t, 26, guard.Call(t, "Sum(nums...)", func() int { return Sum(nums...) }), "Sum(nums...) spreads a slice into the variadic parameter")
}

func TestVariadicMaxOf(t *testing.T) {
	tests := []struct {
		name  string
		first int
		rest  []int
		want  int
	}{
		{"one argument", 7, nil, 7},
		{"largest is later", 1, []int{5, 3}, 5},
		{"largest is first", 9, []int{5, 3}, 9},
		{"all negative", -8, []int{-3, -5}, -3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := guard.Call(t, fmt.Sprintf("MaxOf(%d, %v...)", tt.first, tt.rest), func() int { return MaxOf(tt.first, tt.rest...) })
			assert.Equal(t, tt.want, got, "MaxOf(%d, %v...) = %d, want %d: start from first, not 0", tt.first, tt.rest, got, tt.want)
		})
	}
}

// ---------------------------------------------------------------------------
// slices-maps: slices
// ---------------------------------------------------------------------------

func TestSlicesReverse(t *testing.T) {
	tests := []struct {
		name string
		in   []int
		want []int
	}{
		{"odd length", []int{1, 2, 3, 4, 5}, []int{5, 4, 3, 2, 1}},
		{"even length", []int{1, 2, 3, 4}, []int{4, 3, 2, 1}},
		{"one element", []int{7}, []int{7}},
		{"empty", []int{}, []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := append([]int{}, tt.in...)
			guard.Returns(t, fmt.Sprintf("Reverse(%v)", tt.in), func() { Reverse(s) })
			assert.Equal(t, tt.want, s, "Reverse(%v) should reverse the slice it was given, in place: swap s[i] and s[j] from both ends while i < j — swapping past the middle swaps everything back", tt.in)
		})
	}
	t.Run("nil does nothing", func(t *testing.T) {
		guard.Returns(t, "Reverse(nil)", func() { Reverse(nil) }) // a nil slice has length 0, so the loop body never runs
	})
	t.Run("a sub-slice reverses only its part of the array", func(t *testing.T) {
		s := []int{1, 2, 3, 4, 5}
		guard.Returns(t, "Reverse(s[1:4])", func() { Reverse(s[1:4]) })
		assert.Equal(t, []int{1, 4, 3, 2, 5}, s, "Reverse(s[1:4]) sees a slice of len 3 over the same array: only 2, 3, 4 swap")
	})
}

func TestSlicesRemoveAt(t *testing.T) {
	t.Run("removes and leaves the input unchanged", func(t *testing.T) {
		tests := []struct {
			name string
			in   []int
			i    int
			want []int
		}{
			{"first", []int{1, 2, 3}, 0, []int{2, 3}},
			{"middle", []int{1, 2, 3}, 1, []int{1, 3}},
			{"last", []int{1, 2, 3}, 2, []int{1, 2}},
		}
		for _, tt := range tests {
			in := append([]int{}, tt.in...)
			got, err := guard.Call2(t, fmt.Sprintf("RemoveAt(%v, %d)", tt.in, tt.i), func() ([]int, error) { return RemoveAt(in, tt.i) })
			require.NoError(t, err, "RemoveAt(%v, %d)", tt.in, tt.i)
			assert.Equal(t, tt.want, got, "RemoveAt(%v, %d)", tt.in, tt.i)
			assert.Equal(t, tt.in, in,
				"RemoveAt(%v, %d) changed its input to %v: append(s[:i], s[i+1:]...) writes into s's array — copy into a new slice", tt.in, tt.i, in)
		}
	})
	t.Run("the only element leaves an empty slice", func(t *testing.T) {
		got, err := guard.Call2(t, "RemoveAt([9], 0)", func() ([]int, error) { return RemoveAt([]int{9}, 0) })
		require.NoError(t, err, "RemoveAt([9], 0)")
		assert.Empty(t, got, "RemoveAt([9], 0)")
	})
	t.Run("appending to the result does not touch the input", func(t *testing.T) {
		in := []int{1, 2, 3, 4}
		got, err := guard.Call2(t, "RemoveAt([1 2 3 4], 1)", func() ([]int, error) { return RemoveAt(in, 1) })
		require.NoError(t, err, "RemoveAt([1 2 3 4], 1)")
		_ = append(got, 99)
		assert.Equal(t, []int{1, 2, 3, 4}, in, "append(result, 99) changed the input: the result must have its own backing array")
	})
	t.Run("index out of range is an error", func(t *testing.T) {
		for _, i := range []int{-1, 3} {
			var got []int
			var err error
			guard.Returns(t, fmt.Sprintf("RemoveAt([1 2 3], %d)", i), func() { got, err = RemoveAt([]int{1, 2, 3}, i) })
			require.Error(t, err, "RemoveAt([1 2 3], %d): check 0 <= i < len(s) before slicing", i)
			assert.Nil(t, got, "RemoveAt returns nil with its error")
			assert.Contains(t, err.Error(), strconv.Itoa(i), "the error should name the index")
		}
	})
}

func TestSlicesCloneAndAppend(t *testing.T) {
	t.Run("copies then appends", func(t *testing.T) {
		assert.Equal(t, []int{1, 2, 3}, guard.Call(t, "CloneAndAppend([1 2], 3)", func() []int { return CloneAndAppend([]int{1, 2}, 3) }),
			"CloneAndAppend([1 2], 3): a copy of the input with the value at the end")
		assert.Equal(t, []int{7}, guard.Call(t, "CloneAndAppend(nil, 7)", func() []int { return CloneAndAppend(nil, 7) }),
			"CloneAndAppend(nil, 7): a nil input is an empty slice — the result is just the value")
	})
	t.Run("no shared memory even when the input has spare capacity", func(t *testing.T) {
		s := make([]int, 3, 10) // [0 0 0] with room for 7 more
		got := guard.Call(t, "CloneAndAppend(s, 9)", func() []int { return CloneAndAppend(s, 9) })
		require.Len(t, got, 4, "CloneAndAppend(s of len 3, 9) should have 4 elements")
		_ = append(s, 7) // with spare capacity this writes s's array at index 3
		assert.Equal(t, 9, got[3],
			"after append(s, 7), the result's last element became %d: append(s, v) reused s's spare capacity — make a new slice and copy first", got[3])
		got[0] = 100
		assert.Equal(t, 0, s[0], "changing the result changed s: the result must not share s's backing array")
	})
}

func TestSlicesChunk(t *testing.T) {
	t.Run("splits into pieces of size", func(t *testing.T) {
		tests := []struct {
			name string
			in   []int
			size int
			want [][]int
		}{
			{"last piece is shorter", []int{1, 2, 3, 4, 5}, 2, [][]int{{1, 2}, {3, 4}, {5}}},
			{"exact fit", []int{1, 2, 3, 4}, 2, [][]int{{1, 2}, {3, 4}}},
			{"size larger than input", []int{1, 2}, 5, [][]int{{1, 2}}},
			{"size one", []int{1, 2, 3}, 1, [][]int{{1}, {2}, {3}}},
		}
		for _, tt := range tests {
			got, err := guard.Call2(t, fmt.Sprintf("Chunk(%v, %d)", tt.in, tt.size), func() ([][]int, error) { return Chunk(tt.in, tt.size) })
			require.NoError(t, err, "Chunk(%v, %d): %s", tt.in, tt.size, tt.name)
			assert.Equal(t, tt.want, got, "Chunk(%v, %d): %s", tt.in, tt.size, tt.name)
		}
	})
	t.Run("empty input gives no chunks", func(t *testing.T) {
		got, err := guard.Call2(t, "Chunk(nil, 3)", func() ([][]int, error) { return Chunk(nil, 3) })
		require.NoError(t, err, "Chunk(nil, 3) is not an error: there is just nothing to split")
		assert.Empty(t, got, "Chunk(nil, 3)")
	})
	t.Run("size below one is an error", func(t *testing.T) {
		for _, size := range []int{0, -2} {
			var got [][]int
			var err error
			guard.Returns(t, fmt.Sprintf("Chunk([1 2], %d)", size), func() { got, err = Chunk([]int{1, 2}, size) })
			require.Error(t, err, "Chunk(s, %d): a size below 1 would loop forever or panic — return an error", size)
			assert.Nil(t, got, "Chunk returns nil with its error")
			assert.Contains(t, err.Error(), strconv.Itoa(size), "the error should name the size")
		}
	})
	t.Run("appending to a chunk does not overwrite the next one", func(t *testing.T) {
		s := []int{1, 2, 3, 4, 5, 6}
		chunks, err := guard.Call2(t, "Chunk([1 2 3 4 5 6], 2)", func() ([][]int, error) { return Chunk(s, 2) })
		require.NoError(t, err, "Chunk([1 2 3 4 5 6], 2)")
		require.Len(t, chunks, 3, "Chunk([1 2 3 4 5 6], 2) should give 3 chunks")
		chunks[0] = append(chunks[0], 99)
		assert.Equal(t, []int{3, 4}, chunks[1],
			"append(chunks[0], 99) overwrote chunks[1]: chunk s[i:j] still has s's spare capacity — use the full slice expression s[i:j:j]")
		assert.Equal(t, []int{1, 2, 3, 4, 5, 6}, s, "append(chunks[0], 99) changed the input slice: cap each chunk with s[i:j:j]")
	})
}

// ---------------------------------------------------------------------------
// slices-maps: maps
// ---------------------------------------------------------------------------

func TestMapsWordFrequency(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want map[string]int
	}{
		{"case and punctuation are ignored", "Go, go GO!", map[string]int{"go": 3}},
		{"several words", "the cat and the hat", map[string]int{"the": 2, "cat": 1, "and": 1, "hat": 1}},
		{"tabs and newlines separate words", "a\tb\na  b", map[string]int{"a": 2, "b": 2}},
		{"punctuation-only words are skipped", "wait ... what ?!", map[string]int{"wait": 1, "what": 1}},
		{"apostrophes inside a word stay", "don't 'quote'", map[string]int{"don't": 1, "quote": 1}},
		{"empty text gives an empty map", "", map[string]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := guard.Call(t, fmt.Sprintf("WordFrequency(%q)", tt.in), func() map[string]int { return WordFrequency(tt.in) })
			require.NotNil(t, got, "WordFrequency(%q) returned a nil map: return make(map[string]int) even for empty text", tt.in)
			assert.Equal(t, tt.want, got, "WordFrequency(%q): split with strings.Fields, lower-case, trim .,!?;:\"' at both ends, skip empty words", tt.in)
		})
	}
}

func TestMapsInvert(t *testing.T) {
	t.Run("swaps keys and values", func(t *testing.T) {
		got, err := guard.Call2(t, "Invert({one:1 two:2 zero:0})", func() (map[int]string, error) { return Invert(map[string]int{"one": 1, "two": 2, "zero": 0}) })
		require.NoError(t, err, "Invert: all values are distinct")
		assert.Equal(t, map[int]string{1: "one", 2: "two", 0: "zero"}, got, "Invert({one:1 two:2 zero:0})")
	})
	t.Run("empty map inverts to an empty map", func(t *testing.T) {
		got, err := guard.Call2(t, "Invert({})", func() (map[int]string, error) { return Invert(map[string]int{}) })
		require.NoError(t, err, "Invert of an empty map")
		assert.Empty(t, got, "Invert of an empty map")
	})
	t.Run("a shared value is an error naming the value and both keys", func(t *testing.T) {
		in := map[string]int{"apple": 1, "kiwi": 2, "banana": 1, "cherry": 3}
		// Run it several times: Go randomizes map order, and the message must not depend on it.
		for range 5 {
			got, err := guard.Call2(t, "Invert({apple:1 kiwi:2 banana:1 cherry:3})", func() (map[int]string, error) { return Invert(in) })
			require.Error(t, err, "Invert: \"apple\" and \"banana\" share the value 1, so one would be lost")
			assert.Nil(t, got, "Invert returns nil with its error")
			assert.Equal(t, `invert: value 1 is shared by keys "apple" and "banana"`, err.Error(),
				"walk the keys in sorted order so the same pair is reported in the same order every run")
		}
	})
	t.Run("zero is a real value, not a missing one", func(t *testing.T) {
		_, err := guard.Call2(t, "Invert({a:0 b:0})", func() (map[int]string, error) { return Invert(map[string]int{"a": 0, "b": 0}) })
		assert.Error(t, err, "Invert({a:0 b:0}): use `_, taken := inverse[v]` — inverse[v] == \"\" cannot tell absent from present")
	})
}

func TestMapsSortedKeys(t *testing.T) {
	tests := []struct {
		name string
		in   map[string]int
		want []string
	}{
		{"letters", map[string]int{"b": 2, "c": 3, "a": 1}, []string{"a", "b", "c"}},
		{"upper case sorts before lower case", map[string]int{"b": 1, "B": 1, "a": 1}, []string{"B", "a", "b"}},
		{"one key", map[string]int{"only": 1}, []string{"only"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := guard.Call(t, fmt.Sprintf("SortedKeys(%v)", tt.in), func() []string { return SortedKeys(tt.in) })
			assert.Equal(t, tt.want, got, "SortedKeys(%v): collect the keys, then slices.Sort", tt.in)
		})
	}
	t.Run("empty map", func(t *testing.T) {
		assert.Empty(t, guard.Call(t, "SortedKeys({})", func() []string { return SortedKeys(map[string]int{}) }), "SortedKeys of an empty map")
	})
}
