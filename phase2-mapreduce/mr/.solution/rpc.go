package mr

// The RPC messages between workers and the coordinator. net/rpc needs
// exported types with exported fields.

// TaskKind says what a worker must do next.
type TaskKind int

// The kinds of task the coordinator hands out.
const (
	MapTask    TaskKind = iota + 1 // run map task TaskReply.Task on TaskReply.File
	ReduceTask                     // run reduce task TaskReply.Task
	WaitTask                       // nothing to do yet: ask again a little later
	ExitTask                       // the job is done: the worker returns
)

// TaskArgs is a worker's request for a task (Coordinator.GetTask). A worker
// has nothing to say when it asks: the coordinator remembers who has what
// only as "handed out at time t".
type TaskArgs struct{}

// TaskReply is the coordinator's answer to GetTask.
type TaskReply struct {
	// Kind is what to do.
	Kind TaskKind
	// Task is the map task number X or the reduce task number Y.
	Task int
	// File is a map task's input file.
	File string
	// NMap and NReduce are the numbers of map and reduce tasks: a map task
	// writes NReduce files, a reduce task reads NMap files.
	NMap, NReduce int
	// Dir is where intermediate and output files go.
	Dir string
}

// ReportArgs tells the coordinator that a task is finished (Coordinator.ReportDone).
type ReportArgs struct {
	Kind TaskKind
	Task int
}

// ReportReply is the coordinator's answer to ReportDone.
type ReportReply struct{}
