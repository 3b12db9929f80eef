package main

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"go.uber.org/goleak"

	"dsweekends/scripts/exercise"
	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/verify"
)

func TestMain(m *testing.M) {
	testscript.Main(goleakM{m}, map[string]func(){
		"study": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// goleakM checks for leaked goroutines after the in-process tests run.
type goleakM struct{ m *testing.M }

func (g goleakM) Run() int {
	code := g.m.Run()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: %v\n", err)
			return 1
		}
	}
	return code
}

// TestScripts runs the CLI scenarios in testdata/script against a fresh
// copy of the workspace each, so nothing touches the real tree.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	goEnv := map[string]string{}
	for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOFLAGS", "GOTOOLCHAIN"} {
		out, err := exec.Command("go", "env", k).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", k, err)
		}
		goEnv[k] = strings.TrimSpace(string(out))
	}
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(env *testscript.Env) error {
			ws := filepath.Join(env.WorkDir, "ws")
			if err := copyWorkspace(root, ws); err != nil {
				return err
			}
			for k, v := range goEnv {
				env.Setenv(k, v)
			}
			env.Setenv("GOPROXY", "off")
			env.Setenv("STUDY_TODAY", "2026-11-28")
			env.Setenv("LANG", "C")
			env.Setenv("CI", "")
			env.Cd = ws
			return nil
		},
		Condition: func(cond string) (bool, error) {
			n, ok := strings.CutPrefix(cond, "untouched:")
			if !ok {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			return weekendUntouched(root, n)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode": cmdExitCode,
			"solve":    cmdSolve,
		},
	})
}

// weekendUntouched reports whether every skeleton file of weekend n is as
// shipped: on a learner's copy, scenarios about skeletons skip what they have started.
func weekendUntouched(root, n string) (bool, error) {
	rm, err := roadmap.Load()
	if err != nil {
		return false, err
	}
	m, err := exercise.ReadManifest(root)
	if err != nil {
		return false, err
	}
	week, err := strconv.Atoi(n)
	if err != nil {
		return false, err
	}
	for _, e := range rm.ExercisesOf(week) {
		changed, err := m.Changed(root, verify.Prefixed(e.Path, e.Edit))
		if err != nil || len(changed) > 0 {
			return false, err
		}
	}
	return true, nil
}

// copyWorkspace copies the workspace's source files (not git's, not the
// learner's state) into dst.
func copyWorkspace(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		switch rel {
		case ".git", ".study", "study.yaml", "portfolio":
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// cmdExitCode runs a command and checks its exit code: exitcode N study plan 25.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	if err != nil {
		if _, after, ok := strings.Cut(err.Error(), "exit status "); ok {
			got, _ = strconv.Atoi(strings.TrimSpace(after))
		} else {
			ts.Fatalf("exitcode: %v", err)
		}
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", strings.Join(args[1:], " "), got, want)
	}
}

// cmdSolve copies each named exercise folder's .solution/ files over the
// skeleton, as a learner who finished the work would have it: solve phase0-go/calculator.
func cmdSolve(ts *testscript.TestScript, neg bool, args []string) {
	for _, dir := range args {
		sol := ts.MkAbs(filepath.Join(dir, ".solution"))
		ents, err := os.ReadDir(sol)
		ts.Check(err)
		for _, e := range ents {
			b, err := os.ReadFile(filepath.Join(sol, e.Name()))
			ts.Check(err)
			ts.Check(os.WriteFile(filepath.Join(ts.MkAbs(dir), e.Name()), b, 0o644))
		}
	}
}
