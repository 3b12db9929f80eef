package paper

import (
	"slices"
	"testing"
)

// FuzzParseAnswers feeds arbitrary files to ParseAnswers: it never panics, and whatever it
// accepts answers only known scenarios, each in the shape of its kind.
func FuzzParseAnswers(f *testing.F) {
	ss, err := ParseScenarios(ScenariosYAML)
	if err != nil {
		f.Fatal(err)
	}
	kinds := map[string]string{}
	for _, s := range ss {
		kinds[s.ID] = s.Kind
	}
	for _, seed := range []string{
		string(AnswersYAML),
		"s01:\n  answer: [a, c, d]\n  why: \"x\"\n",
		"s04:\n  answer: {granted: no, term: 3, voted_for: S2}\n",
		"s06:\n  answer: {success: true, log: [1, 1, 2], commit: 2}\n",
		"s10:\n  answer: {commit: 1, safe: }\n",
		"s13:\n  answer: {leader: S3, term: 3, log: []}\n  why: a: b\n",
		"s01: [a]\n",
		"s99:\n  answer: 1\n",
		"- s01\n",
		"s04:\n  answer: {term: -1}\n",
		"s04:\n  answer: &x {term: 1}\ns05:\n  answer: *x\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		as, err := ParseAnswers(data, ss)
		if err != nil {
			return
		}
		for id, a := range as {
			kind, ok := kinds[id]
			if !ok {
				t.Fatalf("accepted an answer to unknown scenario %q", id)
			}
			if !a.Given && (a.Peers != nil || a.Term != nil || a.Log != nil || a.Granted != nil) {
				t.Fatalf("%s: a blank answer holds values: %+v", id, a)
			}
			if a.Peers != nil && kind != KindElection {
				t.Fatalf("%s: a list of peers for a %s scenario", id, kind)
			}
			for _, f := range []*int{a.Term, a.Commit, a.Safe} {
				if f != nil && *f < 0 {
					t.Fatalf("%s: a negative number was accepted", id)
				}
			}
			if a.Log != nil && slices.ContainsFunc(a.Log, func(x int) bool { return x < 0 }) {
				t.Fatalf("%s: a negative term was accepted", id)
			}
		}
	})
}
