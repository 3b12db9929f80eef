package roadmap

import "fmt"

// SelfItem is something the plan asks for that no test can measure — a
// lecture watched, a paper read, a note or a blog post written — which the
// learner ticks by hand (study tick ID).
type SelfItem struct {
	ID      string // stable: a criterion's id, "w13-2" (weekend 13's second deliverable), "milestone-06-2"
	Text    Text
	Weekend int // the weekend it belongs to; a milestone's week; 0 for a phase rule
	Kind    string
}

// Kinds of self-reported items.
const (
	SelfPhase       = "phase"
	SelfDeliverable = "deliverable"
	SelfMilestone   = "milestone"
)

// SelfItems returns every self-reported item of the plan, in plan order:
// the phases' rules, each weekend's deliverables, the milestones' items.
func (r *Roadmap) SelfItems() []SelfItem {
	var out []SelfItem
	for _, p := range r.Phases {
		for _, c := range p.Completion {
			if c.Self {
				out = append(out, SelfItem{ID: c.ID, Text: c.Text, Weekend: p.Last, Kind: SelfPhase})
			}
		}
	}
	for _, w := range r.Weekends {
		for i, d := range w.Deliverables {
			if d.Self {
				out = append(out, SelfItem{ID: fmt.Sprintf("w%02d-%d", w.N, i+1), Text: d.Text, Weekend: w.N, Kind: SelfDeliverable})
			}
		}
	}
	for _, m := range r.Milestones {
		for i, it := range m.Items {
			if it.Self {
				out = append(out, SelfItem{ID: fmt.Sprintf("%s-%d", m.Tag, i+1), Text: it.Text, Weekend: m.Week, Kind: SelfMilestone})
			}
		}
	}
	return out
}

// SelfItem returns the self-reported item with the given id, or false.
func (r *Roadmap) SelfItem(id string) (SelfItem, bool) {
	for _, it := range r.SelfItems() {
		if it.ID == id {
			return it, true
		}
	}
	return SelfItem{}, false
}
