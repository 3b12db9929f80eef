// Package watch tells when files change: through file-system events
// (fsnotify) where they work, or by polling modification times where they
// do not (WSL on a Windows drive, network file systems).
package watch

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Settle is how long changes must stop before a change is reported: an
// editor's save is often several writes.
const Settle = 100 * time.Millisecond

// PollInterval is how often polling looks at the files.
const PollInterval = 300 * time.Millisecond

// Watch calls onChange (from one goroutine) after each burst of changes to
// a .go file in the folders dirs (not their subfolders), until ctx ends.
// With poll, or when file events cannot be set up, it polls. It returns
// ctx's error, or the error that stopped it.
func Watch(ctx context.Context, dirs []string, poll bool, onChange func(file string)) error {
	if !poll {
		w, err := fsnotify.NewWatcher()
		if err == nil {
			defer w.Close()
			for _, d := range dirs {
				if err = w.Add(d); err != nil {
					break
				}
			}
			if err == nil {
				return events(ctx, w, onChange)
			}
		}
		// Fall back to polling: file events are not available here.
	}
	return pollDirs(ctx, dirs, onChange)
}

func relevant(name string) bool {
	base := filepath.Base(name)
	return strings.HasSuffix(base, ".go") && !strings.HasPrefix(base, ".")
}

func events(ctx context.Context, w *fsnotify.Watcher, onChange func(string)) error {
	var timer <-chan time.Time
	last := ""
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case ev, ok := <-w.Events:
			if !ok {
				return fmt.Errorf("watch: events closed")
			}
			if relevant(ev.Name) && ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename|fsnotify.Remove) != 0 {
				last = ev.Name
				timer = time.After(Settle)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return fmt.Errorf("watch: errors closed")
			}
			return fmt.Errorf("watch: %w", err)
		case <-timer:
			timer = nil
			onChange(last)
		}
	}
}

// snapshot maps each .go file of the folders to its modification time and size.
func snapshot(dirs []string) map[string]string {
	m := map[string]string{}
	for _, d := range dirs {
		ents, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range ents {
			if e.IsDir() || !relevant(e.Name()) {
				continue
			}
			if info, err := e.Info(); err == nil {
				m[filepath.Join(d, e.Name())] = fmt.Sprint(info.ModTime().UnixNano(), info.Size(), info.Mode()&fs.ModeType)
			}
		}
	}
	return m
}

func pollDirs(ctx context.Context, dirs []string, onChange func(string)) error {
	t := time.NewTicker(PollInterval)
	defer t.Stop()
	prev := snapshot(dirs)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			cur := snapshot(dirs)
			changed := ""
			for f, v := range cur {
				if prev[f] != v {
					changed = f
				}
			}
			for f := range prev {
				if _, ok := cur[f]; !ok {
					changed = f
				}
			}
			prev = cur
			if changed != "" {
				onChange(changed)
			}
		}
	}
}

// Works reports whether file events are delivered in dir: doctor's check
// for WSL and network drives, where they often are not.
func Works(dir string) bool {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return false
	}
	defer w.Close()
	if err := w.Add(dir); err != nil {
		return false
	}
	f := filepath.Join(dir, "probe.go")
	if err := os.WriteFile(f, []byte("package probe\n"), 0o644); err != nil {
		return false
	}
	defer os.Remove(f)
	timeout := time.After(2 * time.Second)
	for {
		select {
		case ev := <-w.Events:
			if filepath.Base(ev.Name) == "probe.go" {
				return true
			}
		case <-w.Errors:
			return false
		case <-timeout:
			return false
		}
	}
}
