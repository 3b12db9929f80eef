package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"

	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/state"
)

// app is what every command needs: the workspace, the plan, the learner's
// settings, the language and where to write.
type app struct {
	root     string
	rm       *roadmap.Roadmap
	settings state.Settings
	lang     string
	out      io.Writer
	errOut   io.Writer
	color    bool
	now      func() time.Time
}

// findRoot walks up from dir to the dsweekends workspace: the folder with a
// go.work and the study command's own sources.
func findRoot(dir string) (string, error) {
	start := dir
	for {
		if fileExists(filepath.Join(dir, "go.work")) && fileExists(filepath.Join(dir, "scripts", "roadmap", "roadmap.yaml")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", usagef("not inside the dsweekends workspace (no go.work with scripts/roadmap above %s): cd into your clone first", start)
		}
		dir = parent
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// newApp loads everything a command needs. langFlag is --lang ("" when unset).
func newApp(langFlag string, stdout, stderr io.Writer) (*app, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, usagef("cannot read the current folder: %v", err)
	}
	root, err := findRoot(wd)
	if err != nil {
		return nil, err
	}
	rm, err := roadmap.Load()
	if err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}
	settings, err := state.LoadSettings(root)
	if err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}
	lang, err := chooseLang(langFlag, settings.Lang, os.Getenv("LANG"))
	if err != nil {
		return nil, err
	}
	return &app{
		root: root, rm: rm, settings: settings, lang: lang,
		out: stdout, errOut: stderr,
		color: isTerminal(stdout) && os.Getenv("NO_COLOR") == "",
		now:   today,
	}, nil
}

// today returns the current time, or the date in $STUDY_TODAY (YYYY-MM-DD)
// when set: the CLI tests pin the calendar with it.
func today() time.Time {
	if d, err := time.ParseInLocation(state.DateLayout, os.Getenv("STUDY_TODAY"), time.Local); err == nil {
		return d
	}
	return time.Now()
}

// chooseLang picks the language: the flag, then study.yaml, then $LANG.
func chooseLang(flag, setting, env string) (string, error) {
	for _, l := range []string{flag, setting} {
		switch l {
		case "":
			continue
		case "ko", "en":
			return l, nil
		default:
			return "", usagef("unknown language %q: expected ko or en", l)
		}
	}
	if strings.HasPrefix(env, "ko") {
		return "ko", nil
	}
	return "en", nil
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// t picks the English or Korean form of a message.
func (a *app) t(en, ko string) string {
	if a.lang == "ko" {
		return ko
	}
	return en
}

// tx returns a roadmap text in the app's language.
func (a *app) tx(t roadmap.Text) string { return t.In(a.lang) }

func (a *app) printf(format string, args ...any) { fmt.Fprintf(a.out, format, args...) }

// ANSI styles, used only on a terminal without NO_COLOR.
func (a *app) style(code, s string) string {
	if !a.color {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}
func (a *app) bold(s string) string  { return a.style("1", s) }
func (a *app) green(s string) string { return a.style("32", s) }
func (a *app) red(s string) string   { return a.style("31", s) }
func (a *app) dim(s string) string   { return a.style("2", s) }

// mark is the scorecard symbol for a pass, a failure, or nothing recorded.
func (a *app) mark(pass, known bool) string {
	switch {
	case !known:
		return a.dim("·")
	case pass:
		return a.green("✓")
	default:
		return a.red("✗")
	}
}

// currentWeekend returns the weekend the calendar is in: 1 on the start
// date's week, counting a week per seven days. Before the start date it
// returns 0 and the days to go; it is not capped at 20.
func (a *app) currentWeekend() (n int, daysToGo int, ok bool) {
	start, ok, _ := a.settings.StartDate()
	if !ok {
		return 0, 0, false
	}
	now := a.now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.Local)
	days := int(today.Sub(start).Hours() / 24)
	if days < 0 {
		return 0, -days, true
	}
	return days/7 + 1, 0, true
}

// resolveWeekend parses a weekend number given on the command line.
func (a *app) resolveWeekend(arg string) (roadmap.Weekend, error) {
	var n int
	if _, err := fmt.Sscanf(arg, "%d", &n); err != nil || fmt.Sprint(n) != arg {
		return roadmap.Weekend{}, usagef("%q is not a weekend number: expected 1–%d", arg, roadmap.NumWeekends)
	}
	w, ok := a.rm.Weekend(n)
	if !ok {
		return roadmap.Weekend{}, usagef("weekend %d does not exist: expected 1–%d", n, roadmap.NumWeekends)
	}
	return w, nil
}

// resolveExercises finds exercises by id, or by package name: "figure2"
// names both exercises that share phase3-raft/figure2.
func (a *app) resolveExercises(name string) ([]roadmap.Exercise, error) {
	if e, ok := a.rm.Exercise(name); ok {
		return []roadmap.Exercise{e}, nil
	}
	var es []roadmap.Exercise
	var ids []string
	for _, e := range a.rm.Exercises {
		if path.Base(e.Path) == name {
			es = append(es, e)
		}
		ids = append(ids, e.ID)
	}
	if len(es) == 0 {
		return nil, usagef("unknown exercise %q: expected one of %s", name, strings.Join(ids, ", "))
	}
	return es, nil
}

// dir returns the absolute folder of an exercise.
func (a *app) dir(e roadmap.Exercise) string {
	return filepath.Join(a.root, filepath.FromSlash(e.Path))
}

// pkg returns the go test pattern of an exercise, relative to the root.
func pkg(e roadmap.Exercise) string { return "./" + e.Path }

// raceAvailable reports whether go test -race can run here: the race
// detector needs cgo, which the go command turns off when it finds no C
// compiler (a machine with only Go installed).
func (a *app) raceAvailable() bool {
	cmd := exec.Command("go", "env", "CGO_ENABLED")
	cmd.Dir = a.root
	out, err := cmd.Output()
	return err == nil && strings.TrimSpace(string(out)) == "1"
}

// noRaceNote explains why a run goes without the race detector.
func (a *app) noRaceNote() string {
	return a.t("the race detector needs a C compiler (cgo), and this machine has none: running without -race. Install one to check for data races (Debian/Ubuntu: sudo apt-get install gcc; macOS: xcode-select --install).",
		"레이스 검출기(-race)에는 C 컴파일러(cgo)가 필요한데 이 컴퓨터에는 없습니다: -race 없이 실행합니다. 데이터 레이스까지 검사하려면 설치하세요 (Debian/Ubuntu: sudo apt-get install gcc, macOS: xcode-select --install).")
}
