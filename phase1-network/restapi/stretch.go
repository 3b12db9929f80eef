package restapi

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// Timeout gives each request's context a deadline d from now. A handler
// that gives up when the context ends and returns without writing
// anything gets a 503 Service Unavailable problem written for it.
// (Stretch exercise restapi-stretch.)
func Timeout(d time.Duration) Middleware {
	// TODO(weekend 3, stretch): context.WithTimeout, remember whether next wrote, 503 if it did not and the deadline passed.
	return func(next http.Handler) http.Handler { return next }
}

// Serve serves h on l until ctx is cancelled, then shuts down gracefully:
// it stops accepting, lets every request in flight finish and returns nil.
// If they take longer than grace, it closes the remaining connections and
// returns an error wrapping context.DeadlineExceeded. If the server fails
// first, Serve returns that error. (Stretch exercise restapi-stretch.)
func Serve(ctx context.Context, l net.Listener, h http.Handler, grace time.Duration) error {
	// TODO(weekend 3, stretch): http.Server.Serve on a goroutine, then Shutdown with a fresh context bounded by grace.
	return errors.New("restapi: Serve not implemented")
}
