package restapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
)

// MaxBodyBytes is the largest request body read; a larger one is 413.
const MaxBodyBytes = 4 << 10

// api holds the handlers' state.
type api struct {
	store *Store
}

// NewHandler returns the /users API on a fresh Store, wrapped in the
// middleware: Chain(mux, RequestID, AccessLog(logger), Recover(logger)).
// Every error reply is a problem (see the package doc for the routes and
// their status codes).
func NewHandler(logger *slog.Logger) http.Handler {
	a := &api{store: NewStore()}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /users", a.create)
	mux.HandleFunc("GET /users", a.list)
	mux.HandleFunc("GET /users/{id}", a.get)
	mux.HandleFunc("PUT /users/{id}", a.update)
	mux.HandleFunc("DELETE /users/{id}", a.delete)
	// Method-less patterns catch what the method patterns above do not:
	// the ServeMux's own 404 and 405 are plain text, ours are problems.
	mux.Handle("/users", methodNotAllowed("GET, POST"))
	mux.Handle("/users/{id}", methodNotAllowed("GET, PUT, DELETE"))
	mux.Handle("/", notFound())
	// RequestID first, so the log has the ID; Recover inside AccessLog, so
	// the log sees the 500 it writes.
	return Chain(mux, RequestID, AccessLog(logger), Recover(logger))
}

func (a *api) create(w http.ResponseWriter, r *http.Request) {
	in, err := DecodeInput(w, r)
	if err != nil {
		writeError(w, err)
		return
	}
	u, err := a.store.Create(in)
	if err != nil {
		writeError(w, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/users/%d", u.ID))
	writeJSON(w, http.StatusCreated, u)
}

func (a *api) list(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, a.store.List())
}

func (a *api) get(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		var u User
		if u, err = a.store.Get(id); err == nil {
			writeJSON(w, http.StatusOK, u)
			return
		}
	}
	writeError(w, err)
}

func (a *api) update(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeError(w, err)
		return
	}
	in, err := DecodeInput(w, r)
	if err != nil {
		writeError(w, err)
		return
	}
	u, err := a.store.Update(id, in)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}

func (a *api) delete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		if err = a.store.Delete(id); err == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	writeError(w, err)
}

// DecodeInput reads the body of a POST or PUT into a UserInput. It returns
// an *HTTPError: 415 unless the Content-Type is application/json
// (parameters allowed); 413 for a body over MaxBodyBytes; 400 for malformed
// JSON, an unknown field, a wrong type, anything after the object, or an
// input that fails Validate. The detail says what to fix.
func DecodeInput(w http.ResponseWriter, r *http.Request) (UserInput, error) {
	var in UserInput
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return in, &HTTPError{Status: http.StatusUnsupportedMediaType, Detail: "send the body as Content-Type: application/json"}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(&in)
	if err == nil && dec.Decode(new(json.RawMessage)) != io.EOF {
		err = errors.New("data after the JSON object")
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return in, &HTTPError{Status: http.StatusRequestEntityTooLarge, Detail: fmt.Sprintf("the body is larger than %d bytes", MaxBodyBytes)}
	case errors.Is(err, io.EOF):
		return in, &HTTPError{Status: http.StatusBadRequest, Detail: "the body is empty; send a JSON object"}
	case err != nil:
		return in, &HTTPError{Status: http.StatusBadRequest, Detail: "malformed body: " + err.Error()}
	}
	if err := in.Validate(); err != nil {
		return in, &HTTPError{Status: http.StatusBadRequest, Detail: err.Error()}
	}
	return in, nil
}
