package verify

// The coach's honesty checks: what study hint and study reveal show must not
// give away a later weekend's work, and a core README must say the same
// thing in Korean and in English.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"dsweekends/scripts/exercise"
	"dsweekends/scripts/reveal"
	"dsweekends/scripts/roadmap"
)

// minSpoilerLine is how long a reference line must be, once trimmed, to
// count as code a hint could give away: shorter lines (`return nil`,
// `mu.Lock()`, `}`) are everyone's Go.
const minSpoilerLine = 20

// Spoilers reports what study hint and study reveal would give away too
// early. A hint of an exercise of weekend N must not contain code from the
// reference (.solution/) of an edit file of an exercise of a later weekend:
// any reference line of minSpoilerLine characters or more (trimmed, spaces
// collapsed, trailing comment dropped; not a comment), unless the learner
// sees that line anyway (a skeleton or test file of its package) or writes
// it by weekend N (the reference of an exercise of weekend N or earlier).
// And reveal's file set for each exercise must be exactly its edit files,
// each with a reference, and every reference file must be some exercise's
// edit file.
func Spoilers(root string, rm *roadmap.Roadmap) []string {
	var problems []string
	dirOf := func(e roadmap.Exercise) string { return filepath.Join(root, filepath.FromSlash(e.Path)) }

	// Reveal shows exactly the edit files.
	edits := map[string]map[string]bool{} // package path → every exercise's edit files
	for _, e := range rm.Exercises {
		if edits[e.Path] == nil {
			edits[e.Path] = map[string]bool{}
		}
		for _, f := range e.Edit {
			edits[e.Path][f] = true
		}
		set, err := reveal.FileSet(dirOf(e), e.Edit)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: study reveal cannot show its edit files: %v", e.ID, err))
			continue
		}
		for _, f := range set {
			if !slices.Contains(e.Edit, filepath.Base(f)) {
				problems = append(problems, fmt.Sprintf("%s: study reveal would show %s, which is not one of its edit files %v", e.ID, filepath.Base(f), e.Edit))
			}
		}
	}
	var paths []string
	for p := range edits {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		sols, err := exercise.SolutionFiles(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", p, err))
			continue
		}
		for _, s := range sols {
			if !edits[p][filepath.Base(s)] {
				problems = append(problems, fmt.Sprintf("%s/%s/%s is no exercise's edit file: study reveal never shows it and nothing says who writes it", p, exercise.SolutionDir, filepath.Base(s)))
			}
		}
	}

	// Reference lines per exercise, and the lines the learner has anyway:
	// every skeleton, test and provided file of every exercise package.
	refLines := map[string]map[string]string{} // exercise id → line → file
	visible := map[string]bool{}
	read := map[string]bool{}
	for _, e := range rm.Exercises {
		refLines[e.ID] = map[string]string{}
		for _, f := range e.Edit {
			b, err := os.ReadFile(filepath.Join(dirOf(e), exercise.SolutionDir, f))
			if err != nil {
				continue // reported above
			}
			for _, l := range codeLines(string(b)) {
				refLines[e.ID][l] = f
			}
		}
		if read[e.Path] {
			continue
		}
		read[e.Path] = true
		ents, _ := os.ReadDir(dirOf(e))
		for _, ent := range ents {
			if ent.IsDir() || !strings.HasSuffix(ent.Name(), ".go") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(dirOf(e), ent.Name()))
			if err != nil {
				continue
			}
			for _, l := range codeLines(string(b)) {
				visible[l] = true
			}
		}
	}
	type source struct{ id, file string }
	// secret[n]: the lines a hint of weekend n must not contain.
	secret := map[int]map[string]source{}
	secretFor := func(n int) map[string]source {
		if s, ok := secret[n]; ok {
			return s
		}
		earned := map[string]bool{}
		for _, e := range rm.Exercises {
			if e.Weekend <= n {
				for l := range refLines[e.ID] {
					earned[l] = true
				}
			}
		}
		s := map[string]source{}
		for _, l := range rm.Exercises {
			if l.Weekend <= n {
				continue
			}
			for line, f := range refLines[l.ID] {
				if !earned[line] && !visible[line] {
					if _, dup := s[line]; !dup {
						s[line] = source{l.ID, f}
					}
				}
			}
		}
		secret[n] = s
		return s
	}

	for _, e := range rm.Exercises {
		path := exercise.HintsPath(dirOf(e), e.ID)
		hints, err := exercise.HintsFor(dirOf(e), e.ID)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", e.ID, err))
			continue
		}
		rel, _ := filepath.Rel(root, path)
		s := secretFor(e.Weekend)
		for i, h := range hints {
			text := collapse(h.En + "\n" + h.Ko)
			found := map[source][]string{}
			var order []source
			for line, src := range s {
				if strings.Contains(text, line) {
					if found[src] == nil {
						order = append(order, src)
					}
					found[src] = append(found[src], line)
				}
			}
			slices.SortFunc(order, func(a, b source) int { return strings.Compare(a.id+a.file, b.id+b.file) })
			for _, src := range order {
				lines := found[src]
				slices.Sort(lines)
				l, _ := rm.Exercise(src.id)
				quoted := make([]string, 0, 3)
				for _, x := range lines[:min(3, len(lines))] {
					quoted = append(quoted, "`"+x+"`")
				}
				more := ""
				if len(lines) > 3 {
					more = fmt.Sprintf(" and %d more", len(lines)-3)
				}
				problems = append(problems, fmt.Sprintf("%s (weekend %d): hint %d in %s quotes the reference of %s (weekend %d, %s): %s%s — a hint may not give away a later weekend's code",
					e.ID, e.Weekend, i+1, filepath.ToSlash(rel), src.id, l.Weekend, src.file, strings.Join(quoted, ", "), more))
			}
		}
	}
	return problems
}

