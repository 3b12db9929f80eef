package webhello

import (
	"encoding/json"
	"net/http"
)

// Greeting is the JSON body of a successful reply: {"message": "Hello, Ana!"}.
type Greeting struct {
	Message string `json:"message"`
}

// GreetRequest is the JSON body of POST /hello: {"name": "Ana"}.
type GreetRequest struct {
	Name string `json:"name"`
}

// NewHandler returns the server's routes, greeting with g:
//
//   - GET /hello/{name}: 200 and the JSON Greeting {"message": g.Greet(name)}.
//   - POST /hello with a JSON GreetRequest body: 200 and the Greeting for its
//     name. A body that is not such JSON, or whose name is empty, gets a 400
//     problem (writeProblem).
//   - any other method on /hello: a 405 problem with "Allow: POST"
//     (methodNotAllowed).
func NewHandler(g Greeter) http.Handler {
	mux := http.NewServeMux()
	// The handler knows only the Greeter interface, so English, Korean or a
	// test's fake all work without changing a line here.
	mux.HandleFunc("GET /hello/{name}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, Greeting{Message: g.Greet(r.PathValue("name"))})
	})
	mux.HandleFunc("POST /hello", func(w http.ResponseWriter, r *http.Request) {
		var req GreetRequest
		// Bad JSON and valid JSON without a name are both the client's fault.
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Name == "" {
			writeProblem(w, http.StatusBadRequest, `the body must be JSON with a name, like {"name": "Ana"}`)
			return
		}
		writeJSON(w, http.StatusOK, Greeting{Message: g.Greet(req.Name)})
	})
	// A pattern without a method catches the methods the ones above do not.
	mux.HandleFunc("/hello", methodNotAllowed(http.MethodPost))
	return mux
}
