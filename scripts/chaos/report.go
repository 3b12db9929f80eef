package chaos

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// Result is what one run measured.
type Result struct {
	System    string
	Clients   int
	Duration  time.Duration
	Ops       int     // operations that succeeded
	Failed    int     // operations that failed or timed out
	OpsPerSec float64 // successful operations per second over the run
	PerSecond []int   // successful operations returning in each second
	P50, P99  time.Duration
	Faults    []Fault    `json:",omitempty"`
	Failover  []Failover `json:",omitempty"`
	Verdict   Verdict
	HTML      string `json:",omitempty"` // porcupine's view, on a violation
	Checked   int    // operations given to porcupine
	CheckTook time.Duration
}

// Failover is, for one fault of the leader, how long clients went without a
// success: from the fault to the first success of an operation called after
// it.
type Failover struct {
	Kind    FaultKind
	Recover time.Duration // -1 when no operation succeeded before the run ended
}

// Measure computes the figures of a history and the faults applied to it.
func Measure(system string, clients int, dur time.Duration, ops []Op, faults []Fault) Result {
	r := Result{System: system, Clients: clients, Duration: dur, Faults: faults}
	secs := int(math.Ceil(dur.Seconds()))
	r.PerSecond = make([]int, max(secs, 1))
	var lat []time.Duration
	for _, op := range ops {
		if !op.OK {
			if time.Duration(op.Return) < dur {
				r.Failed++
			}
			continue
		}
		r.Ops++
		lat = append(lat, time.Duration(op.Return-op.Call))
		if s := int(op.Return / int64(time.Second)); s >= 0 && s < len(r.PerSecond) {
			r.PerSecond[s]++
		}
	}
	if dur > 0 {
		r.OpsPerSec = float64(r.Ops) / dur.Seconds()
	}
	slices.Sort(lat)
	r.P50, r.P99 = quantile(lat, 0.50), quantile(lat, 0.99)
	for _, f := range faults {
		if !f.WasLeader {
			continue
		}
		first := int64(-1)
		for _, op := range ops {
			if op.OK && op.Call >= f.Start && (first < 0 || op.Return < first) {
				first = op.Return
			}
		}
		fo := Failover{Kind: f.Kind, Recover: -1}
		if first >= 0 {
			fo.Recover = time.Duration(first - f.Start)
		}
		r.Failover = append(r.Failover, fo)
	}
	return r
}

func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

// MedianFailover returns the median recovery time of the leader faults of
// kind k (all kinds when k is empty), and how many there were.
func (r Result) MedianFailover(k FaultKind) (time.Duration, int) {
	var ds []time.Duration
	for _, f := range r.Failover {
		if (k == "" || f.Kind == k) && f.Recover >= 0 {
			ds = append(ds, f.Recover)
		}
	}
	slices.Sort(ds)
	if len(ds) == 0 {
		return 0, 0
	}
	return ds[len(ds)/2], len(ds)
}

// Options is one run: the load, the nemesis (nil Schedule.Kinds: none), how
// long porcupine may take, and where to keep its HTML view on a violation.
type Options struct {
	Load         Load
	Schedule     Schedule
	CheckTimeout time.Duration
	HTMLPath     string
}

// Run drives the load against c while the nemesis breaks it, then checks
// the history.
func Run(ctx context.Context, c Cluster, o Options) (Result, error) {
	h := NewHistory()
	var faults []Fault
	var wg sync.WaitGroup
	nctx, stop := context.WithCancel(ctx)
	if len(o.Schedule.Kinds) > 0 {
		if o.Schedule.Until <= 0 {
			o.Schedule.Until = o.Load.Duration - min(5*time.Second, o.Load.Duration/4)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			faults = Nemesis(nctx, c, o.Schedule, h)
		}()
	}
	err := Drive(ctx, o.Load, h, c.Dial)
	stop()
	wg.Wait()
	if err != nil {
		return Result{}, err
	}
	ops := h.Ops()
	res := Measure(c.Name(), o.Load.withDefaults().Clients, o.Load.Duration, ops, faults)
	timeout := o.CheckTimeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	start := time.Now()
	res.Checked = len(Operations(ops))
	res.Verdict, res.HTML, err = Check(ops, timeout, o.HTMLPath)
	res.CheckTook = time.Since(start)
	return res, err
}

// Save writes results as JSON (the portfolio's charts read it).
func Save(path string, rs []Result) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("chaos: %w", err)
	}
	b, err := json.MarshalIndent(rs, "", "  ")
	if err != nil {
		return fmt.Errorf("chaos: %w", err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("chaos: %w", err)
	}
	return nil
}

// LoadResults reads what Save wrote.
func LoadResults(path string) ([]Result, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("chaos: %w", err)
	}
	var rs []Result
	if err := json.Unmarshal(b, &rs); err != nil {
		return nil, fmt.Errorf("chaos: %s: %w", path, err)
	}
	return rs, nil
}
