package mr

import (
	"io"
	"os"
	"time"
)

// Expired reports whether a task handed out at started and not reported
// done has been with its worker for longer than timeout at now: the
// coordinator then gives it to the next worker that asks (the paper's §3.3).
func Expired(started, now time.Time, timeout time.Duration) bool {
	// TODO(weekend 12): compare how long the task has been out with timeout.
	return false
}

// WriteFileAtomic writes a file whose contents write produces, so that name
// never exists half-written: the contents go to a temporary file in the same
// directory, which is renamed to name only once complete (os.Rename is
// atomic within one file system). If write fails, name is left untouched.
func WriteFileAtomic(name string, write func(w io.Writer) error) error {
	// TODO(weekend 12): os.CreateTemp in filepath.Dir(name), write, close, rename.
	// Until then this writes in place: a crash leaves half a file under name.
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
