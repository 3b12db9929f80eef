package say

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLangFollowsStudyLangThenLang(t *testing.T) {
	for _, c := range []struct{ study, lcAll, lang, want string }{
		{"ko", "", "en_US.UTF-8", "ko"},
		{"en", "", "ko_KR.UTF-8", "en"},
		{"", "", "ko_KR.UTF-8", "ko"},
		{"", "C", "ko_KR.UTF-8", "en"},
		{"", "", "", "en"},
	} {
		t.Setenv(EnvLang, c.study)
		t.Setenv("LC_ALL", c.lcAll)
		t.Setenv("LANG", c.lang)
		assert.Equal(t, c.want, Lang(), "STUDY_LANG=%q LC_ALL=%q LANG=%q", c.study, c.lcAll, c.lang)
	}
}

func TestFChoosesTheFormat(t *testing.T) {
	t.Setenv(EnvLang, "ko")
	assert.Equal(t, "값 3", F("값 %d", "value %d", 3))
	t.Setenv(EnvLang, "en")
	assert.Equal(t, "value 3", F("값 %d", "value %d", 3))
	assert.Equal(t, "yes", T("네", "yes"))
}
