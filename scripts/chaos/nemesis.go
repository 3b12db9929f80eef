package chaos

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// Cluster is a running cluster the nemesis can break. Node numbers count
// from 0.
type Cluster interface {
	// Name names the system ("raft" or "etcd").
	Name() string
	// Size is the number of nodes.
	Size() int
	// Dial returns a new client connection for client number i.
	Dial(i int) (KV, error)
	// Leader returns the node that leads now, if the cluster knows one.
	Leader(ctx context.Context) (int, bool)
	// Kill kills node i with SIGKILL; Restart starts it again on the same data.
	Kill(i int) error
	Restart(i int) error
	// Pause stops node i with SIGSTOP; Resume continues it with SIGCONT.
	Pause(i int) error
	Resume(i int) error
	// Isolate cuts node i off from every peer (clients still reach it);
	// Heal restores every link.
	Isolate(i int) error
	Heal() error
	// Close stops every node and proxy and removes nothing it was not
	// asked to.
	Close() error
}

// FaultKind names what the nemesis does.
type FaultKind string

// The faults.
const (
	KillLeader    FaultKind = "kill-leader"
	KillFollower  FaultKind = "kill-follower"
	PauseLeader   FaultKind = "pause-leader"
	IsolateLeader FaultKind = "isolate-leader"
)

// AllFaults is every fault kind, in the order a schedule draws from.
var AllFaults = []FaultKind{KillLeader, KillFollower, PauseLeader, IsolateLeader}

// Fault is one fault the nemesis applied, with its start and end on the
// history's clock (nanoseconds).
type Fault struct {
	Kind      FaultKind
	Node      int
	WasLeader bool
	Start     int64
	End       int64
	Err       string `json:",omitempty"`
}

// Schedule is the nemesis's plan: after a first quiet Gap, one fault every
// Gap (drawn between MinGap and MaxGap), held for Hold and healed before the
// next. The same Seed gives the same plan.
type Schedule struct {
	Seed           uint64
	Kinds          []FaultKind
	MinGap, MaxGap time.Duration
	Hold           time.Duration
	// Until, when positive, is the time on the history's clock by which the
	// last fault must be healed: no fault starts that would end later, so
	// that clients have a quiet tail to succeed again.
	Until time.Duration
}

// DefaultSchedule is one fault every 5–10 s, each held 3 s.
func DefaultSchedule(seed uint64) Schedule {
	return Schedule{Seed: seed, Kinds: AllFaults, MinGap: 5 * time.Second, MaxGap: 10 * time.Second, Hold: 3 * time.Second}
}

// Nemesis applies a schedule to a cluster while the load runs, until ctx
// ends; it heals whatever fault is in place before it returns.
func Nemesis(ctx context.Context, c Cluster, s Schedule, h *History) []Fault {
	r := rand.New(rand.NewPCG(s.Seed, 0x6e656d))
	var faults []Fault
	for n := 0; ; n++ {
		gap := s.MinGap
		if s.MaxGap > s.MinGap {
			gap += time.Duration(r.Int64N(int64(s.MaxGap - s.MinGap)))
		}
		kind := s.Kinds[r.IntN(len(s.Kinds))]
		pick := r.IntN(1 << 16) // which follower, drawn even when unused so plans stay aligned
		if !sleep(ctx, gap) {
			return faults
		}
		if s.Until > 0 && time.Duration(h.Since())+s.Hold > s.Until {
			<-ctx.Done()
			return faults
		}
		f := Fault{Kind: kind}
		lctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		leader, ok := c.Leader(lctx)
		cancel()
		switch kind {
		case KillFollower:
			f.Node = (leader + 1 + pick%(c.Size()-1)) % c.Size()
			if !ok {
				f.Node = pick % c.Size()
			}
		default:
			f.Node, f.WasLeader = leader, ok
			if !ok {
				f.Node = pick % c.Size()
			}
		}
		f.Start = h.Since()
		var err error
		switch kind {
		case KillLeader, KillFollower:
			err = c.Kill(f.Node)
		case PauseLeader:
			err = c.Pause(f.Node)
		case IsolateLeader:
			err = c.Isolate(f.Node)
		}
		held := sleep(ctx, s.Hold)
		var herr error
		switch kind {
		case KillLeader, KillFollower:
			herr = c.Restart(f.Node)
		case PauseLeader:
			herr = c.Resume(f.Node)
		case IsolateLeader:
			herr = c.Heal()
		}
		f.End = h.Since()
		if err != nil || herr != nil {
			f.Err = fmt.Sprint(err, herr)
		}
		faults = append(faults, f)
		if !held {
			return faults
		}
	}
}

// sleep waits d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
