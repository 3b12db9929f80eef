package webserver

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// MaxBodyBytes is the largest request body the handler reads. A larger body is
// answered with 413 Request Entity Too Large.
const MaxBodyBytes = 64 << 10

// MaxTitleLen is the longest to-do title accepted, in bytes.
const MaxTitleLen = 200

// Todo is one item of the to-do list, as sent and received in JSON.
type Todo struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// NewTodo is the body of POST /todos. Title is required.
type NewTodo struct {
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// Problem is the JSON body of every error reply (RFC 9457, served as
// application/problem+json). Type is a URI naming the kind of problem
// ("about:blank" when the status code says it all), Title is the status text,
// Status repeats the status code and Detail explains this occurrence.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// NewHandler returns the to-do API with an empty list. The handler is safe for
// concurrent use, as every http.Handler must be: the server calls it from one
// goroutine per connection.
func NewHandler() http.Handler {
	s := &store{todos: make(map[int64]Todo)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /todos", s.list)
	mux.HandleFunc("POST /todos", s.create)
	mux.HandleFunc("GET /todos/{id}", s.get)
	mux.HandleFunc("DELETE /todos/{id}", s.remove)

	// The mux would answer unknown routes in plain text. These patterns have
	// no method, so the ones above win when the method matches (a more
	// specific pattern takes precedence); everything else lands here and gets
	// a problem body.
	mux.Handle("/todos", methodNotAllowed("GET", "HEAD", "POST"))
	mux.Handle("/todos/{id}", methodNotAllowed("GET", "HEAD", "DELETE"))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, http.StatusNotFound, fmt.Sprintf("no route for %s %s", r.Method, r.URL.Path))
	})
	return mux
}

// store is the in-memory list. Its mutex guards both fields: handlers run
// concurrently.
type store struct {
	mu     sync.Mutex
	todos  map[int64]Todo
	lastID int64
}

// list serves GET /todos?q=&limit=.
func (s *store) list(w http.ResponseWriter, r *http.Request) {
	limit := 20
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			writeProblem(w, http.StatusBadRequest, fmt.Sprintf("limit must be an integer from 1 to 100, got %q", v))
			return
		}
		limit = n
	}
	q := strings.ToLower(r.URL.Query().Get("q"))

	s.mu.Lock()
	found := make([]Todo, 0) // an empty list encodes as [], never null
	for _, t := range s.todos {
		if strings.Contains(strings.ToLower(t.Title), q) {
			found = append(found, t)
		}
	}
	s.mu.Unlock()

	// Map order is random; sort so the reply is stable.
	slices.SortFunc(found, func(a, b Todo) int { return cmp.Compare(a.ID, b.ID) })
	writeJSON(w, http.StatusOK, found[:min(limit, len(found))])
}

// create serves POST /todos.
func (s *store) create(w http.ResponseWriter, r *http.Request) {
	var in NewTodo
	if status, detail := decodeJSONBody(w, r, &in); status != 0 {
		writeProblem(w, status, detail)
		return
	}
	if strings.TrimSpace(in.Title) == "" {
		writeProblem(w, http.StatusBadRequest, `field "title" is required`)
		return
	}
	if len(in.Title) > MaxTitleLen {
		writeProblem(w, http.StatusBadRequest, fmt.Sprintf(`field "title" is longer than %d bytes`, MaxTitleLen))
		return
	}

	s.mu.Lock()
	s.lastID++
	t := Todo{ID: s.lastID, Title: in.Title, Done: in.Done}
	s.todos[t.ID] = t
	s.mu.Unlock()

	// Rule: 201 Created says where the new resource lives.
	w.Header().Set("Location", fmt.Sprintf("/todos/%d", t.ID))
	writeJSON(w, http.StatusCreated, t)
}

// get serves GET /todos/{id}.
func (s *store) get(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	t, found := s.todos[id]
	s.mu.Unlock()
	if !found {
		writeProblem(w, http.StatusNotFound, fmt.Sprintf("todo %d does not exist", id))
		return
	}
	writeJSON(w, http.StatusOK, t)
}

// remove serves DELETE /todos/{id}.
func (s *store) remove(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	_, found := s.todos[id]
	delete(s.todos, id)
	s.mu.Unlock()
	if !found {
		writeProblem(w, http.StatusNotFound, fmt.Sprintf("todo %d does not exist", id))
		return
	}
	// Rule: 204 No Content has no body, so no Content-Type either.
	w.WriteHeader(http.StatusNoContent)
}

// pathID reads the {id} wildcard. On a bad id it writes a 400 and returns false.
func pathID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	v := r.PathValue("id")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 1 {
		writeProblem(w, http.StatusBadRequest, fmt.Sprintf("id must be a positive integer, got %q", v))
		return 0, false
	}
	return id, true
}

// decodeJSONBody decodes exactly one JSON object from r's body into dst. It
// returns status 0 on success, or the status code and detail of the problem.
func decodeJSONBody(w http.ResponseWriter, r *http.Request, dst any) (status int, detail string) {
	// Rule: 415 unless the body says it is JSON. Parameters such as
	// "; charset=utf-8" are fine.
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" {
		return http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Type must be application/json, got %q", r.Header.Get("Content-Type"))
	}

	// Rule: never read more than MaxBodyBytes. MaxBytesReader fails the read
	// past the limit (and tells the server to close the connection).
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	// Rule: a field we do not know is a client bug (a typo such as "titel");
	// say so instead of silently ignoring it.
	dec.DisallowUnknownFields()

	if err := dec.Decode(dst); err != nil {
		return decodeProblem(err)
	}
	// Rule: exactly one value. A second Decode must hit the end of the body.
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		if status, detail := decodeProblem(err); status == http.StatusRequestEntityTooLarge {
			return status, detail
		}
		return http.StatusBadRequest, "body must hold a single JSON object, but more data follows it"
	}
	return 0, ""
}

// decodeProblem turns a json.Decoder error into a status code and a detail a
// client developer can act on.
func decodeProblem(err error) (int, string) {
	var (
		syntaxErr *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
		tooBig    *http.MaxBytesError
	)
	switch {
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("body is larger than %d bytes", tooBig.Limit)
	case errors.Is(err, io.EOF):
		return http.StatusBadRequest, "body is empty; send a JSON object"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return http.StatusBadRequest, "body ends in the middle of a JSON value"
	case errors.As(err, &syntaxErr):
		return http.StatusBadRequest, fmt.Sprintf("malformed JSON at byte %d: %v", syntaxErr.Offset, err)
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return http.StatusBadRequest, fmt.Sprintf("body must be a JSON object, not a %s", typeErr.Value)
		}
		return http.StatusBadRequest, fmt.Sprintf("field %q must be a %s, not a %s", typeErr.Field, typeErr.Type, typeErr.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json has no error type for this one; its message names
		// the field: json: unknown field "titel".
		return http.StatusBadRequest, strings.TrimPrefix(err.Error(), "json: ")
	default:
		return http.StatusBadRequest, fmt.Sprintf("cannot decode body: %v", err)
	}
}

// methodNotAllowed answers 405 with the Allow header the standard requires.
func methodNotAllowed(allowed ...string) http.Handler {
	allow := strings.Join(allowed, ", ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeProblem(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s is not allowed on %s; use %s", r.Method, r.URL.Path, allow))
	})
}

// writeJSON sends v as a JSON reply with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	// Headers must be set before WriteHeader; after it they are ignored.
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) // the status is sent; a write error can only be logged
}

// writeProblem sends an RFC 9457 problem reply.
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
