// Package browser starts a real headless Chromium for tests of anything
// the course renders (SVG charts, HTML timelines), through chromedp.
//
// It uses the system's Chromium (Debian's chromium package); .ci/run
// installs it. Where none is installed a test is skipped with a message
// saying how to install one, except in CI, where a missing browser fails.
package browser

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// ErrNotFound reports that no Chromium is installed.
var ErrNotFound = errors.New("no Chromium found (install it: sudo apt-get install chromium)")

// Find returns the path of an installed Chromium or Chrome.
func Find() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNotFound
}

// New returns a browser tab's context for the test, closed when the test
// ends. Without a browser it skips the test (fails it in CI).
func New(t testing.TB) context.Context {
	t.Helper()
	path, err := Find()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%v: CI must run the browser tests (.ci/run installs chromium)", err)
		}
		t.Skipf("skipping the browser test: %v", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	return ctx
}

// ConsoleErrors collects the console errors and uncaught exceptions of the
// tab from now on; stop ends the collection and returns them.
func ConsoleErrors(ctx context.Context) (stop func() []string) {
	cctx, cancel := context.WithCancel(ctx)
	var mu sync.Mutex
	var errs []string
	done := make(chan struct{})
	msgs := chromedp.Console(cctx)
	go func() {
		defer close(done)
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				errs = append(errs, m.String())
				mu.Unlock()
			}
		}
	}()
	return func() []string {
		cancel()
		<-done
		mu.Lock()
		defer mu.Unlock()
		return errs
	}
}
