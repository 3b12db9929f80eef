package chat

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dsweekends/testkit/say"
	"dsweekends/testkit/shutdown"
	"github.com/stretchr/testify/require"
)

func TestRoomMessagesReachMembersOnly(t *testing.T) {
	t.Parallel()
	ts := start(t, &Server{})
	alice, bob, carol := ts.login(t, "alice"), ts.login(t, "bob"), ts.login(t, "carol")
	alice.join("#go")
	bob.join("#go")
	alice.expect(JoinLine("#go", "bob"), say.T("방의 멤버들은 누가 들어왔는지 듣습니다", "members are told who joins"))
	carol.join("#other")

	alice.send("MSG #go hi all")
	alice.expect(MsgLine("#go", "alice", "hi all"), say.T("보낸 사람도 자기 방 메시지를 순서대로 돌려받습니다", "the sender gets its own room message back, in order"))
	bob.expect(MsgLine("#go", "alice", "hi all"), say.T("#go의 모든 멤버가 메시지를 받습니다", "every member of #go gets the message"))
	carol.send("MSG #other anyone?")
	carol.expect(MsgLine("#other", "carol", "anyone?"), say.T("carol은 #go에 없습니다: 다음 줄은 alice의 #go 메시지가 아니라 자기 #other 메시지입니다", "carol is not in #go: her next line is her own #other message, not alice's #go message"))

	bob.send("PART #go")
	bob.expect(PartLine("#go", "bob", "left"), say.T("나간 사람도 PART 알림을 받습니다", "the leaver gets the PART notice"))
	alice.expect(PartLine("#go", "bob", "left"), say.T("멤버들은 누가 나갔는지 듣습니다", "members are told who leaves"))
	alice.send("MSG #go still here")
	alice.expect(MsgLine("#go", "alice", "still here"), say.T("alice 자신의 사본", "alice's own copy"))
	bob.send("MSG #go back?")
	bob.expectCode("not-in-room", say.T("PART 뒤 bob은 #go에서 아무것도 받지 않고 보낼 수도 없습니다", "after PART, bob gets nothing from #go and may not send to it"))
}

func TestDirectMessages(t *testing.T) {
	t.Parallel()
	ts := start(t, &Server{})
	alice, bob := ts.login(t, "alice"), ts.login(t, "bob")
	alice.send("MSG bob psst")
	bob.expect(MsgLine("bob", "alice", "psst"), say.T("귓속말: MSG <받는 사람> <보낸 사람> <내용>", "a direct message: MSG <receiver> <sender> <text>"))
	alice.expect(MsgLine("bob", "alice", "psst"), say.T("보낸 사람도 귓속말의 사본을 받습니다", "the sender gets a copy of its direct message"))
	alice.send("MSG ghost hello?")
	alice.expectCode("no-such-nick", say.T("아무도 쓰지 않는 닉으로 보낸 귓속말", "a direct message to a nick nobody has"))
}

func TestNickRules(t *testing.T) {
	t.Parallel()
	ts := start(t, &Server{})
	alice := ts.login(t, "alice")
	alice.join("#go")
	alice.send("NICK alicia")
	alice.expectCode("nick-already-set", say.T("닉은 한 번만 정합니다", "a nick is chosen once"))

	other := ts.dial(t, "other")
	other.send("NICK alice")
	other.expectCode("nick-taken", say.T("닉은 겹칠 수 없습니다", "nicks are unique"))

	bob := ts.login(t, "bob")
	bob.join("#go")
	alice.expect(JoinLine("#go", "bob"), joinNotice)
	alice.c.Close()
	bob.expect(PartLine("#go", "alice", "disconnected"), say.T("클라이언트가 끊기면 그 방들은 이유를 듣습니다", "when a client disconnects, its rooms are told why"))
	other.send("NICK alice")
	other.expect(OKLine(VerbNick, "alice"), say.T("끊긴 클라이언트의 닉은 다시 쓸 수 있습니다", "a disconnected client's nick is free again"))
}

func TestNickCheckThenSetIsAtomic(t *testing.T) {
	t.Parallel()
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
		require.NoError(t, err, say.F("%s가 NICK sam의 답을 기다렸지만 오지 않았습니다", "%s waited for the answer to NICK sam", c.name))
		switch {
		case line == OKLine(VerbNick, "sam"):
			ok++
		case strings.HasPrefix(line, "ERR nick-taken "):
		default:
			t.Fatal(say.F("%s: OK NICK sam 또는 ERR nick-taken을 기대했지만 %q를 받았습니다", "%s: want OK NICK sam or ERR nick-taken, got %q", c.name, line))
		}
	}
	require.Equal(t, 1, ok, say.F("CheckNick이 느린 동안 클라이언트 %d개가 같은 닉을 동시에 요청했습니다: 정확히 하나만 얻어야 합니다 — 확인과 등록은 한 단계: CheckNick을 부르기 전에 잠금 아래에서 닉을 예약하세요",
		"%d clients asked for the same nick at once while CheckNick was slow: exactly one may get it — check-then-set must be one step: reserve the nick under the lock before calling CheckNick", clients))
}

