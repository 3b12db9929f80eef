// Provided — no need to edit.

// Command tcpecho runs either side of the tcpecho exercise.
//
//	go run ./phase0-go/cmd/tcpecho serve -addr 127.0.0.1:7000
//	go run ./phase0-go/cmd/tcpecho send -addr 127.0.0.1:7000 hello 안녕
//
// serve runs tcpecho.Serve until Ctrl-C. send calls tcpecho.Echo once per
// argument and prints each reply.
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"time"

	"dsweekends/phase0-go/tcpecho"
)

const usage = "usage: tcpecho serve [-addr host:port]\n       tcpecho send [-addr host:port] [-timeout 5s] LINE..."

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:7000", "server address")
	timeout := fs.Duration("timeout", 5*time.Second, "time limit for each line (send)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch args[0] {
	case "serve":
		l, err := net.Listen("tcp", *addr)
		if err != nil {
			return err
		}
		fmt.Println("listening on", l.Addr(), "- Ctrl-C to stop")
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, os.Interrupt)
		go func() {
			<-stop
			l.Close() // Serve returns nil once its listener is closed
		}()
		return tcpecho.Serve(l)
	case "send":
		for _, line := range fs.Args() {
			reply, err := tcpecho.Echo(*addr, line, *timeout)
			if err != nil {
				return err
			}
			fmt.Println(reply)
		}
		return nil
	default:
		return fmt.Errorf("unknown command %q\n%s", args[0], usage)
	}
}
