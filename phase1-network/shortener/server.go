package shortener

// Provided — no need to edit: the HTTP layer (you built one on weekend 3). The lesson is in
// base62.go, validate.go, store.go and links.go.

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
)

// CreateRequest is the body of POST /api/links.
type CreateRequest struct {
	URL   string `json:"url"`
	Alias string `json:"alias,omitempty"`
}

// Link is the body of a 201 answer to POST /api/links.
type Link struct {
	Code     string `json:"code"`
	URL      string `json:"url"`
	ShortURL string `json:"short_url"`
}

// maxBody bounds a request body: a URL of MaxURLLen plus room for JSON.
const maxBody = MaxURLLen + 1024

// NewHandler returns the service's HTTP API:
//
//	POST   /api/links         {"url": "...", "alias": "..."} → 201 Link, Location: /{code}
//	GET    /{code}            → 302 Found to the long URL
//	DELETE /api/links/{code}  → 204
//	GET    /healthz           → 200
//
// Errors are RFC 9457 problem JSON: 400 (malformed JSON, bad URL or alias), 404, 409 (alias
// taken), 413 (body too large), 415 (not JSON), 500.
func NewHandler(l *Links) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/links", func(w http.ResponseWriter, r *http.Request) {
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			writeProblem(w, http.StatusUnsupportedMediaType, "send the body as application/json")
			return
		}
		var req CreateRequest
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				writeProblem(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is over %d bytes", maxBody))
				return
			}
			writeProblem(w, http.StatusBadRequest, "malformed JSON: "+err.Error())
			return
		}
		code, err := l.Create(r.Context(), req.URL, req.Alias)
		if err != nil {
			writeError(w, err)
			return
		}
		w.Header().Set("Location", "/"+code)
		writeJSON(w, http.StatusCreated, Link{Code: code, URL: req.URL, ShortURL: baseURL(r) + "/" + code})
	})
	mux.HandleFunc("GET /{code}", func(w http.ResponseWriter, r *http.Request) {
		long, err := l.Resolve(r.Context(), r.PathValue("code"))
		if err != nil {
			writeError(w, err)
			return
		}
		http.Redirect(w, r, long, http.StatusFound)
	})
	mux.HandleFunc("DELETE /api/links/{code}", func(w http.ResponseWriter, r *http.Request) {
		if err := l.Delete(r.Context(), r.PathValue("code")); err != nil {
			writeError(w, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	return mux
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// writeError maps the package's errors to statuses; anything else is a 500 that hides the detail.
func writeError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, ErrInvalidURL), errors.Is(err, ErrInvalidAlias):
		writeProblem(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, ErrAliasTaken):
		writeProblem(w, http.StatusConflict, err.Error())
	case errors.Is(err, ErrNotFound):
		writeProblem(w, http.StatusNotFound, err.Error())
	default:
		writeProblem(w, http.StatusInternalServerError, "internal error")
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeProblem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"type":   "about:blank",
		"title":  http.StatusText(status),
		"status": status,
		"detail": strings.TrimPrefix(detail, "shortener: "),
	})
}
