package roadmap

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRoadmapIsConsistent keeps the plan honest: see [Roadmap.Validate].
func TestRoadmapIsConsistent(t *testing.T) {
	r, err := Load()
	require.NoError(t, err, "roadmap.yaml must decode into the Roadmap types (unknown keys are errors)")
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	for _, e := range r.Validate(root) {
		t.Error(e)
	}
}

// TestParseRejectsUnknownFields guards against a typo silently dropping data.
func TestParseRejectsUnknownFields(t *testing.T) {
	_, err := Parse([]byte("title: {ko: a, en: b}\nweekendz: []\n"))
	require.ErrorContains(t, err, "weekendz", "an unknown key must be reported by name")
}

func TestTextInFallsBack(t *testing.T) {
	require.Equal(t, "안녕", Text{Ko: "안녕", En: "hello"}.In("ko"))
	require.Equal(t, "hello", Text{Ko: "안녕", En: "hello"}.In("en"))
	require.Equal(t, "안녕", Text{Ko: "안녕"}.In("en"), "a text missing its English falls back to Korean")
	require.Equal(t, "hello", Text{En: "hello"}.In("ko"), "a text missing its Korean falls back to English")
}
