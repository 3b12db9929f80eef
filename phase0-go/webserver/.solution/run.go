package webserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// ShutdownTimeout is how long Serve waits for requests in flight after its
// context is cancelled.
const ShutdownTimeout = 10 * time.Second

// Run listens on addr ("127.0.0.1:8080") and calls Serve.
func Run(ctx context.Context, addr string, h http.Handler) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("webserver: %w", err)
	}
	return Serve(ctx, l, h)
}

// Serve serves h on l until ctx is cancelled, then shuts down gracefully: it
// stops accepting, lets requests in flight finish (for up to ShutdownTimeout)
// and returns nil. It returns an error if serving fails or the shutdown runs
// out of time. Serve closes l.
func Serve(ctx context.Context, l net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler: h,
		// Rule: a server on a network needs timeouts, or a slow client can
		// hold a connection (and its goroutine) forever.
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
	}

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(l) }() // ends when Shutdown closes l

	select {
	case err := <-serveErr:
		return fmt.Errorf("webserver: %w", err) // failed before any shutdown
	case <-ctx.Done():
	}

	// ctx is already cancelled, so the shutdown needs a fresh deadline of its
	// own. WithoutCancel keeps ctx's values.
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(shutdownCtx) // stop accepting, wait for active requests
	if serr := <-serveErr; !errors.Is(serr, http.ErrServerClosed) {
		return fmt.Errorf("webserver: %w", serr)
	}
	if err != nil {
		srv.Close() // out of time: cut the remaining connections
		return fmt.Errorf("webserver: shutdown: %w", err)
	}
	return nil
}
