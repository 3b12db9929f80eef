// Package cluster runs the course's key/value service on Raft (phase3-raft/cmd/kvnode) as OS
// processes on localhost: study cluster up, status and down. Everything lives under one
// directory (.study/cluster/): the binaries, each node's data directory and log, and
// state.json, which lets down stop what up started after the study command has exited.
package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"dsweekends/phase3-raft/kvclient"
	"dsweekends/scripts/exercise"
)

// Dir is the cluster's directory, relative to the repository root.
const Dir = ".study/cluster"

// The packages up builds, relative to the root, and the packages whose reference solutions
// --reference overlays (the node runs kvraft on raft on figure2).
var (
	NodePackage   = "./phase3-raft/cmd/kvnode"
	ClientPackage = "./phase3-raft/cmd/kvcli"
	ReferenceDirs = []string{"phase3-raft/figure2", "phase3-raft/raft", "phase3-raft/kvraft"}
)

// Node is one node as up started it.
type Node struct {
	ID     int    `json:"id"`
	PID    int    `json:"pid"` // also its process group
	Listen string `json:"listen"`
	Data   string `json:"data"`
	Log    string `json:"log"`
}

// State is state.json: what up started.
type State struct {
	Reference bool      `json:"reference"`
	Started   time.Time `json:"started"`
	NodeBin   string    `json:"node_bin"`
	ClientBin string    `json:"client_bin"`
	Nodes     []Node    `json:"nodes"`
}

// Peers returns every node's address, in node order: the --peers of each node.
func (s *State) Peers() []string {
	var out []string
	for _, n := range s.Nodes {
		out = append(out, n.Listen)
	}
	return out
}

// Options configures Up.
type Options struct {
	Root      string // repository root
	Dir       string // cluster directory (default Root/.study/cluster)
	Nodes     int    // 3 or 5
	Reference bool   // build the reference solutions instead of the learner's code
	Fresh     bool   // delete the nodes' data first
}

func (o Options) dir() string {
	if o.Dir != "" {
		return o.Dir
	}
	return filepath.Join(o.Root, Dir)
}

// ErrRunning is returned by Up when state.json names a node that is still alive.
var ErrRunning = errors.New("cluster: already running (study cluster down first)")

// Build builds the node and the client into binDir, from the learner's code or, with
// reference, from the reference solutions overlaid on it.
func Build(ctx context.Context, root, binDir string, reference bool) (nodeBin, clientBin string, err error) {
	if err := os.MkdirAll(binDir, 0o755); err != nil {
		return "", "", fmt.Errorf("cluster: %w", err)
	}
	nodeBin, clientBin = filepath.Join(binDir, "kvnode"), filepath.Join(binDir, "kvcli")
	args := []string{"build", "-o", nodeBin}
	if reference {
		var dirs []string
		for _, d := range ReferenceDirs {
			dirs = append(dirs, filepath.Join(root, filepath.FromSlash(d)))
		}
		ov, err := exercise.SolutionOverlay(dirs)
		if err != nil {
			return "", "", fmt.Errorf("cluster: %w", err)
		}
		path, err := ov.WriteFile(binDir)
		if err != nil {
			return "", "", fmt.Errorf("cluster: %w", err)
		}
		defer os.Remove(path)
		args = append(args, "-overlay="+path)
	}
	for _, b := range [][]string{append(args, NodePackage), {"build", "-o", clientBin, ClientPackage}} {
		cmd := exec.CommandContext(ctx, "go", b...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", "", fmt.Errorf("cluster: go %s: %w\n%s", strings.Join(b, " "), err, out)
		}
	}
	return nodeBin, clientBin, nil
}

// Up builds the node, starts opts.Nodes nodes on free loopback ports, writes state.json and
// waits until every node answers its status and one leads.
func Up(ctx context.Context, opts Options) (*State, error) {
	dir := opts.dir()
	if old, err := Load(dir); err == nil {
		for _, n := range old.Nodes {
			if Alive(n.PID) {
				return nil, fmt.Errorf("%w: node %d is pid %d", ErrRunning, n.ID, n.PID)
			}
		}
	}
	if opts.Nodes != 3 && opts.Nodes != 5 {
		return nil, fmt.Errorf("cluster: --nodes must be 3 or 5, not %d", opts.Nodes)
	}
	nodeBin, clientBin, err := Build(ctx, opts.Root, filepath.Join(dir, "bin"), opts.Reference)
	if err != nil {
		return nil, err
	}
	ports, err := freePorts(opts.Nodes)
	if err != nil {
		return nil, err
	}
	st := &State{Reference: opts.Reference, Started: time.Now().UTC(), NodeBin: nodeBin, ClientBin: clientBin}
	for i := range opts.Nodes {
		data := filepath.Join(dir, fmt.Sprintf("node%d", i))
		if opts.Fresh {
			if err := os.RemoveAll(data); err != nil {
				return nil, fmt.Errorf("cluster: %w", err)
			}
		}
		st.Nodes = append(st.Nodes, Node{ID: i, Listen: fmt.Sprintf("127.0.0.1:%d", ports[i]), Data: data,
			Log: filepath.Join(dir, fmt.Sprintf("node%d.log", i))})
	}
	for i := range st.Nodes {
		if err := start(st, i); err != nil {
			_ = stop(st)
			return nil, err
		}
	}
	if err := st.save(dir); err != nil {
		_ = stop(st)
		return nil, err
	}
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := WaitLeader(wctx, st); err != nil {
		return st, fmt.Errorf("cluster: the nodes started but %w (logs in %s)", err, dir)
	}
	return st, nil
}

