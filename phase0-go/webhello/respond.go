// Provided — no need to edit.

package webhello

import (
	"encoding/json"
	"net/http"
)

// Problem is an RFC 9457 problem details object, the JSON body of every error
// reply (Content-Type: application/problem+json).
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// writeJSON writes v as a JSON reply with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// writeProblem writes an RFC 9457 problem reply with the given status and a
// human-readable detail.
func writeProblem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(Problem{
		Type:   "about:blank",
		Title:  http.StatusText(status),
		Status: status,
		Detail: detail,
	})
}

// methodNotAllowed returns a handler that answers every request with a 405
// problem and an Allow header listing the allowed methods. Register it on a
// path without a method ("/hello"): the ServeMux picks the more specific
// "POST /hello" for POST and this handler for every other method. (The
// ServeMux's own 405 is plain text, not a problem.)
func methodNotAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeProblem(w, http.StatusMethodNotAllowed, r.Method+" is not allowed here; use "+allow)
	}
}
