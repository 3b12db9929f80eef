package chat

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// The protocol parser is provided code; these fuzz targets and their seed
// corpus (run as ordinary tests by `go test`) are not graded but must pass.

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"NICK alice", "nick bob", "JOIN #go", "PART #go", "MSG #go hello world", "MSG bob hi",
		"QUIT", "QUIT bye now", "", " ", "HELLO", "NICK", "NICK bad!", "JOIN go", "MSG #go",
		"MSG  #go  spaced  text ", "\x00\xff", "NICK " + strings.Repeat("a", 40),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		cmd, err := Parse(line)
		if err != nil {
			var perr *ProtocolError
			if !errors.As(err, &perr) {
				t.Fatalf("Parse(%q): error %v is not a *ProtocolError", line, err)
			}
			if !strings.HasPrefix(perr.Line(), "ERR "+perr.Code+" ") || strings.ContainsAny(perr.Line(), "\n\r") {
				t.Fatalf("Parse(%q): bad error line %q", line, perr.Line())
			}
			return
		}
		switch cmd.Verb {
		case VerbNick:
			if !ValidNick(cmd.Arg) {
				t.Fatalf("Parse(%q) accepted invalid nick %q", line, cmd.Arg)
			}
		case VerbJoin, VerbPart:
			if !ValidRoom(cmd.Arg) {
				t.Fatalf("Parse(%q) accepted invalid room %q", line, cmd.Arg)
			}
		case VerbMsg:
			if cmd.Text == "" || (!ValidRoom(cmd.Arg) && !ValidNick(cmd.Arg)) {
				t.Fatalf("Parse(%q) accepted %+v", line, cmd)
			}
		case VerbQuit:
		default:
			t.Fatalf("Parse(%q) returned unknown verb %q", line, cmd.Verb)
		}
	})
}

func FuzzReadLine(f *testing.F) {
	for _, s := range []string{"NICK a\n", "a\r\nb\n", "half", "\x00\x1b[2J\n", strings.Repeat("x", 100) + "\nok\n", "é\xff\x7f\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		const max = 32
		r := bufio.NewReaderSize(strings.NewReader(string(in)), 16)
		for range len(in) + 1 {
			line, err := ReadLine(r, max)
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return
			}
			if errors.Is(err, ErrLineTooLong) {
				continue
			}
			if err != nil {
				t.Fatalf("ReadLine: unexpected error %v", err)
			}
			if !utf8.ValidString(line) || strings.ContainsFunc(line, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
				t.Fatalf("ReadLine returned an unclean line %q", line)
			}
			if len(line) > 3*max { // cleaning may grow a byte into U+FFFD (3 bytes)
				t.Fatalf("ReadLine returned %d bytes with max %d", len(line), max)
			}
		}
		t.Fatalf("ReadLine did not reach the end of %d bytes", len(in))
	})
}
