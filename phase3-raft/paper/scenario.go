// Provided — no need to edit.

package paper

import (
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ScenariosYAML is scenarios.yaml, the situations to work through.
//
//go:embed scenarios.yaml
var ScenariosYAML []byte

// AnswersYAML is answers.yaml, the learner's answers.
//
//go:embed answers.yaml
var AnswersYAML []byte

// The kinds of scenario.
const (
	KindElection = "election" // who can win an election (Figure 7, §5.4.1)
	KindVote     = "vote"     // a voter's state after a RequestVote (Figure 2)
	KindAppend   = "append"   // a follower's state after an AppendEntries (Figure 2)
	KindCommit   = "commit"   // the leader's commitIndex, and which entries are safe (Figure 8)
	KindHeal     = "heal"     // who leads once a partition heals (§5.1, §5.3)
)

// Text is a sentence in Korean and English.
type Text struct {
	Ko string `yaml:"ko"`
	En string `yaml:"en"`
}

// Peer is one peer of a scenario. Which fields matter depends on the kind.
type Peer struct {
	Name     string `yaml:"name"`
	Term     int    `yaml:"term"`
	VotedFor string `yaml:"voted_for"` // "none" or empty when it has not voted in Term
	Leader   bool   `yaml:"leader"`
	Log      []int  `yaml:"log"`    // terms of entries 1, 2, ...
	Commit   int    `yaml:"commit"` // commitIndex
}

// Request is the RPC a scenario's voter or follower receives.
type Request struct {
	Term         int    `yaml:"term"`
	Candidate    string `yaml:"candidate"`      // RequestVote
	LastLogIndex int    `yaml:"last_log_index"` // RequestVote
	LastLogTerm  int    `yaml:"last_log_term"`  // RequestVote
	PrevLogIndex int    `yaml:"prev_log_index"` // AppendEntries
	PrevLogTerm  int    `yaml:"prev_log_term"`  // AppendEntries
	Entries      []int  `yaml:"entries"`        // AppendEntries: the new entries' terms
	LeaderCommit int    `yaml:"leader_commit"`  // AppendEntries
}

// Scenario is one situation from the paper, and its question.
type Scenario struct {
	ID        string     `yaml:"id"`
	Kind      string     `yaml:"kind"`
	Figure    string     `yaml:"figure"`
	Title     Text       `yaml:"title"`
	Story     Text       `yaml:"story"`
	Peers     []Peer     `yaml:"peers"`     // election, commit, heal
	Down      []string   `yaml:"down"`      // election: crashed peers
	Voter     *Peer      `yaml:"voter"`     // vote
	Follower  *Peer      `yaml:"follower"`  // append
	Request   *Request   `yaml:"request"`   // vote, append
	Leader    string     `yaml:"leader"`    // commit
	Term      int        `yaml:"term"`      // commit: the leader's currentTerm
	Commit    int        `yaml:"commit"`    // commit: the leader's commitIndex before
	Partition [][]string `yaml:"partition"` // heal: the two sides, for the picture
	Ask       string     `yaml:"ask"`       // heal: whose log the answer gives
}

// Names returns the scenario's peer names, in order.
func (s Scenario) Names() []string {
	var out []string
	for _, p := range s.Peers {
		out = append(out, p.Name)
	}
	return out
}

// Logs returns every peer's log by name.
func (s Scenario) Logs() map[string][]int {
	out := map[string][]int{}
	for _, p := range s.Peers {
		out[p.Name] = p.Log
	}
	return out
}

// Up returns the running peers of an election scenario, in order.
func (s Scenario) Up() []string {
	var out []string
	for _, p := range s.Peers {
		if !slices.Contains(s.Down, p.Name) {
			out = append(out, p.Name)
		}
	}
	return out
}

// ParseScenarios decodes and checks a scenarios file.
func ParseScenarios(data []byte) ([]Scenario, error) {
	var ss []Scenario
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&ss); err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	seen := map[string]bool{}
	for _, s := range ss {
		if s.ID == "" || seen[s.ID] {
			return nil, fmt.Errorf("scenarios: id %q is empty or used twice", s.ID)
		}
		seen[s.ID] = true
		if err := s.check(); err != nil {
			return nil, fmt.Errorf("scenarios: %s: %w", s.ID, err)
		}
	}
	return ss, nil
}

