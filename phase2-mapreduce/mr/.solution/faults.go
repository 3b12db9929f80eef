package mr

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Expired reports whether a task handed out at started and not reported
// done has been with its worker for longer than timeout at now: the
// coordinator then gives it to the next worker that asks (the paper's §3.3).
func Expired(started, now time.Time, timeout time.Duration) bool {
	return now.Sub(started) > timeout
}

// WriteFileAtomic writes a file whose contents write produces, so that name
// never exists half-written: the contents go to a temporary file in the same
// directory, which is renamed to name only once complete (os.Rename is
// atomic within one file system). If write fails, name is left untouched.
func WriteFileAtomic(name string, write func(w io.Writer) error) error {
	// Same directory as name: a rename across file systems is a copy, not atomic.
	f, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // a no-op once renamed
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
