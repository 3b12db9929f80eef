package mr

import (
	"dsweekends/phase2-mapreduce/mrapps"
)

// Worker runs tasks for the coordinator at network/address with app, one at
// a time, until the coordinator says the job is done (it returns nil) or
// cannot be reached (it returns the error).
func Worker(network, address string, app mrapps.App) error {
	// TODO(weekend 11): dial once; loop: GetTask, run the map or reduce task,
	// ReportDone; on WaitTask pause briefly and ask again; on ExitTask return nil.
	return errNotImplemented
}
