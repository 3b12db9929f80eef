package webhello

import (
	"bytes"
	"encoding/json"
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
	body, _ := json.Marshal(GreetRequest{Name: name}) // a struct of strings always marshals
	resp, err := c.Post(baseURL+"/hello", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("webhello: greet %q: %w", name, err)
	}
	defer resp.Body.Close() // always, or the connection is never reused
	// Check the status before decoding: an error reply is a problem, not a
	// Greeting, and would decode into an empty message.
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("webhello: greet %q: %w", name, &StatusError{Code: resp.StatusCode})
	}
	var g Greeting
	if err := json.NewDecoder(resp.Body).Decode(&g); err != nil {
		return "", fmt.Errorf("webhello: greet %q: decoding the reply: %w", name, err)
	}
	return g.Message, nil
}
