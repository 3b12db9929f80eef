// Package reveal shows an exercise's reference solution as a unified diff
// against the learner's own files: what a finished learner reads next
// (exercism's "community solutions", rustlings' solutions).
package reveal

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"dsweekends/scripts/exercise"
)

// context is how many unchanged lines surround each change.
const context = 3

// FileSet returns the reference files reveal shows for an exercise whose
// edit files (roadmap edit:, base names) are edit, in the package directory
// dir (absolute): the reference of each edit file, and nothing else — not
// the reference of another exercise that shares the package (a later
// weekend's part must stay unseen). An edit file without a reference is
// an error.
func FileSet(dir string, edit []string) ([]string, error) {
	var out []string
	for _, name := range edit {
		sol := filepath.Join(dir, exercise.SolutionDir, name)
		if _, err := os.Stat(sol); err != nil {
			return nil, fmt.Errorf("reveal: %s has no reference: %w", name, err)
		}
		out = append(out, sol)
	}
	sort.Strings(out)
	return slices.Compact(out), nil
}

// Files writes, for each edit file of an exercise (see FileSet), a unified
// diff from the learner's file of the same name to its reference. rel
// names the package in the headers. It returns how many files differ.
func Files(w io.Writer, dir, rel string, edit []string) (int, error) {
	sols, err := FileSet(dir, edit)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, sol := range sols {
		name := filepath.Base(sol)
		ref, err := os.ReadFile(sol)
		if err != nil {
			return n, fmt.Errorf("reveal: %w", err)
		}
		mine, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return n, fmt.Errorf("reveal: %w", err)
		}
		d := Unified(rel+"/"+name+" (yours)", rel+"/"+name+" (reference)", string(mine), string(ref))
		if d != "" {
			n++
			io.WriteString(w, d)
		}
	}
	return n, nil
}

// Unified returns the unified diff from a to b, or "" when they are equal.
func Unified(nameA, nameB, a, b string) string {
	x, y := lines(a), lines(b)
	ops := diff(x, y)
	var out strings.Builder
	// Group the edit script into hunks with context lines around changes.
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(0, i-context)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j
				continue
			}
			if j-end > 2*context {
				break
			}
		}
		end = min(len(ops), end+context+1)
		if out.Len() == 0 {
			fmt.Fprintf(&out, "--- %s\n+++ %s\n", nameA, nameB)
		}
		ai, bi, an, bn := ops[start].a, ops[start].b, 0, 0
		for _, op := range ops[start:end] {
			if op.kind != '+' {
				an++
			}
			if op.kind != '-' {
				bn++
			}
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", ai+1, an, bi+1, bn)
		for _, op := range ops[start:end] {
			fmt.Fprintf(&out, "%c%s\n", op.kind, op.text)
		}
		i = end
	}
	return out.String()
}

type op struct {
	kind byte // ' ', '-', '+'
	text string
	a, b int // line index in a and in b where the op stands
}

// diff is a longest-common-subsequence line diff: small files, plain code.
func diff(x, y []string) []op {
	m, n := len(x), len(y)
	lcs := make([][]int, m+1)
	for i := range lcs {
		lcs[i] = make([]int, n+1)
	}
	for i := m - 1; i >= 0; i-- {
		for j := n - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []op
	i, j := 0, 0
	for i < m || j < n {
		switch {
		case i < m && j < n && x[i] == y[j]:
			ops = append(ops, op{' ', x[i], i, j})
			i++
			j++
		case i < m && (j == n || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', x[i], i, j}) // deletions before insertions, as diff -u does
			i++
		default:
			ops = append(ops, op{'+', y[j], i, j})
			j++
		}
	}
	return ops
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
