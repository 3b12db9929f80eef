package webserver

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"
)

// DefaultClientTimeout bounds a GetJSON call whose ctx has no deadline.
const DefaultClientTimeout = 10 * time.Second

// StatusError reports a reply whose status code is not 2xx. Use errors.As to
// get it from an error returned by GetJSON.
type StatusError struct {
	Code    int      // the HTTP status code
	Problem *Problem // the problem body, or nil if the server sent none
}

// Error returns the status and, when the server explained it, the detail.
func (e *StatusError) Error() string {
	msg := fmt.Sprintf("webserver: %d %s", e.Code, http.StatusText(e.Code))
	if e.Problem != nil && e.Problem.Detail != "" {
		msg += ": " + e.Problem.Detail
	}
	return msg
}

// GetJSON sends GET url with client (nil means http.DefaultClient) and decodes
// a 2xx JSON reply into v. A non-2xx reply becomes a *StatusError, with its
// Problem filled in when the body is application/problem+json. If ctx has no
// deadline, the call is limited to DefaultClientTimeout.
func GetJSON(ctx context.Context, client *http.Client, url string, v any) error {
	if client == nil {
		client = http.DefaultClient
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultClientTimeout)
		defer cancel()
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("webserver: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req) // the error wraps ctx.Err() on timeout
	if err != nil {
		return fmt.Errorf("webserver: %w", err)
	}
	defer resp.Body.Close()
	// Bound what we read from a server we do not control.
	body := io.LimitReader(resp.Body, 1<<20)

	mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		se := &StatusError{Code: resp.StatusCode}
		if mediaType == "application/problem+json" {
			var p Problem
			if json.NewDecoder(body).Decode(&p) == nil {
				se.Problem = &p
			}
		}
		return se
	}
	if mediaType != "application/json" {
		return fmt.Errorf("webserver: GET %s: reply is %q, not application/json", url, resp.Header.Get("Content-Type"))
	}
	if err := json.NewDecoder(body).Decode(v); err != nil {
		return fmt.Errorf("webserver: GET %s: decode reply: %w", url, err)
	}
	return nil
}
