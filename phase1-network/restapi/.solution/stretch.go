package restapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Timeout gives each request's context a deadline d from now. A handler
// that gives up when the context ends and returns without writing
// anything gets a 503 Service Unavailable problem written for it.
// (Stretch exercise restapi-stretch.)
func Timeout(d time.Duration) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			tw := &wroteWriter{ResponseWriter: w}
			next.ServeHTTP(tw, r.WithContext(ctx))
			if !tw.wrote && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				writeProblem(w, http.StatusServiceUnavailable, fmt.Sprintf("the request took longer than %v; try again later", d))
			}
		})
	}
}

// wroteWriter remembers whether anything was written.
type wroteWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *wroteWriter) WriteHeader(code int) {
	w.wrote = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *wroteWriter) Write(p []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(p)
}

// Serve serves h on l until ctx is cancelled, then shuts down gracefully:
// it stops accepting, lets every request in flight finish and returns nil.
// If they take longer than grace, it closes the remaining connections and
// returns an error wrapping context.DeadlineExceeded. If the server fails
// first, Serve returns that error. (Stretch exercise restapi-stretch.)
func Serve(ctx context.Context, l net.Listener, h http.Handler, grace time.Duration) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, IdleTimeout: time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return fmt.Errorf("restapi: serve: %w", err)
	case <-ctx.Done():
	}
	// ctx is already done: Shutdown needs a fresh context of its own.
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(sctx) // closes the listener, waits for requests in flight
	if err != nil {
		srv.Close() // grace is over: cut what is left
		err = fmt.Errorf("restapi: shutdown: %w", err)
	}
	<-errc // http.ErrServerClosed, from the goroutine above
	return err
}