func TestSlowNickCheckDoesNotStallOthers(t *testing.T) {
	t.Parallel()
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
	alice.expect(JoinLine("#go", "bob"), joinNotice)

	slow := ts.dial(t, "slow")
	slow.send("NICK slow")
	select {
	case <-entered:
	case <-time.After(lineWait):
		t.Fatal(say.T("NICK slow가 CheckNick을 부르지 않았습니다: 유효하고 비어 있는 닉은 모두 확인합니다", "NICK slow never called CheckNick: every valid, free nick is checked"))
	}
	alice.send("MSG #go not waiting")
	bob.expect(MsgLine("#go", "alice", "not waiting"), say.T("한 클라이언트의 CheckNick이 도는 동안 다른 모두는 계속 진행합니다: 서버 잠금을 잡은 채 CheckNick을 부르면 안 됩니다", "while CheckNick runs for one client, everyone else goes on: never call CheckNick while holding the server's lock"))
	releaseOnce.Do(func() { close(release) })
	slow.expect(OKLine(VerbNick, "slow"), say.T("CheckNick이 허락하면 닉을 줍니다", "after CheckNick allows it, the nick is given"))

	root := ts.dial(t, "root")
	root.send("NICK root")
	root.expectCode("bad-nick", say.T("CheckNick이 root를 거절했습니다: 그 에러는 ERR bad-nick으로 보냅니다", "CheckNick refused root: its error is sent as ERR bad-nick"))
	root.send("NICK rooty")
	root.expect(OKLine(VerbNick, "rooty"), say.T("닉이 거절된 뒤 다른 닉을 시도할 수 있습니다", "after a refused nick the client may try another"))
}

func TestBadInputGetsErrorLine(t *testing.T) {
	t.Parallel()
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
		c.expectCode(s.code, say.F("%s: %q에는 에러 줄로 답하고 연결은 열어 둡니다", "%s: %q gets an error line and the connection stays open", s.name, s.send))
	}
	c.send("NICK newbie")
	c.expect(OKLine(VerbNick, "newbie"), say.T("잘못된 줄 뒤에도 같은 연결이 계속 동작합니다", "after bad lines the same connection still works"))
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
		c.expectCode(s.code, fmt.Sprintf("%s: %q", s.name, s.send))
	}
	c.join("#go")
	c.send("JOIN #go")
	c.expectCode("already-in-room", say.T("두 번 들어가기", "joining twice"))
	c.send("MSG #go a\x07b\tc\x1b")
	c.expect(MsgLine("#go", "newbie", "ab c"), say.T("제어 문자는 지우고 탭은 공백이 됩니다", "control characters are stripped and a tab becomes a space"))
	c.send(strings.Repeat("y", 200))
	c.expectCode("line-too-long", say.T("MaxLineBytes 64에서 200바이트 줄", "a line of 200 bytes with MaxLineBytes 64"))
	c.send("MSG #go " + strings.Repeat("z", 64-8))
	c.expect(MsgLine("#go", "newbie", strings.Repeat("z", 64-8)), say.T("정확히 MaxLineBytes인 줄은 괜찮고, 너무 긴 줄 다음 줄도 깨끗하게 읽습니다", "a line of exactly MaxLineBytes is fine, and the line after a too-long one is read cleanly"))

	other := ts.login(t, "other")
	other.send("MSG newbie still serving")
	other.expect(MsgLine("newbie", "other", "still serving"), say.T("잘못된 입력 뒤에도 서버는 모두에게 계속 서비스합니다", "the server keeps serving everyone after bad input"))
}

func TestQuitSaysBye(t *testing.T) {
	t.Parallel()
	ts := start(t, &Server{})
	alice, bob := ts.login(t, "alice"), ts.login(t, "bob")
	alice.join("#go")
	bob.join("#go")
	alice.expect(JoinLine("#go", "bob"), joinNotice)
	alice.send("QUIT see you")
	require.Equal(t, ByeLine("quit see you"), alice.drain(say.T("QUIT 뒤 서버는 BYE를 보내고 연결을 닫습니다", "after QUIT the server says BYE and closes")), say.T("QUIT 뒤 마지막 줄", "the last line after QUIT"))
	bob.expect(PartLine("#go", "alice", "quit see you"), say.T("멤버들은 누가 왜 나갔는지 듣습니다", "members are told who quit and why"))
}

