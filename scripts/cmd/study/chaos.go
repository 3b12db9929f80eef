package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"dsweekends/scripts/chaos"
	"dsweekends/scripts/grade"
	"dsweekends/scripts/portfolio"
)

// chaosDir is where study chaos keeps its runs, relative to the root.
const chaosDir = ".study/chaos"

func newChaosCmd(load loader) *cobra.Command {
	var o chaosOptions
	cmd := &cobra.Command{
		Use:   "chaos",
		Short: "Run your KV on Raft as 3 real processes under load while a nemesis kills, pauses and partitions them; check every history with porcupine",
		Long: `chaos builds cmd/kvnode (your code, or the reference with --reference), runs 3 nodes
on loopback with a proxy on every link, and drives concurrent clients doing
Put/Append/Get while a seeded nemesis breaks the cluster every 5-10 s: kill -9 and
restart (the leader or a follower), SIGSTOP/SIGCONT of the leader, the leader cut
off from its peers. It reports ops/s per second, p50/p99 latency, for each fault
of the leader the time until clients succeed again, and porcupine's verdict on
the whole history (its HTML view under .study/chaos/ when it is not
linearizable). --etcd runs the same load and the same faults against a 3-member
etcd in the same run, plus fault-free throughput at 8 and 64 clients, and prints
the ratios. Results go to .study/chaos/results.json (study portfolio draws them).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			if o.clients < 1 || o.duration <= 0 {
				return usagef("--clients must be at least 1 and --duration positive")
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return a.chaos(ctx, o)
		},
	}
	cmd.Flags().BoolVar(&o.reference, "reference", false, "run the reference solution instead of your code")
	cmd.Flags().DurationVar(&o.duration, "duration", 60*time.Second, "how long the nemesis run lasts")
	cmd.Flags().IntVar(&o.clients, "clients", 8, "concurrent clients in the nemesis run")
	cmd.Flags().BoolVar(&o.etcd, "etcd", false, "also run etcd (Debian's etcd-server) with the same load and faults, and throughput at 8 and 64 clients")
	cmd.Flags().BoolVar(&o.noRaft, "etcd-only", false, "run etcd alone (to check the harness)")
	cmd.Flags().DurationVar(&o.benchFor, "bench-duration", 10*time.Second, "how long each fault-free throughput run lasts (with --etcd)")
	cmd.Flags().Uint64Var(&o.seed, "seed", uint64(time.Now().Unix()), "seed of the fault schedule and the clients' choices")
	cmd.Flags().IntVar(&o.keys, "keys", 10, "keys the clients share")
	return cmd
}

type chaosOptions struct {
	reference, etcd, noRaft bool
	duration, benchFor      time.Duration
	clients, keys           int
	seed                    uint64
}

// chaos runs each system in turn: a fresh cluster, the throughput runs (with
// --etcd), then the nemesis run; then it prints and saves the figures.
func (a *app) chaos(ctx context.Context, o chaosOptions) error {
	base := filepath.Join(a.root, chaosDir)
	if err := os.MkdirAll(base, 0o755); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	dir, err := os.MkdirTemp(base, "run-"+time.Now().Format("20060102-150405")+"-")
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	a.Printf(a.T("chaos: seed %d, logs and data in %s\n", "chaos: 시드 %d, 로그와 데이터: %s\n"), o.seed, dir)
	type system struct {
		name  string
		start func(ctx context.Context, dir string) (chaos.Cluster, error)
	}
	var systems []system
	if !o.noRaft {
		bin := filepath.Join(dir, "kvnode")
		if err := a.buildNode(ctx, bin, o.reference); err != nil {
			return err
		}
		systems = append(systems, system{"raft", func(ctx context.Context, dir string) (chaos.Cluster, error) {
			return chaos.StartRaft(ctx, chaos.KVNode(bin), dir, 3)
		}})
	}
	if o.etcd || o.noRaft {
		if !chaos.EtcdAvailable() {
			return usagef("%s", a.T("etcd is not installed: sudo apt-get install etcd-server", "etcd가 설치되어 있지 않습니다: sudo apt-get install etcd-server"))
		}
		systems = append(systems, system{"etcd", func(ctx context.Context, dir string) (chaos.Cluster, error) {
			return chaos.StartEtcd(ctx, dir, 3)
		}})
	}
	var results []chaos.Result
	var loads []chaos.Load
	if o.etcd || o.noRaft {
		for _, n := range []int{8, 64} {
			loads = append(loads, chaos.Load{Clients: n, Duration: o.benchFor, Seed: o.seed, FreshKeys: true})
		}
	}
	for _, s := range systems {
		sdir := filepath.Join(dir, s.name)
		if err := os.MkdirAll(sdir, 0o755); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		c, err := s.start(ctx, sdir)
		if err != nil {
			return &exitError{code: exitFailed, err: err}
		}
		var runs []chaos.Options
		for _, l := range loads {
			runs = append(runs, chaos.Options{Load: l})
		}
		runs = append(runs, chaos.Options{Load: chaos.Load{Clients: o.clients, Keys: o.keys, Duration: o.duration, Seed: o.seed},
			Schedule: chaos.DefaultSchedule(o.seed), HTMLPath: filepath.Join(base, s.name+"-not-linearizable.html")})
		for _, r := range runs {
			if ctx.Err() != nil {
				break
			}
			what := a.T("throughput", "처리량")
			if len(r.Schedule.Kinds) > 0 {
				what = a.T("nemesis", "장애 주입")
			}
			a.Printf(a.T("%s: %s run, %d clients, %v…\n", "%s: %s 실행, 클라이언트 %d, %v…\n"), s.name, what, r.Load.Clients, r.Load.Duration)
			res, err := chaos.Run(ctx, c, r)
			if err != nil {
				c.Close()
				return &exitError{code: exitFailed, err: err}
			}
			a.printChaos(res)
			results = append(results, res)
		}
		if err := c.Close(); err != nil {
			a.Warnf("%s: %v\n", s.name, err)
		}
		removeDataDirs(sdir)
	}
	if err := chaos.Save(filepath.Join(a.root, filepath.FromSlash(portfolio.ChaosFile)), results); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	a.printRatios(results)
	if ctx.Err() != nil {
		return &exitError{code: exitFailed, err: ctx.Err()}
	}
	for _, r := range results {
		if r.Verdict == chaos.NotLinearizable {
			return failed
		}
	}
	return nil
}

// buildNode builds cmd/kvnode into bin, with the reference overlaid when asked.
func (a *app) buildNode(ctx context.Context, bin string, reference bool) error {
	args := []string{"build", "-o", bin}
	if reference {
		ov, err := grade.SolutionOverlay(a.root, a.rm.Exercises)
		if err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		defer os.Remove(ov)
		args = append(args, "-overlay="+ov)
	}
	c := exec.CommandContext(ctx, "go", append(args, chaos.KVNodePackage)...)
	c.Dir = a.root
	if out, err := c.CombinedOutput(); err != nil {
		return &exitError{code: exitFailed, err: fmt.Errorf("go build %s: %w\n%s", chaos.KVNodePackage, err, out)}
	}
	return nil
}

func (a *app) printChaos(r chaos.Result) {
	a.Printf("  %s, %d %s: %.0f ops/s, p50 %v, p99 %v, %d %s\n", r.System, r.Clients, a.T("clients", "클라이언트"),
		r.OpsPerSec, r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Failed, a.T("failed or timed out", "실패 또는 시간 초과"))
	if len(r.Faults) > 0 {
		fo := map[int]chaos.Failover{}
		k := 0
		for i, f := range r.Faults {
			if f.WasLeader {
				fo[i] = r.Failover[k]
				k++
			}
		}
		for i, f := range r.Faults {
			line := fmt.Sprintf("    %6.1fs %-15s node %d", float64(f.Start)/1e9, f.Kind, f.Node)
			if x, ok := fo[i]; ok {
				if x.Recover >= 0 {
					line += fmt.Sprintf(a.T(" — clients succeed again after %.2fs", " — 클라이언트가 %.2f초 후 다시 성공"), x.Recover.Seconds())
				} else {
					line += a.T(" — no client succeeded again", " — 다시 성공한 클라이언트 없음")
				}
			}
			if f.Err != "" {
				line += " (" + f.Err + ")"
			}
			a.Printf("%s\n", line)
		}
		a.Printf("    ops/s: %v\n", r.PerSecond)
	}
	a.Printf("  %s: %s (%d %s, %v)\n", a.T("history", "이력"), r.Verdict, r.Checked, a.T("operations checked", "개 연산 검사"), r.CheckTook.Round(time.Millisecond))
	if r.HTML != "" {
		a.Printf("  %s %s\n", a.T("porcupine's view:", "porcupine 시각화:"), r.HTML)
	}
}

// printRatios prints ours / etcd's for throughput at 8 and 64 clients and
// the median failover, with the goals of issue #23.
func (a *app) printRatios(rs []chaos.Result) {
	find := func(system string, clients int, nemesis bool) (chaos.Result, bool) {
		for _, r := range rs {
			if r.System == system && (clients == 0 || r.Clients == clients) && (len(r.Faults) > 0) == nemesis {
				return r, true
			}
		}
		return chaos.Result{}, false
	}
	a.Printf("\n%s\n", a.T("raft / etcd, same run:", "raft / etcd (같은 실행):"))
	shown := false
	for _, n := range []int{8, 64} {
		ours, ok1 := find("raft", n, false)
		etcd, ok2 := find("etcd", n, false)
		if ok1 && ok2 && etcd.OpsPerSec > 0 {
			shown = true
			goal := ""
			if n == 64 {
				goal = a.T(" (goal ≥ 0.25)", " (목표 ≥ 0.25)")
			}
			a.Printf("  %s %d: %.0f / %.0f ops/s = %.2f%s\n", a.T("throughput at", "처리량, 클라이언트"), n, ours.OpsPerSec, etcd.OpsPerSec, ours.OpsPerSec/etcd.OpsPerSec, goal)
		}
	}
	ours, ok1 := find("raft", 0, true)
	etcd, ok2 := find("etcd", 0, true)
	if ok1 && ok2 {
		for _, k := range []chaos.FaultKind{chaos.KillLeader, ""} {
			mo, no := ours.MedianFailover(k)
			me, ne := etcd.MedianFailover(k)
			if no == 0 || ne == 0 {
				continue
			}
			shown = true
			name := string(k)
			if k == "" {
				name = a.T("any leader fault", "리더 장애 전체")
			}
			a.Printf("  %s (%s): %.2fs (n=%d) / %.2fs (n=%d) = %.2f %s\n", a.T("median failover", "장애 복구 중앙값"), name, mo.Seconds(), no, me.Seconds(), ne, mo.Seconds()/me.Seconds(), a.T("(goal ≤ 1)", "(목표 ≤ 1)"))
		}
	}
	if !shown {
		a.Printf("  %s\n", a.T("(run with --etcd for the comparison)", "(비교하려면 --etcd로 실행하세요)"))
	}
}

// removeDataDirs deletes the nodes' data directories under dir (etcd
// preallocates 64 MB of log per member) and keeps their logs.
func removeDataDirs(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() {
			_ = os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}
