package chat

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestRoomMessagesReachMembersOnly(t *testing.T) {
	ts := start(t, &Server{})
	alice, bob, carol := ts.login(t, "alice"), ts.login(t, "bob"), ts.login(t, "carol")
	alice.join("#go")
	bob.join("#go")
	alice.expect(JoinLine("#go", "bob"), "members are told who joins")
	carol.join("#other")

	alice.send("MSG #go hi all")
	alice.expect(MsgLine("#go", "alice", "hi all"), "the sender gets its own room message back, in order")
	bob.expect(MsgLine("#go", "alice", "hi all"), "every member of #go gets the message")
	carol.send("MSG #other anyone?")
	carol.expect(MsgLine("#other", "carol", "anyone?"), "carol is not in #go: her next line is her own #other message, not alice's #go message")

	bob.send("PART #go")
	bob.expect(PartLine("#go", "bob", "left"), "the leaver gets the PART notice")
	alice.expect(PartLine("#go", "bob", "left"), "members are told who leaves")
	alice.send("MSG #go still here")
	alice.expect(MsgLine("#go", "alice", "still here"), "alice's own copy")
	bob.send("MSG #go back?")
	bob.expectCode("not-in-room", "after PART, bob gets nothing from #go and may not send to it")
}

func TestDirectMessages(t *testing.T) {
	ts := start(t, &Server{})
	alice, bob := ts.login(t, "alice"), ts.login(t, "bob")
	alice.send("MSG bob psst")
	bob.expect(MsgLine("bob", "alice", "psst"), "a direct message: MSG <receiver> <sender> <text>")
	alice.expect(MsgLine("bob", "alice", "psst"), "the sender gets a copy of its direct message")
	alice.send("MSG ghost hello?")
	alice.expectCode("no-such-nick", "a direct message to a nick nobody has")
}

func TestNickRules(t *testing.T) {
	ts := start(t, &Server{})
	alice := ts.login(t, "alice")
	alice.join("#go")
	alice.send("NICK alicia")
	alice.expectCode("nick-already-set", "a nick is chosen once")

	other := ts.dial(t, "other")
	other.send("NICK alice")
	other.expectCode("nick-taken", "nicks are unique")

	bob := ts.login(t, "bob")
	bob.join("#go")
	alice.expect(JoinLine("#go", "bob"), "join notice")
	alice.c.Close()
	bob.expect(PartLine("#go", "alice", "disconnected"), "when a client disconnects, its rooms are told why")
	other.send("NICK alice")
	other.expect(OKLine(VerbNick, "alice"), "a disconnected client's nick is free again")
}

func TestNickCheckThenSetIsAtomic(t *testing.T) {
	const clients = 10
	var calls atomic.Int32
	second := make(chan struct{})
	var secondOnce sync.Once
	srv := &Server{CheckNick: func(nick string) error {
		if calls.Add(1) == 1 {
			// Stay slow until a second check of the same nick shows up (the
			// bug) or a generous window has passed (a correct server).
			select {
			case <-second:
			case <-time.After(time.Second):
			}
		} else {
			secondOnce.Do(func() { close(second) })
		}
		return nil
	}}
	ts := start(t, srv)
	conns := make([]*conn, clients)
	for i := range conns {
		conns[i] = ts.dial(t, fmt.Sprintf("client%d", i))
	}
	for _, c := range conns {
		go c.c.Write([]byte("NICK sam\n"))
	}
	ok := 0
	for _, c := range conns {
		line, err := c.next()
		require.NoError(t, err, "%s waited for the answer to NICK sam", c.name)
		switch {
		case line == OKLine(VerbNick, "sam"):
			ok++
		case strings.HasPrefix(line, "ERR nick-taken "):
		default:
			t.Fatalf("%s: want OK NICK sam or ERR nick-taken, got %q", c.name, line)
		}
	}
	require.Equal(t, 1, ok, "%d clients asked for the same nick at once while CheckNick was slow: exactly one may get it — check-then-set must be one step: reserve the nick under the lock before calling CheckNick", clients)
}

func TestSlowNickCheckDoesNotStallOthers(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	var releaseOnce sync.Once
	srv := &Server{CheckNick: func(nick string) error {
		if nick == "slow" {
			close(entered)
			<-release
		}
		if nick == "root" {
			return errors.New("reserved")
		}
		return nil
	}}
	ts := start(t, srv)
	defer releaseOnce.Do(func() { close(release) })
	alice, bob := ts.login(t, "alice"), ts.login(t, "bob")
	alice.join("#go")
	bob.join("#go")
	alice.expect(JoinLine("#go", "bob"), "join notice")

	slow := ts.dial(t, "slow")
	slow.send("NICK slow")
	select {
	case <-entered:
	case <-time.After(lineWait):
		t.Fatal("NICK slow never called CheckNick: every valid, free nick is checked")
	}
	alice.send("MSG #go not waiting")
	bob.expect(MsgLine("#go", "alice", "not waiting"), "while CheckNick runs for one client, everyone else goes on: never call CheckNick while holding the server's lock")
	releaseOnce.Do(func() { close(release) })
	slow.expect(OKLine(VerbNick, "slow"), "after CheckNick allows it, the nick is given")

	root := ts.dial(t, "root")
	root.send("NICK root")
	root.expectCode("bad-nick", "CheckNick refused root: its error is sent as ERR bad-nick")
	root.send("NICK rooty")
	root.expect(OKLine(VerbNick, "rooty"), "after a refused nick the client may try another")
}

