package mutate

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"dsweekends/scripts/exercise"
)

// workspace is a throwaway copy of the modules an exercise needs, with
// every reference solution copied over its skeleton: a mutation tool
// rewrites real files, so it must never see the learner's.
type workspace struct {
	dir    string // the copy's root, standing for the workspace root
	module string // the exercise's module in the copy (absolute)
	pkg    string // the exercise's package in the copy (absolute)
}

// buildWorkspace copies into dir the modules of the workspace at root that
// the package at pkgPath (slash-separated, from root) builds and tests
// with, laying each .solution/*.go file over the file of the same name.
//
// The tool copies the exercise's module once per worker, so the module gets
// a go.work of its own, "use ." plus the other modules by absolute path:
// each worker's copy builds its own mutated files against the shared rest.
func buildWorkspace(root, dir, pkgPath string) (*workspace, error) {
	uses, goLines, err := readGoWork(filepath.Join(root, "go.work"))
	if err != nil {
		return nil, err
	}
	pkgAbs := filepath.Join(root, filepath.FromSlash(pkgPath))
	home := ""
	for _, u := range uses {
		rel, err := filepath.Rel(u, pkgAbs)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && len(u) > len(home) {
			home = u
		}
	}
	if home == "" {
		return nil, fmt.Errorf("%s is in no module of %s", pkgPath, filepath.Join(root, "go.work"))
	}
	needed, err := neededModules(root, pkgAbs, uses)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(needed, home) {
		needed = append(needed, home)
	}
	ws := &workspace{dir: dir}
	var others []string
	for _, m := range needed {
		rel, err := filepath.Rel(root, m)
		if err != nil {
			return nil, err
		}
		dst := filepath.Join(dir, rel)
		if err := copyModule(m, dst); err != nil {
			return nil, err
		}
		if m == home {
			ws.module = dst
		} else {
			others = append(others, dst)
		}
	}
	rel, _ := filepath.Rel(root, pkgAbs)
	ws.pkg = filepath.Join(dir, rel)
	var b strings.Builder
	b.WriteString("// Written by study mutate: this module and, by absolute path, the others it needs.\n")
	for _, l := range goLines {
		b.WriteString(l + "\n")
	}
	b.WriteString("\nuse (\n\t.\n")
	for _, o := range others {
		fmt.Fprintf(&b, "\t%s\n", o)
	}
	b.WriteString(")\n")
	if err := os.WriteFile(filepath.Join(ws.module, "go.work"), []byte(b.String()), 0o644); err != nil {
		return nil, err
	}
	if sum, err := os.ReadFile(filepath.Join(root, "go.work.sum")); err == nil {
		if err := os.WriteFile(filepath.Join(ws.module, "go.work.sum"), sum, 0o644); err != nil {
			return nil, err
		}
	}
	return ws, nil
}

// readGoWork returns the absolute module folders a go.work uses, and its
// other directives (go, toolchain, godebug, replace) as written.
func readGoWork(path string) (uses, other []string, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read go.work: %w", err)
	}
	base := filepath.Dir(path)
	inUse := false
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		t := strings.TrimSpace(line)
		if i := strings.Index(t, "//"); i >= 0 {
			t = strings.TrimSpace(t[:i])
		}
		switch {
		case inUse && t == ")":
			inUse = false
		case inUse && t != "":
			uses = append(uses, absUnder(base, t))
		case t == "use (":
			inUse = true
		case strings.HasPrefix(t, "use "):
			uses = append(uses, absUnder(base, strings.TrimSpace(strings.TrimPrefix(t, "use "))))
		case t != "":
			other = append(other, line)
		}
	}
	return uses, other, sc.Err()
}

func absUnder(base, p string) string {
	p = strings.Trim(p, `"`)
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(base, filepath.FromSlash(p))
}

// neededModules returns the workspace modules (absolute folders, among
// uses) that the package's build and tests import, with every reference
// overlaid: go list -deps -test names each dependency's module folder.
func neededModules(root, pkgAbs string, uses []string) ([]string, error) {
	// Overlay every package that has a .solution folder, in every module.
	ov := exercise.Overlay{Replace: map[string]string{}}
	for _, u := range uses {
		err := filepath.WalkDir(u, func(p string, d os.DirEntry, err error) error {
			if err != nil || !d.IsDir() || d.Name() != exercise.SolutionDir {
				return err
			}
			files, err := exercise.SolutionFiles(filepath.Dir(p))
			for _, f := range files {
				ov.Replace[filepath.Join(filepath.Dir(p), filepath.Base(f))] = f
			}
			if err != nil {
				return err
			}
			return filepath.SkipDir
		})
		if err != nil {
			return nil, err
		}
	}
	ovFile, err := ov.WriteFile("")
	if err != nil {
		return nil, err
	}
	defer os.Remove(ovFile)
	cmd := exec.Command("go", "list", "-overlay="+ovFile, "-deps", "-test", "-f", "{{with .Module}}{{.Dir}}{{end}}", ".")
	cmd.Dir = pkgAbs
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOWORK=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list the dependencies of %s: %v\n%s", pkgAbs, err, stderr.String())
	}
	var needed []string
	for _, l := range strings.Split(string(out), "\n") {
		l = filepath.Clean(strings.TrimSpace(l))
		if slices.Contains(uses, l) && !slices.Contains(needed, l) {
			needed = append(needed, l)
		}
	}
	return needed, nil
}

// copyModule copies the module folder src to dst: every file but version
// control, the study cache and go.work files, with each .solution/*.go file
// laid over its skeleton and the .solution folders themselves left out.
func copyModule(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			switch d.Name() {
			case ".git", ".study":
				return filepath.SkipDir
			case exercise.SolutionDir:
				files, err := exercise.SolutionFiles(filepath.Dir(p))
				if err != nil {
					return err
				}
				for _, f := range files {
					if err := copyFile(f, filepath.Join(filepath.Dir(target), filepath.Base(f))); err != nil {
						return err
					}
				}
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() || d.Name() == "go.work" || d.Name() == "go.work.sum" {
			return nil
		}
		// A skeleton file with a reference in .solution/ is replaced by it.
		if _, err := os.Stat(filepath.Join(filepath.Dir(p), exercise.SolutionDir, d.Name())); err == nil && strings.HasSuffix(d.Name(), ".go") {
			return nil
		}
		return copyFile(p, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