// codeLines returns the lines of Go source src that could give code away:
// trimmed, spaces collapsed, trailing comment dropped, minSpoilerLine
// characters or more, not a comment.
func codeLines(src string) []string {
	var out []string
	inComment := false
	for _, l := range strings.Split(src, "\n") {
		l = strings.TrimSpace(l)
		if inComment {
			if strings.Contains(l, "*/") {
				inComment = false
			}
			continue
		}
		if strings.HasPrefix(l, "/*") {
			inComment = !strings.Contains(l, "*/")
			continue
		}
		if strings.HasPrefix(l, "//") {
			continue
		}
		l = collapse(dropComment(l))
		if len(l) >= minSpoilerLine {
			out = append(out, l)
		}
	}
	return out
}

// dropComment removes a trailing // comment from a line of code (one
// outside a string or rune literal).
func dropComment(l string) string {
	var quote rune
	prev := rune(0)
	for i, r := range l {
		switch {
		case quote != 0:
			if r == quote && (prev != '\\' || quote == '`') {
				quote = 0
			}
		case r == '"' || r == '\'' || r == '`':
			quote = r
		case r == '/' && prev == '/':
			return strings.TrimSpace(l[:i-1])
		}
		if prev == '\\' && r == '\\' {
			prev = 0
			continue
		}
		prev = r
	}
	return l
}

// dropShellComment removes a trailing " # comment" from a shell line: the
// first " #" outside quotes.
func dropShellComment(l string) string {
	var quote rune
	prev := rune(0)
	for i, r := range l {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == '#' && (prev == ' ' || prev == '\t'):
			return strings.TrimSpace(l[:i])
		}
		prev = r
	}
	return l
}

// collapse turns every run of white space into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// Parity reports each core exercise's README whose Korean and English halves
// differ (problems), and the same for the READMEs of stretch exercises that
// have a package of their own (notes: reported, not required — a stretch
// README may keep a Korean summary). See ReadmeParity for what is compared.
func Parity(root string, rm *roadmap.Roadmap) (problems, notes []string) {
	core := map[string]bool{}
	for _, e := range rm.Exercises {
		if e.Core() {
			core[e.Path] = true
		}
	}
	seen := map[string]bool{}
	for _, e := range rm.Exercises {
		if seen[e.Path] || (!e.Core() && core[e.Path]) {
			continue
		}
		seen[e.Path] = true
		out := &problems
		if !core[e.Path] {
			out = &notes
		}
		rel := e.Path + "/README.md"
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			*out = append(*out, fmt.Sprintf("%s: %v", rel, err))
			continue
		}
		for _, d := range ReadmeParity(string(b)) {
			*out = append(*out, rel+": "+d)
		}
	}
	return problems, notes
}

