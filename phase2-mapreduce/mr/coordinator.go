package mr

import (
	"errors"
	"net"
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

// Coordinator hands out the tasks of one job to workers over net/rpc and
// tracks which are done. Its methods are safe for concurrent use.
type Coordinator struct {
	// TODO(weekend 11): the job, the state of each task, the listener.
}

var errNotImplemented = errors.New("mr: not implemented")

// StartCoordinator starts serving a job's tasks over net/rpc at the address
// of cfg and returns at once; Close stops it.
func StartCoordinator(cfg Config) (*Coordinator, error) {
	// TODO(weekend 11): check cfg, make the map and reduce tasks, Listen, and
	// serve an rpc.Server (not the default one) with this Coordinator in a goroutine.
	return nil, errNotImplemented
}

// Addr returns the address workers dial.
func (c *Coordinator) Addr() net.Addr {
	// TODO(weekend 11): the listener's address.
	return nil
}

// GetTask is the RPC a worker calls for its next task: a map task while any
// map task is not done, then reduce tasks, WaitTask when every remaining
// task is already with a worker, and ExitTask once the job is done.
func (c *Coordinator) GetTask(args *TaskArgs, reply *TaskReply) error {
	// TODO(weekend 11): pick a task under the lock and fill in reply. A task
	// in progress whose Expired(started, now, timeout) is true may be handed
	// out again (Expired is weekend 12; until then it always says false).
	return errNotImplemented
}

// ReportDone is the RPC a worker calls when it has finished a task.
// A report for a task already done (from a worker thought dead) changes nothing.
func (c *Coordinator) ReportDone(args *ReportArgs, reply *ReportReply) error {
	// TODO(weekend 11): mark the task done, once.
	return errNotImplemented
}

// Done reports whether every reduce task is done: the whole job is finished.
func (c *Coordinator) Done() bool {
	// TODO(weekend 11): true once every task is done.
	return false
}

// Close stops serving: it closes the listener and every open connection
// and waits until the goroutines it started have returned.
func (c *Coordinator) Close() error {
	// TODO(weekend 11): close everything and wait.
	return nil
}
