package mr

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/rpc"
	"os"
	"path/filepath"
	"slices"
	"time"

	"dsweekends/phase2-mapreduce/mrapps"
)

// pollInterval is how long a worker waits after WaitTask before asking again.
const pollInterval = 50 * time.Millisecond

// Worker runs tasks for the coordinator at network/address with app, one at
// a time, until the coordinator says the job is done (it returns nil) or
// cannot be reached (it returns the error).
func Worker(network, address string, app mrapps.App) error {
	client, err := rpc.Dial(network, address)
	if err != nil {
		return fmt.Errorf("mr: worker: %w", err)
	}
	defer client.Close()
	for {
		var t TaskReply
		if err := client.Call("Coordinator.GetTask", &TaskArgs{}, &t); err != nil {
			return fmt.Errorf("mr: worker: get task: %w", err)
		}
		switch t.Kind {
		case MapTask:
			err = doMap(app, t)
		case ReduceTask:
			err = doReduce(app, t)
		case WaitTask:
			time.Sleep(pollInterval) // polling, as Lab 1 suggests
			continue
		case ExitTask:
			return nil
		default:
			return fmt.Errorf("mr: worker: unknown task kind %d", t.Kind)
		}
		if err != nil {
			return fmt.Errorf("mr: worker: %w", err)
		}
		if err := client.Call("Coordinator.ReportDone", &ReportArgs{Kind: t.Kind, Task: t.Task}, &ReportReply{}); err != nil {
			return fmt.Errorf("mr: worker: report: %w", err)
		}
	}
}

// doMap runs map task t.Task: Map over the file, then the pairs split into
// t.NReduce intermediate files by Partition (§3.1 steps 3 and 4).
func doMap(app mrapps.App, t TaskReply) error {
	contents, err := os.ReadFile(t.File)
	if err != nil {
		return err
	}
	kvs := app.Map(t.File, string(contents))
	part := make([]int, len(kvs)) // each pair's reduce task, computed once
	for i, kv := range kvs {
		part[i] = Partition(kv.Key, t.NReduce)
	}
	// Every map task writes all NReduce files, empty ones too: a reduce
	// task then knows a missing file is an error, not "no pairs".
	for y := range t.NReduce {
		err := WriteFileAtomic(filepath.Join(t.Dir, IntermediateName(t.Task, y)), func(w io.Writer) error {
			enc := json.NewEncoder(w)
			for i, kv := range kvs {
				if part[i] != y {
					continue
				}
				if err := enc.Encode(kv); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// doReduce runs reduce task t.Task: read its file from every map task,
// group the values by key, and call Reduce once per key, keys in order
// (§3.1 step 5, §4.2). A map groups equal keys without sorting every pair,
// which keeps a worker's memory small: one entry per key, not per pair.
func doReduce(app mrapps.App, t TaskReply) error {
	groups := map[string][]string{}
	for x := range t.NMap {
		f, err := os.Open(filepath.Join(t.Dir, IntermediateName(x, t.Task)))
		if err != nil {
			return err
		}
		dec := json.NewDecoder(bufio.NewReader(f))
		for {
			var kv mrapps.KeyValue
			if err := dec.Decode(&kv); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				f.Close()
				return fmt.Errorf("%s: %w", f.Name(), err)
			}
			groups[kv.Key] = append(groups[kv.Key], kv.Value)
		}
		f.Close()
	}
	keys := slices.Sorted(maps.Keys(groups))
	return WriteFileAtomic(filepath.Join(t.Dir, OutputName(t.Task)), func(w io.Writer) error {
		for _, k := range keys {
			if _, err := fmt.Fprintf(w, "%v %v\n", k, app.Reduce(k, groups[k])); err != nil {
				return err
			}
		}
		return nil
	})
}
