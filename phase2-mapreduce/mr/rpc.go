package mr

// The RPC messages between workers and the coordinator. net/rpc needs
// exported types with exported fields; choose the fields your design needs.

// TaskKind says what a worker must do next.
type TaskKind int

// The kinds of task the coordinator hands out.
const (
	MapTask    TaskKind = iota + 1 // run map task TaskReply.Task on TaskReply.File
	ReduceTask                     // run reduce task TaskReply.Task
	WaitTask                       // nothing to do yet: ask again a little later
	ExitTask                       // the job is done: the worker returns
)

// TaskArgs is a worker's request for a task (Coordinator.GetTask).
type TaskArgs struct {
	// TODO(weekend 11): anything a worker needs to tell when asking (maybe nothing).
}

// TaskReply is the coordinator's answer to GetTask.
type TaskReply struct {
	// Kind is what to do.
	Kind TaskKind
	// TODO(weekend 11): what a worker needs to run the task: the task number,
	// the input file, the number of map and reduce tasks, the directory.
}

// ReportArgs tells the coordinator that a task is finished (Coordinator.ReportDone).
type ReportArgs struct {
	// TODO(weekend 11): which task is finished.
}

// ReportReply is the coordinator's answer to ReportDone.
type ReportReply struct{}
