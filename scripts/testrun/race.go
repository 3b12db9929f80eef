package testrun

import (
	"regexp"
	"slices"
	"strings"
)

// A data race is reported by the race detector in the output of whichever
// test was running when it saw the race, and testing then fails every test
// that was running at that moment ("race detected during execution of
// test"). With tests running side by side, that is often a test that never
// touched the racy code. The report itself names the truth: the two
// accesses, where they are, and the goroutines' stacks, which lead back to
// the test that started them.

// Race is one "WARNING: DATA RACE" report: two conflicting accesses.
type Race struct {
	Accesses []Access
}

// Access is one side of a data race.
type Access struct {
	Kind string // as the detector says it: "Write", "Previous read", "Read", …
	At   string // the first stack frame in the code under test (not a test file), else the first frame
	Test string // the test whose goroutine made the access, when its stack or creation shows one
}

var (
	raceAccess  = regexp.MustCompile(`^(\S.*?) at 0x[0-9a-f]+ by (goroutine \d+|main goroutine):$`)
	raceCreated = regexp.MustCompile(`^Goroutine (\d+) \([a-z ]+\) created at:$`)
	testFunc    = regexp.MustCompile(`\.(Test\w+)(\.func\d+)*(\.\d+)*\(`)
)

// RaceDetected reports whether the test failed because the race detector
// found a race while it ran.
func (r *Result) RaceDetected() bool {
	for _, l := range r.Output {
		if strings.Contains(l, "race detected during execution of test") {
			return true
		}
	}
	return false
}

// Key names a race by the places of its accesses, in any order: the
// detector reports the same pair of lines as read/write and write/read.
func (r Race) Key() string {
	var at []string
	for _, a := range r.Accesses {
		at = append(at, a.At)
	}
	slices.Sort(at)
	return strings.Join(at, "|")
}

// Races parses the race detector's reports in output lines (a test's, or
// all of a package's), the same race once only.
func Races(lines []string) []Race {
	var out []Race
	seen := map[string]bool{}
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "WARNING: DATA RACE" {
			continue
		}
		end := i + 1
		for end < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[end]), "==================") {
			end++
		}
		r := parseRace(lines[i+1 : end])
		i = end
		if k := r.Key(); len(r.Accesses) > 0 && !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

// parseRace reads one report's body: an access header, its stack, a blank
// line; then "Goroutine N (…) created at:" sections with the creators' stacks.
func parseRace(body []string) Race {
	var r Race
	goroutineOf := map[int]string{} // access index → "goroutine N"
	createdTest := map[string]string{}
	for i := 0; i < len(body); i++ {
		line := strings.TrimSpace(body[i])
		if m := raceAccess.FindStringSubmatch(line); m != nil {
			stack := section(body[i+1:])
			a := Access{Kind: m[1], At: crashSite(stack), Test: firstTest(stack)}
			goroutineOf[len(r.Accesses)] = m[2]
			r.Accesses = append(r.Accesses, a)
			i += len(stack)
			continue
		}
		if m := raceCreated.FindStringSubmatch(line); m != nil {
			stack := section(body[i+1:])
			createdTest["goroutine "+m[1]] = firstTest(stack)
			i += len(stack)
		}
	}
	for k, a := range r.Accesses {
		if a.Test == "" {
			r.Accesses[k].Test = createdTest[goroutineOf[k]]
		}
	}
	return r
}

// section returns the lines up to the next blank line.
func section(lines []string) []string {
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			return lines[:i]
		}
	}
	return lines
}

// firstTest returns the name of the first Test function in a stack.
func firstTest(stack []string) string {
	for _, l := range stack {
		if m := testFunc.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			return m[1]
		}
	}
	return ""
}
