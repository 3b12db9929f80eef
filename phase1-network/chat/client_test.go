package chat

import (
	"bufio"
	"io"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// person runs the real phase1-network/cmd/chat client as a child process and
// drives it through its stdin and stdout, as a person at a terminal would.
type person struct {
	t     *testing.T
	name  string
	cmd   *exec.Cmd
	in    io.WriteCloser
	lines chan string
}

// buildClient builds cmd/chat once per test into a temporary directory.
func buildClient(t *testing.T) string {
	t.Helper()
	exe := filepath.Join(t.TempDir(), "chat")
	out, err := exec.Command("go", "build", "-o", exe, "dsweekends/phase1-network/cmd/chat").CombinedOutput()
	require.NoError(t, err, "go build ./phase1-network/cmd/chat:\n%s", out)
	return exe
}

func startPerson(t *testing.T, exe, addr, nick string) *person {
	t.Helper()
	cmd := exec.Command(exe, "-addr", addr, "-nick", nick)
	in, err := cmd.StdinPipe()
	require.NoError(t, err)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start(), "start the chat client")
	p := &person{t: t, name: nick, cmd: cmd, in: in, lines: make(chan string, 100)}
	go func() {
		defer close(p.lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
	}()
	t.Cleanup(func() {
		in.Close()
		cmd.Process.Kill() // no-op when it has exited
		for range p.lines {
		}
		cmd.Wait()
	})
	return p
}

func (p *person) types(line string) {
	p.t.Helper()
	_, err := io.WriteString(p.in, line+"\n")
	require.NoError(p.t, err, "%s types %q", p.name, line)
}

// sees waits until the client prints want.
func (p *person) sees(want, why string) {
	p.t.Helper()
	timeout := time.After(lineWait)
	var seen []string
	for {
		select {
		case line, ok := <-p.lines:
			require.True(p.t, ok, "%s's client exited before printing %q (%s); it printed %q", p.name, want, why, seen)
			if line == want {
				return
			}
			seen = append(seen, line)
		case <-timeout:
			p.t.Fatalf("%s's client never printed %q (%s); it printed %q", p.name, want, why, seen)
		}
	}
}

// exits waits for the client to exit with status 0.
func (p *person) exits() {
	p.t.Helper()
	done := make(chan error, 1)
	go func() {
		for range p.lines { // drain the output so the process can finish
		}
		done <- p.cmd.Wait()
	}()
	select {
	case err := <-done:
		require.NoError(p.t, err, "%s's client exit status after /quit", p.name)
	case <-time.After(2 * lineWait):
		p.t.Fatalf("%s's client did not exit after /quit: the server must answer QUIT with BYE and close the connection", p.name)
	}
}

func TestChatClientTwoPeople(t *testing.T) {
	ts := start(t, &Server{})
	exe := buildClient(t)
	alice := startPerson(t, exe, ts.addr, "alice")
	alice.sees("* you are alice", "the client sends NICK alice; the server answers OK NICK alice")
	alice.types("/join #go")
	alice.sees("* alice joined #go", "JOIN #go")
	bob := startPerson(t, exe, ts.addr, "bob")
	bob.sees("* you are bob", "NICK bob")
	bob.types("/join #go")
	bob.sees("* bob joined #go", "JOIN #go")
	alice.sees("* bob joined #go", "members are told who joins")

	alice.types("hi bob")
	bob.sees("[#go] alice: hi bob", "a room message from alice")
	bob.types("hi alice")
	alice.sees("[#go] bob: hi alice", "a room message from bob")

	alice.types("/quit bye")
	alice.sees("* server says bye: quit bye", "QUIT is answered with BYE")
	alice.exits()
	bob.sees("* alice left #go (quit bye)", "members are told who quit")
	bob.types("/quit")
	bob.exits()
}