func TestBadInputGetsErrorLine(t *testing.T) {
	ts := start(t, &Server{MaxLineBytes: 64})
	c := ts.dial(t, "newbie")
	steps := []struct{ name, send, code string }{
		{"message before NICK", "MSG #go hi", "no-nick"},
		{"join before NICK", "JOIN #go", "no-nick"},
		{"unknown command", "HELLO there", "unknown-command"},
		{"binary garbage", "\x00\xff\xfe\x01\x1b[2J", "unknown-command"},
		{"NICK without a name", "NICK", "missing-argument"},
		{"invalid nick", "NICK bad!nick", "bad-nick"},
		{"over-long nick", "NICK " + strings.Repeat("n", MaxNickLen+1), "bad-nick"},
		{"line longer than MaxLineBytes", strings.Repeat("x", 65), "line-too-long"},
	}
	for _, s := range steps {
		c.send(s.send)
		c.expectCode(s.code, "%s: %q gets an error line and the connection stays open", s.name, s.send)
	}
	c.send("NICK newbie")
	c.expect(OKLine(VerbNick, "newbie"), "after bad lines the same connection still works")
	c.name = "newbie"
	steps = []struct{ name, send, code string }{
		{"room without #", "JOIN go", "bad-room"},
		{"message to a room not joined", "MSG #go hi", "not-in-room"},
		{"part a room not joined", "PART #go", "not-in-room"},
		{"message without text", "MSG #go", "missing-argument"},
		{"message to nobody", "MSG ghost hi", "no-such-nick"},
	}
	for _, s := range steps {
		c.send(s.send)
		c.expectCode(s.code, "%s: %q", s.name, s.send)
	}
	c.join("#go")
	c.send("JOIN #go")
	c.expectCode("already-in-room", "joining twice")
	c.send("MSG #go a\x07b\tc\x1b")
	c.expect(MsgLine("#go", "newbie", "ab c"), "control characters are stripped and a tab becomes a space")
	c.send(strings.Repeat("y", 200))
	c.expectCode("line-too-long", "a line of 200 bytes with MaxLineBytes 64")
	c.send("MSG #go " + strings.Repeat("z", 64-8))
	c.expect(MsgLine("#go", "newbie", strings.Repeat("z", 64-8)), "a line of exactly MaxLineBytes is fine, and the line after a too-long one is read cleanly")

	other := ts.login(t, "other")
	other.send("MSG newbie still serving")
	other.expect(MsgLine("newbie", "other", "still serving"), "the server keeps serving everyone after bad input")
}

func TestQuitSaysBye(t *testing.T) {
	ts := start(t, &Server{})
	alice, bob := ts.login(t, "alice"), ts.login(t, "bob")
	alice.join("#go")
	bob.join("#go")
	alice.expect(JoinLine("#go", "bob"), "join notice")
	alice.send("QUIT see you")
	require.Equal(t, ByeLine("quit see you"), alice.drain("after QUIT the server says BYE and closes"), "the last line after QUIT")
	bob.expect(PartLine("#go", "alice", "quit see you"), "members are told who quit and why")
}

func TestSilentClientIsDisconnected(t *testing.T) {
	ts := start(t, &Server{IdleTimeout: 200 * time.Millisecond})
	silent := ts.dial(t, "silent")
	require.Equal(t, ByeLine("idle timeout"), silent.drain("a client that sends nothing is disconnected after IdleTimeout"),
		"its last line: set a read deadline of IdleTimeout before reading each line")
	alice := ts.login(t, "alice")
	alice.send("MSG alice note to self")
	alice.expect(MsgLine("alice", "alice", "note to self"), "the server goes on serving new clients")
}

func TestDisconnectMidLineIsHarmless(t *testing.T) {
	ts := start(t, &Server{})
	alice, bob := ts.login(t, "alice"), ts.login(t, "bob")
	alice.join("#go")
	bob.join("#go")
	alice.expect(JoinLine("#go", "bob"), "join notice")
	_, err := bob.c.Write([]byte("MSG #go half a mess"))
	require.NoError(t, err)
	bob.c.Close()
	alice.expect(PartLine("#go", "bob", "disconnected"), "bob left in the middle of a line: the half line is thrown away (never delivered) and bob's rooms hear he disconnected")
	alice.send("MSG #go ok")
	alice.expect(MsgLine("#go", "alice", "ok"), "the server keeps serving")
}

