//go:build !unix

package testrun

import "os/exec"

func ownGroup(cmd *exec.Cmd) {}

func quitTestBinary(cmd *exec.Cmd, pkg string) bool { return false }
