package restapi

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// waitLimit bounds every wait in these tests; it is an upper limit for
// something that must happen, not a speed requirement.
const waitLimit = 5 * time.Second

// logSink is a slog.Handler that keeps every record, for the tests to read.
type logSink struct {
	mu      sync.Mutex
	records []slog.Record
}

func (s *logSink) Enabled(context.Context, slog.Level) bool { return true }
func (s *logSink) WithAttrs([]slog.Attr) slog.Handler       { return s }
func (s *logSink) WithGroup(string) slog.Handler            { return s }
func (s *logSink) Handle(_ context.Context, r slog.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records = append(s.records, r.Clone())
	return nil
}

// find returns the attributes of the records with the message, as strings.
func (s *logSink) find(msg string) []map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]string
	for _, r := range s.records {
		if r.Message != msg {
			continue
		}
		m := map[string]string{"level": r.Level.String()}
		r.Attrs(func(a slog.Attr) bool { m[a.Key] = a.Value.String(); return true })
		out = append(out, m)
	}
	return out
}

// waitRecords waits until at least n records with the message exist: the
// access log is written after the reply has been sent.
func (s *logSink) waitRecords(t *testing.T, msg string, n int) []map[string]string {
	t.Helper()
	require.Eventually(t, func() bool { return len(s.find(msg)) >= n }, waitLimit, time.Millisecond,
		"expected %d log records %q, found %d", n, msg, len(s.find(msg)))
	return s.find(msg)
}

// newAPI serves NewHandler on a loopback test server.
func newAPI(t *testing.T) (*httptest.Server, *logSink) {
	t.Helper()
	sink := &logSink{}
	h := NewHandler(slog.New(sink))
	require.NotNil(t, h, "NewHandler returned nil")
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts, sink
}

// reply is a response with its body read.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) problem(t *testing.T) Problem {
	t.Helper()
	require.Equal(t, "application/problem+json", r.header.Get("Content-Type"), "an error reply must be a problem (RFC 9457): status %d, body %s", r.status, r.body)
	var p Problem
	require.NoError(t, json.Unmarshal(r.body, &p), "problem body %s", r.body)
	require.Equal(t, r.status, p.Status, "the problem's status must repeat the status code")
	require.Equal(t, http.StatusText(r.status), p.Title, "the problem's title is the status text")
	require.NotEmpty(t, p.Detail, "the problem's detail says what to fix")
	return p
}

func (r reply) user(t *testing.T) User {
	t.Helper()
	require.Equal(t, "application/json", r.header.Get("Content-Type"), "a user reply is JSON: status %d, body %s", r.status, r.body)
	var u User
	require.NoError(t, json.Unmarshal(r.body, &u), "body %s", r.body)
	return u
}

// send makes one request; a non-empty body is sent as application/json
// unless header says otherwise.
func send(t *testing.T, ts *httptest.Server, method, path, body string, header ...string) reply {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, ts.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := ts.Client().Do(req)
	require.NoError(t, err, "%s %s: the server must answer", method, path)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}
