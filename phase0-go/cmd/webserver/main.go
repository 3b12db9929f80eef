// Provided — no need to edit.

// Command webserver runs the to-do API of the webserver exercise until Ctrl-C,
// then shuts it down gracefully.
//
//	go run ./phase0-go/cmd/webserver -addr 127.0.0.1:8080
//	curl -i -X POST -H 'Content-Type: application/json' -d '{"title":"buy milk"}' localhost:8080/todos
//	curl -i 'localhost:8080/todos?q=milk'
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"dsweekends/phase0-go/webserver"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	fmt.Printf("webserver: serving http://%s/todos (Ctrl-C to stop)\n", *addr)
	if err := webserver.Run(ctx, *addr, webserver.NewHandler()); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	fmt.Println("webserver: stopped")
}