func TestSilentClientIsDisconnected(t *testing.T) {
	t.Parallel()
	ts := start(t, &Server{IdleTimeout: 200 * time.Millisecond})
	silent := ts.dial(t, "silent")
	require.Equal(t, ByeLine("idle timeout"), silent.drain(say.T("아무것도 보내지 않는 클라이언트는 IdleTimeout 뒤에 끊깁니다", "a client that sends nothing is disconnected after IdleTimeout")),
		say.T("그 마지막 줄: 줄마다 읽기 전에 IdleTimeout 만큼의 읽기 데드라인을 거세요", "its last line: set a read deadline of IdleTimeout before reading each line"))
	alice := ts.login(t, "alice")
	alice.send("MSG alice note to self")
	alice.expect(MsgLine("alice", "alice", "note to self"), say.T("서버는 새 클라이언트에게 계속 서비스합니다", "the server goes on serving new clients"))
}

func TestDisconnectMidLineIsHarmless(t *testing.T) {
	t.Parallel()
	// An IdleTimeout far longer than the test: the reason a client left is
	// the error it left with, not whether an IdleTimeout is set.
	ts := start(t, &Server{IdleTimeout: time.Minute})
	alice, bob := ts.login(t, "alice"), ts.login(t, "bob")
	alice.join("#go")
	bob.join("#go")
	alice.expect(JoinLine("#go", "bob"), joinNotice)
	_, err := bob.c.Write([]byte("MSG #go half a mess"))
	require.NoError(t, err)
	bob.c.Close()
	alice.expect(PartLine("#go", "bob", "disconnected"), say.T("bob이 줄 중간에 끊었습니다: 반쪽 줄은 버리고(전달하지 않음) bob의 방들은 그가 끊겼다고 듣습니다 — IdleTimeout(1분)이 있어도 이유는 idle timeout이 아니라 disconnected: idle timeout은 Next가 os.ErrDeadlineExceeded를 돌려줄 때만",
		"bob left in the middle of a line: the half line is thrown away (never delivered) and bob's rooms hear he disconnected — with an IdleTimeout (a minute) set too, the reason is disconnected, not idle timeout: that is only when Next returns os.ErrDeadlineExceeded"))
	alice.send("MSG #go ok")
	alice.expect(MsgLine("#go", "alice", "ok"), say.T("서버는 계속 서비스합니다", "the server keeps serving"))
}

func TestWriteTimeoutBoundsEachWrite(t *testing.T) {
	t.Parallel()
	const writeTimeout = 300 * time.Millisecond
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	sl := &stallListener{Listener: l}
	ts := startOn(t, &Server{WriteTimeout: writeTimeout}, sl)
	stuck := ts.login(t, "stuck")
	stuck.join("#r")
	alice := ts.login(t, "alice")
	alice.join("#r")
	stuck.expect(JoinLine("#r", "alice"), joinNotice)

	// WriteTimeout bounds each write, not a connection's life: a client that
	// has been connected longer than it, with nothing to receive, is not
	// slow. The sleep is the point (time passing), not a wait for an event.
	time.Sleep(2 * writeTimeout)
	alice.send("MSG alice note to self")
	alice.expect(MsgLine("alice", "alice", "note to self"), say.F(
		"alice는 WriteTimeout(%v)보다 오래 연결돼 있었을 뿐 느리지 않습니다: 쓰기 데드라인은 쓸 때마다 새로 겁니다(연결할 때 한 번이 아니라)",
		"alice has only been connected longer than WriteTimeout (%v); she is not slow: set the write deadline before each write, not once per connection", writeTimeout))

	// stuck stops taking bytes: the write of the next line to it blocks, and
	// WriteTimeout must end that write, so the server lets stuck go.
	stuckConn := sl.firstConn()
	stuckConn.stall()
	t.Cleanup(stuckConn.unstall)
	alice.send("MSG #r anyone?")
	alice.expect(MsgLine("#r", "alice", "anyone?"), say.T("alice 자신의 사본", "alice's own copy"))
	got, err := alice.next()
	require.NoError(t, err, say.F(
		"stuck은 바이트를 전혀 받지 않는데 WriteTimeout(%v) 뒤에도 끊기지 않았습니다 (#r에 PART가 오지 않음): 줄을 쓰기 전마다 SetWriteDeadline(now + WriteTimeout)을 거세요 — 막힌 Write는 그것만이 끝냅니다",
		"stuck accepts no bytes, yet WriteTimeout (%v) later it was not disconnected (no PART in #r): call SetWriteDeadline(now + WriteTimeout) before each write — nothing else ends a blocked Write", writeTimeout))
	require.True(t, strings.HasPrefix(got, "PART #r stuck "), say.F("바이트를 받지 않는 클라이언트는 WriteTimeout 뒤 끊기고 방은 PART를 듣습니다: \"PART #r stuck ...\"을 기대했지만 %q", "a client that accepts no bytes is disconnected after WriteTimeout and its rooms get a PART: want \"PART #r stuck ...\", got %q", got))
	stuckConn.unstall()
	stuck.drain(say.T("WriteTimeout으로 끊긴 클라이언트의 연결은 닫힙니다", "the connection of a client disconnected by WriteTimeout is closed"))
}

