package restapi

import (
	"log/slog"
	"net/http"
)

// MaxBodyBytes is the largest request body read; a larger one is 413.
const MaxBodyBytes = 4 << 10

// NewHandler returns the /users API on a fresh Store, wrapped in the
// middleware: Chain(mux, RequestID, AccessLog(logger), Recover(logger)).
// Every error reply is a problem (see the package doc for the routes and
// their status codes).
func NewHandler(logger *slog.Logger) http.Handler {
	// TODO(weekend 3): an http.NewServeMux() with the five method patterns,
	// method-less "/users", "/users/{id}" and "/" patterns for 405 and 404
	// problems, and the middleware chain around it.
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "restapi: NewHandler not implemented", http.StatusNotImplemented)
	})
}

// DecodeInput reads the body of a POST or PUT into a UserInput. It returns
// an *HTTPError: 415 unless the Content-Type is application/json
// (parameters allowed); 413 for a body over MaxBodyBytes; 400 for malformed
// JSON, an unknown field, a wrong type, anything after the object, or an
// input that fails Validate. The detail says what to fix.
func DecodeInput(w http.ResponseWriter, r *http.Request) (UserInput, error) {
	// TODO(weekend 3): mime.ParseMediaType, http.MaxBytesReader,
	// json.Decoder with DisallowUnknownFields, a second Decode that must
	// be io.EOF, then Validate.
	return UserInput{}, &HTTPError{Status: http.StatusNotImplemented, Detail: "restapi: DecodeInput not implemented"}
}