// Restart starts node i again with the flags up gave it (after a kill -9, say) and records its
// new pid in state.json.
func Restart(dir string, i int) (*State, error) {
	st, err := Load(dir)
	if err != nil {
		return nil, err
	}
	if i < 0 || i >= len(st.Nodes) {
		return nil, fmt.Errorf("cluster: no node %d", i)
	}
	if Alive(st.Nodes[i].PID) {
		return nil, fmt.Errorf("%w: node %d is pid %d", ErrRunning, i, st.Nodes[i].PID)
	}
	if err := start(st, i); err != nil {
		return nil, err
	}
	return st, st.save(dir)
}

// start starts node i in its own process group, its output appended to its log.
func start(st *State, i int) error {
	n := &st.Nodes[i]
	logf, err := os.OpenFile(n.Log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	defer logf.Close()
	cmd := exec.Command(st.NodeBin, "--id", strconv.Itoa(i), "--peers", strings.Join(st.Peers(), ","),
		"--listen", n.Listen, "--data", n.Data)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("cluster: start node %d: %w", i, err)
	}
	n.PID = cmd.Process.Pid
	_ = cmd.Process.Release() // the node outlives study; down finds it by pid
	return nil
}

// Down stops every node state.json names (SIGTERM to its process group, SIGKILL after 3 s) and
// removes state.json. Data and logs stay.
func Down(dir string) (*State, error) {
	st, err := Load(dir)
	if err != nil {
		return nil, err
	}
	err = stop(st)
	if rmErr := os.Remove(filepath.Join(dir, "state.json")); rmErr != nil && !errors.Is(rmErr, os.ErrNotExist) {
		err = errors.Join(err, rmErr)
	}
	return st, err
}

func stop(st *State) error {
	for _, n := range st.Nodes {
		if n.PID > 0 && Alive(n.PID) {
			_ = syscall.Kill(-n.PID, syscall.SIGTERM)
		}
	}
	deadline := time.Now().Add(3 * time.Second)
	var errs []error
	for _, n := range st.Nodes {
		for n.PID > 0 && Alive(n.PID) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond) // another process: nothing to wait on but its pid
		}
		if n.PID > 0 && Alive(n.PID) {
			if err := syscall.Kill(-n.PID, syscall.SIGKILL); err != nil {
				errs = append(errs, fmt.Errorf("cluster: kill node %d: %w", n.ID, err))
			}
		}
	}
	return errors.Join(errs...)
}

// Load reads dir/state.json.
func Load(dir string) (*State, error) {
	b, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if err != nil {
		return nil, fmt.Errorf("cluster: no cluster is up here: %w", err)
	}
	var st State
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("cluster: %s: %w", filepath.Join(dir, "state.json"), err)
	}
	return &st, nil
}

func (s *State) save(dir string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	tmp := filepath.Join(dir, "state.json.tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "state.json")); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	return nil
}

// Alive reports whether pid is a running process (not a zombie).
func Alive(pid int) bool {
	if pid <= 0 || syscall.Kill(pid, 0) != nil {
		return false
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true // no /proc (macOS): kill(pid, 0) is all we know
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z'
	}
	return true
}

// Report is one node's line in study cluster status.
type Report struct {
	Node
	Alive  bool
	Status *kvclient.NodeStatus // nil when the node did not answer
	Err    error
}

// Status asks every node of st for its status, each within a short timeout.
func Status(ctx context.Context, st *State) []Report {
	var out []Report
	for _, n := range st.Nodes {
		r := Report{Node: n, Alive: Alive(n.PID)}
		if r.Alive {
			qctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
			s, err := kvclient.Status(qctx, n.Listen)
			cancel()
			if err != nil {
				r.Err = err
			} else {
				r.Status = &s
			}
		}
		out = append(out, r)
	}
	return out
}

// WaitLeader polls the nodes until every live node answers and exactly one leads, and returns
// the leader's index.
func WaitLeader(ctx context.Context, st *State) (int, error) {
	for {
		leader, answered, alive := -1, 0, 0
		for _, r := range Status(ctx, st) {
			if r.Alive {
				alive++
			}
			if r.Status != nil {
				answered++
				if r.Status.Leader {
					leader = r.ID
				}
			}
		}
		if leader >= 0 && answered == alive {
			return leader, nil
		}
		select {
		case <-ctx.Done():
			return -1, fmt.Errorf("no leader yet (%d of %d live nodes answered): %w", answered, alive, ctx.Err())
		case <-time.After(100 * time.Millisecond): // other processes: polling is the only way to ask
		}
	}
}

// freePorts returns n distinct free TCP ports on 127.0.0.1.
func freePorts(n int) ([]int, error) {
	var lns []net.Listener
	defer func() {
		for _, ln := range lns {
			_ = ln.Close()
		}
	}()
	var ports []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("cluster: free port: %w", err)
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
