// Command study is the learner's coach for the dsweekends course: it knows
// the 20-weekend plan, runs the graded checks, records progress, gives
// hints, and verifies the whole project.
//
//	go run ./scripts/cmd/study            # where you are (status)
//	go run ./scripts/cmd/study plan 1     # weekend 1's schedule and exercises
//	go run ./scripts/cmd/study check 1    # run weekend 1's graded tests
//	go run ./scripts/cmd/study verify     # the project's own test command
//
// It speaks Korean and English (--lang ko|en; default from study.yaml, then $LANG).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// Exit codes: 0 all good, 1 something checked failed, 2 bad input or a
// broken environment (nothing was written).
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// exitError carries an exit code through cobra without printing anything more.
type exitError struct {
	code int
	err  error // printed when not nil
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usagef reports bad input: exit code 2, one line naming what was expected.
func usagef(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// failed reports that something checked did not pass; the command has
// already printed why.
var failed = &exitError{code: exitFailed}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := newRootCmd(stdout, stderr)
	cmd.SetArgs(args)
	err := cmd.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "study: %v\n", ee.err)
		}
		return ee.code
	}
	// Cobra's own errors: unknown command, bad flag, wrong number of arguments.
	fmt.Fprintf(stderr, "study: %v\n", err)
	return exitUsage
}
