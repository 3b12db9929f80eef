// Package mutate measures an independent mutation score of each exercise's
// reference solution: it runs gremlins (a maintained Go mutation-testing
// tool) over a throwaway copy of the workspace with the references laid
// over the skeletons, restricted to the exercise's graded tests and to the
// files the learner edits, and reads back every mutant's fate.
//
// A mutant is one small operator change (< to <=, + to -, && to ||, ...).
// KILLED: a graded test failed. LIVED: every graded test still passed: a
// test gap, or an equivalent mutant (same behaviour), to be triaged by hand.
// NOT COVERED: no graded test runs that line. TIMED OUT: the tests ran past
// the tool's limit (usually a loop that no longer ends). NOT VIABLE: the
// mutant does not compile (a string "+" made "-").
//
// The score is killed ÷ (killed + lived). It is a maintainers' measure,
// never part of verify or CI: see CONTRIBUTING.md, "Mutation score".
package mutate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"

	"dsweekends/scripts/roadmap"
)

// Tool is the mutation-testing tool's module, pinned to the version the
// command was written and checked against.
const Tool = "github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0"

// InstallCommand installs the tool.
const InstallCommand = "go install " + Tool

// ErrNoTool is returned by Locate when gremlins is not installed.
var ErrNoTool = errors.New("gremlins (the mutation-testing tool) is not installed: install it with\n\t" + InstallCommand + "\nor run study mutate --install")

// Locate finds the gremlins binary: on PATH, else in go env GOBIN, else in
// $(go env GOPATH)/bin, where go install puts it.
func Locate() (string, error) {
	if p, err := exec.LookPath("gremlins"); err == nil {
		return p, nil
	}
	name := "gremlins"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	for _, v := range []string{"GOBIN", "GOPATH"} {
		out, err := exec.Command("go", "env", v).Output()
		if err != nil {
			continue
		}
		for _, dir := range filepath.SplitList(strings.TrimSpace(string(out))) {
			if dir == "" {
				continue
			}
			if v == "GOPATH" {
				dir = filepath.Join(dir, "bin")
			}
			p := filepath.Join(dir, name)
			if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
				return p, nil
			}
		}
	}
	return "", ErrNoTool
}

// Install runs go install for the tool and returns where it landed.
func Install(ctx context.Context, out io.Writer) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "install", Tool)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s: %w", InstallCommand, err)
	}
	return Locate()
}

// Options configures the mutation run of one exercise.
type Options struct {
	Root     string           // the workspace root (has go.work)
	Exercise roadmap.Exercise // the exercise: its package, edit files and graded tests
	Gremlins string           // the tool's binary (Locate)
	TempDir  string           // where to build the copy ("" = os.TempDir())
	Keep     bool             // keep the copy afterwards (its path is in Result.Workspace)

	Workers            int    // mutants tested at a time
	TimeoutCoefficient int    // a mutant's test run may take this many times the coverage run
	Race               bool   // run the tests with -race (slower; operator mutants seldom need it)
	Mutators           string // "default" (gremlins' own set), "extended" (the default here) or "all"

	Log io.Writer // the tool's own output, line by line (nil: discarded)
}

// mutatorFlags are the gremlins flags of each mutator set. gremlins' own
// default leaves out &&/||, break/continue and compound assignments, the
// very operators that concurrent and loop code is made of: "extended" adds
// them; "all" adds the bitwise ones too.
var mutatorFlags = map[string][]string{
	"default":  nil,
	"extended": {"--invert-logical", "--invert-loopctrl", "--invert-assignments", "--remove-self-assignments"},
	"all":      {"--invert-logical", "--invert-loopctrl", "--invert-assignments", "--remove-self-assignments", "--invert-bitwise", "--invert-bwassign"},
}

// MutatorSets names the mutator sets Options.Mutators accepts.
const MutatorSets = "default, extended or all"

// Statuses of a mutant, as the tool names them.
const (
	Killed     = "KILLED"
	Lived      = "LIVED"
	NotCovered = "NOT COVERED"
	TimedOut   = "TIMED OUT"
	NotViable  = "NOT VIABLE"
)

// Mutant is one mutation and its fate.
type Mutant struct {
	File   string `json:"file"` // slash-separated, from the workspace root
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Kind   string `json:"kind"`   // the tool's mutator: CONDITIONALS_BOUNDARY, ARITHMETIC_BASE, ...
	Status string `json:"status"` // KILLED, LIVED, NOT COVERED, TIMED OUT, NOT VIABLE
	Change string `json:"change"` // "< → <="
	Code   string `json:"code"`   // the reference's line, trimmed
}

