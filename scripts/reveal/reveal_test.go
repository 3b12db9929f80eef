package reveal

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestUnifiedShowsChangesWithContext(t *testing.T) {
	a := "package p\n\nfunc Add(a, b int) int {\n\treturn 0\n}\n"
	b := "package p\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n"
	want := "--- yours\n+++ reference\n@@ -1,5 +1,5 @@\n package p\n \n func Add(a, b int) int {\n-\treturn 0\n+\treturn a + b\n }\n"
	assert.Equal(t, want, Unified("yours", "reference", a, b))
	assert.Empty(t, Unified("yours", "reference", a, a), "equal files have no diff")
}

func TestUnifiedSplitsDistantChanges(t *testing.T) {
	var a, b string
	for i := range 20 {
		line := string(rune('a'+i)) + "\n"
		a += line
		if i == 1 || i == 18 {
			line = "X\n"
		}
		b += line
	}
	d := Unified("x", "y", a, b)
	assert.Contains(t, d, "@@ -1,5 +1,5 @@", "the first hunk starts at the top with its context")
	assert.Contains(t, d, "@@ -16,5 +16,5 @@", "a far-away change gets its own hunk")
}
