package chat

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

// ErrServerClosed is returned by Serve after Close.
var ErrServerClosed = errors.New("chat: server closed")

// Server is a chat server. The zero value is ready to use; set the fields
// before calling Serve and do not change them afterwards. All methods are safe
// for concurrent use.
type Server struct {
	// MaxQueue is how many lines may wait to be written to one client. A
	// client whose queue is full when a line for it arrives is too slow: it is
	// disconnected with "BYE too slow ..." and nobody waits for it. Zero means
	// DefaultMaxQueue.
	MaxQueue int

	// MaxLineBytes is the longest line a client may send (see NewCommandReader). Zero
	// means DefaultMaxLineBytes.
	MaxLineBytes int

	// IdleTimeout disconnects a client that sends no complete line for this
	// long, with "BYE idle timeout". Zero means never.
	IdleTimeout time.Duration

	// WriteTimeout bounds each write to a client; a client that accepts no
	// bytes for this long is disconnected. Zero means 10 seconds.
	WriteTimeout time.Duration

	// CheckNick, if set, is asked about every nick that is valid and free
	// before it is given out; a non-nil error refuses the nick with
	// "ERR bad-nick <error>". It may be slow (think of a lookup in a user
	// database): never call it while holding the server's lock.
	CheckNick func(nick string) error

	// One mutex guards all the shared state below. Every line for a client is
	// queued while holding it, so all clients see all events in one order,
	// and a sender's lines reach everyone in the order they were sent.
	mu        sync.Mutex
	closed    bool
	listeners []net.Listener
	clients   map[*client]struct{}
	nicks     map[string]*client // includes nicks being checked (reserved)
	rooms     roomSet[*client]
	wg        sync.WaitGroup // two per client: reader and writer
}

// client is one connection. Its reader goroutine runs commands; its writer
// goroutine is the only one that writes to conn.
type client struct {
	conn net.Conn
	out  chan string // the bounded queue, plus one spare slot for the final BYE; closed by drop
	nick string      // "" until NICK succeeds; guarded by Server.mu
	gone bool        // dropped, out is closed; guarded by Server.mu
}

// Serve accepts connections on l and serves each client with its own
// goroutines until Close is called. It returns ErrServerClosed after Close,
// or the error that made Accept fail. Serve closes l before it returns.
func (s *Server) Serve(l net.Listener) error {
	defer l.Close()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrServerClosed
	}
	if s.clients == nil { // the zero Server is ready to use
		s.clients, s.nicks, s.rooms = map[*client]struct{}{}, map[string]*client{}, roomSet[*client]{}
	}
	s.listeners = append(s.listeners, l)
	s.mu.Unlock()

	for {
		conn, err := l.Accept()
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			if conn != nil {
				conn.Close()
			}
			return ErrServerClosed
		}
		if err != nil {
			s.mu.Unlock()
			return fmt.Errorf("chat: accept: %w", err)
		}
		c := &client{conn: conn, out: make(chan string, cmp.Or(s.MaxQueue, DefaultMaxQueue)+1)}
		s.clients[c] = struct{}{}
		s.wg.Add(2) // under mu and only while open, so Close's Wait never races an Add
		s.mu.Unlock()
		go s.write(c)
		go s.read(c)
	}
}

// Close stops the server: it closes the listeners, sends every connected
// client "BYE server shutting down", closes their connections once their
// queues are written (or their WriteTimeout expires), and returns when every
// goroutine the server started has ended.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	for _, l := range s.listeners {
		l.Close()
	}
	for c := range s.clients {
		s.dropLocked(c, "server shutting down")
	}
	s.mu.Unlock()
	s.wg.Wait()
	return nil
}

// write drains c's queue to its connection, then closes the connection. It
// ends when drop closes the queue, or at the first failed write.
func (s *Server) write(c *client) {
	defer s.wg.Done()
	defer c.conn.Close() // also wakes the reader
	for line := range c.out {
		c.conn.SetWriteDeadline(time.Now().Add(cmp.Or(s.WriteTimeout, DefaultWriteTimeout)))
		if _, err := io.WriteString(c.conn, line+"\n"); err != nil {
			return
		}
	}
}

// read runs c's commands until it quits, disconnects, idles out or is
// dropped, then drops it.
func (s *Server) read(c *client) {
	defer s.wg.Done()
	r := NewCommandReader(c.conn, s.MaxLineBytes, s.IdleTimeout)
	reason := "disconnected"
	for {
		cmd, err := r.Next()
		if perr := (*ProtocolError)(nil); errors.As(err, &perr) {
			s.mu.Lock()
			s.sendLocked(c, perr.Line()) // a bad line: say so, keep serving
			s.mu.Unlock()
			continue
		}
		if errors.Is(err, os.ErrDeadlineExceeded) && s.IdleTimeout > 0 {
			reason = "idle timeout"
		}
		if err != nil {
			break // EOF, a half line (io.ErrUnexpectedEOF), idle, or closed by write
		}
		if cmd.Verb == VerbQuit {
			reason = "quit " + cmd.Text
			break
		}
		s.run(c, cmd)
	}
	s.mu.Lock()
	s.dropLocked(c, reason)
	s.mu.Unlock()
}

