// Package roadmap holds the whole course plan — twenty weekends, their
// Saturday and Sunday blocks, deliverables, exercises, the Go checklist,
// milestones, routines and reading — as one data file, roadmap.yaml,
// embedded in the study command.
//
// The plan's own words are Korean; every text carries an English
// translation beside it (see [Text]). Items that no test can measure (a
// lecture watched, a paper read, a blog post written) are marked
// self-reported and kept apart from the measured ones: a checklist item or
// a milestone is measured by the graded tests it names.
package roadmap

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// files holds the plan (roadmap.yaml) and the exercises, one file per
// weekend (exercises/wNN.yaml).
//
//go:embed roadmap.yaml exercises/*.yaml
var files embed.FS

// Text is a piece of text in both of the course's languages.
type Text struct {
	Ko string `yaml:"ko"`
	En string `yaml:"en"`
}

// In returns the text in lang ("ko" or "en"), falling back to the other
// language when the requested one is empty.
func (t Text) In(lang string) string {
	if lang == "ko" && t.Ko != "" || t.En == "" {
		return t.Ko
	}
	return t.En
}

// Roadmap is the whole plan. It is read-only after [Load]; share it freely.
type Roadmap struct {
	Title      Text            `yaml:"title"`
	TotalHours float64         `yaml:"total_hours"`
	Phases     []Phase         `yaml:"phases"`
	Weekends   []Weekend       `yaml:"weekends"`
	Exercises  []Exercise      `yaml:"exercises"`
	Checklist  []ChecklistItem `yaml:"checklist"`
	Milestones []Milestone     `yaml:"milestones"`
	Routines   Routines        `yaml:"routines"`
	Templates  DayTemplates    `yaml:"templates"`
	Reading    []ReadingStage  `yaml:"reading"`
}

// Phase is one of the plan's phases, a run of consecutive weekends.
type Phase struct {
	N          int         `yaml:"n"`
	Title      Text        `yaml:"title"`
	First      int         `yaml:"first"` // first weekend of the phase
	Last       int         `yaml:"last"`  // last weekend of the phase
	Completion []Criterion `yaml:"completion"`
	Note       Text        `yaml:"note,omitempty"`
}

// Criterion is one of a phase's completion rules. Exactly one kind applies:
// a self-reported item, a minimum Go-checklist percentage, or "every
// exercise of the phase passes".
type Criterion struct {
	Text             `yaml:",inline"`
	ID               string `yaml:"id"`
	Self             bool   `yaml:"self,omitempty"`
	ChecklistPercent int    `yaml:"checklist_percent,omitempty"`
	Exercises        bool   `yaml:"exercises,omitempty"`
}

// Weekend is one weekend of the plan: 4 hours on Saturday, 3 on Sunday.
type Weekend struct {
	N     int  `yaml:"n"`
	Phase int  `yaml:"phase"`
	Title Text `yaml:"title"`
	Goal  Text `yaml:"goal"`
	// Source is "plan" when the blocks are the plan's own schedule, or
	// "derived" when the plan gives one schedule for a pair of weekends and
	// this weekend's blocks were written to continue it (see Note).
	Source       string        `yaml:"source"`
	Note         Text          `yaml:"note,omitempty"`
	Saturday     []Block       `yaml:"saturday"`
	Sunday       []Block       `yaml:"sunday"`
	Deliverables []Deliverable `yaml:"deliverables"`
}

// Hours returns the weekend's planned hours, Saturday plus Sunday.
func (w Weekend) Hours() float64 { return sumHours(w.Saturday) + sumHours(w.Sunday) }

// Block is one slot of a day's schedule.
type Block struct {
	Text    `yaml:",inline"`
	Hours   float64 `yaml:"hours"`
	Details []Text  `yaml:"details,omitempty"`
	// Handson marks the plan's hands-on blocks (실습, 구현, 테스트/디버깅):
	// a weekend's core exercises must fit their hours.
	Handson bool `yaml:"handson,omitempty"`
}

