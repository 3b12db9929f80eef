package simplecalc

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/phase0-go/internal/guard"
	"dsweekends/testkit/say"
)

// calculate calls Calculate, turning a panic or an endless loop into a test
// failure.
func calculate(t *testing.T, a, b float64, op string) (float64, error) {
	t.Helper()
	return guard.Call2(t, fmt.Sprintf("Calculate(%v, %v, %q)", a, b, op),
		func() (float64, error) { return Calculate(a, b, op) })
}

// eval calls Eval, turning a panic or an endless loop into a test failure.
func eval(t *testing.T, line string) (float64, error) {
	t.Helper()
	return guard.Call2(t, "Eval("+strconv.Quote(line)+")",
		func() (float64, error) { return Eval(line) })
}

func TestCalculateArithmetic(t *testing.T) {
	tests := []struct {
		a, b float64
		op   string
		want float64
		why  string
	}{
		{3, 4, "+", 7, say.T("+는 더합니다", "+ adds")},
		{7, 2, "-", 5, say.T("-는 첫째 수에서 둘째 수를 뺍니다", "- subtracts the second number from the first")},
		{2, 7, "-", -5, say.T("-는 순서를 지킵니다: 2 - 7은 5가 아니라 -5", "- keeps the order: 2 - 7 is -5, not 5")},
		{6, 7, "*", 42, say.T("*는 곱합니다", "* multiplies")},
		{7, 2, "/", 3.5, say.T("float64의 /는 소수를 버리지 않습니다: 7 / 2는 3이 아니라 3.5", "/ on float64 keeps the fraction: 7 / 2 is 3.5, not 3")},
		{1, 4, "/", 0.25, say.T("/는 순서를 지킵니다: 1 / 4는 4가 아니라 0.25", "/ keeps the order: 1 / 4 is 0.25, not 4")},
		{-2.5, 4, "*", -10, say.T("음수와 소수도 다른 수와 똑같이 계산됩니다", "negative and fractional numbers work like any other")},
		{0.1, 0.2, "+", 0.1 + 0.2, say.T("끝까지 float64로: float64에서 0.1 + 0.2는 0.30000000000000004입니다(float32라면 반올림됩니다)", "float64 all the way: 0.1 + 0.2 is 0.30000000000000004 in float64 (float32 would round it)")},
		{1e-7, 3, "*", 3e-7, say.T("작은 수도 float64 정밀도를 유지합니다", "small numbers keep their float64 precision")},
		{0, 5, "-", -5, say.T("0도 다른 수와 같은 수입니다: 0 - 5는 -5", "0 is a number like any other: 0 - 5 is -5")},
		{5, 0, "*", 0, say.T("0도 다른 수와 같은 수입니다: 5 * 0은 0", "0 is a number like any other: 5 * 0 is 0")},
		{0, 0, "+", 0, say.T("0 + 0은 에러 없이 0", "0 + 0 is 0, with no error")},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v %s %v", tt.a, tt.op, tt.b), func(t *testing.T) {
			got, err := calculate(t, tt.a, tt.b, tt.op)
			require.NoError(t, err, say.F("Calculate(%v, %v, %q)는 성공해야 합니다: %s", "Calculate(%v, %v, %q) should succeed: %s", tt.a, tt.b, tt.op, tt.why))
			assert.InDelta(t, tt.want, got, 1e-15, say.F("Calculate(%v, %v, %q) = %v, 기대값 %v: %s", "Calculate(%v, %v, %q) = %v, want %v: %s", tt.a, tt.b, tt.op, got, tt.want, tt.why))
		})
	}
}

