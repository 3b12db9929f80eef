// Provided — no need to edit.

package restapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// Problem is the JSON body of every error reply (RFC 9457, served as
// application/problem+json).
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// HTTPError is an error that knows its HTTP status, such as the errors of
// DecodeInput.
type HTTPError struct {
	Status int
	Detail string
}

// Error returns the status and the detail.
func (e *HTTPError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.Status, http.StatusText(e.Status), e.Detail)
}

// writeJSON sends v as JSON with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeProblem sends a problem with the given status and detail.
func writeProblem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail})
}

// writeError sends the problem for err: the status of an *HTTPError, 404
// for ErrNotFound, 409 for ErrConflict, and 500 (without details, which may
// be internal) for anything else.
func writeError(w http.ResponseWriter, err error) {
	var he *HTTPError
	switch {
	case errors.As(err, &he):
		writeProblem(w, he.Status, he.Detail)
	case errors.Is(err, ErrNotFound):
		writeProblem(w, http.StatusNotFound, err.Error())
	case errors.Is(err, ErrConflict):
		writeProblem(w, http.StatusConflict, err.Error())
	default:
		writeProblem(w, http.StatusInternalServerError, "internal error")
	}
}

// pathID parses the {id} wildcard: a positive integer, else a 400 *HTTPError.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, &HTTPError{Status: http.StatusBadRequest, Detail: fmt.Sprintf("id %q is not a positive integer", r.PathValue("id"))}
	}
	return id, nil
}

// methodNotAllowed answers a 405 problem with the Allow header. Register it
// on a method-less pattern ("/users"): the method patterns are more
// specific and win when the method matches.
func methodNotAllowed(allow string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeProblem(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s is not allowed here; use %s", r.Method, allow))
	})
}

// notFound answers a 404 problem. Register it on "/", which matches every
// path no other pattern does.
func notFound() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, http.StatusNotFound, fmt.Sprintf("no resource at %s", r.URL.Path))
	})
}
