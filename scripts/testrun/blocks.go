package testrun

import (
	"regexp"
	"strings"
)

// Report is one failure a test reported, whole: a testify assertion, or a
// t.Error/t.Fatal message with all its lines (a cleanup's errors too).
type Report struct {
	At       string   // file:line of the assertion or the t.Error call
	Message  []string // the message, every line (testify's Messages, or the t.Error text)
	Error    string   // testify's Error line ("Not equal:"), first line
	Expected string   // testify's expected value, when it printed one
	Actual   string   // testify's actual value
	Detail   []string // the rest of testify's Error block (a diff, a long value)
}

// header is the first line of a message from t.Log, t.Error or t.Fatal:
// the file:line, indented by the depth of the (sub)test.
var header = regexp.MustCompile(`^( +)(\S+\.go:\d+): ?(.*)$`)

// testifyKey is a key line of testify's block: "\tError Trace:\tvalue".
var testifyKey = regexp.MustCompile(`^\t([A-Z][A-Za-z ]*):\s*\t(.*)$`)

// Reports takes apart every message in the test's output, in order. Go's
// test output does not say which lines came from t.Log and which from
// t.Error, so a failing test's logs are reports too; testify assertions and
// the last messages are usually the ones that matter.
func (r *Result) Reports() []Report {
	var out []Report
	lines := r.Output
	for i := 0; i < len(lines); i++ {
		m := header.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		indent := len(m[1])
		rep := Report{At: m[2]}
		var body []string
		if m[3] != "" {
			body = append(body, m[3])
		}
		// Continuation lines are indented deeper than the header.
		for i+1 < len(lines) {
			next := lines[i+1]
			if !strings.HasPrefix(next, strings.Repeat(" ", indent+1)) || header.MatchString(next) && leading(next) <= indent {
				break
			}
			body = append(body, strings.TrimPrefix(next, strings.Repeat(" ", indent+4)))
			i++
		}
		if len(body) > 0 && strings.HasPrefix(body[0], "\tError Trace:") {
			parseTestify(&rep, body)
		} else {
			rep.Message = body
		}
		out = append(out, rep)
	}
	return out
}

func leading(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// parseTestify reads testify's block: keyed lines, each value possibly
// continued on lines that start with a tab, spaces and a tab.
func parseTestify(rep *Report, body []string) {
	key := ""
	values := map[string][]string{}
	var order []string
	for _, l := range body {
		if m := testifyKey.FindStringSubmatch(l); m != nil {
			key = m[1]
			order = append(order, key)
			values[key] = append(values[key], m[2])
			continue
		}
		if key != "" {
			v := strings.TrimLeft(l, "\t ")
			if i := strings.Index(l, "\t"); i >= 0 {
				if j := strings.Index(l[i+1:], "\t"); j >= 0 {
					v = l[i+1+j+1:] // keep the value's own indentation
				}
			}
			values[key] = append(values[key], v)
		}
	}
	if tr := values["Error Trace"]; len(tr) > 0 {
		rep.At = strings.TrimSpace(tr[0])
	}
	rep.Message = trimBlank(values["Messages"])
	errLines := values["Error"]
	if len(errLines) > 0 {
		rep.Error = strings.TrimSpace(errLines[0])
	}
	for _, l := range errLines[min(1, len(errLines)):] {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "expected:") && rep.Expected == "":
			rep.Expected = strings.TrimSpace(strings.TrimPrefix(t, "expected:"))
		case (strings.HasPrefix(t, "actual  :") || strings.HasPrefix(t, "in chain:")) && rep.Actual == "":
			rep.Actual = strings.TrimSpace(t[strings.Index(t, ":")+1:])
		default:
			rep.Detail = append(rep.Detail, l)
		}
	}
	switch m := inDelta.FindStringSubmatch(rep.Error); {
	case m != nil:
		rep.Expected, rep.Actual = m[1], m[2]
	case rep.Error == "Received unexpected error:" && len(rep.Detail) > 0:
		rep.Expected, rep.Actual = "no error", strings.TrimSpace(rep.Detail[0])
		rep.Detail = rep.Detail[1:]
	case rep.Error == "An error is expected but got nil.":
		rep.Expected, rep.Actual = "an error", "nil"
	}
	rep.Detail = trimBlank(rep.Detail)
}

func trimBlank(ls []string) []string {
	for len(ls) > 0 && strings.TrimSpace(ls[len(ls)-1]) == "" {
		ls = ls[:len(ls)-1]
	}
	for len(ls) > 0 && strings.TrimSpace(ls[0]) == "" {
		ls = ls[1:]
	}
	return ls
}