func TestStuckReaderIsDroppedOthersKeepReceiving(t *testing.T) {
	t.Parallel()
	// stuck's connection stops taking bytes (as a client that has stopped
	// reading does once the kernel's buffers are full, but at once): a correct
	// server drops it when its MaxQueue (16) lines are waiting. maxMessages is
	// far beyond that, and stops a server that queues without bound. alice
	// sends up to window messages ahead of what she and bob have read back;
	// the window is below MaxQueue, so alice and bob never fall behind.
	const maxMessages, window = 200, 8
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	sl := &stallListener{Listener: l}
	ts := startOn(t, &Server{MaxQueue: 16, MaxLineBytes: 2048, WriteTimeout: 30 * time.Second}, sl)
	stuck := ts.login(t, "stuck")
	stuck.join("#r")
	alice, bob := ts.login(t, "alice"), ts.login(t, "bob")
	alice.join("#r")
	bob.join("#r")
	alice.expect(JoinLine("#r", "bob"), joinNotice)
	stuckConn := sl.firstConn()
	stuckConn.stall()
	t.Cleanup(stuckConn.unstall)

	text := strings.Repeat("x", 1000)
	ahead, stop := make(chan struct{}, window), make(chan struct{})
	defer close(stop)
	go func() { // alice's sender; its writes fail once the test closes alice
		w := bufio.NewWriter(alice.c)
		for i := range maxMessages {
			select {
			case ahead <- struct{}{}:
			case <-stop:
				return
			}
			fmt.Fprintf(w, "MSG #r %d %s\n", i, text)
			if len(ahead) == cap(ahead) || i == maxMessages-1 {
				if w.Flush() != nil {
					return
				}
			}
		}
	}()
	dropped := map[*conn]bool{}
	sent := 0
	for i := 0; len(dropped) < 2; i++ {
		sent = i + 1
		require.Less(t, i, maxMessages, say.F("stuck은 전혀 읽지 않는데 방 메시지 %d개 뒤에도 끊기지 않았습니다: 큐는 MaxQueue로 제한하고, 큐가 가득 차면 끊어야 합니다", "stuck never reads, yet after %d room messages it was not disconnected: its queue must be bounded by MaxQueue, and a full queue means drop it", maxMessages))
		want := MsgLine("#r", "alice", fmt.Sprintf("%d %s", i, text))
		for _, c := range []*conn{alice, bob} {
			got, err := c.next()
			require.NoError(t, err, say.F("stuck이 읽지 않는 동안 %s가 방 메시지 %d를 %v 기다렸지만 오지 않았습니다: 브로드캐스트는 느린 클라이언트를 절대 기다리지 않습니다 — 막히지 않게 큐에 넣고, 큐가 가득 찬 클라이언트는 끊으세요",
				"%s waited %[3]v for room message %[2]d while stuck does not read: a broadcast must never wait for a slow client — queue without blocking, drop the client whose queue is full", c.name, i, lineWait))
			if strings.HasPrefix(got, "PART #r stuck ") {
				require.Contains(t, got, "too slow", say.T("끊긴 클라이언트의 PART 알림은 이유를 말합니다", "the PART notice for a dropped client says why"))
				dropped[c] = true
				got, err = c.next()
				require.NoError(t, err, say.F("%s가 방 메시지 %d를 기다렸습니다", "%s waited for room message %d", c.name, i))
			}
			require.Equal(t, want, got, say.F("%s: stuck이 끊기는 동안에도 방 메시지는 순서대로 계속 옵니다", "%s: room messages keep arriving, in order, while stuck is dropped", c.name))
		}
		<-ahead
	}
	t.Logf("stuck was dropped after %d room messages", sent)
	stuckConn.unstall() // let the server's writer finish: the queued lines, then BYE
	last := stuck.drain(say.T("끊긴 클라이언트의 연결은 닫힙니다", "a dropped client's connection is closed"))
	require.True(t, strings.HasPrefix(last, "BYE too slow"), say.F("stuck의 마지막 줄은 끊긴 이유를 말합니다: \"BYE too slow ...\"를 기대했지만 %.60q", "the stuck client's last line says why it was dropped: want \"BYE too slow ...\", got %.60q", last))
}

