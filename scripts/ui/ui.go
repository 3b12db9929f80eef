// Package ui is how the study command talks to the learner: in Korean or
// English, with colour only on a terminal.
package ui

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"dsweekends/scripts/roadmap"
)

// UI writes localized, optionally coloured text. It is not safe for
// concurrent use.
type UI struct {
	Lang  string // "ko" or "en"
	Out   io.Writer
	Err   io.Writer
	Color bool // ANSI styles, only on a terminal without NO_COLOR
}

// New returns a UI for lang writing to stdout and stderr, with colour when
// stdout is a terminal and NO_COLOR is unset.
func New(lang string, stdout, stderr io.Writer) *UI {
	return &UI{Lang: lang, Out: stdout, Err: stderr, Color: IsTerminal(stdout) && os.Getenv("NO_COLOR") == ""}
}

// ChooseLang picks the language: the flag, then the setting, then $LANG.
func ChooseLang(flag, setting, env string) (string, error) {
	for _, l := range []string{flag, setting} {
		switch l {
		case "":
			continue
		case "ko", "en":
			return l, nil
		default:
			return "", fmt.Errorf("unknown language %q: expected ko or en", l)
		}
	}
	if strings.HasPrefix(env, "ko") {
		return "ko", nil
	}
	return "en", nil
}

// IsTerminal reports whether w is a character device (a terminal).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// T picks the English or Korean form of a message.
func (u *UI) T(en, ko string) string {
	if u.Lang == "ko" {
		return ko
	}
	return en
}

// Tx returns a roadmap text in the UI's language.
func (u *UI) Tx(t roadmap.Text) string { return t.In(u.Lang) }

// Printf writes to standard output.
func (u *UI) Printf(format string, args ...any) { fmt.Fprintf(u.Out, format, args...) }

// Warnf writes to standard error.
func (u *UI) Warnf(format string, args ...any) { fmt.Fprintf(u.Err, format, args...) }

func (u *UI) style(code, s string) string {
	if !u.Color {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// Bold, Green, Red and Dim style s on a terminal and return it as is elsewhere.
func (u *UI) Bold(s string) string  { return u.style("1", s) }
func (u *UI) Green(s string) string { return u.style("32", s) }
func (u *UI) Red(s string) string   { return u.style("31", s) }
func (u *UI) Dim(s string) string   { return u.style("2", s) }

// Mark is the scorecard symbol for a pass, a failure, or nothing recorded.
func (u *UI) Mark(pass, known bool) string {
	switch {
	case !known:
		return u.Dim("·")
	case pass:
		return u.Green("✓")
	default:
		return u.Red("✗")
	}
}

// TierLabel names an exercise's tier for the learner.
func (u *UI) TierLabel(e roadmap.Exercise) string {
	if e.Core() {
		return u.T("core", "핵심")
	}
	return u.Dim(u.T("stretch", "더 해보기"))
}

// Clip keeps a line to max runes, marking a cut with an ellipsis.
func Clip(s string, max int) string {
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}

// Width is how wide the output's lines may be: the terminal's width
// (COLUMNS, as shells export it), else 100.
func (u *UI) Width() int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n >= 40 {
		return n
	}
	return 100
}

// Wrap breaks s into lines of at most width columns, at spaces where it
// can; nothing is cut. Wide characters (Korean) count two columns.
func Wrap(s string, width int) []string {
	if width < 20 {
		width = 20
	}
	var out []string
	line, col := "", 0
	for _, word := range strings.SplitAfter(s, " ") {
		w := columns(word)
		if col+w > width && col > 0 {
			out = append(out, strings.TrimRight(line, " "))
			line, col = "", 0
		}
		for w > width { // one word longer than a line: break it
			cut, c := 0, 0
			for i, r := range word {
				if c+runeCols(r) > width {
					cut = i
					break
				}
				c += runeCols(r)
			}
			out = append(out, word[:cut])
			word = word[cut:]
			w = columns(word)
		}
		line += word
		col += w
	}
	if line != "" || len(out) == 0 {
		out = append(out, strings.TrimRight(line, " "))
	}
	return out
}

func columns(s string) int {
	n := 0
	for _, r := range s {
		n += runeCols(r)
	}
	return n
}

// runeCols counts East Asian wide characters (Hangul, CJK) as two columns.
func runeCols(r rune) int {
	if r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 || r >= 0xf900 && r <= 0xfaff || r >= 0xff00 && r <= 0xff60 || r >= 0xffe0 && r <= 0xffe6) {
		return 2
	}
	return 1
}