// Result is one exercise's mutation run.
type Result struct {
	Exercise   string    `json:"exercise"`
	Package    string    `json:"package"`
	Files      []string  `json:"files"` // the files mutated: the exercise's edit list
	Tests      []string  `json:"tests"` // the graded tests run against each mutant
	Started    time.Time `json:"started"`
	Seconds    float64   `json:"seconds"` // wall time, copy included
	Race       bool      `json:"race"`
	Mutators   string    `json:"mutators"`
	Workers    int       `json:"workers"`
	Killed     int       `json:"killed"`
	Lived      int       `json:"lived"`
	NotCovered int       `json:"not_covered"`
	TimedOut   int       `json:"timed_out"`
	NotViable  int       `json:"not_viable"`
	Score      float64   `json:"score"` // killed ÷ (killed + lived), 0–1; 1 when nothing was tested
	Mutants    []Mutant  `json:"mutants"`
	Workspace  string    `json:"workspace,omitempty"` // the copy, when kept
}

// Survivors returns the mutants that lived.
func (r *Result) Survivors() []Mutant {
	var out []Mutant
	for _, m := range r.Mutants {
		if m.Status == Lived {
			out = append(out, m)
		}
	}
	return out
}

// Run measures the mutation score of one exercise's reference.
func Run(ctx context.Context, o Options) (*Result, error) {
	e := o.Exercise
	if len(e.Edit) == 0 || len(e.Tests) == 0 {
		return nil, fmt.Errorf("%s: the roadmap lists no files to edit or no graded tests", e.ID)
	}
	if o.Workers < 1 {
		o.Workers = 1
	}
	if o.TimeoutCoefficient < 1 {
		o.TimeoutCoefficient = 10
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Mutators == "" {
		o.Mutators = "extended"
	}
	extra, ok := mutatorFlags[o.Mutators]
	if !ok {
		return nil, fmt.Errorf("mutator set %q: want %s", o.Mutators, MutatorSets)
	}
	start := time.Now()
	tmp, err := os.MkdirTemp(o.TempDir, "study-mutate-"+e.ID+"-")
	if err != nil {
		return nil, err
	}
	if !o.Keep {
		defer os.RemoveAll(tmp)
	}
	ws, err := buildWorkspace(o.Root, filepath.Join(tmp, "ws"), e.Path)
	if err != nil {
		return nil, err
	}
	for _, f := range e.Edit {
		if _, err := os.Stat(filepath.Join(ws.pkg, f)); err != nil {
			return nil, fmt.Errorf("%s: edit file %s is not in %s", e.ID, f, e.Path)
		}
	}
	exclude, err := excludeOthers(ws.pkg, e.Edit)
	if err != nil {
		return nil, err
	}
	realGo, err := exec.LookPath("go")
	if err != nil {
		return nil, err
	}
	shimDir := filepath.Join(tmp, "bin")
	if err := writeShim(shimDir); err != nil {
		return nil, err
	}
	toolTmp := filepath.Join(tmp, "gremlins")
	if err := os.MkdirAll(toolTmp, 0o755); err != nil {
		return nil, err
	}
	report := filepath.Join(tmp, "report.json")

	args := []string{"unleash",
		"--workers", fmt.Sprint(o.Workers),
		"--timeout-coefficient", fmt.Sprint(o.TimeoutCoefficient),
		"--output", report,
	}
	args = append(args, extra...)
	for _, x := range exclude {
		args = append(args, "--exclude-files", x)
	}
	args = append(args, ws.pkg)
	cmd := exec.CommandContext(ctx, o.Gremlins, args...)
	cmd.Dir = ws.pkg
	cmd.Env = toolEnv(os.Environ(), shimDir, realGo, toolTmp, testsPattern(e), o.Race)
	var tail tailBuffer
	cmd.Stdout = io.MultiWriter(o.Log, &tail)
	cmd.Stderr = io.MultiWriter(o.Log, &tail)
	cmd.WaitDelay = 5 * time.Second
	runErr := cmd.Run()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	b, err := os.ReadFile(report)
	if err != nil {
		if runErr == nil {
			runErr = err
		}
		return nil, fmt.Errorf("%s: gremlins wrote no report (%v); its last output:\n%s", e.ID, runErr, tail.String())
	}
	r := &Result{
		Exercise: e.ID, Package: e.Path, Files: e.Edit, Tests: e.TestNames(),
		Started: start.UTC().Truncate(time.Second), Race: o.Race, Mutators: o.Mutators, Workers: o.Workers,
	}
	if err := r.read(b, ws.pkg, e.Path); err != nil {
		return nil, fmt.Errorf("%s: read gremlins' report: %w", e.ID, err)
	}
	r.Seconds = time.Since(start).Round(100 * time.Millisecond).Seconds()
	if o.Keep {
		r.Workspace = tmp
	}
	return r, nil
}

// testsPattern selects exactly the exercise's graded tests (not its Fuzz
// seeds, not another exercise's tests in the same package).
func testsPattern(e roadmap.Exercise) string {
	return "^(" + strings.Join(e.TestNames(), "|") + ")$"
}

// toolEnv is the tool's environment. gremlins has no -run flag, so the
// graded tests are chosen through GOFLAGS, which go test reads for the
// coverage run and for every mutant; the go on PATH is the shim; the
// tool's temporary folders go inside the run's own.
func toolEnv(env []string, shimDir, realGo, tmp, pattern string, race bool) []string {
	var out []string
	goflags := ""
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "GOFLAGS":
			goflags = v
			continue
		case "GOWORK", "PATH", "TMPDIR", "STUDY_MUTATE_GO":
			continue
		}
		out = append(out, kv)
	}
	// -trimpath keeps the build cache warm: without it every package's
	// cache key names its folder, and every worker's copy is a new folder.
	goflags = strings.TrimSpace(goflags + " -trimpath -run=" + pattern)
	if race {
		goflags += " -race"
	}
	return append(out,
		"GOFLAGS="+goflags,
		"PATH="+shimDir+string(os.PathListSeparator)+os.Getenv("PATH"),
		"STUDY_MUTATE_GO="+realGo,
		"TMPDIR="+tmp,
		// Raft's graded tests run each test in a child process (rafttest.Isolate), whose
		// coverage gremlins never sees: every mutant would be NOT COVERED. Run them in process.
		"RAFT_ISOLATE=0",
	)
}

