package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"dsweekends/scripts/grade"
	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/state"
	"dsweekends/scripts/watch"
)

func newWatchCmd(load loader) *cobra.Command {
	var poll bool
	var maxRuns int
	cmd := &cobra.Command{
		Use:   "watch [EXERCISE]",
		Short: "Re-run the check each time you save: one exercise, or the weekend's core one after another",
		Long: `watch checks an exercise, then checks it again each time you save one of its
files, with a one-screen scorecard. Without an argument it follows you: the first
core exercise of the current weekend that does not pass, moving on to the next
when it passes. --poll watches by polling, for WSL and network drives (doctor
says when you need it).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			follow := len(args) == 0
			var e roadmap.Exercise
			if follow {
				var ok bool
				if e, ok, err = a.nextToWatch(); err != nil {
					return err
				} else if !ok {
					a.Printf("%s\n", a.Green(a.T("Every core exercise of this weekend passes. Nothing to watch: try the stretch ones (study plan).",
						"이번 주말의 핵심 과제를 모두 통과했습니다. 지켜볼 과제가 없습니다: 더 해보기 과제를 해 보세요 (study plan).")))
					return nil
				}
			} else {
				es, err := a.resolveExercises(args[0])
				if err != nil {
					return err
				}
				e = es[0]
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			return a.watch(ctx, e, follow, poll || a.settings.Poll, maxRuns)
		},
	}
	cmd.Flags().BoolVar(&poll, "poll", false, "poll for changes instead of using file events (WSL, network drives)")
	cmd.Flags().IntVar(&maxRuns, "max-runs", 0, "stop after this many checks (0: run until Ctrl-C)")
	_ = cmd.Flags().MarkHidden("max-runs")
	return cmd
}

// nextToWatch is the first core exercise of the current weekend that does
// not pass, as recorded.
func (a *app) nextToWatch() (roadmap.Exercise, bool, error) {
	n, _, ok := a.currentWeekend()
	if !ok || n < 1 {
		return roadmap.Exercise{}, false, usagef("which exercise? there is no current weekend (set a start date with `study start YYYY-MM-DD`), so name one: study watch EXERCISE")
	}
	results, err := state.LoadResults(a.root)
	if err != nil {
		return roadmap.Exercise{}, false, &exitError{code: exitUsage, err: err}
	}
	p := progress{rm: a.rm, results: results}
	for wk := 1; wk <= min(n, roadmap.NumWeekends); wk++ {
		for _, e := range a.rm.CoreOf(wk) {
			if !p.done(e) {
				return e, true, nil
			}
		}
	}
	return roadmap.Exercise{}, false, nil
}

// watch checks e now and after every save, until ctx ends (or maxRuns
// checks). A save during a check cancels it (its whole process tree) and
// starts a new one. Following, it moves on to the next core exercise when e
// passes.
func (a *app) watch(ctx context.Context, e roadmap.Exercise, follow, poll bool, maxRuns int) error {
	g := a.grader()
	race := grade.RaceAvailable(a.root)
	check := func(ctx context.Context, saved time.Time, file string) (passed bool) {
		if a.Color {
			a.Printf("\x1b[H\x1b[2J") // a clean screen for each result
		}
		if file != "" {
			a.Printf("%s %s\n", a.Dim(a.T("saved:", "저장됨:")), filepath.Base(file))
		}
		a.Printf("%s %s — %s\n", a.Bold(a.T("Watching", "지켜보는 중")), a.Bold(e.ID), a.Tx(e.Title))
		// First a quick run without the race detector, whose build links
		// fast, each verdict on screen as its test ends; then the -race run,
		// which is the one recorded, and is shown only if it tells more.
		quick, err := g.Run(ctx, []roadmap.Exercise{e}, grade.Options{Stream: true, Vet: true})
		if err != nil {
			a.Printf("%s %v\n", a.Red("✗"), err)
			return false
		}
		if ctx.Err() != nil {
			return false
		}
		g.Print(quick)
		if !saved.IsZero() {
			a.Printf("%s\n", a.Dim(fmt.Sprintf(a.T("scorecard %.2fs after the save", "저장 후 %.2f초 만에 채점"), time.Since(saved).Seconds())))
		}
		r := quick
		if race {
			a.Printf("%s", a.Dim(a.T("checking again with -race… ", "-race로 다시 확인 중… ")))
			raced, err := g.Run(ctx, []roadmap.Exercise{e}, grade.Options{Race: true})
			if err != nil || ctx.Err() != nil {
				return false
			}
			if sameOutcome(quick, raced, e) {
				a.Printf("%s\n", a.Dim(a.T("same result.", "결과가 같습니다.")))
			} else {
				a.Printf("\n%s\n", a.Red(a.T("The race detector changes the result:", "레이스 검출기를 켜면 결과가 달라집니다:")))
				g.Print(raced)
			}
			r = raced
		}
		_ = g.Record(r)
		return r.AllPass()
	}

	loop := watchLoop{
		dir:  func() string { return a.dir(e) },
		poll: poll, maxRuns: maxRuns,
		check: check,
		saves: a.watchSaves,
		restarting: func() {
			a.Printf("\n%s %s\n", a.Dim(a.T("saved again:", "다시 저장됨:")), a.Dim(a.T("stopping this check and starting over", "이 채점을 멈추고 새로 시작합니다")))
		},
		waiting: func() {
			a.Printf("%s\n", a.Dim(a.T("waiting for a save (Ctrl-C to stop)", "저장을 기다립니다 (멈추려면 Ctrl-C)")))
		},
	}
	if follow {
		loop.next = func() bool {
			next, ok, _ := a.nextToWatch()
			if !ok || next.ID == e.ID {
				return false
			}
			a.Printf("\n%s\n", a.Green(fmt.Sprintf(a.T("%s passes. Next: %s", "%s 통과! 다음 과제: %s"), e.ID, next.ID)))
			e = next
			return true
		}
	}
	return loop.run(ctx)
}

// watchLoop is watch's control flow, apart from what a check prints, so a
// test can drive it with a check of its own.
type watchLoop struct {
	dir     func() string // the folder to watch: the current exercise's
	poll    bool
	maxRuns int // stop after this many checks (0: until ctx ends)
	// check runs one check; saved and file name the save that started it
	// (zero for the first). It must return soon after ctx ends.
	check func(ctx context.Context, saved time.Time, file string) (passed bool)
	// saves reports saves in dir until stop is called.
	saves func(ctx context.Context, dir string, poll bool) (saves <-chan string, stop func())
	// next, when following, moves on to the next exercise after a pass and
	// reports whether there was one.
	next       func() bool
	restarting func() // a save arrived during a check, which is being cancelled
	waiting    func() // the check is done; waiting for a save
}

// run checks now and after every save until ctx ends (or maxRuns checks). A
// save during a check cancels that check, which is about old code, and
// starts a new one at once.
func (l watchLoop) run(ctx context.Context) error {
	saved, file := time.Time{}, ""
	for runs := 1; ; runs++ {
		saves, stopWatching := l.saves(ctx, l.dir(), l.poll)
		checkCtx, cancel := context.WithCancel(ctx)
		done := make(chan bool, 1)
		go func() { done <- l.check(checkCtx, saved, file) }()
		var passed, restarted bool
		select {
		case passed = <-done:
		case f := <-saves:
			cancel()
			<-done
			l.restarting()
			saved, file, restarted = time.Now(), f, true
		}
		cancel()
		if restarted {
			stopWatching()
			continue
		}
		if passed && l.next != nil && l.next() {
			stopWatching()
			saved, file = time.Time{}, ""
			continue
		}
		if ctx.Err() != nil || l.maxRuns > 0 && runs >= l.maxRuns {
			stopWatching()
			return nil
		}
		l.waiting()
		select {
		case f := <-saves:
			saved, file = time.Now(), f
			stopWatching()
		case <-ctx.Done():
			stopWatching()
			return nil
		}
	}
}

// watchSaves reports saves of .go files in dir on the returned channel
// (the latest, when several come before they are read) until stop is
// called; stop returns once the watcher has ended.
func (a *app) watchSaves(ctx context.Context, dir string, poll bool) (saves <-chan string, stop func()) {
	wctx, cancel := context.WithCancel(ctx)
	ch := make(chan string, 1)
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		err := watch.Watch(wctx, []string{dir}, poll, func(f string) {
			select {
			case ch <- f:
			default: // a save is already waiting to be read: it starts the same check
			}
		})
		if err != nil && wctx.Err() == nil {
			a.Warnf("%s %v\n", a.T("watch:", "watch:"), err)
		}
	}()
	return ch, func() {
		cancel()
		<-ended
	}
}

// sameOutcome reports whether two runs of an exercise passed the same tests.
func sameOutcome(a, b *grade.Result, e roadmap.Exercise) bool {
	an, aok := a.Passed(e)
	bn, bok := b.Passed(e)
	return an == bn && aok == bok
}
