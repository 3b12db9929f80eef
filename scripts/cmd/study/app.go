package main

import (
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"dsweekends/scripts/grade"
	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/state"
	"dsweekends/scripts/ui"
)

// app is what every command needs: the workspace, the plan, the learner's
// settings, the language and where to write.
type app struct {
	*ui.UI
	root     string
	rm       *roadmap.Roadmap
	settings state.Settings
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
	lang, err := ui.ChooseLang(langFlag, settings.Lang, os.Getenv("LANG"))
	if err != nil {
		return nil, usagef("%v", err)
	}
	return &app{UI: ui.New(lang, stdout, stderr), root: root, rm: rm, settings: settings, now: today}, nil
}

// today returns the current time, or the date in $STUDY_TODAY (YYYY-MM-DD)
// when set: the CLI tests pin the calendar with it.
func today() time.Time {
	if d, err := time.ParseInLocation(state.DateLayout, os.Getenv("STUDY_TODAY"), time.Local); err == nil {
		return d
	}
	return time.Now()
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
func (a *app) dir(e roadmap.Exercise) string { return grade.Dir(a.root, e) }

// exercisesOrCore resolves exercise ids or package names; with none, it
// returns every core exercise (the maintainers' commands' default).
func (a *app) exercisesOrCore(args []string) ([]roadmap.Exercise, error) {
	if len(args) == 0 {
		return roadmap.Filter(a.rm.Exercises, roadmap.Exercise.Core), nil
	}
	var es []roadmap.Exercise
	for _, id := range args {
		found, err := a.resolveExercises(id)
		if err != nil {
			return nil, err
		}
		es = append(es, found...)
	}
	return es, nil
}