func TestCalculateDivisionByZero(t *testing.T) {
	for _, a := range []float64{1, -1, 0} {
		t.Run(fmt.Sprintf("%v / 0", a), func(t *testing.T) {
			got, err := calculate(t, a, 0, "/")
			require.Error(t, err, say.F("Calculate(%v, 0, \"/\")가 에러 없이 %v를 돌려줬습니다: 나누기 전에 if로 b == 0을 확인하세요(float64를 0으로 나누면 에러가 아니라 Inf나 NaN이 나옵니다)",
				"Calculate(%v, 0, \"/\") returned %v with no error: check b == 0 with an if before dividing (float64 division by zero gives Inf or NaN, not an error)", a, got))
			assert.ErrorIs(t, err, ErrDivisionByZero, say.T("에러는 ErrDivisionByZero를 감싸야 합니다: fmt.Errorf(\"%w: ...\", ErrDivisionByZero, ...)", "the error must wrap ErrDivisionByZero: fmt.Errorf(\"%w: ...\", ErrDivisionByZero, ...)"))
			assert.Zero(t, got, say.T("에러일 때 결과는 0이어야 합니다", "with an error, the result must be 0"))
		})
	}
	got, err := calculate(t, 0, 5, "/")
	require.NoError(t, err, say.T("0 / 5는 괜찮습니다: 0이면 안 되는 것은 두 번째 수뿐입니다", "0 / 5 is fine: only the second number must not be 0"))
	assert.Zero(t, got, say.T("0 / 5는 0", "0 / 5 is 0"))
}

func TestCalculateUnknownOperator(t *testing.T) {
	for _, op := range []string{"%", "x", "^", "", "++", "plus"} {
		t.Run(strconv.Quote(op), func(t *testing.T) {
			got, err := calculate(t, 6, 3, op)
			require.Error(t, err, say.F("Calculate(6, 3, %q)가 에러 없이 %v를 돌려줬습니다: 연산자는 + - * / 뿐입니다. switch에 나머지 모두를 위한 출구(default)가 필요합니다",
				"Calculate(6, 3, %q) returned %v with no error: only + - * / are operators; the switch needs a way out for everything else", op, got))
			assert.ErrorIs(t, err, ErrUnknownOperator, say.T("에러는 ErrUnknownOperator를 %w로 감싸야 합니다", "the error must wrap ErrUnknownOperator with %w"))
			assert.Contains(t, err.Error(), strconv.Quote(op), say.T("메시지에 연산자를 %q로 넣어야 사용자가 무엇이 틀렸는지 봅니다", "the message must quote the operator (%q), so the user sees what was wrong"))
			assert.Zero(t, got, say.T("에러일 때 결과는 0이어야 합니다", "with an error, the result must be 0"))
		})
	}
}

func TestEvalParsesLine(t *testing.T) {
	tests := []struct {
		line string
		want float64
		why  string
	}{
		{"3 + 4", 7, say.T("기본 형태: 수, 연산자, 수", "the basic form: number, operator, number")},
		{"10 / 4", 2.5, say.T("결과는 소수를 버리지 않습니다", "the result keeps its fraction")},
		{"  10   -  4  ", 6, say.T("부분 사이와 앞뒤의 공백은 몇 칸이든 괜찮습니다", "any number of spaces between and around the parts")},
		{"6\t*\t7", 42, say.T("탭도 부분을 나눕니다(strings.Fields)", "tabs separate parts too (strings.Fields)")},
		{"-2.5 * 4", -10, say.T("수는 음수일 수도, 소수일 수도 있습니다", "a number may be negative and have a fraction")},
		{"1e3 - 1", 999, say.T("수는 strconv.ParseFloat가 받아들이는 모든 것입니다", "a number is anything strconv.ParseFloat accepts")},
		{"0.5 + .25", 0.75, say.T("\".25\"도 수입니다", "\".25\" is a number too")},
		{"0.1 + 0.2", 0.1 + 0.2, say.T("ParseFloat(s, 64): float64 정밀도. bitSize 32로 읽으면 0.1이 0.10000000149011612로 반올림됩니다", "ParseFloat(s, 64): float64 precision; with bitSize 32, 0.1 is rounded to 0.10000000149011612")},
		{"3.14159 * 2", 6.28318, say.T("자릿수를 잃지 않습니다: bitSize 64로 읽으세요", "the digits are kept: parse with bitSize 64")},
		{"0 + 5", 5, say.T("줄에 쓴 0도 진짜 수입니다: 수가 0인지가 아니라 ParseFloat의 에러를 확인하세요", "a 0 written in the line is a real number: check ParseFloat's error, not whether the number is 0")},
		{"7 - 0", 7, say.T("줄에 쓴 0도 진짜 수입니다: 수가 0인지가 아니라 ParseFloat의 에러를 확인하세요", "a 0 written in the line is a real number: check ParseFloat's error, not whether the number is 0")},
		{"0 * 0", 0, say.T("0 * 0은 에러 없이 0", "0 * 0 is 0, with no error")},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, err := eval(t, tt.line)
			require.NoError(t, err, say.F("Eval(%q)는 성공해야 합니다: %s", "Eval(%q) should succeed: %s", tt.line, tt.why))
			assert.InDelta(t, tt.want, got, 1e-12, say.F("Eval(%q) = %v, 기대값 %v: %s", "Eval(%q) = %v, want %v: %s", tt.line, got, tt.want, tt.why))
		})
	}
}

