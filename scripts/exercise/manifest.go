package exercise

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ManifestPath is where the manifest lives, relative to the workspace root.
const ManifestPath = "scripts/manifest.sha256"

// Manifest maps a file (slash-separated, relative to the workspace root) to
// the SHA-256 of its content as shipped. It covers every skeleton file a
// learner edits and every graded test file, so the tools can tell an
// untouched exercise from a started one, and a graded test that was edited.
type Manifest map[string]string

// Hash returns the hex SHA-256 of a file's content.
func Hash(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// ComputeManifest hashes the given files under root.
func ComputeManifest(root string, files []string) (Manifest, error) {
	m := Manifest{}
	for _, f := range files {
		h, err := Hash(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			return nil, fmt.Errorf("manifest: %w", err)
		}
		m[f] = h
	}
	return m, nil
}

// ReadManifest reads the manifest file under root. The format is the one
// sha256sum prints: "<hex>  <path>" per line.
func ReadManifest(root string) (Manifest, error) {
	path := filepath.Join(root, filepath.FromSlash(ManifestPath))
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	m := Manifest{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		sum, file, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 {
			return nil, fmt.Errorf("read manifest: %s:%d: want \"<sha256>  <path>\", got %q", path, n, line)
		}
		m[file] = sum
	}
	return m, sc.Err()
}

// Write writes the manifest under root, sorted by path.
func (m Manifest) Write(root string) error {
	var b strings.Builder
	b.WriteString("# Checksums of every skeleton and graded test file as shipped.\n")
	b.WriteString("# Regenerate with: go run ./scripts/cmd/study manifest\n")
	for _, f := range m.Files() {
		fmt.Fprintf(&b, "%s  %s\n", m[f], f)
	}
	path := filepath.Join(root, filepath.FromSlash(ManifestPath))
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	return nil
}

// Files returns the manifest's paths, sorted.
func (m Manifest) Files() []string {
	out := make([]string, 0, len(m))
	for f := range m {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// Changed returns the files of want whose content under root differs from
// the recorded checksum (or that are missing), sorted.
func (m Manifest) Changed(root string, files []string) ([]string, error) {
	var out []string
	for _, f := range files {
		h, err := Hash(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("manifest: %w", err)
		}
		if h == "" || h != m[f] {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Diff compares a recorded manifest with a freshly computed one and
// describes every difference: files added, removed or changed.
func Diff(recorded, current Manifest) []string {
	var out []string
	for _, f := range current.Files() {
		switch h, ok := recorded[f]; {
		case !ok:
			out = append(out, "not in manifest: "+f)
		case h != current[f]:
			out = append(out, "changed: "+f)
		}
	}
	for _, f := range recorded.Files() {
		if _, ok := current[f]; !ok {
			out = append(out, "no longer shipped: "+f)
		}
	}
	return out
}