// half is what one language's sections of a README hold.
type half struct {
	sections []section
	headings []string
	blocks   []codeBlock
	rows     int
	items    int
}

func (h *half) add(s section) {
	h.sections = append(h.sections, s)
	h.headings = append(h.headings, s.headings...)
	h.blocks = append(h.blocks, s.blocks...)
	h.rows += s.rows
	h.items += s.items
}

type codeBlock struct {
	lang, text, norm string
}

// ReadmeParity compares the Korean and English halves of one README and
// returns what differs.
//
// The halves: every ## section (with its ### subsections) belongs to the
// language of its ## heading — Korean when the heading's first letter,
// inline code aside, is Hangul — so a README may pair its sections in any
// order (all Korean then all English, or a Korean and an English
// "stretch" pair at the end), as long as the Korean half comes first.
//
// The halves must have the same ## sections in the same order (Hints and
// Reading too: 힌트, 읽을거리), and the n-th Korean section must match the
// n-th English one: the same ### subsections, the same inline code in
// its headings, the same code blocks in the same order — identical once
// comments (// in Go, # in shell), blank lines and runs of spaces are
// dropped: translate comments, never code; a text or markdown block may be
// translated line for line, and a Mermaid diagram's labels may be — the
// same number of table rows and the same number of list items (rules,
// error lists, reading).
func ReadmeParity(md string) []string {
	var ko, en half
	first := ""
	for _, s := range splitSections(md) {
		h, lang := &en, "en"
		if s.korean() {
			h, lang = &ko, "ko"
		}
		if first == "" {
			first = lang
		}
		h.add(s)
	}
	if len(ko.headings) == 0 {
		return []string{"no Korean half: core READMEs are Korean first (목표, 만들 것, 규칙, 채점 방법, 실행 명령), then the same in English"}
	}
	if len(en.headings) == 0 {
		return []string{"no English half: after the Korean half, the same rules in English (Goal, What to build, Rules, How it is graded, Run)"}
	}
	var out []string
	if first != "ko" {
		out = append(out, "the English half comes first: core READMEs are Korean first")
	}
	if len(ko.sections) == len(en.sections) {
		for i := range ko.sections {
			out = append(out, compareSections(ko.sections[i], en.sections[i])...)
		}
		return out
	}
	// The sections do not pair: compare the halves as wholes.
	out = append(out, fmt.Sprintf("ko has %d sections (## and ###: %d headings), en has %d (%d): ko %s; en %s — the n-th ## section of one half is the n-th of the other",
		len(ko.sections), len(ko.headings), len(en.sections), len(en.headings),
		strings.Join(ko.headings, " | "), strings.Join(en.headings, " | ")))
	out = append(out, compareBlocks("ko", "en", ko.blocks, en.blocks)...)
	if ko.rows != en.rows {
		out = append(out, fmt.Sprintf("ko has %d table rows, en has %d", ko.rows, en.rows))
	}
	if ko.items != en.items {
		out = append(out, fmt.Sprintf("ko has %d list items, en has %d", ko.items, en.items))
	}
	return out
}

// compareSections names what differs between a Korean section and the
// English section it pairs with.
func compareSections(k, e section) []string {
	var out []string
	name := fmt.Sprintf("%q ↔ %q", "## "+k.heading, "## "+e.heading)
	if len(k.headings) != len(e.headings) {
		out = append(out, fmt.Sprintf("%s: ko has %d ### subsections, en has %d: ko %s; en %s", name,
			len(k.headings)-1, len(e.headings)-1, strings.Join(k.headings[1:], " | "), strings.Join(e.headings[1:], " | ")))
	} else {
		for i := range k.headings {
			kc, ec := inlineCode.FindAllString(k.headings[i], -1), inlineCode.FindAllString(e.headings[i], -1)
			slices.Sort(kc)
			slices.Sort(ec)
			if !slices.Equal(kc, ec) {
				out = append(out, fmt.Sprintf("%s: headings %q and %q name different code (%s; %s): the n-th heading of one half is the n-th of the other",
					name, k.headings[i], e.headings[i], strings.Join(kc, " "), strings.Join(ec, " ")))
			}
		}
	}
	for _, d := range compareBlocks("ko", "en", k.blocks, e.blocks) {
		out = append(out, name+": "+d)
	}
	if k.rows != e.rows {
		out = append(out, fmt.Sprintf("%s: ko has %d table rows, en has %d", name, k.rows, e.rows))
	}
	if k.items != e.items {
		out = append(out, fmt.Sprintf("%s: ko has %d list items, en has %d", name, k.items, e.items))
	}
	return out
}

