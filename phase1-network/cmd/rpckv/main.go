// Provided — no need to edit.

// Command rpckv runs the key/value server of the rpckv exercise, or makes
// one call to it with a Clerk.
//
//	go run ./phase1-network/cmd/rpckv serve -addr 127.0.0.1:7070
//	go run ./phase1-network/cmd/rpckv put lang go
//	go run ./phase1-network/cmd/rpckv append lang !
//	go run ./phase1-network/cmd/rpckv get lang
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"dsweekends/phase1-network/rpckv"
)

func usage() {
	fmt.Fprintln(os.Stderr, `usage: rpckv [-addr host:port] [-timeout d] serve | get KEY | put KEY VALUE | append KEY VALUE`)
	flag.PrintDefaults()
	os.Exit(2)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:7070", "server address")
	timeout := flag.Duration("timeout", 5*time.Second, "how long a client call keeps retrying")
	flag.Usage = usage
	flag.Parse()
	args := flag.Args()
	if len(args) == 0 {
		usage()
	}
	if err := run(*addr, *timeout, args); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(addr string, timeout time.Duration, args []string) error {
	if args[0] == "serve" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		l, err := net.Listen("tcp", addr)
		if err != nil {
			return err
		}
		fmt.Printf("rpckv: serving on %s (Ctrl-C to stop)\n", l.Addr())
		return rpckv.Serve(ctx, l, rpckv.NewKV())
	}

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	ck := rpckv.NewClerk(rpckv.DialTCP(addr))
	defer ck.Close()
	switch {
	case args[0] == "get" && len(args) == 2:
		v, err := ck.Get(ctx, args[1])
		if err != nil {
			return err
		}
		fmt.Printf("%q\n", v)
	case args[0] == "put" && len(args) == 3:
		return ck.Put(ctx, args[1], args[2])
	case args[0] == "append" && len(args) == 3:
		old, err := ck.Append(ctx, args[1], args[2])
		if err != nil {
			return err
		}
		fmt.Printf("old value %q\n", old)
	default:
		usage()
	}
	return nil
}
