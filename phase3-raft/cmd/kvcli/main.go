// Command kvcli is a client of a kvnode cluster: it tries every node, each for a short time,
// until one answers or the total timeout runs out.
//
//	kvcli --addrs 127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002 put k v
//	kvcli --addrs ... get k
//	kvcli --addrs ... append k v
//	kvcli --addrs ... status [--json]
//
// Exit status: 0 done, 1 failed or timed out (a timed-out put or append may still have taken
// effect), 2 bad usage.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"dsweekends/phase3-raft/kvclient"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("kvcli", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addrs := fs.String("addrs", "", "comma-separated node addresses (their --listen)")
	total := fs.Duration("timeout", 5*time.Second, "give up after this long")
	try := fs.Duration("try", 300*time.Millisecond, "time allowed to one node per attempt")
	asJSON := fs.Bool("json", false, "status: print JSON, one node per line")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: kvcli --addrs A,B,C [--timeout 5s] [--try 300ms] get K | put K V | append K V | status [--json]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	rest := fs.Args()
	if len(rest) > 0 && rest[0] == "status" { // allow flags after the verb: status --json
		if err := fs.Parse(rest[1:]); err != nil {
			return 2
		}
		rest = append([]string{"status"}, fs.Args()...)
	}
	if *addrs == "" || len(rest) == 0 {
		fs.Usage()
		return 2
	}
	nodes := strings.Split(*addrs, ",")
	ctx, cancel := context.WithTimeout(context.Background(), *total)
	defer cancel()

	verb, want := rest[0], map[string]int{"get": 2, "put": 3, "append": 3, "status": 1}[rest[0]]
	if want == 0 || len(rest) != want {
		fs.Usage()
		return 2
	}
	if verb == "status" {
		return status(ctx, nodes, *try, *asJSON, stdout, stderr)
	}
	c := kvclient.New(nodes, kvclient.Options{TryTimeout: *try})
	defer c.Close()
	var err error
	switch verb {
	case "get":
		var v string
		if v, err = c.Get(ctx, rest[1]); err == nil {
			fmt.Fprintln(stdout, v)
		}
	case "put":
		err = c.Put(ctx, rest[1], rest[2])
	case "append":
		err = c.Append(ctx, rest[1], rest[2])
	}
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			fmt.Fprintf(stderr, "kvcli: %v (no node completed it within %v; a put or append may still have taken effect)\n", err, *total)
		} else {
			fmt.Fprintln(stderr, "kvcli:", err)
		}
		return 1
	}
	return 0
}

// status prints each node's status; it fails if no node answered.
func status(ctx context.Context, nodes []string, try time.Duration, asJSON bool, stdout, stderr io.Writer) int {
	answered := 0
	for _, addr := range nodes {
		tctx, cancel := context.WithTimeout(ctx, try)
		st, err := kvclient.Status(tctx, addr)
		cancel()
		if err != nil {
			if asJSON {
				b, _ := json.Marshal(map[string]any{"Listen": addr, "Error": err.Error()})
				fmt.Fprintln(stdout, string(b))
			} else {
				fmt.Fprintf(stdout, "%-21s  down (%v)\n", addr, err)
			}
			continue
		}
		answered++
		if asJSON {
			b, _ := json.Marshal(st)
			fmt.Fprintln(stdout, string(b))
			continue
		}
		role := "follower"
		if st.Leader {
			role = "LEADER"
		}
		fmt.Fprintf(stdout, "%-21s  node %d  pid %d  term %d  %-8s  last index %d  commit %d\n",
			addr, st.ID, st.PID, st.Term, role, st.LastIndex, st.Commit)
	}
	if answered == 0 {
		fmt.Fprintln(stderr, "kvcli: no node answered")
		return 1
	}
	return 0
}
