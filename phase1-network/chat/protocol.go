// Provided — no need to edit.
//
// The line protocol: parsing a client's line into a Command, and formatting
// the lines the server sends. The README's "Protocol" section is the
// specification; this file is its code.

package chat

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits used when the matching Server field is zero.
const (
	DefaultMaxLineBytes = 512 // longest client line, not counting "\n"
	DefaultMaxQueue     = 64  // lines waiting for one client before it counts as stuck
	DefaultWriteTimeout = 10 * time.Second
	MaxNickLen          = 16
	MaxRoomLen          = 24 // including the leading '#'
)

// ErrLineTooLong is wrapped by the error CommandReader.Next returns for a line
// longer than its limit, and returned by ReadLine.
var ErrLineTooLong = errors.New("chat: line too long")

// Verbs a client may send.
const (
	VerbNick = "NICK" // NICK <nick>            choose your nick (once)
	VerbJoin = "JOIN" // JOIN <#room>           join a room (made on first join)
	VerbPart = "PART" // PART <#room>           leave a room
	VerbMsg  = "MSG"  // MSG <#room|nick> <text> a room message or a direct message
	VerbQuit = "QUIT" // QUIT [reason]          leave the server
)

// Command is one parsed client line.
type Command struct {
	Verb string // one of the Verb constants
	Arg  string // the nick, room or message target
	Text string // the message text (MSG) or the reason (QUIT, optional)
}

// ProtocolError is a line the server refuses. The server answers it with
// e.Line() and goes on serving the client.
type ProtocolError struct {
	Code string // short, stable, machine-readable: "bad-nick", "unknown-command", ...
	Msg  string // for people
}

func (e *ProtocolError) Error() string { return "chat: " + e.Code + ": " + e.Msg }

// Unwrap returns ErrLineTooLong for a "line-too-long" error, else nil.
func (e *ProtocolError) Unwrap() error {
	if e.Code == "line-too-long" {
		return ErrLineTooLong
	}
	return nil
}

// Line returns the error line sent to the client: "ERR <code> <msg>".
func (e *ProtocolError) Line() string { return ErrLine(e.Code, e.Msg) }

// CommandReader reads a client's commands from its connection.
type CommandReader struct {
	conn net.Conn
	r    *bufio.Reader
	max  int
	idle time.Duration
}

// NewCommandReader returns a reader of commands from conn, with lines limited
// to maxLine bytes (0: DefaultMaxLineBytes) and, when idle > 0, a read deadline
// of idle set before each line.
func NewCommandReader(conn net.Conn, maxLine int, idle time.Duration) *CommandReader {
	return &CommandReader{conn: conn, r: bufio.NewReader(conn), max: cmp.Or(maxLine, DefaultMaxLineBytes), idle: idle}
}

// Next reads the next non-empty line (see ReadLine) and parses it (see Parse).
// A line the server must refuse — unparsable, or too long — gives a
// *ProtocolError: answer it with its Line() and call Next again, the
// connection is still in step. Any other error means the client is gone:
// io.EOF, io.ErrUnexpectedEOF (it left in the middle of a line),
// os.ErrDeadlineExceeded (it sent nothing for the idle time), or the error of
// a closed connection.
func (cr *CommandReader) Next() (Command, error) {
	for {
		if cr.idle > 0 {
			cr.conn.SetReadDeadline(time.Now().Add(cr.idle))
		}
		line, err := ReadLine(cr.r, cr.max)
		switch {
		case errors.Is(err, ErrLineTooLong):
			return Command{}, &ProtocolError{"line-too-long", fmt.Sprintf("max %d bytes", cr.max)}
		case err != nil:
			return Command{}, err
		case line != "":
			return Parse(line)
		}
	}
}

