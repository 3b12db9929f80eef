// Provided — no need to edit.

// Command restapi serves the /users API of the restapi exercise until
// Ctrl-C, logging every request as JSON on standard error.
//
//	go run ./phase1-network/cmd/restapi -addr 127.0.0.1:8080
//	curl -i -X POST -H 'Content-Type: application/json' -d '{"name":"Ann","email":"ann@example.com"}' 127.0.0.1:8080/users
//	curl -i 127.0.0.1:8080/users
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"dsweekends/phase1-network/restapi"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()

	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	srv := &http.Server{
		Addr:              *addr,
		Handler:           restapi.NewHandler(logger),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       time.Minute,
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	fmt.Printf("restapi: serving http://%s/users (Ctrl-C to stop)\n", *addr)

	select {
	case err := <-errc:
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	fmt.Println("restapi: stopped")
}