// HandsonHours returns the hours of the weekend's hands-on blocks.
func (w Weekend) HandsonHours() float64 {
	var h float64
	for _, b := range append(append([]Block{}, w.Saturday...), w.Sunday...) {
		if b.Handson {
			h += b.Hours
		}
	}
	return h
}

// Deliverable is one of a weekend's 산출물. Self-reported ones are notes,
// drawings and posts; the others are proved by the exercises they name.
type Deliverable struct {
	Text      `yaml:",inline"`
	Self      bool     `yaml:"self,omitempty"`
	Exercises []string `yaml:"exercises,omitempty"`
}

// Tiers of an exercise.
const (
	// Core exercises are the weekend's completion check: status, milestones,
	// tags and the Go checklist count them, and they fit the plan's hours.
	Core = "core"
	// Stretch exercises (더 해보기) are optional: graded and verified the
	// same way, outside completion and the plan's pace.
	Stretch = "stretch"
)

// Exercise is one graded package (or a part of one): a skeleton to edit,
// graded tests and a reference solution in .solution/.
type Exercise struct {
	ID      string       `yaml:"id"`
	Weekend int          `yaml:"weekend"`
	Tier    string       `yaml:"tier"`    // Core or Stretch
	Minutes int          `yaml:"minutes"` // what a learner at this point of the plan needs
	Title   Text         `yaml:"title"`
	Path    string       `yaml:"path"`  // package directory, slash-separated, from the workspace root
	Edit    []string     `yaml:"edit"`  // files the learner edits
	Tests   []GradedTest `yaml:"tests"` // graded Test* functions
	// Hang is how many seconds one of its graded tests may run without a
	// verdict before study check stops it as hanging (0: DefaultHang).
	Hang int `yaml:"hang,omitempty"`
}

// DefaultHang is how long a graded test may run without a verdict before
// study check stops it and shows where its goroutines wait: far above what
// any graded test needs on a slow laptop under -race, far below go test's
// ten minutes.
const DefaultHang = 45 * time.Second

// HangLimit returns how long one of e's graded tests may run without a verdict.
func (e Exercise) HangLimit() time.Duration {
	if e.Hang > 0 {
		return time.Duration(e.Hang) * time.Second
	}
	return DefaultHang
}

// GradedTest is one graded test function and its purpose in one line.
type GradedTest struct {
	Name string `yaml:"name"`
	Text `yaml:",inline"`
}

// Core reports whether the exercise is part of its weekend's completion check.
func (e Exercise) Core() bool { return e.Tier == Core }

// TestNames returns the names of the exercise's graded tests, in roadmap order.
func (e Exercise) TestNames() []string {
	out := make([]string, len(e.Tests))
	for i, t := range e.Tests {
		out[i] = t.Name
	}
	return out
}

// Purpose returns the one-line purpose of the named graded test.
func (e Exercise) Purpose(test string) Text {
	for _, t := range e.Tests {
		if t.Name == test {
			return t.Text
		}
	}
	return Text{}
}

// ChecklistItem is one item of the Phase 0 Go checklist, proved by tests.
type ChecklistItem struct {
	Text  `yaml:",inline"`
	ID    string   `yaml:"id"`
	Group string   `yaml:"group"` // "basics", "advanced" or "readiness"
	Week  int      `yaml:"week"`
	Tests []string `yaml:"tests"` // "exercise.TestName"
}

// Milestone is one of the plan's four checkpoints, tagged in git when all
// the work scheduled up to its week passes.
type Milestone struct {
	Week  int             `yaml:"week"`
	Tag   string          `yaml:"tag"`
	Title Text            `yaml:"title"`
	Items []MilestoneItem `yaml:"items"`
}

// MilestoneItem is one line of a milestone as the plan words it.
// Measured items are proved by the exercises of the weekends they name;
// Note records where the plan's wording runs ahead of its own schedule.
type MilestoneItem struct {
	Text     `yaml:",inline"`
	Self     bool  `yaml:"self,omitempty"`
	Weekends []int `yaml:"weekends,omitempty"`
	Note     Text  `yaml:"note,omitempty"`
}