func TestStuckReaderIsDroppedOthersKeepReceiving(t *testing.T) {
	const maxMessages = 20000
	ts := start(t, &Server{MaxQueue: 16, MaxLineBytes: 2048, WriteTimeout: 30 * time.Second})
	stuck := ts.login(t, "stuck")
	stuck.join("#r")
	alice, bob := ts.login(t, "alice"), ts.login(t, "bob")
	alice.join("#r")
	bob.join("#r")
	alice.expect(JoinLine("#r", "bob"), "join notice")

	text := strings.Repeat("x", 1000)
	dropped := map[*conn]bool{}
	sent := 0
	for i := 0; len(dropped) < 2; i++ {
		sent = i + 1
		require.Less(t, i, maxMessages, "stuck never reads, yet after %d room messages it was not disconnected: its queue must be bounded by MaxQueue, and a full queue means drop it", maxMessages)
		alice.send(fmt.Sprintf("MSG #r %d %s", i, text))
		want := MsgLine("#r", "alice", fmt.Sprintf("%d %s", i, text))
		for _, c := range []*conn{alice, bob} {
			got, err := c.next()
			require.NoError(t, err, "%s waited for room message %d while stuck does not read: a broadcast must never wait for a slow client — queue without blocking, drop the client whose queue is full", c.name, i)
			if strings.HasPrefix(got, "PART #r stuck ") {
				require.Contains(t, got, "too slow", "the PART notice for a dropped client says why")
				dropped[c] = true
				got, err = c.next()
				require.NoError(t, err, "%s waited for room message %d", c.name, i)
			}
			require.Equal(t, want, got, "%s: room messages keep arriving, in order, while stuck is dropped", c.name)
		}
	}
	t.Logf("stuck was dropped after %d room messages (the kernel's socket buffers held most of them)", sent)
	last := stuck.drain("a dropped client's connection is closed")
	require.True(t, strings.HasPrefix(last, "BYE too slow"), "the stuck client's last line says why it was dropped: want \"BYE too slow ...\", got %.60q", last)
}

func TestManyClientsKeepPerSenderOrder(t *testing.T) {
	const clients, each = 100, 10
	ts := start(t, &Server{MaxQueue: 4 * clients * each})
	conns := make([]*conn, clients)
	var joined sync.WaitGroup
	errs := make(chan error, clients)
	for i := range conns {
		conns[i] = ts.dial(t, fmt.Sprintf("u%d", i))
	}
	for i, c := range conns {
		joined.Go(func() {
			c.c.SetDeadline(time.Now().Add(30 * time.Second))
			_, err := fmt.Fprintf(c.c, "NICK u%d\nJOIN #all\n", i)
			if err == nil {
				err = c.until(JoinLine("#all", c.name))
			}
			if err != nil {
				errs <- fmt.Errorf("%s joining: %w", c.name, err)
			}
		})
	}
	joined.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}

	// Everyone is in #all: all send at once, then each reads every message.
	var wg sync.WaitGroup
	results := make(chan error, clients)
	for _, c := range conns {
		wg.Go(func() {
			for k := range each {
				if _, err := fmt.Fprintf(c.c, "MSG #all %d\n", k); err != nil {
					results <- err
					return
				}
			}
			results <- c.readOrdered(clients * each)
		})
	}
	wg.Wait()
	close(results)
	for err := range results {
		require.NoError(t, err, "%d clients each sent %d numbered messages to one room at once: everyone must get all of them, each sender's in the order sent", clients, each)
	}
}

// until reads lines (with the conn's deadline) until one equals want.
func (c *conn) until(want string) error {
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			return fmt.Errorf("waiting for %q: %w", want, err)
		}
		if strings.TrimSuffix(line, "\n") == want {
			return nil
		}
	}
}

// readOrdered reads n MSG lines (ignoring others) and checks that each
// sender's numbers arrive as 0, 1, 2, ...
func (c *conn) readOrdered(n int) error {
	next := map[string]int{}
	for got := 0; got < n; {
		line, err := c.r.ReadString('\n')
		if err != nil {
			return fmt.Errorf("%s got %d of %d messages: %w", c.name, got, n, err)
		}
		f := strings.Fields(line)
		if len(f) != 4 || f[0] != "MSG" {
			continue
		}
		if want := fmt.Sprint(next[f[2]]); f[3] != want {
			return fmt.Errorf("%s: from %s got message %s, want %s — per-sender order broken", c.name, f[2], f[3], want)
		}
		next[f[2]]++
		got++
	}
	return nil
}

func TestCloseWithClientsConnectedLeaksNothing(t *testing.T) {
	ts := start(t, &Server{})
	alice, bob := ts.login(t, "alice"), ts.login(t, "bob")
	alice.join("#go")
	bob.join("#go")
	alice.expect(JoinLine("#go", "bob"), "join notice")
	anon := ts.dial(t, "anon") // connected, no nick
	// Make sure the server has registered it before closing.
	anon.send("PING")
	anon.expectCode("unknown-command", "a registered connection answers")

	ts.stop(t)
	for _, c := range []*conn{alice, bob, anon} {
		require.Equal(t, ByeLine("server shutting down"), c.drain("Close closes every connection"),
			"%s's last line: Close tells every connected client before closing its connection", c.name)
		c.c.Close()
	}
	goleak.VerifyNone(t)
}
