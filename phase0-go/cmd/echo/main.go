// Provided — no need to edit.

// Command echo runs either side of the echo exercise.
//
//	go run ./phase0-go/cmd/echo serve -addr 127.0.0.1:7000
//	go run ./phase0-go/cmd/echo send -addr 127.0.0.1:7000 hello 안녕
//
// serve runs an echo.Server until Ctrl-C, then shuts it down gracefully.
// send dials the server, sends each argument as one line and prints each reply.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"dsweekends/phase0-go/echo"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

const usage = "usage: echo serve [-addr host:port] [-idle 1m] [-max 1024]\n       echo send [-addr host:port] [-timeout 5s] LINE..."

func run(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], stdout)
	case "send":
		return send(args[1:], stdout)
	default:
		return fmt.Errorf("unknown command %q\n%s", args[0], usage)
	}
}

func serve(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:7000", "address to listen on")
	idle := fs.Duration("idle", time.Minute, "close connections idle this long (0: never)")
	maxLine := fs.Int("max", echo.DefaultMaxLineBytes, "longest line accepted, in bytes")
	if err := fs.Parse(args); err != nil {
		return err
	}

	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &echo.Server{IdleTimeout: *idle, MaxLineBytes: *maxLine}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(l) }()
	fmt.Fprintf(stdout, "echo: serving on %s (Ctrl-C to stop)\n", l.Addr())

	select {
	case err := <-serveErr:
		return err // Serve failed (or is not implemented yet)
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "echo: shutting down (waiting up to 5s for clients)")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	if serr := <-serveErr; !errors.Is(serr, echo.ErrServerClosed) {
		return serr
	}
	return err
}

func send(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("send", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:7000", "server address")
	timeout := fs.Duration("timeout", 5*time.Second, "time limit for the whole exchange")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("send: give at least one line to send\n" + usage)
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	c, err := echo.Dial(ctx, *addr)
	if err != nil {
		return err
	}
	defer c.Close()
	for _, line := range fs.Args() {
		reply, err := c.Echo(ctx, line)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, reply)
	}
	return nil
}
