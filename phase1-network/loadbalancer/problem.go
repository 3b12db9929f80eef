package loadbalancer

// Provided — no need to edit.

import (
	"encoding/json"
	"net/http"
)

// writeProblem answers with an RFC 9457 problem JSON body.
func writeProblem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"type":   "about:blank",
		"title":  http.StatusText(status),
		"status": status,
		"detail": detail,
	})
}
