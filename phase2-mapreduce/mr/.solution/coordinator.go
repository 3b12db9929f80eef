package mr

import (
	"errors"
	"net"
	"net/rpc"
	"sync"
	"time"
)

// DefaultTaskTimeout is how long the coordinator waits for a worker to
// finish a task before giving the task to another worker (Lab 1's rule).
const DefaultTaskTimeout = 10 * time.Second

// Config describes a job and where its coordinator listens.
type Config struct {
	// Files are the input files, one map task each.
	Files []string
	// NReduce is the number of reduce tasks (at least 1).
	NReduce int
	// Dir is the directory for intermediate and output files, passed to the
	// workers with each task ("" means the workers' current directory).
	Dir string
	// Network and Address say where to listen; see Listen for the defaults.
	Network, Address string
	// TaskTimeout is how long a task may stay with a silent worker
	// (0 means DefaultTaskTimeout).
	TaskTimeout time.Duration
}

// taskState is where a task is in its life: idle → inProgress → done, and
// back to idle-like when its worker stays silent too long (see Expired).
type taskState int

const (
	idle taskState = iota
	inProgress
	done
)

type task struct {
	state   taskState
	started time.Time // when it was last handed out
}

// Coordinator hands out the tasks of one job to workers over net/rpc and
// tracks which are done. Its methods are safe for concurrent use.
type Coordinator struct {
	cfg Config

	mu          sync.Mutex
	maps        []task
	reduces     []task
	mapsLeft    int // map tasks not done; reduces start at 0 (the barrier of §3.1 step 5)
	reducesLeft int // reduce tasks not done; the job is done at 0
	conns       map[net.Conn]bool
	closed      bool

	l  net.Listener
	wg sync.WaitGroup // the accept loop and one goroutine per connection
}

// StartCoordinator starts serving a job's tasks over net/rpc at the address
// of cfg and returns at once; Close stops it.
func StartCoordinator(cfg Config) (*Coordinator, error) {
	if len(cfg.Files) == 0 || cfg.NReduce < 1 {
		return nil, errors.New("mr: a job needs input files and NReduce >= 1")
	}
	if cfg.TaskTimeout <= 0 {
		cfg.TaskTimeout = DefaultTaskTimeout
	}
	c := &Coordinator{
		cfg: cfg, maps: make([]task, len(cfg.Files)), reduces: make([]task, cfg.NReduce),
		mapsLeft: len(cfg.Files), reducesLeft: cfg.NReduce, conns: map[net.Conn]bool{},
	}
	// A server of our own, not rpc.DefaultServer: two coordinators in one
	// process (parallel tests) must not share a registry.
	srv := rpc.NewServer()
	if err := srv.Register(c); err != nil {
		return nil, err
	}
	l, err := Listen(cfg.Network, cfg.Address)
	if err != nil {
		return nil, err
	}
	c.l = l
	c.wg.Add(1)
	go c.serve(srv)
	return c, nil
}

// serve accepts connections until the listener is closed.
func (c *Coordinator) serve(srv *rpc.Server) {
	defer c.wg.Done()
	for {
		conn, err := c.l.Accept()
		if err != nil {
			return // Close closed the listener
		}
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			conn.Close()
			return
		}
		c.conns[conn] = true
		c.wg.Add(1)
		c.mu.Unlock()
		go func() {
			defer c.wg.Done()
			srv.ServeConn(conn) // returns when the worker or Close closes conn
			c.mu.Lock()
			delete(c.conns, conn)
			c.mu.Unlock()
		}()
	}
}

// Addr returns the address workers dial.
func (c *Coordinator) Addr() net.Addr { return c.l.Addr() }

// GetTask is the RPC a worker calls for its next task: a map task while any
// map task is not done, then reduce tasks, WaitTask when every remaining
// task is already with a worker, and ExitTask once the job is done.
func (c *Coordinator) GetTask(args *TaskArgs, reply *TaskReply) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	*reply = TaskReply{Kind: WaitTask, NMap: len(c.maps), NReduce: len(c.reduces), Dir: c.cfg.Dir}
	now := time.Now()
	if c.mapsLeft > 0 {
		if i := c.pick(c.maps, now); i >= 0 {
			reply.Kind, reply.Task, reply.File = MapTask, i, c.cfg.Files[i]
			return nil
		}
		return nil // every map task is out, not all done: wait, a reduce needs every map's output (§3.1 step 5)
	}
	if c.reducesLeft > 0 {
		if i := c.pick(c.reduces, now); i >= 0 {
			reply.Kind, reply.Task = ReduceTask, i
			return nil
		}
		return nil // every reduce task is out, not all done: wait, one of them may still fail
	}
	reply.Kind = ExitTask
	return nil
}

// pick hands out an idle task, or one whose worker has been silent too
// long, and returns its number (-1: none). c.mu must be held.
func (c *Coordinator) pick(tasks []task, now time.Time) int {
	for i := range tasks {
		t := &tasks[i]
		if t.state == idle || t.state == inProgress && Expired(t.started, now, c.cfg.TaskTimeout) {
			t.state = inProgress
			t.started = now
			return i
		}
	}
	return -1
}

// ReportDone is the RPC a worker calls when it has finished a task.
// A report for a task already done (from a worker thought dead) changes nothing.
func (c *Coordinator) ReportDone(args *ReportArgs, reply *ReportReply) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	tasks, left := c.maps, &c.mapsLeft
	if args.Kind == ReduceTask {
		tasks, left = c.reduces, &c.reducesLeft
	}
	if args.Task < 0 || args.Task >= len(tasks) {
		return errors.New("mr: report for an unknown task")
	}
	if tasks[args.Task].state != done {
		tasks[args.Task].state = done
		*left--
	}
	return nil
}

// Done reports whether every reduce task is done: the whole job is finished.
func (c *Coordinator) Done() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reducesLeft == 0
}

// Close stops serving: it closes the listener and every open connection
// and waits until the goroutines it started have returned.
func (c *Coordinator) Close() error {
	c.mu.Lock()
	c.closed = true
	err := c.l.Close()
	for conn := range c.conns {
		conn.Close()
	}
	c.mu.Unlock()
	c.wg.Wait()
	return err
}
