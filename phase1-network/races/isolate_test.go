package races

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"dsweekends/testkit/say"
)

// childEnv marks a child test process started by isolated.
const childEnv = "RACES_TEST_CHILD"

// isolated runs body in a fresh child process of this test binary when the race
// detector is on. The detector reports each racing pair of code locations once
// per process, so a second run of a racy test in the same process would pass;
// a fresh process per run makes every run catch the race. Without -race, body
// runs here. hint names the rule a reported race breaks.
func isolated(t *testing.T, hint string, body func(t *testing.T)) {
	t.Helper()
	if !raceEnabled || os.Getenv(childEnv) == t.Name() {
		body(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"="+t.Name())
	out, err := cmd.CombinedOutput()
	if err == nil {
		return
	}
	if s := string(out); strings.Contains(s, "WARNING: DATA RACE") {
		t.Fatal(say.F("레이스 탐지기가 DATA RACE를 찾았습니다: %s\n(자식 프로세스에서 실행한 결과:)\n%s", "the race detector found a DATA RACE: %s\n(the run, in a child process:)\n%s", hint, s))
	} else {
		t.Fatal(say.F("%s\n(자식 프로세스에서 실행한 결과:)\n%s", "%s\n(the run, in a child process:)\n%s", hint, s))
	}
}
