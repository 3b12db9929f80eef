// Command mrcoordinator runs a MapReduce coordinator as its own process, as
// in the Lab 1 handout, and exits once the job is done.
//
//	go run ./phase2-mapreduce/cmd/mrcoordinator text-*.txt
//	go run ./phase2-mapreduce/cmd/mrcoordinator -addr tcp:0.0.0.0:7777 -nreduce 10 text-*.txt
//
// By default it listens on the unix socket mr-coordinator.sock in the
// current directory; run the workers (cmd/mrworker) in the same directory.
// Provided — no need to edit.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"dsweekends/phase2-mapreduce/mr"
)

func main() {
	addr := flag.String("addr", "unix:mr-coordinator.sock", "where to listen: unix:PATH or tcp:HOST:PORT")
	nReduce := flag.Int("nreduce", 10, "number of reduce tasks")
	timeout := flag.Duration("timeout", mr.DefaultTaskTimeout, "how long a task may stay with a silent worker")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: mrcoordinator [flags] inputfiles...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	network, address, ok := strings.Cut(*addr, ":")
	if !ok {
		fmt.Fprintf(os.Stderr, "mrcoordinator: -addr %q: want unix:PATH or tcp:HOST:PORT\n", *addr)
		os.Exit(2)
	}
	if network == "unix" {
		os.Remove(address) // a socket left by an earlier run
	}
	c, err := mr.StartCoordinator(mr.Config{Files: flag.Args(), NReduce: *nReduce, Network: network, Address: address, TaskTimeout: *timeout})
	if err != nil {
		fmt.Fprintln(os.Stderr, "mrcoordinator:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "mrcoordinator: listening on %s:%s\n", c.Addr().Network(), c.Addr())
	for !c.Done() {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(time.Second) // let the workers hear ExitTask
	c.Close()
}