func TestManyClientsKeepPerSenderOrder(t *testing.T) {
	t.Parallel()
	const clients, each = 100, 4
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
		require.NoError(t, err, say.F("클라이언트 %d개가 한 방에 번호 붙은 메시지를 %d개씩 동시에 보냈습니다: 모두가 전부 받아야 하고, 보낸 사람별 순서도 지켜야 합니다", "%d clients each sent %d numbered messages to one room at once: everyone must get all of them, each sender's in the order sent", clients, each))
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

// joinNotice is the purpose of reading a JOIN notice a test needs out of the way.
var joinNotice = say.T("JOIN 알림", "join notice")

func TestCloseWithClientsConnectedLeaksNothing(t *testing.T) {
	// Not parallel: it counts goroutines, and judges only those started
	// after w (this test's server), exactly, with no retry window.
	w := shutdown.Start()
	ln := shutdown.Listen(t)
	ts := startOn(t, &Server{}, ln)
	alice, bob := ts.login(t, "alice"), ts.login(t, "bob")
	alice.join("#go")
	bob.join("#go")
	alice.expect(JoinLine("#go", "bob"), joinNotice)
	anon := ts.dial(t, "anon") // connected, no nick
	// Make sure the server has registered it before closing.
	anon.send("PING")
	anon.expectCode("unknown-command", say.T("등록된 연결은 답합니다", "a registered connection answers"))

	clients := []*conn{alice, bob, anon}
	if !ts.closeExactly(t, w, ln, func() {
		for _, c := range clients {
			c.c.Close()
		}
	}) {
		return
	}
	for _, c := range clients {
		require.Equal(t, ByeLine("server shutting down"), c.drain(say.T("Close는 모든 연결을 닫습니다", "Close closes every connection")),
			say.F("%s의 마지막 줄: Close는 연결을 닫기 전에 연결된 모든 클라이언트에게 알립니다", "%s's last line: Close tells every connected client before closing its connection", c.name))
		c.c.Close()
	}
}

func TestCommandSplitAcrossWritesIsOneLine(t *testing.T) {
	t.Parallel()
	ts := start(t, &Server{})
	alice := ts.dial(t, "alice")
	// TCP delivers bytes, not lines: one command may arrive in two reads, and
	// one read may hold two commands. The pause makes the two halves arrive
	// apart on loopback, as they do on a real network.
	halves := func(line string, cut int) {
		t.Helper()
		_, err := io.WriteString(alice.c, line[:cut])
		require.NoError(t, err)
		time.Sleep(20 * time.Millisecond)
		_, err = io.WriteString(alice.c, line[cut:])
		require.NoError(t, err)
	}
	halves("NICK alice\n", 3)
	alice.expect(OKLine(VerbNick, "alice"), say.T(
		"\"NI\"와 \"CK alice\\n\"이 따로 도착했습니다: 한 줄은 '\\n'까지이고 Read 한 번이 아닙니다 — NewCommandReader(또는 bufio)로 줄 단위로 읽으세요",
		"\"NI\" and \"CK alice\\n\" arrived apart: a line ends at '\\n', not at the end of one Read — read lines with NewCommandReader (or bufio), not single Reads"))
	_, err := io.WriteString(alice.c, "JOIN #go\nMSG #go one write, two commands\n")
	require.NoError(t, err)
	alice.expect(JoinLine("#go", "alice"), say.T("한 번의 쓰기에 명령 두 개: 첫째 줄", "two commands in one write: the first line"))
	alice.expect(MsgLine("#go", "alice", "one write, two commands"), say.T(
		"한 번의 쓰기에 명령 두 개: 둘째 줄도 실행해야 합니다 — Read 한 번에 여러 줄이 올 수 있습니다",
		"two commands in one write: the second line runs too — one Read may hold several lines"))
	halves("MSG #go hello world\n", len("MSG #go hel"))
	alice.expect(MsgLine("#go", "alice", "hello world"), say.T(
		"\"MSG #go hel\"과 \"lo world\\n\"이 따로 도착했습니다: 두 조각은 한 줄 \"MSG #go hello world\"입니다",
		"\"MSG #go hel\" and \"lo world\\n\" arrived apart: together they are one line, \"MSG #go hello world\""))
}