// check reports a scenario that lacks what its kind needs, or holds a log no Raft could build.
func (s Scenario) check() error {
	names := map[string]bool{}
	for _, p := range s.Peers {
		if p.Name == "" || names[p.Name] {
			return fmt.Errorf("peer name %q is empty or used twice", p.Name)
		}
		names[p.Name] = true
		if err := checkLog(p.Log); err != nil {
			return fmt.Errorf("peer %s: %w", p.Name, err)
		}
	}
	switch s.Kind {
	case KindElection:
		if len(s.Peers) == 0 {
			return errors.New("an election needs peers")
		}
		for _, d := range s.Down {
			if !names[d] {
				return fmt.Errorf("down names an unknown peer %q", d)
			}
		}
	case KindVote:
		if s.Voter == nil || s.Request == nil || s.Request.Candidate == "" {
			return errors.New("a vote needs a voter and a request with a candidate")
		}
		return checkLog(s.Voter.Log)
	case KindAppend:
		if s.Follower == nil || s.Request == nil {
			return errors.New("an append needs a follower and a request")
		}
		if err := checkLog(s.Request.Entries); err != nil {
			return fmt.Errorf("entries: %w", err)
		}
		if s.Request.PrevLogIndex < 0 || s.Follower.Commit < 0 || s.Follower.Commit > len(s.Follower.Log) {
			return errors.New("prev_log_index or commit out of range")
		}
		return checkLog(s.Follower.Log)
	case KindCommit:
		if !names[s.Leader] || s.Commit < 0 || s.Commit > len(s.Logs()[s.Leader]) {
			return errors.New("a commit scenario needs its leader among the peers and a commit index in its log")
		}
	case KindHeal:
		if !names[s.Ask] {
			return fmt.Errorf("ask names an unknown peer %q", s.Ask)
		}
		leaders := 0
		for _, p := range s.Peers {
			if p.Leader {
				leaders++
			}
		}
		if leaders == 0 {
			return errors.New("a heal needs a leader")
		}
	default:
		return fmt.Errorf("unknown kind %q", s.Kind)
	}
	return nil
}

// checkLog reports a log whose terms are not positive or go down: terms in a Raft log never
// decrease.
func checkLog(log []int) error {
	for i, t := range log {
		if t < 1 || i > 0 && t < log[i-1] {
			return fmt.Errorf("log %v: terms must be positive and never decrease", log)
		}
	}
	return nil
}

// Answer is one scenario's answer as written in answers.yaml. A field left out is nil.
type Answer struct {
	Given    bool     // answer: is not blank
	Peers    []string // election: the peers that can win
	Granted  *bool    // vote
	Term     *int     // vote, heal
	VotedFor *string  // vote: a name, or "none"
	Success  *bool    // append
	Log      []int    // append, heal (nil when left out; [] is an empty log)
	Commit   *int     // append, commit
	Safe     *int     // commit
	Leader   *string  // heal
	Why      string   // not graded
}

// fields lists the keys an answer of each kind has, in the order the messages name them.
var fields = map[string][]string{
	KindVote:   {"granted", "term", "voted_for"},
	KindAppend: {"success", "log", "commit"},
	KindCommit: {"commit", "safe"},
	KindHeal:   {"leader", "term", "log"},
}

// Fields returns the keys of an answer of kind (none for an election, whose answer is a list).
func Fields(kind string) []string { return fields[kind] }

// ParseAnswers decodes an answers file against the scenarios: every key must be a scenario's id,
// holding answer: (blank, or the shape of that scenario's kind) and why:. Scenarios the file
// leaves out are missing from the result.
func ParseAnswers(data []byte, ss []Scenario) (map[string]Answer, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("answers.yaml: %w", err)
	}
	out := map[string]Answer{}
	if len(doc.Content) == 0 {
		return out, nil // an empty file
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("answers.yaml: line %d: want one entry per scenario (s01:, s02:, ...)", top.Line)
	}
	kinds := map[string]string{}
	for _, s := range ss {
		kinds[s.ID] = s.Kind
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		kind, ok := kinds[k.Value]
		if !ok {
			return nil, fmt.Errorf("answers.yaml: line %d: %q is no scenario's id", k.Line, k.Value)
		}
		if _, dup := out[k.Value]; dup {
			return nil, fmt.Errorf("answers.yaml: line %d: %s is answered twice", k.Line, k.Value)
		}
		a, err := parseEntry(kind, v)
		if err != nil {
			return nil, fmt.Errorf("answers.yaml: %s: %w", k.Value, err)
		}
		out[k.Value] = a
	}
	return out, nil
}

