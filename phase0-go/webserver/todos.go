package webserver

import (
	"net/http"
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
	// TODO(weekend 2): build an http.NewServeMux() with the four routes of the
	// package doc ("GET /todos", "POST /todos", "GET /todos/{id}",
	// "DELETE /todos/{id}"), a store guarded by a sync.Mutex, and problem
	// replies for everything that goes wrong (see README "Rules").
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "webserver: NewHandler not implemented", http.StatusNotImplemented)
	})
}
