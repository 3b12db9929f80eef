package testrun

import (
	"os"
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

// TestFailureTakesTestifyApart: the scorecard shows the expected and actual
// values under the assertion's message.
func TestFailureTakesTestifyApart(t *testing.T) {
	r := &Result{Output: []string{
		"    calc_test.go:12: ",
		"        \tError Trace:\t/ws/calc_test.go:12",
		"        \tError:      \tNot equal: ",
		"        \t            \texpected: 14",
		"        \t            \tactual  : 20",
		"        \tTest:       \tTestEval",
		"        \tMessages:   \tEval(\"2+3*4\"): * binds tighter than +",
	}}
	f := r.Failure()
	assert.Equal(t, `Eval("2+3*4"): * binds tighter than +`, f.Message)
	assert.Equal(t, "Not equal:", f.Error)
	assert.Equal(t, "14", f.Expected)
	assert.Equal(t, "20", f.Actual)
	assert.Empty(t, f.Panic, "an assertion failure is not a crash")
	assert.False(t, r.Crashed())
}

// TestFailureFindsTheCrashSite: a panic names the first frame in the code
// under test, not the runtime's or the test's.
func TestFailureFindsTheCrashSite(t *testing.T) {
	r := &Result{Output: []string{
		"panic: runtime error: index out of range [3] with length 3 [recovered]",
		"goroutine 7 [running]:",
		"testing.tRunner.func1.2({0x5a, 0x6b})",
		"\t/usr/local/go/src/testing/testing.go:1734 +0x21c",
		"panic({0x5a?, 0x6b?})",
		"\t/usr/local/go/src/runtime/panic.go:792 +0x132",
		"dsweekends/phase0-go/calc.Sum(...)",
		"\t/ws/phase0-go/calc/calc.go:17 +0x9",
		"dsweekends/phase0-go/calc.TestSum(0xc0001)",
		"\t/ws/phase0-go/calc/calc_test.go:30 +0x2a",
	}}
	f := r.Failure()
	assert.True(t, r.Crashed())
	assert.Equal(t, "panic: runtime error: index out of range [3] with length 3", f.Panic)
	assert.Equal(t, "/ws/phase0-go/calc/calc.go:17", f.At, "the crash site is the learner's line, not the runtime's or the test's")

	deadlock := &Result{Output: []string{"fatal error: all goroutines are asleep - deadlock!"}}
	assert.True(t, deadlock.Crashed(), "a fatal error ends the binary too")
}

// TestLeaksNamesTheBlockedLine: goleak's report becomes the leaked
// function, its state and the line in the code under test where it waits.
func TestLeaksNamesTheBlockedLine(t *testing.T) {
	out := []string{
		"goleak: Errors on successful test run: found unexpected goroutines:",
		"[Goroutine 23 in state chan send, with dsweekends/phase0-go/gochannels.Generate.func1 on top of the stack:",
		"dsweekends/phase0-go/gochannels.Generate.func1()",
		"\t/ws/phase0-go/gochannels/gochannels.go:14 +0x3c",
		"created by dsweekends/phase0-go/gochannels.Generate in goroutine 22",
		"\t/ws/phase0-go/gochannels/gochannels.go:12 +0x7a",
		"]",
	}
	leaks := Leaks(out)
	require.Len(t, leaks, 1)
	assert.Equal(t, Leak{Function: "dsweekends/phase0-go/gochannels.Generate.func1", State: "chan send", At: "/ws/phase0-go/gochannels/gochannels.go:14",
		CreatedBy: "dsweekends/phase0-go/gochannels.Generate (/ws/phase0-go/gochannels/gochannels.go:12)"}, leaks[0])

	fromTest := Leaks([]string{
		"[Goroutine 9 in state IO wait, with internal/poll.runtime_pollWait on top of the stack:",
		"dsweekends/phase1-network/chat.(*Server).handle(...)",
		"\t/ws/phase1-network/chat/server.go:80 +0x3c",
		"created by dsweekends/phase1-network/chat.TestQuitSaysBye.func2 in goroutine 8",
		"\t/ws/phase1-network/chat/chat_test.go:12 +0x7a",
		"]",
	})
	require.Len(t, fromTest, 1)
	assert.Equal(t, "TestQuitSaysBye", fromTest[0].Test, "a goroutine started by a test names that test")
}

// TestCollectCountsRuns: with go test -count=N each top-level test's runs
// and failures are counted, so a catch that happens only sometimes shows.
func TestCollectCountsRuns(t *testing.T) {
	const s = `{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"fail","Package":"p","Test":"TestA","Elapsed":0}
{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"pass","Package":"p","Test":"TestA","Elapsed":0}
{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"run","Package":"p","Test":"TestA/sub"}
{"Action":"fail","Package":"p","Test":"TestA/sub","Elapsed":0}
{"Action":"fail","Package":"p","Test":"TestA","Elapsed":0}
`
	run, err := Collect(strings.NewReader(s), nil)
	require.NoError(t, err)
	r := run.Tests[Key("p", "TestA")]
	require.NotNil(t, r)
	assert.Equal(t, 3, r.Runs, "three runs of the top-level test; subtests are not runs")
	assert.Equal(t, 2, r.Fails)
}

// TestFailureReadsOtherAssertions: InDelta, NoError and Error show what was
// expected and what came back too.
func TestFailureReadsOtherAssertions(t *testing.T) {
	cases := []struct {
		name             string
		output           []string
		expected, actual string
	}{
		{"InDelta", []string{"        \tError:      \tMax difference between 5 and -5 allowed is 1e-12, but difference was 10"}, "5", "-5"},
		{"NoError", []string{"        \tError:      \tReceived unexpected error:", "        \t            \tdial tcp: connection refused"}, "no error", "dial tcp: connection refused"},
		{"Error", []string{"        \tError:      \tAn error is expected but got nil."}, "an error", "nil"},
		{"ErrorIs", []string{"        \tError:      \tTarget error should be in err chain:", "        \t            \texpected: \"not found\"", "        \t            \tin chain: \"boom\""}, `"not found"`, `"boom"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := (&Result{Output: c.output}).Failure()
			assert.Equal(t, c.expected, f.Expected)
			assert.Equal(t, c.actual, f.Actual)
		})
	}
}

// TestRacesNameTheCodeAndTheTestThatRaced: testdata/race.json is go test -race -json on a package
// where TestA races (C.Inc on four goroutines) while TestB only sleeps beside it. The detector
// printed the report in TestB's output and failed both; the parsed race points both at the racy
// line and at TestA, the test whose goroutines made the accesses.
func TestRacesNameTheCodeAndTheTestThatRaced(t *testing.T) {
	f, err := os.Open("testdata/race.json")
	require.NoError(t, err)
	defer f.Close()
	run, err := Collect(f, nil)
	require.NoError(t, err)
	for _, name := range []string{"TestA", "TestB"} {
		res := run.Tests[Key("racy", name)]
		require.NotNil(t, res, name)
		require.True(t, res.RaceDetected(), "%s was failed by the race detector", name)
		require.NotEmpty(t, res.Races, "%s carries the package's race reports, printed in TestB's output", name)
		for _, r := range res.Races {
			require.Len(t, r.Accesses, 2, "a race is two accesses")
			for _, a := range r.Accesses {
				assert.Equal(t, "/tmp/racy/r.go:5", a.At, "the access is in the code under test, not in the test's goroutine")
				assert.Equal(t, "TestA", a.Test, "the goroutines are TestA's, whichever test printed the report")
			}
		}
	}
	kinds := map[string]bool{}
	for _, r := range run.Tests[Key("racy", "TestB")].Races {
		for _, a := range r.Accesses {
			kinds[a.Kind] = true
		}
	}
	assert.True(t, kinds["Previous write"], "the kinds are the detector's own words: %v", kinds)
}