// Parse parses one client line (without its line ending). Verbs are
// case-insensitive. Errors are *ProtocolError.
func Parse(line string) (Command, error) {
	verb, rest, _ := strings.Cut(line, " ")
	verb = strings.ToUpper(verb)
	arg, text, _ := strings.Cut(strings.TrimLeft(rest, " "), " ")
	text = strings.TrimSpace(text)
	need := func(what string) error {
		return &ProtocolError{"missing-argument", fmt.Sprintf("%s needs %s", verb, what)}
	}
	switch verb {
	case VerbNick:
		switch {
		case arg == "":
			return Command{}, need("a nick")
		case !ValidNick(arg):
			return Command{}, &ProtocolError{"bad-nick", fmt.Sprintf("a nick is 1-%d letters, digits, '-' or '_'", MaxNickLen)}
		}
	case VerbJoin, VerbPart:
		switch {
		case arg == "":
			return Command{}, need("a #room")
		case !ValidRoom(arg):
			return Command{}, &ProtocolError{"bad-room", fmt.Sprintf("a room is '#' then 1-%d lower-case letters, digits, '-' or '_'", MaxRoomLen-1)}
		}
	case VerbMsg:
		switch {
		case arg == "" || text == "":
			return Command{}, need("a target (#room or nick) and a text")
		case !ValidRoom(arg) && !ValidNick(arg):
			return Command{}, &ProtocolError{"bad-target", "the target is a #room or a nick"}
		}
	case VerbQuit:
		text = strings.TrimSpace(rest)
		arg = ""
	case "":
		return Command{}, &ProtocolError{"unknown-command", "empty command"}
	default:
		return Command{}, &ProtocolError{"unknown-command", fmt.Sprintf("unknown command %q (try NICK, JOIN, PART, MSG, QUIT)", clip(verb, 20))}
	}
	return Command{Verb: verb, Arg: arg, Text: text}, nil
}

// ValidNick reports whether s is a valid nick: 1 to MaxNickLen ASCII letters,
// digits, '-' or '_'.
func ValidNick(s string) bool {
	return len(s) >= 1 && len(s) <= MaxNickLen && strings.Trim(s, nameChars+"ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

// ValidRoom reports whether s is a valid room name: '#' followed by 1 to
// MaxRoomLen-1 lower-case ASCII letters, digits, '-' or '_'.
func ValidRoom(s string) bool {
	return len(s) >= 2 && len(s) <= MaxRoomLen && s[0] == '#' && strings.Trim(s[1:], nameChars) == ""
}

const nameChars = "abcdefghijklmnopqrstuvwxyz0123456789-_"

// Clean makes raw client bytes safe to show to other people: invalid UTF-8
// becomes U+FFFD, a tab becomes a space, and every other control character
// (C0, DEL, C1) is removed, so no client can move another's cursor, ring its
// bell or forge a line break.
func Clean(raw []byte) string {
	var b strings.Builder
	for len(raw) > 0 {
		r, size := utf8.DecodeRune(raw)
		raw = raw[size:]
		switch {
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			// dropped
		default:
			b.WriteRune(r) // utf8.RuneError is written as U+FFFD
		}
	}
	return b.String()
}

// ReadLine reads one line from r and returns it cleaned (see Clean), without
// its "\n" or "\r\n". A line longer than max bytes is read to its end and
// thrown away, and ReadLine returns ErrLineTooLong: the caller may answer and
// go on reading, because the next line starts cleanly. At end of input ReadLine
// returns io.EOF, or io.ErrUnexpectedEOF if the input stopped in the middle of
// a line (that partial line is thrown away).
func ReadLine(r *bufio.Reader, max int) (string, error) {
	var line []byte
	tooLong := false
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > max+2 { // room for "\r\n"
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		switch {
		case err == nil:
			if tooLong {
				return "", ErrLineTooLong
			}
			line = line[:len(line)-1] // "\n"
			if n := len(line); n > 0 && line[n-1] == '\r' {
				line = line[:n-1]
			}
			if len(line) > max {
				return "", ErrLineTooLong
			}
			return Clean(line), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && (len(line) > 0 || tooLong):
			return "", io.ErrUnexpectedEOF
		default:
			return "", err
		}
	}
}

// Lines the server sends. Every one is a single line; the server adds "\n".

// OKLine confirms a command: "OK NICK <nick>".
func OKLine(verb, arg string) string { return "OK " + verb + " " + arg }

// MsgLine carries a message: "MSG <target> <from> <text>". For a room message
// target is the room; for a direct message it is the receiver's nick.
func MsgLine(target, from, text string) string { return "MSG " + target + " " + from + " " + text }

// JoinLine tells a room's members (the joiner too) that nick joined.
func JoinLine(room, nick string) string { return "JOIN " + room + " " + nick }

// PartLine tells a room's members (the leaver too, if still connected) that
// nick left, and why.
func PartLine(room, nick, reason string) string {
	return "PART " + room + " " + nick + " " + strings.TrimSpace(reason)
}

// ByeLine is the last line a client receives before the server closes its
// connection: "BYE <reason>".
func ByeLine(reason string) string { return "BYE " + strings.TrimSpace(reason) }

// ErrLine refuses a line: "ERR <code> <msg>".
func ErrLine(code, msg string) string { return "ERR " + code + " " + msg }

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