// compareBlocks names the code blocks that differ: with as many blocks on
// each side, the n-th against the n-th; otherwise the blocks of each side
// with no identical block on the other.
func compareBlocks(an, bn string, a, b []codeBlock) []string {
	if len(a) == len(b) {
		var out []string
		for i := range a {
			if a[i].norm != b[i].norm {
				x, y := firstDiff(a[i].norm, b[i].norm)
				out = append(out, fmt.Sprintf("code block %d differs (only comments may): %s `%s`, %s `%s`", i+1, an, x, bn, y))
			}
		}
		return out
	}
	out := []string{fmt.Sprintf("%s has %d code blocks, %s has %d", an, len(a), bn, len(b))}
	out = append(out, unmatched(an, bn, a, b)...)
	return append(out, unmatched(bn, an, b, a)...)
}

// firstDiff returns the first line where two normalized blocks differ.
func firstDiff(a, b string) (string, string) {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < max(len(al), len(bl)); i++ {
		x, y := "(end)", "(end)"
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return clip(x), clip(y)
		}
	}
	return "", ""
}

func clip(l string) string {
	if r := []rune(l); len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return l
}

// unmatched names the blocks of a that have no identical block in b.
func unmatched(an, bn string, a, b []codeBlock) []string {
	var out []string
	used := make([]bool, len(b))
	for i, x := range a {
		found := false
		for j, y := range b {
			if !used[j] && x.norm == y.norm {
				used[j], found = true, true
				break
			}
		}
		if !found {
			out = append(out, fmt.Sprintf("%s code block %d (`%s`) has no identical block in %s (only comments may differ)", an, i+1, firstCodeLine(x), bn))
		}
	}
	return out
}

func firstCodeLine(b codeBlock) string {
	for _, l := range strings.Split(b.norm, "\n") {
		if l != "" {
			return clip(l)
		}
	}
	return b.lang + " (empty)"
}

type section struct {
	heading  string   // the ## heading's text
	headings []string // the ## heading and its ### subheadings
	blocks   []codeBlock
	rows     int // table rows, the header row included, the separator not
	items    int // list items, nested ones included
	hangul   int // letters of the prose outside code
	latin    int
}

// korean tells a Korean section: its ## heading's first letter, inline
// code aside, is Hangul ("실행 명령", "더 해보기: 캐시 (`x`, stretch)", but
// not "Stretch: `x` (더 해보기)"); a heading without letters goes by the
// prose, Korean when a fifth of its letters are Hangul.
func (s section) korean() bool {
	for _, r := range inlineCode.ReplaceAllString(s.heading, "") {
		switch {
		case unicode.Is(unicode.Hangul, r):
			return true
		case unicode.IsLetter(r):
			return false
		}
	}
	return s.hangul > 0 && s.hangul*5 >= s.hangul+s.latin
}

var (
	headingRe   = regexp.MustCompile(`^(#{2,3})\s+(.*)$`)
	separatorRe = regexp.MustCompile(`^\|[\s:|-]+\|?$`)
	listItemRe  = regexp.MustCompile(`^\s*([-*+]|[0-9]+[.)])\s+\S`)
	inlineCode  = regexp.MustCompile("`[^`]*`")
	// mermaidLabel is a node or edge label of a Mermaid diagram: text a
	// translation may change.
	mermaidLabel = regexp.MustCompile(`\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|\|[^|]*\||"[^"]*"`)
)

