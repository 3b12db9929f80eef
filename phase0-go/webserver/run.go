package webserver

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// ShutdownTimeout is how long Serve waits for requests in flight after its
// context is cancelled.
const ShutdownTimeout = 10 * time.Second

// Run listens on addr ("127.0.0.1:8080") and calls Serve.
func Run(ctx context.Context, addr string, h http.Handler) error {
	// TODO(weekend 2): net.Listen("tcp", addr), then Serve.
	return errors.New("webserver: Run not implemented")
}

// Serve serves h on l until ctx is cancelled, then shuts down gracefully: it
// stops accepting, lets requests in flight finish (for up to ShutdownTimeout)
// and returns nil. It returns an error if serving fails or the shutdown runs
// out of time. Serve closes l.
func Serve(ctx context.Context, l net.Listener, h http.Handler) error {
	// TODO(weekend 2): run an http.Server (with timeouts) in a goroutine, wait
	// for ctx.Done(), then call its Shutdown with a fresh ShutdownTimeout
	// context and wait for the goroutine to return.
	return errors.New("webserver: Serve not implemented")
}