func TestEvalSyntaxErrors(t *testing.T) {
	tests := []struct {
		line string
		why  string
	}{
		{"", say.T("빈 줄에는 부분이 없습니다", "an empty line has no parts")},
		{"3", say.T("부분 하나는 계산이 아닙니다", "one part is not a calculation")},
		{"3 +", say.T("두 번째 수가 없습니다: parts[2]를 쓰기 전에 len(parts)를 확인하세요", "a missing second number: check len(parts) before using parts[2]")},
		{"3+4", say.T("부분은 공백으로 나뉘어야 합니다: \"3+4\"는 부분 하나입니다", "the parts must be separated by spaces: \"3+4\" is one part")},
		{"3 + 4 + 5", say.T("부분은 정확히 세 개: 남는 부분은 무시하지 말고 에러로", "exactly three parts: extra parts are an error, not ignored")},
		{"three + 4", say.T("첫째 부분은 수여야 합니다: ParseFloat의 에러를 확인하세요", "the first part must be a number: check ParseFloat's error")},
		{"3 + four", say.T("셋째 부분은 수여야 합니다: ParseFloat의 에러를 확인하세요", "the third part must be a number: check ParseFloat's error")},
		{"3 + 4x", say.T("\"4x\"는 수처럼 시작하지만 수가 아닙니다", "\"4x\" is not a number, even though it starts like one")},
		{"+ 3 4", say.T("연산자는 가운데에 옵니다", "the operator goes in the middle")},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			got, err := eval(t, tt.line)
			require.Error(t, err, say.F("Eval(%q)가 에러 없이 %v를 돌려줬습니다: %s", "Eval(%q) returned %v with no error: %s", tt.line, got, tt.why))
			assert.ErrorIs(t, err, ErrSyntax, say.F("Eval(%q): 에러는 ErrSyntax를 감싸야 합니다(%s)", "Eval(%q): the error must wrap ErrSyntax (%s)", tt.line, tt.why))
			assert.Contains(t, err.Error(), strconv.Quote(tt.line), say.F("Eval(%q): 메시지에 줄을 %%q로 넣어야 합니다", "Eval(%q): the message must quote the line (%%q)", tt.line))
			assert.Zero(t, got, say.F("Eval(%q): 에러일 때 결과는 0이어야 합니다", "Eval(%q): with an error, the result must be 0", tt.line))
		})
	}
}

func TestEvalReturnsCalculateErrors(t *testing.T) {
	got, err := eval(t, "1 / 0")
	require.Error(t, err, say.F("Eval(\"1 / 0\")가 에러 없이 %v를 돌려줬습니다: Eval은 Calculate의 에러를 돌려줘야 합니다", "Eval(\"1 / 0\") returned %v with no error: Eval must return Calculate's error", got))
	assert.ErrorIs(t, err, ErrDivisionByZero, say.T("Eval(\"1 / 0\"): Calculate의 에러를 그대로(또는 %w로 감싸서) 돌려주세요", "Eval(\"1 / 0\"): pass Calculate's error on unchanged (or wrapped with %w)"))
	assert.Zero(t, got)

	got, err = eval(t, "2 % 3")
	require.Error(t, err, say.F("Eval(\"2 %% 3\")가 에러 없이 %v를 돌려줬습니다: 여기서 %%는 연산자가 아닙니다", "Eval(\"2 %% 3\") returned %v with no error: %% is not an operator here", got))
	assert.ErrorIs(t, err, ErrUnknownOperator, say.T("Eval(\"2 % 3\"): 연산자는 Calculate가 확인하고, 그 에러가 Eval에서 돌아와야 합니다", "Eval(\"2 % 3\"): the operator is checked by Calculate, and its error comes back from Eval"))
	assert.Zero(t, got)
}
