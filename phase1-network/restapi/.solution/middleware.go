package restapi

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

// RequestIDHeader carries the request ID in requests and responses.
const RequestIDHeader = "X-Request-ID"

// Middleware wraps a handler in another one.
type Middleware func(http.Handler) http.Handler

// Chain wraps h in the middleware, the first one outermost:
// Chain(h, a, b) is a(b(h)).
func Chain(h http.Handler, mws ...Middleware) http.Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

// requestIDKey is the context key of the request ID. An unexported type
// cannot collide with another package's keys.
type requestIDKey struct{}

// RequestID gives every request an ID: the request's own X-Request-ID if it
// is 1 to 64 letters, digits, '-', '_' or '.', otherwise a new random one.
// It sets the ID on the response header and in the request's context
// (read it with RequestIDFrom) before calling next.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(RequestIDHeader)
		if !validRequestID(id) {
			id = rand.Text() // a client's ID goes into our logs: never trust it blindly
		}
		w.Header().Set(RequestIDHeader, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

func validRequestID(id string) bool {
	return len(id) >= 1 && len(id) <= 64 && !strings.ContainsFunc(id, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.", c))
	})
}

// RequestIDFrom returns the request ID RequestID stored in ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// recorder is a ResponseWriter that remembers the status and counts the
// body bytes on their way through.
type recorder struct {
	http.ResponseWriter
	status int // 0 until the header is written
	bytes  int
}

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *recorder) Write(p []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK // Write without WriteHeader means 200
	}
	n, err := rec.ResponseWriter.Write(p)
	rec.bytes += n
	return n, err
}

// AccessLog logs one Info record "request" per request after it is served,
// with the attributes method, path, status, bytes (of the body written),
// duration and request_id. A handler that writes no header has status 200.
func AccessLog(logger *slog.Logger) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rec := &recorder{ResponseWriter: w}
			next.ServeHTTP(rec, r)
			if rec.status == 0 {
				rec.status = http.StatusOK
			}
			logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", rec.status),
				slog.Int("bytes", rec.bytes),
				slog.Duration("duration", time.Since(start)),
				slog.String("request_id", RequestIDFrom(r.Context())))
		})
	}
}

// Recover turns a panic in next into a 500 problem and an Error record
// "panic" with the attributes panic, request_id and stack, so the server
// keeps serving. If the response had already started, it can no longer be
// changed: Recover then aborts it with panic(http.ErrAbortHandler). A panic
// with http.ErrAbortHandler itself is passed on.
func Recover(logger *slog.Logger) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := &recorder{ResponseWriter: w}
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if v == http.ErrAbortHandler {
					panic(v) // net/http's own way to abort a response quietly
				}
				logger.LogAttrs(r.Context(), slog.LevelError, "panic",
					slog.Any("panic", v),
					slog.String("request_id", RequestIDFrom(r.Context())),
					slog.String("stack", string(debug.Stack())))
				if rec.status != 0 {
					// Half a response is on its way: a 500 can't follow it, but
					// aborting tells the client it is incomplete.
					panic(http.ErrAbortHandler)
				}
				writeProblem(w, http.StatusInternalServerError, "internal error; the request ID is in the log")
			}()
			next.ServeHTTP(rec, r)
		})
	}
}
