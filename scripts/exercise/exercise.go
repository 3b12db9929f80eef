// Package exercise knows the files of an exercise package on disk: its
// graded tests, its reference solution in .solution/, its hint ladder, and
// the manifest that records every skeleton and graded test file as shipped.
//
// Paths given to and returned by this package are slash-separated and
// relative to the workspace root unless a name says otherwise.
package exercise

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// SolutionDir is the folder, inside an exercise package, that holds the
// reference solution. Go never builds a folder whose name starts with a dot.
const SolutionDir = ".solution"

// TestFiles returns the names of the _test.go files in the package directory
// dir (absolute), sorted.
func TestFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read exercise folder: %w", err)
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), "_test.go") {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// TestFuncs returns the names of the Test* functions declared in the
// _test.go files of the package directory dir (absolute), sorted. TestMain,
// Fuzz* and Benchmark* functions are not tests in this sense.
func TestFuncs(dir string) ([]string, error) {
	files, err := TestFiles(dir)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var out []string
	for _, name := range files {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("parse test file: %w", err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !isTestName(fn.Name.Name) {
				continue
			}
			out = append(out, fn.Name.Name)
		}
	}
	sort.Strings(out)
	return out, nil
}

// isTestName reports whether name is a test function name as go test sees
// it: "Test" followed by nothing or by a character that is not a lower-case letter.
func isTestName(name string) bool {
	if !strings.HasPrefix(name, "Test") || name == "TestMain" {
		return false
	}
	rest := name[len("Test"):]
	return rest == "" || !(rest[0] >= 'a' && rest[0] <= 'z')
}

// SolutionFiles returns the .go files of the reference solution of the
// package directory dir (absolute), as absolute paths, sorted. An exercise
// without a .solution folder has none.
func SolutionFiles(dir string) ([]string, error) {
	sol := filepath.Join(dir, SolutionDir)
	ents, err := os.ReadDir(sol)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read reference solution: %w", err)
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			out = append(out, filepath.Join(sol, e.Name()))
		}
	}
	return out, nil
}