// splitSections cuts a README into its ## sections (text before the first
// ## belongs to none).
func splitSections(md string) []section {
	var out []section
	var cur *section
	var fence, fenceLang string
	var body []string
	for _, l := range strings.Split(md, "\n") {
		t := strings.TrimSpace(l)
		if fence != "" {
			if strings.HasPrefix(t, fence) && strings.Trim(t, string(fence[0])) == "" {
				if cur != nil {
					text := strings.Join(body, "\n")
					cur.blocks = append(cur.blocks, codeBlock{lang: fenceLang, text: text, norm: normalizeBlock(fenceLang, text)})
				}
				fence = ""
				continue
			}
			body = append(body, l)
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			n := len(t) - len(strings.TrimLeft(t, string(t[0])))
			fence, fenceLang, body = t[:n], strings.TrimSpace(t[n:]), nil
			continue
		}
		if m := headingRe.FindStringSubmatch(l); m != nil {
			if m[1] == "##" {
				out = append(out, section{heading: m[2]})
				cur = &out[len(out)-1]
			}
			if cur != nil {
				cur.headings = append(cur.headings, m[1]+" "+m[2])
				cur.count(m[2])
			}
			continue
		}
		if cur == nil {
			continue
		}
		switch {
		case strings.HasPrefix(t, "|"):
			if !separatorRe.MatchString(t) {
				cur.rows++
			}
		case listItemRe.MatchString(l):
			cur.items++
		}
		cur.count(t)
	}
	return out
}

// count adds the letters of a line of prose (inline code aside).
func (s *section) count(line string) {
	for _, r := range inlineCode.ReplaceAllString(line, "") {
		switch {
		case unicode.Is(unicode.Hangul, r):
			s.hangul++
		case r < unicode.MaxASCII && unicode.IsLetter(r):
			s.latin++
		}
	}
}

// normalizeBlock is what of a code block must be the same in both halves.
// A text or markdown block is prose a translation rewrites: only its
// number of lines counts. A Mermaid diagram keeps its nodes and arrows;
// its labels may be translated. Any other block is code (see
// normalizeCode).
func normalizeBlock(lang, text string) string {
	switch strings.ToLower(strings.Fields(lang + " x")[0]) {
	case "text", "txt", "md", "markdown":
		n := 0
		for _, l := range strings.Split(text, "\n") {
			if strings.TrimSpace(l) != "" {
				n++
			}
		}
		return fmt.Sprintf("(%s: %d lines)", lang, n)
	case "mermaid":
		return normalizeCode(mermaidLabel.ReplaceAllString(text, "…"))
	}
	return normalizeCode(text)
}

// normalizeCode drops comments (// and, in shell-like blocks, #) and blank
// lines, and collapses white space: what must be the same in both halves.
func normalizeCode(text string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//") || strings.HasPrefix(t, "%%") {
			continue
		}
		t = dropComment(t)
		t = dropShellComment(t)
		if t = collapse(t); t != "" {
			out = append(out, t)
		}
	}
	return strings.Join(out, "\n")
}

// spoilers and parity are the checks as study verify runs them; with
// --only, just the problems that name the chosen exercises.
func (v *Verifier) spoilers() {
	start := time.Now()
	problems := v.onlyProblems(Spoilers(v.Root, v.RM))
	v.result("hints and reveal give nothing away", time.Since(start), problems, "")
}

func (v *Verifier) parity() {
	start := time.Now()
	problems, notes := Parity(v.Root, v.RM)
	problems, notes = v.onlyProblems(problems), v.onlyProblems(notes)
	detail := ""
	if len(notes) > 0 {
		detail = fmt.Sprintf("stretch (not required): %d differences", len(notes))
	}
	v.result("core READMEs: Korean and English agree", time.Since(start), problems, detail)
	if v.Verbose {
		for _, n := range notes {
			v.Printf("       %s %s\n", v.Dim("stretch:"), n)
		}
	}
}

func (v *Verifier) onlyProblems(problems []string) []string {
	if len(v.Only) == 0 {
		return problems
	}
	var out []string
	for _, p := range problems {
		for _, e := range v.Only {
			if strings.HasPrefix(p, e.ID+":") || strings.HasPrefix(p, e.ID+" (") || strings.HasPrefix(p, e.Path+"/") {
				out = append(out, p)
				break
			}
		}
	}
	return out
}
