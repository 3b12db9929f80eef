package testrun

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// A go test -json stream with a pass, a testify failure in a subtest, a
// panic, a build failure in another package and a goroutine leak reported
// after the tests of a third.
const stream = `{"Action":"start","Package":"ex/a"}
{"Action":"run","Package":"ex/a","Test":"TestOK"}
{"Action":"output","Package":"ex/a","Test":"TestOK","Output":"=== RUN   TestOK\n"}
{"Action":"pass","Package":"ex/a","Test":"TestOK","Elapsed":0.01}
{"Action":"run","Package":"ex/a","Test":"TestEval"}
{"Action":"run","Package":"ex/a","Test":"TestEval/precedence"}
{"Action":"output","Package":"ex/a","Test":"TestEval/precedence","Output":"    calc_test.go:12: \n"}
{"Action":"output","Package":"ex/a","Test":"TestEval/precedence","Output":"        \tError:      \tNot equal: \n"}
{"Action":"output","Package":"ex/a","Test":"TestEval/precedence","Output":"        \tMessages:   \tEval(\"2+3*4\") = 20, want 14\n"}
{"Action":"fail","Package":"ex/a","Test":"TestEval/precedence","Elapsed":0}
{"Action":"fail","Package":"ex/a","Test":"TestEval","Elapsed":0.02}
{"Action":"run","Package":"ex/a","Test":"TestPanics"}
{"Action":"output","Package":"ex/a","Test":"TestPanics","Output":"panic: runtime error: invalid memory address or nil pointer dereference\n"}
{"Action":"fail","Package":"ex/a","Test":"TestPanics","Elapsed":0}
{"Action":"output","Package":"ex/a","Output":"FAIL\tex/a\t0.1s\n"}
{"Action":"fail","Package":"ex/a","Elapsed":0.1}
{"ImportPath":"ex/b","Action":"build-output","Output":"# ex/b\n"}
{"ImportPath":"ex/b","Action":"build-output","Output":"b/b.go:3:2: undefined: x\n"}
{"ImportPath":"ex/b","Action":"build-fail"}
{"Action":"start","Package":"ex/b"}
{"Action":"output","Package":"ex/b","Output":"FAIL\tex/b [build failed]\n"}
{"Action":"fail","Package":"ex/b","Elapsed":0,"FailedBuild":"ex/b"}
not json: go prints a few plain lines of its own
{"Action":"run","Package":"ex/c","Test":"TestFine"}
{"Action":"pass","Package":"ex/c","Test":"TestFine","Elapsed":0}
{"Action":"output","Package":"ex/d","Output":"ok  \tex/d\t(cached)\n"}
{"Action":"pass","Package":"ex/d","Elapsed":0}
{"Action":"output","Package":"ex/c","Output":"goleak: Errors on successful test run: found unexpected goroutines:\n"}
{"Action":"fail","Package":"ex/c","Elapsed":0.2}
`

func TestCollect(t *testing.T) {
	var events int
	run, err := Collect(strings.NewReader(stream), func(Event) { events++ })
	require.NoError(t, err)
	assert.Equal(t, 28, events, "every JSON line is an event; plain lines are skipped")

	ok := run.Tests[Key("ex/a", "TestOK")]
	require.NotNil(t, ok)
	assert.True(t, ok.Passed())
	assert.InDelta(t, 0.01, ok.Elapsed, 1e-9)

	eval := run.Tests[Key("ex/a", "TestEval")]
	require.NotNil(t, eval)
	assert.False(t, eval.Passed(), "a failing subtest fails its top-level test")
	assert.Equal(t, `Eval("2+3*4") = 20, want 14`, eval.FirstFailure(), "testify's Messages line explains best")
	assert.NotContains(t, run.Tests, Key("ex/a", "TestEval/precedence"), "subtests fold into their top-level test")

	p := run.Tests[Key("ex/a", "TestPanics")]
	require.NotNil(t, p)
	assert.True(t, p.Panicked())
	assert.Contains(t, p.FirstFailure(), "panic: runtime error")

	assert.Equal(t, "fail", run.Packages["ex/b"])
	assert.Contains(t, run.PackageFailures["ex/b"], "b/b.go:3:2: undefined: x", "a build failure keeps the compiler's lines")

	assert.Equal(t, "fail", run.Packages["ex/c"])
	assert.InDelta(t, 0.2, run.Elapsed["ex/c"], 1e-9, "a package's own elapsed time is kept")
	assert.True(t, run.Cached["ex/d"], "a result replayed from go test's cache is marked")
	assert.False(t, run.Cached["ex/c"])
	assert.True(t, run.Tests[Key("ex/c", "TestFine")].Passed())
	assert.Contains(t, strings.Join(run.PackageFailures["ex/c"], "\n"), "goleak", "a leak shows in the package's own output")
}

func TestFirstFailureFallsBack(t *testing.T) {
	cases := []struct {
		name   string
		output []string
		want   string
	}{
		{"testify error without message", []string{"    x_test.go:9: ", "        \tError:      \tShould be true"}, "Should be true"},
		{"t.Errorf line", []string{"=== RUN   TestX", "    x_test.go:9: got 1, want 2"}, "x_test.go:9: got 1, want 2"},
		{"testscript", []string{"    testscript.go:609: WORK=$WORK", "        FAIL: testdata/script/check.txtar:5: no match"}, "testdata/script/check.txtar:5: no match"},
		{"plain line", []string{"=== RUN   TestX", "something odd"}, "something odd"},
		{"nothing", nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &Result{Output: c.output}
			assert.Equal(t, c.want, r.FirstFailure())
		})
	}
}