// shim is put first on the tool's PATH as "go". gremlins counts any failed
// test run as a kill, a mutant that does not compile included; the shim
// turns go test's build failures into exit status 2, which gremlins
// reports as NOT VIABLE.
const shim = `#!/bin/sh
# Written by study mutate (scripts/mutate): the real go, except that a test
# run whose package does not build exits 2 (NOT VIABLE) instead of 1 (KILLED).
if [ "$1" != "test" ]; then exec "$STUDY_MUTATE_GO" "$@"; fi
out=$("$STUDY_MUTATE_GO" "$@" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ "$rc" -eq 1 ] && printf '%s\n' "$out" | grep -q -e '\[build failed\]' -e '\[setup failed\]'; then
	exit 2
fi
exit "$rc"
`

func writeShim(dir string) error {
	if runtime.GOOS == "windows" {
		return errors.New("study mutate needs a POSIX shell (sh): run it on Linux or macOS")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "go"), []byte(shim), 0o755)
}

// excludeOthers returns the tool's --exclude-files patterns (regular
// expressions on paths relative to the package folder) that leave only the
// edit files: every other .go file of the package, and every subfolder.
func excludeOthers(pkgDir string, edit []string) ([]string, error) {
	ents, err := os.ReadDir(pkgDir)
	if err != nil {
		return nil, err
	}
	out := []string{"/"}
	for _, d := range ents {
		n := d.Name()
		if d.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		keep := false
		for _, f := range edit {
			keep = keep || f == n
		}
		if !keep {
			out = append(out, "^"+regexp.QuoteMeta(n)+"$")
		}
	}
	return out, nil
}

