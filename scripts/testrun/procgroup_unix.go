//go:build unix

package testrun

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// ownGroup runs cmd in a process group of its own and makes cancelling
// its context kill the whole group: go test, the test binaries it started
// and whatever they started (MapReduce's worker processes), not just go test.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// quitTestBinary sends SIGQUIT to the test binary of package pkg running in
// cmd's process group: the Go runtime then prints every goroutine's stack
// and exits, so a hanging test ends with the goroutines that hang. It
// reports whether it found the binary.
func quitTestBinary(cmd *exec.Cmd, pkg string) bool {
	if cmd.Process == nil {
		return false
	}
	pgid := cmd.Process.Pid
	want := filepath.Base(pkg) + ".test"
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		if g, err := syscall.Getpgid(pid); err != nil || g != pgid {
			continue
		}
		argv, err := os.ReadFile(filepath.Join("/proc", d.Name(), "cmdline"))
		if err != nil {
			continue
		}
		arg0, _, _ := strings.Cut(string(argv), "\x00")
		if filepath.Base(arg0) == want {
			return syscall.Kill(pid, syscall.SIGQUIT) == nil
		}
	}
	return false
}