// parseEntry decodes one scenario's {answer:, why:}.
func parseEntry(kind string, n *yaml.Node) (Answer, error) {
	var a Answer
	if isBlank(n) {
		return a, nil
	}
	if n.Kind != yaml.MappingNode {
		return a, fmt.Errorf("line %d: want answer: and why: under the id", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "why":
			if !isBlank(v) {
				if v.Kind != yaml.ScalarNode {
					return a, fmt.Errorf("line %d: why: is free text (quote it)", v.Line)
				}
				a.Why = v.Value
			}
		case "answer":
			if isBlank(v) {
				continue
			}
			a.Given = true
			if err := parseAnswer(kind, v, &a); err != nil {
				return a, err
			}
		default:
			return a, fmt.Errorf("line %d: unknown key %q (want answer: and why:)", k.Line, k.Value)
		}
	}
	return a, nil
}

// parseAnswer decodes the answer: of a scenario of kind into a.
func parseAnswer(kind string, v *yaml.Node, a *Answer) error {
	if kind == KindElection {
		names, err := nameList(v)
		if err != nil {
			return err
		}
		a.Peers = names
		return nil
	}
	if v.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: want {%s: ...}", v.Line, strings.Join(fields[kind], ": ..., "))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, x := v.Content[i], v.Content[i+1]
		if !slices.Contains(fields[kind], k.Value) {
			return fmt.Errorf("line %d: unknown key %q (a %s answer has %s)", k.Line, k.Value, kind, strings.Join(fields[kind], ", "))
		}
		if seen[k.Value] {
			return fmt.Errorf("line %d: %s given twice", k.Line, k.Value)
		}
		seen[k.Value] = true
		if isBlank(x) {
			continue
		}
		var err error
		switch k.Value {
		case "granted":
			a.Granted, err = boolOf(x)
		case "success":
			a.Success, err = boolOf(x)
		case "term":
			a.Term, err = intOf(x)
		case "commit":
			a.Commit, err = intOf(x)
		case "safe":
			a.Safe, err = intOf(x)
		case "voted_for":
			a.VotedFor, err = nameOf(x)
		case "leader":
			a.Leader, err = nameOf(x)
		case "log":
			a.Log, err = intList(x)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", k.Value, err)
		}
	}
	return nil
}

// isBlank reports an empty value: nothing after the colon, or ~ / null.
func isBlank(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func boolOf(n *yaml.Node) (*bool, error) {
	if n.Kind == yaml.ScalarNode {
		switch strings.ToLower(n.Value) {
		case "true", "yes":
			b := true
			return &b, nil
		case "false", "no":
			b := false
			return &b, nil
		}
	}
	return nil, fmt.Errorf("line %d: want true or false", n.Line)
}

func intOf(n *yaml.Node) (*int, error) {
	if n.Kind == yaml.ScalarNode {
		if i, err := strconv.Atoi(n.Value); err == nil && i >= 0 {
			return &i, nil
		}
	}
	return nil, fmt.Errorf("line %d: want a whole number ≥ 0", n.Line)
}

func nameOf(n *yaml.Node) (*string, error) {
	if n.Kind != yaml.ScalarNode || n.Value == "" {
		return nil, fmt.Errorf("line %d: want a peer's name, or none", n.Line)
	}
	s := n.Value
	return &s, nil
}

func nameList(n *yaml.Node) ([]string, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("line %d: want a list of names, such as [S1, S2], or [] for none", n.Line)
	}
	out := []string{}
	for _, x := range n.Content {
		s, err := nameOf(x)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	return out, nil
}

func intList(n *yaml.Node) ([]int, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("line %d: want a list of terms, such as [1, 1, 2], or [] for an empty log", n.Line)
	}
	out := []int{}
	for _, x := range n.Content {
		i, err := intOf(x)
		if err != nil {
			return nil, err
		}
		out = append(out, *i)
	}
	return out, nil
}