// report is the part of gremlins' --output JSON that is read.
type report struct {
	Files []struct {
		Name      string `json:"file_name"`
		Mutations []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"mutations"`
	} `json:"files"`
}

func (r *Result) read(b []byte, pkgDir, pkgPath string) error {
	var rep report
	if err := json.Unmarshal(b, &rep); err != nil {
		return err
	}
	for _, f := range rep.Files {
		src, _ := os.ReadFile(filepath.Join(pkgDir, filepath.FromSlash(f.Name)))
		lines := strings.Split(string(src), "\n")
		for _, m := range f.Mutations {
			mu := Mutant{File: pkgPath + "/" + f.Name, Line: m.Line, Column: m.Column, Kind: m.Type, Status: m.Status}
			if m.Line >= 1 && m.Line <= len(lines) {
				mu.Code = strings.TrimSpace(lines[m.Line-1])
				mu.Change = change(lines[m.Line-1], m.Column, m.Type)
			}
			switch m.Status {
			case Killed:
				r.Killed++
			case Lived:
				r.Lived++
			case NotCovered:
				r.NotCovered++
			case TimedOut:
				r.TimedOut++
			case NotViable:
				r.NotViable++
			}
			r.Mutants = append(r.Mutants, mu)
		}
	}
	sort.Slice(r.Mutants, func(i, j int) bool {
		a, b := r.Mutants[i], r.Mutants[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Kind < b.Kind
	})
	r.Score = 1
	if r.Killed+r.Lived > 0 {
		r.Score = float64(r.Killed) / float64(r.Killed+r.Lived)
	}
	return nil
}

// mutations is what each of the tool's mutators makes of a token (from
// gremlins' internal/engine/mappings.go).
var mutations = map[string]map[token.Token]token.Token{
	"ARITHMETIC_BASE":         {token.ADD: token.SUB, token.MUL: token.QUO, token.QUO: token.MUL, token.REM: token.MUL, token.SUB: token.ADD},
	"CONDITIONALS_BOUNDARY":   {token.GEQ: token.GTR, token.GTR: token.GEQ, token.LEQ: token.LSS, token.LSS: token.LEQ},
	"CONDITIONALS_NEGATION":   {token.EQL: token.NEQ, token.GEQ: token.LSS, token.GTR: token.LEQ, token.LEQ: token.GTR, token.LSS: token.GEQ, token.NEQ: token.EQL},
	"INCREMENT_DECREMENT":     {token.DEC: token.INC, token.INC: token.DEC},
	"INVERT_ASSIGNMENTS":      {token.ADD_ASSIGN: token.SUB_ASSIGN, token.MUL_ASSIGN: token.QUO_ASSIGN, token.QUO_ASSIGN: token.MUL_ASSIGN, token.REM_ASSIGN: token.REM_ASSIGN, token.SUB_ASSIGN: token.ADD_ASSIGN},
	"INVERT_BITWISE":          {token.AND: token.OR, token.OR: token.AND, token.XOR: token.AND, token.AND_NOT: token.AND, token.SHL: token.SHR, token.SHR: token.SHL},
	"INVERT_BWASSIGN":         {token.AND_ASSIGN: token.OR_ASSIGN, token.OR_ASSIGN: token.AND_ASSIGN, token.XOR_ASSIGN: token.AND_ASSIGN, token.AND_NOT_ASSIGN: token.AND_ASSIGN, token.SHL_ASSIGN: token.SHR_ASSIGN, token.SHR_ASSIGN: token.SHL_ASSIGN},
	"INVERT_LOGICAL":          {token.LAND: token.LOR, token.LOR: token.LAND},
	"INVERT_LOOPCTRL":         {token.BREAK: token.CONTINUE, token.CONTINUE: token.BREAK},
	"INVERT_NEGATIVES":        {token.SUB: token.ADD},
	"REMOVE_SELF_ASSIGNMENTS": {token.ADD_ASSIGN: token.ASSIGN, token.AND_ASSIGN: token.ASSIGN, token.AND_NOT_ASSIGN: token.ASSIGN, token.MUL_ASSIGN: token.ASSIGN, token.OR_ASSIGN: token.ASSIGN, token.QUO_ASSIGN: token.ASSIGN, token.REM_ASSIGN: token.ASSIGN, token.SHL_ASSIGN: token.ASSIGN, token.SHR_ASSIGN: token.ASSIGN, token.SUB_ASSIGN: token.ASSIGN, token.XOR_ASSIGN: token.ASSIGN},
}

// change describes the mutation at column col (1-based, in bytes) of line:
// "< → <=". Empty when the token there is not one the mutator changes.
func change(line string, col int, kind string) string {
	var s scanner.Scanner
	fs := token.NewFileSet()
	f := fs.AddFile("", -1, len(line))
	s.Init(f, []byte(line), nil, 0)
	for {
		pos, tok, _ := s.Scan()
		if tok == token.EOF {
			return ""
		}
		if f.Offset(pos)+1 == col {
			if to, ok := mutations[kind][tok]; ok {
				return tok.String() + " → " + to.String()
			}
			return ""
		}
	}
}

// tailBuffer keeps the last 4 KiB written to it, for error messages.
type tailBuffer struct{ b bytes.Buffer }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b.Write(p)
	if t.b.Len() > 8192 {
		rest := t.b.Bytes()[t.b.Len()-4096:]
		t.b = *bytes.NewBuffer(append([]byte(nil), rest...))
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return t.b.String() }
