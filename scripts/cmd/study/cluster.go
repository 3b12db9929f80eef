package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dsweekends/scripts/cluster"
)

func newClusterCmd(load loader) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cluster",
		Short: "Run your KV-on-Raft as real processes on localhost: up, status, down (실제 프로세스 클러스터)",
		Long: `study cluster up builds phase3-raft/cmd/kvnode from your raft and kvraft (or, with
--reference, from the reference solutions) and starts 3 or 5 nodes on free 127.0.0.1 ports,
each in its own process group, with its data and log under .study/cluster/. The nodes keep
running after study exits; study cluster status shows each one; study cluster down stops them.
Talk to them with the kvcli that up builds (.study/cluster/bin/kvcli); status prints the line.

study cluster up은 여러분의 raft와 kvraft로(--reference면 참고 답안으로) phase3-raft/cmd/kvnode를
빌드해 127.0.0.1의 빈 포트에 노드 3개나 5개를 띄웁니다. 데이터와 로그는 .study/cluster/에 있고,
study가 끝나도 노드는 계속 돕니다. status로 상태를 보고 down으로 멈춥니다.`,
	}
	var nodes int
	var reference, fresh bool
	up := &cobra.Command{
		Use:   "up",
		Short: "Build the node and start the cluster",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			if nodes != 3 && nodes != 5 {
				return usagef("cluster up: --nodes must be 3 or 5, not %d", nodes)
			}
			a.Printf("%s\n", a.T("building kvnode and starting the nodes…", "kvnode를 빌드하고 노드를 띄웁니다…"))
			ctx, cancel := context.WithTimeout(cmd.Context(), 5*time.Minute)
			defer cancel()
			st, err := cluster.Up(ctx, cluster.Options{Root: a.root, Nodes: nodes, Reference: reference, Fresh: fresh})
			if err != nil {
				return &exitError{code: exitFailed, err: err}
			}
			a.printCluster(ctx, st)
			a.Printf("\n%s\n  %s --addrs %s put k v\n", a.T("try:", "써 보기:"), clusterRel(a.root, st.ClientBin), strings.Join(st.Peers(), ","))
			a.Printf("%s %s\n", a.T("logs:", "로그:"), filepath.Join(cluster.Dir, "node*.log"))
			return nil
		},
	}
	up.Flags().IntVar(&nodes, "nodes", 3, "how many nodes: 3 or 5")
	up.Flags().BoolVar(&reference, "reference", false, "build the reference solutions instead of your code")
	up.Flags().BoolVar(&fresh, "fresh", false, "delete the nodes' saved state first")

	status := &cobra.Command{
		Use:   "status",
		Short: "Each node: pid, alive, term, leader, last log index",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			st, err := cluster.Load(filepath.Join(a.root, cluster.Dir))
			if err != nil {
				return &exitError{code: exitFailed, err: err}
			}
			a.printCluster(cmd.Context(), st)
			return nil
		},
	}
	down := &cobra.Command{
		Use:   "down",
		Short: "Stop every node up started (data and logs stay)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			st, err := cluster.Down(filepath.Join(a.root, cluster.Dir))
			if err != nil {
				return &exitError{code: exitFailed, err: err}
			}
			a.Printf("%s\n", fmt.Sprintf(a.T("stopped %d nodes", "노드 %d개를 멈췄습니다"), len(st.Nodes)))
			return nil
		},
	}
	restart := &cobra.Command{
		Use:   "restart N",
		Short: "Start node N again with its flags and data (after you kill -9 it)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			var i int
			if _, err := fmt.Sscan(args[0], &i); err != nil {
				return usagef("restart: %q is not a node number", args[0])
			}
			st, err := cluster.Restart(filepath.Join(a.root, cluster.Dir), i)
			if err != nil {
				return &exitError{code: exitFailed, err: err}
			}
			a.printCluster(cmd.Context(), st)
			return nil
		},
	}
	cmd.AddCommand(up, status, down, restart)
	return cmd
}

// printCluster prints one line per node.
func (a *app) printCluster(ctx context.Context, st *cluster.State) {
	for _, r := range cluster.Status(ctx, st) {
		switch {
		case !r.Alive:
			a.Printf("node %d  pid %-7d %-21s %s\n", r.ID, r.PID, r.Listen, a.T("dead", "죽음"))
		case r.Status == nil:
			a.Printf("node %d  pid %-7d %-21s %s (%v)\n", r.ID, r.PID, r.Listen, a.T("alive, not answering", "살아 있으나 응답 없음"), r.Err)
		default:
			role := a.T("follower", "팔로워")
			if r.Status.Leader {
				role = a.T("LEADER", "리더")
			}
			a.Printf("node %d  pid %-7d %-21s term %-4d %-9s last index %-6d commit %d\n",
				r.ID, r.PID, r.Listen, r.Status.Term, role, r.Status.LastIndex, r.Status.Commit)
		}
	}
}

// clusterRel is path relative to root when it is inside it.
func clusterRel(root, path string) string {
	if r, err := filepath.Rel(root, path); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return path
}
