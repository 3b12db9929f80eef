package webhello

import (
	"errors"
	"fmt"
	"net/http"
)

// StatusError reports a reply whose status is not 200 OK. [Greet] returns it
// wrapped, so callers find it with errors.As.
type StatusError struct {
	Code int // the HTTP status code, e.g. 400
}

// Error returns the status, e.g. "webhello: server answered 400 Bad Request".
func (e *StatusError) Error() string {
	return fmt.Sprintf("webhello: server answered %d %s", e.Code, http.StatusText(e.Code))
}

// Greet asks the server at baseURL (e.g. "http://127.0.0.1:8080") for the
// greeting of name: it sends POST baseURL+"/hello" with the JSON body
// {"name": name} (Content-Type: application/json) using c, and returns the
// reply's message. A status other than 200 OK is an error that wraps a
// *StatusError with %w; every other error is wrapped with %w too.
func Greet(c *http.Client, baseURL, name string) (string, error) {
	// TODO(weekend 2): json.Marshal a GreetRequest, c.Post it, defer
	// resp.Body.Close(), check resp.StatusCode, decode a Greeting.
	return "", errors.New("webhello: Greet not implemented")
}
