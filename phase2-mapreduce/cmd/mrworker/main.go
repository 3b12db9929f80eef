// Command mrworker runs a MapReduce worker as its own process, as in the
// Lab 1 handout: it asks the coordinator for tasks until the job is done.
//
//	go run ./phase2-mapreduce/cmd/mrworker wc
//	go run ./phase2-mapreduce/cmd/mrworker -addr tcp:coordinator-host:7777 wc
//
// The app is one of mrapps.Names() or "wordcount" (your weekend 10 code).
// Provided — no need to edit.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"dsweekends/phase2-mapreduce/mr"
	"dsweekends/phase2-mapreduce/mrapps"
	"dsweekends/phase2-mapreduce/wordcount"
)

func main() {
	addr := flag.String("addr", "unix:mr-coordinator.sock", "the coordinator: unix:PATH or tcp:HOST:PORT")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: mrworker [flags] app   (apps: wordcount, %s)\n", strings.Join(mrapps.Names(), ", "))
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	app, err := mrapps.Lookup(flag.Arg(0))
	if flag.Arg(0) == "wordcount" {
		app, err = wordcount.App(), nil
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mrworker:", err)
		os.Exit(2)
	}
	network, address, ok := strings.Cut(*addr, ":")
	if !ok {
		fmt.Fprintf(os.Stderr, "mrworker: -addr %q: want unix:PATH or tcp:HOST:PORT\n", *addr)
		os.Exit(2)
	}
	if err := mr.Worker(network, address, app); err != nil {
		fmt.Fprintln(os.Stderr, "mrworker:", err)
		os.Exit(1)
	}
}
