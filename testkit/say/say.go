// Package say writes a graded test's message in the learner's language.
//
// study check passes its --lang to the tests as STUDY_LANG; a plain go test
// follows STUDY_LANG, then LANG (ko_KR.UTF-8 means Korean), then English.
//
// Provided — no need to edit.
package say

import (
	"fmt"
	"os"
	"strings"
)

// EnvLang is the environment variable study check sets to its --lang.
const EnvLang = "STUDY_LANG"

// Lang returns "ko" or "en": the language graded tests write their messages in.
func Lang() string {
	for _, v := range []string{os.Getenv(EnvLang), os.Getenv("LC_ALL"), os.Getenv("LANG")} {
		switch {
		case v == "":
			continue
		case strings.HasPrefix(strings.ToLower(v), "ko"):
			return "ko"
		default:
			return "en"
		}
	}
	return "en"
}

// Korean reports whether messages are written in Korean.
func Korean() bool { return Lang() == "ko" }

// T returns ko or en, whichever the learner reads.
func T(ko, en string) string {
	if Korean() {
		return ko
	}
	return en
}

// F formats ko or en (whichever the learner reads) with args, as fmt.Sprintf.
// Both formats take the same arguments in the same order.
func F(ko, en string, args ...any) string {
	return fmt.Sprintf(T(ko, en), args...)
}
