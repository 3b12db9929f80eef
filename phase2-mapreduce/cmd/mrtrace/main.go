// Command mrtrace runs one MapReduce job in this process — your coordinator
// and workers from package mr, on a generated corpus — and writes what each
// worker did as a trace for `study viz mr`: when it ran which map or reduce
// task, and when it crashed or stalled. Crashes and stalls are made on
// purpose, at random (-crash, -stall), so the timeline shows tasks being
// given to another worker after the timeout.
//
// Provided — no need to edit. It sees the job only through the app it hands
// the workers, so it works with any coordinator and worker that follow the
// mr package's API.
//
//	go run ./phase2-mapreduce/cmd/mrtrace -o /tmp/mr.jsonl
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"dsweekends/phase2-mapreduce/corpus"
	"dsweekends/phase2-mapreduce/mr"
	"dsweekends/phase2-mapreduce/mrapps"
)

// event is one line of the trace.
type event struct {
	TimeNS int64  `json:"t_ns"`
	Worker int    `json:"worker"`
	Kind   string `json:"kind"` // map-start, map-end, reduce-start, reduce-end, crash, stall, exit, done
	Task   int    `json:"task"`
	Detail string `json:"detail,omitempty"`
}

type tracer struct {
	start time.Time
	mu    sync.Mutex
	enc   *json.Encoder
}

func (t *tracer) add(worker int, kind string, task int, detail string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	_ = t.enc.Encode(event{TimeNS: time.Since(t.start).Nanoseconds(), Worker: worker, Kind: kind, Task: task, Detail: detail})
}

func main() {
	out := flag.String("o", "mr-trace.jsonl", "where to write the trace")
	workers := flag.Int("workers", 4, "how many workers")
	nMap := flag.Int("files", 8, "how many input files (map tasks)")
	nReduce := flag.Int("nreduce", 4, "how many reduce tasks")
	crash := flag.Float64("crash", 0.15, "chance that a worker crashes during a map task")
	stall := flag.Float64("stall", 0.1, "chance that a worker stalls during a map task (longer than the timeout)")
	timeout := flag.Duration("timeout", 400*time.Millisecond, "the coordinator's task timeout")
	seed := flag.Uint64("seed", 1, "seed for the corpus and the crashes")
	flag.Parse()
	if err := run(*out, *workers, *nMap, *nReduce, *crash, *stall, *timeout, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "mrtrace:", err)
		os.Exit(1)
	}
}

func run(out string, workers, nMap, nReduce int, crash, stall float64, timeout time.Duration, seed uint64) error {
	dir, err := os.MkdirTemp("", "mrtrace-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	files, err := corpus.Generate(dir, corpus.Options{Seed: seed, Files: nMap, TotalBytes: int64(nMap) * 64 << 10})
	if err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	tr := &tracer{start: time.Now(), enc: json.NewEncoder(f)}

	c, err := mr.StartCoordinator(mr.Config{Files: files, NReduce: nReduce, Dir: dir, TaskTimeout: timeout})
	if err != nil {
		return fmt.Errorf("start coordinator: %w", err)
	}
	defer c.Close()
	addr := c.Addr()
	app, _ := mrapps.Lookup("wc")
	rng := rand.New(rand.NewPCG(seed, 2))
	var rngMu sync.Mutex
	chance := func(p float64) bool {
		rngMu.Lock()
		defer rngMu.Unlock()
		return rng.Float64() < p
	}
	mapTask := map[string]int{}
	for i, name := range files {
		mapTask[name] = i
		mapTask[filepath.Base(name)] = i
	}

	var wg sync.WaitGroup
	var startWorker func(w int)
	startWorker = func(w int) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reducing := -1
			traced := mrapps.App{
				Name: app.Name,
				Map: func(filename, contents string) []mrapps.KeyValue {
					if reducing >= 0 {
						tr.add(w, "reduce-end", reducing, "")
						reducing = -1
					}
					task := mapTask[filename]
					if t, ok := mapTask[filepath.Base(filename)]; ok {
						task = t
					}
					tr.add(w, "map-start", task, filepath.Base(filename))
					switch {
					case chance(crash):
						tr.add(w, "crash", task, "the worker died in the middle of a map task")
						go startWorker(w + workers) // a fresh worker takes its place
						runtime.Goexit()
					case chance(stall):
						tr.add(w, "stall", task, "the worker went silent")
						time.Sleep(3 * timeout)
					}
					kvs := app.Map(filename, contents)
					tr.add(w, "map-end", task, fmt.Sprintf("%d pairs", len(kvs)))
					return kvs
				},
				Reduce: func(key string, values []string) string {
					// Reduce runs once per key; a change of partition starts another task.
					if r := mr.Partition(key, nReduce); r != reducing {
						if reducing >= 0 {
							tr.add(w, "reduce-end", reducing, "")
						}
						reducing = r
						tr.add(w, "reduce-start", r, "")
					}
					return app.Reduce(key, values)
				},
			}
			err := mr.Worker(addr.Network(), addr.String(), traced)
			if reducing >= 0 {
				tr.add(w, "reduce-end", reducing, "")
			}
			detail := "returned"
			if err != nil {
				detail = err.Error()
			}
			tr.add(w, "exit", -1, detail)
		}()
	}
	for w := range workers {
		startWorker(w)
	}
	deadline := time.Now().Add(60 * time.Second)
	for !c.Done() {
		if time.Now().After(deadline) {
			return fmt.Errorf("the job did not finish within 60s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	tr.add(-1, "done", -1, "Done() reported the job complete")
	wg.Wait()
	return nil
}