// run executes one command for c.
func (s *Server) run(c *client, cmd Command) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case cmd.Verb == VerbNick && c.nick != "":
		s.sendLocked(c, ErrLine("nick-already-set", "you are "+c.nick))
	case cmd.Verb == VerbNick && s.nicks[cmd.Arg] != nil:
		s.sendLocked(c, ErrLine("nick-taken", cmd.Arg+" is already in use"))
	case cmd.Verb == VerbNick:
		s.nickLocked(c, cmd.Arg)
	case c.nick == "":
		s.sendLocked(c, ErrLine("no-nick", "send NICK <nick> first"))
	case cmd.Verb == VerbJoin && !s.rooms.join(cmd.Arg, c):
		s.sendLocked(c, ErrLine("already-in-room", "you are already in "+cmd.Arg))
	case cmd.Verb == VerbJoin:
		s.broadcastLocked(cmd.Arg, JoinLine(cmd.Arg, c.nick))
	case (cmd.Verb == VerbPart || cmd.Verb == VerbMsg) && ValidRoom(cmd.Arg) && !s.rooms.has(cmd.Arg, c):
		s.sendLocked(c, ErrLine("not-in-room", "you are not in "+cmd.Arg))
	case cmd.Verb == VerbPart:
		s.broadcastLocked(cmd.Arg, PartLine(cmd.Arg, c.nick, "left"))
		s.rooms.leave(cmd.Arg, c)
	case cmd.Verb == VerbMsg && ValidRoom(cmd.Arg):
		s.broadcastLocked(cmd.Arg, MsgLine(cmd.Arg, c.nick, cmd.Text))
	case s.nicks[cmd.Arg] == nil:
		s.sendLocked(c, ErrLine("no-such-nick", "nobody is called "+cmd.Arg))
	default: // a direct message, and the sender's copy
		s.sendLocked(s.nicks[cmd.Arg], MsgLine(cmd.Arg, c.nick, cmd.Text))
		if s.nicks[cmd.Arg] != c {
			s.sendLocked(c, MsgLine(cmd.Arg, c.nick, cmd.Text))
		}
	}
}

// nickLocked gives c the free nick if CheckNick allows it. It is called with
// s.mu held and returns with it held, but releases it around CheckNick.
func (s *Server) nickLocked(c *client, nick string) {
	// Check and set are one step: reserve the nick before unlocking, so a
	// second client asking for it while CheckNick runs finds it taken.
	s.nicks[nick] = c
	if s.CheckNick != nil {
		s.mu.Unlock()
		err := s.CheckNick(nick) // maybe slow: never under the lock
		s.mu.Lock()
		if err != nil || c.gone { // refused, or c was dropped meanwhile
			delete(s.nicks, nick)
			s.sendLocked(c, ErrLine("bad-nick", fmt.Sprint(err))) // does nothing if c is gone
			return
		}
	}
	c.nick = nick
	s.sendLocked(c, OKLine(VerbNick, nick))
}

// sendLocked queues line for c without ever blocking: if c's queue is full, c
// is too slow and is dropped instead. Called with s.mu held.
func (s *Server) sendLocked(c *client, line string) {
	if c.gone {
		return
	}
	if len(c.out) >= cap(c.out)-1 { // keep the spare slot for BYE
		s.dropLocked(c, fmt.Sprintf("too slow: %d lines waiting", len(c.out)))
		return
	}
	c.out <- line
}

// broadcastLocked queues line for every member of room. Called with s.mu held.
func (s *Server) broadcastLocked(room, line string) {
	for _, m := range s.rooms.members(room) {
		s.sendLocked(m, line) // may drop m: members is a copy, so that is safe
	}
}

// dropLocked disconnects c: it leaves its rooms (the members are told why),
// frees its nick, gets "BYE <reason>" as its last line, and its queue is
// closed so its writer ends and closes the connection. Dropping twice does
// nothing. Called with s.mu held.
func (s *Server) dropLocked(c *client, reason string) {
	if c.gone {
		return
	}
	c.gone = true
	delete(s.clients, c)
	delete(s.nicks, c.nick) // no-op while c has no nick: "" is never a nick
	for _, room := range s.rooms.of(c) {
		s.rooms.leave(room, c)
		s.broadcastLocked(room, PartLine(room, c.nick, reason))
	}
	c.out <- ByeLine(reason) // the spare slot: never blocks
	close(c.out)
}
