package webhello

import (
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
	// TODO(weekend 2): mux.HandleFunc("GET /hello/{name}", ...) using
	// r.PathValue("name"); mux.HandleFunc("POST /hello", ...) decoding the
	// body with json.NewDecoder(r.Body).Decode; and
	// mux.HandleFunc("/hello", methodNotAllowed(http.MethodPost)).
	return mux
}