// Routines are the plan's recurring checklists.
type Routines struct {
	WeeklyStart []Text `yaml:"weekly_start"`
	WeeklyEnd   []Text `yaml:"weekly_end"`
	Monthly     []Text `yaml:"monthly"`
}

// DayTemplates are the plan's hour-by-hour templates for a Saturday and a Sunday.
type DayTemplates struct {
	Saturday []Slot `yaml:"saturday"`
	Sunday   []Slot `yaml:"sunday"`
}

// Slot is one row of a day template.
type Slot struct {
	Text    `yaml:",inline"`
	Time    string `yaml:"time"` // "10:00-11:30"
	Details []Text `yaml:"details,omitempty"`
}

// ReadingStage is the plan's 필수 자료 for a run of weeks.
type ReadingStage struct {
	Title Text          `yaml:"title"`
	First int           `yaml:"first"`
	Last  int           `yaml:"last"`
	Items []ReadingItem `yaml:"items"`
}

// ReadingItem is one book, course, paper or tool.
type ReadingItem struct {
	Text `yaml:",inline"`
	URL  string `yaml:"url,omitempty"`
}

// Load parses the embedded roadmap and its exercise files.
func Load() (*Roadmap, error) {
	b, err := files.ReadFile("roadmap.yaml")
	if err != nil {
		return nil, fmt.Errorf("roadmap: %w", err)
	}
	r, err := Parse(b)
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(files, "exercises/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("roadmap: %w", err)
	}
	for _, name := range names { // sorted: w01.yaml, w02-core.yaml, w02.yaml, …
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("roadmap: %w", err)
		}
		es, err := ParseExercises(b)
		if err != nil {
			return nil, fmt.Errorf("roadmap: %s: %w", name, err)
		}
		r.Exercises = append(r.Exercises, es...)
	}
	return r, nil
}

// Parse parses a roadmap document, rejecting unknown fields.
func Parse(b []byte) (*Roadmap, error) {
	var r Roadmap
	if err := decodeStrict(b, &r); err != nil {
		return nil, fmt.Errorf("roadmap: %w", err)
	}
	return &r, nil
}

// ParseExercises parses one exercise file: a list of exercises.
func ParseExercises(b []byte) ([]Exercise, error) {
	var es []Exercise
	if err := decodeStrict(b, &es); err != nil {
		return nil, err
	}
	return es, nil
}

func decodeStrict(b []byte, v any) error {
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	return dec.Decode(v)
}

// Weekend returns weekend n, or false when the plan has no such weekend.
func (r *Roadmap) Weekend(n int) (Weekend, bool) {
	for _, w := range r.Weekends {
		if w.N == n {
			return w, true
		}
	}
	return Weekend{}, false
}

// Exercise returns the exercise with the given id, or false.
func (r *Roadmap) Exercise(id string) (Exercise, bool) {
	for _, e := range r.Exercises {
		if e.ID == id {
			return e, true
		}
	}
	return Exercise{}, false
}

// ExercisesOf returns the exercises of weekend n, in roadmap order.
func (r *Roadmap) ExercisesOf(n int) []Exercise {
	var out []Exercise
	for _, e := range r.Exercises {
		if e.Weekend == n {
			out = append(out, e)
		}
	}
	return out
}

// CoreOf returns the core exercises of weekend n, in roadmap order.
func (r *Roadmap) CoreOf(n int) []Exercise { return Filter(r.ExercisesOf(n), Exercise.Core) }

// Filter returns the exercises for which keep is true.
func Filter(es []Exercise, keep func(Exercise) bool) []Exercise {
	var out []Exercise
	for _, e := range es {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}

// PhaseOf returns the phase that weekend n belongs to, or false.
func (r *Roadmap) PhaseOf(n int) (Phase, bool) {
	for _, p := range r.Phases {
		if p.First <= n && n <= p.Last {
			return p, true
		}
	}
	return Phase{}, false
}

func sumHours(bs []Block) float64 {
	var h float64
	for _, b := range bs {
		h += b.Hours
	}
	return h
}
