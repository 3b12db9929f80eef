package webserver

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// waitLimit bounds every wait in these tests; it is an upper limit for
// something that must happen, not a speed requirement.
const waitLimit = 5 * time.Second

// newTestServer serves a fresh NewHandler on a loopback httptest server.
func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	h := NewHandler()
	require.NotNil(t, h, "NewHandler returned nil")
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

// reply is a response with its body already read.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// send makes one request and reads the whole reply.
func send(t *testing.T, ts *httptest.Server, method, path, contentType, body string) reply {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, ts.URL+path, strings.NewReader(body))
	require.NoError(t, err, "building the request %s %s (a bug in the test, not in your code)", method, path)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := ts.Client().Do(req)
	require.NoError(t, err, "%s %s", method, path)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err, "reading the body of %s %s", method, path)
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}

// createTodo posts a to-do and returns what the server made of it.
func createTodo(t *testing.T, ts *httptest.Server, title string) Todo {
	t.Helper()
	r := send(t, ts, http.MethodPost, "/todos", "application/json", fmt.Sprintf(`{"title":%q}`, title))
	require.Equal(t, http.StatusCreated, r.status, "POST /todos {\"title\":%q} should answer 201 Created; body: %s", title, r.body)
	var got Todo
	require.NoError(t, json.Unmarshal(r.body, &got), "the 201 body should be the new to-do as JSON: %s", r.body)
	return got
}

// requireProblem checks an error reply: status code, problem Content-Type and
// a problem body whose status matches. It returns the problem.
func requireProblem(t *testing.T, r reply, wantStatus int, what string) Problem {
	t.Helper()
	require.Equal(t, wantStatus, r.status, "%s: wrong status code; body: %s", what, r.body)
	assert.Equal(t, "application/problem+json", r.header.Get("Content-Type"), "%s: error replies are application/problem+json", what)
	var p Problem
	require.NoError(t, json.Unmarshal(r.body, &p), "%s: the body should be a JSON problem, got %q", what, r.body)
	assert.NotEmpty(t, p.Type, "%s: a problem has a type (\"about:blank\" is fine)", what)
	assert.NotEmpty(t, p.Title, "%s: a problem has a title (http.StatusText)", what)
	assert.Equal(t, wantStatus, p.Status, "%s: the problem's status repeats the status code", what)
	assert.NotEmpty(t, p.Detail, "%s: the detail tells the client what went wrong", what)
	return p
}

func TestCreateTodo(t *testing.T) {
	ts := newTestServer(t)

	r := send(t, ts, http.MethodPost, "/todos", "application/json", `{"title":"buy milk"}`)
	require.Equal(t, http.StatusCreated, r.status, "POST /todos with a valid body → 201 Created; body: %s", r.body)
	assert.Equal(t, "application/json", r.header.Get("Content-Type"), "JSON replies say so in Content-Type")
	assert.Equal(t, "/todos/1", r.header.Get("Location"), "201 Created carries a Location header pointing at the new to-do")
	assert.JSONEq(t, `{"id":1,"title":"buy milk","done":false}`, string(r.body), "the reply is the created to-do")

	t.Run("ids count up", func(t *testing.T) {
		got := createTodo(t, ts, "walk the dog")
		assert.Equal(t, Todo{ID: 2, Title: "walk the dog"}, got, "the second POST /todos gets id 2: ids count up from 1")
	})
	t.Run("done is taken from the body", func(t *testing.T) {
		r := send(t, ts, http.MethodPost, "/todos", "application/json", `{"title":"wake up","done":true}`)
		require.Equal(t, http.StatusCreated, r.status, "body: %s", r.body)
		assert.JSONEq(t, `{"id":3,"title":"wake up","done":true}`, string(r.body), "POST /todos with \"done\":true: the new to-do keeps done from the body")
	})
	t.Run("a title of exactly MaxTitleLen bytes is fine", func(t *testing.T) {
		title := strings.Repeat("é", MaxTitleLen/2) // two bytes each: MaxTitleLen bytes, half as many characters
		r := send(t, ts, http.MethodPost, "/todos", "application/json", fmt.Sprintf(`{"title":%q}`, title))
		assert.Equal(t, http.StatusCreated, r.status, "a title of exactly MaxTitleLen bytes is allowed (only longer ones are 400: >, not >=); body: %s", r.body)
	})
	t.Run("a charset parameter in Content-Type is fine", func(t *testing.T) {
		r := send(t, ts, http.MethodPost, "/todos", "application/json; charset=utf-8", `{"title":"read"}`)
		assert.Equal(t, http.StatusCreated, r.status, "use mime.ParseMediaType, not ==; body: %s", r.body)
	})
}

func TestGetTodo(t *testing.T) {
	ts := newTestServer(t)
	created := createTodo(t, ts, "water the plants")

	r := send(t, ts, http.MethodGet, fmt.Sprintf("/todos/%d", created.ID), "", "")
	require.Equal(t, http.StatusOK, r.status, "GET /todos/{id} of an existing to-do; body: %s", r.body)
	assert.Equal(t, "application/json", r.header.Get("Content-Type"), "GET /todos/{id}: set Content-Type before WriteHeader")
	var got Todo
	require.NoError(t, json.Unmarshal(r.body, &got), "GET /todos/{id}: the body must be one JSON to-do, got %q", r.body)
	assert.Equal(t, created, got, "GET returns what POST created")

	t.Run("an unknown id is 404", func(t *testing.T) {
		requireProblem(t, send(t, ts, http.MethodGet, "/todos/999", "", ""), http.StatusNotFound, "GET /todos/999")
	})
	for _, bad := range []string{"abc", "-1", "0", "1.5"} {
		t.Run("id "+bad+" is 400", func(t *testing.T) {
			requireProblem(t, send(t, ts, http.MethodGet, "/todos/"+bad, "", ""), http.StatusBadRequest,
				"GET /todos/"+bad+" (an id is a positive integer)")
		})
	}
}

func TestListTodos(t *testing.T) {
	ts := newTestServer(t)
	for _, title := range []string{"buy milk", "walk the dog", "buy bread", "Milk tea"} {
		createTodo(t, ts, title)
	}

	tests := []struct {
		name  string
		query string
		want  []string // titles, in id order
	}{
		{"no query lists everything in id order", "", []string{"buy milk", "walk the dog", "buy bread", "Milk tea"}},
		{"q filters by title, ignoring case", "?q=milk", []string{"buy milk", "Milk tea"}},
		{"limit caps the count", "?limit=2", []string{"buy milk", "walk the dog"}},
		{"q and limit combine", "?q=buy&limit=1", []string{"buy milk"}},
		{"no match is an empty array", "?q=zebra", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := send(t, ts, http.MethodGet, "/todos"+tt.query, "", "")
			require.Equal(t, http.StatusOK, r.status, "GET /todos%s; body: %s", tt.query, r.body)
			assert.Equal(t, "application/json", r.header.Get("Content-Type"), "GET /todos%s: set Content-Type before WriteHeader", tt.query)
			var got []Todo
			require.NoError(t, json.Unmarshal(r.body, &got), "the body is a JSON array of to-dos: %s", r.body)
			require.NotNil(t, got, "GET /todos%s: an empty list is [], not null (make the slice non-nil)", tt.query)
			titles := []string{}
			for _, todo := range got {
				titles = append(titles, todo.Title)
			}
			assert.Equal(t, tt.want, titles, "GET /todos%s", tt.query)
		})
	}

	for _, bad := range []string{"abc", "0", "-3", "101"} {
		t.Run("limit="+bad+" is 400", func(t *testing.T) {
			requireProblem(t, send(t, ts, http.MethodGet, "/todos?limit="+bad, "", ""), http.StatusBadRequest,
				"GET /todos?limit="+bad+" (limit is an integer from 1 to 100)")
		})
	}

	t.Run("the default limit is 20 and limit=100 is allowed", func(t *testing.T) {
		for i := range 21 { // 25 to-dos in all
			createTodo(t, ts, fmt.Sprintf("more %d", i))
		}
		for _, tt := range []struct {
			query string
			want  int
		}{{"", 20}, {"?limit=100", 25}, {"?limit=1", 1}} {
			r := send(t, ts, http.MethodGet, "/todos"+tt.query, "", "")
			require.Equal(t, http.StatusOK, r.status, "GET /todos%s; body: %s", tt.query, r.body)
			var got []Todo
			require.NoError(t, json.Unmarshal(r.body, &got), "the body is a JSON array of to-dos: %s", r.body)
			assert.Len(t, got, tt.want, "GET /todos%s with 25 to-dos: without limit at most 20 come back; limit may be anything from 1 to 100", tt.query)
		}
	})
}

func TestDeleteTodo(t *testing.T) {
	ts := newTestServer(t)
	created := createTodo(t, ts, "temporary")
	path := fmt.Sprintf("/todos/%d", created.ID)

	r := send(t, ts, http.MethodDelete, path, "", "")
	assert.Equal(t, http.StatusNoContent, r.status, "DELETE of an existing to-do → 204 No Content; body: %s", r.body)
	assert.Empty(t, r.body, "204 No Content has no body")

	requireProblem(t, send(t, ts, http.MethodGet, path, "", ""), http.StatusNotFound, "GET after DELETE")
	requireProblem(t, send(t, ts, http.MethodDelete, path, "", ""), http.StatusNotFound, "DELETE twice")
}

func TestUnknownRoutesAreProblems(t *testing.T) {
	ts := newTestServer(t)
	createTodo(t, ts, "exists")

	tests := []struct {
		name      string
		method    string
		path      string
		want      int
		wantAllow []string // methods the Allow header must list (405 only)
	}{
		{"an unknown path is 404", http.MethodGet, "/nope", http.StatusNotFound, nil},
		{"a path below a to-do is 404", http.MethodGet, "/todos/1/comments", http.StatusNotFound, nil},
		{"PATCH on the list is 405", http.MethodPatch, "/todos", http.StatusMethodNotAllowed, []string{"GET", "POST"}},
		{"PUT on a to-do is 405", http.MethodPut, "/todos/1", http.StatusMethodNotAllowed, []string{"GET", "DELETE"}},
		{"POST on a to-do is 405", http.MethodPost, "/todos/1", http.StatusMethodNotAllowed, []string{"GET", "DELETE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := send(t, ts, tt.method, tt.path, "", "")
			what := tt.method + " " + tt.path + " (no such path: 404 Not Found)"
			if tt.want == http.StatusMethodNotAllowed {
				what = tt.method + " " + tt.path + " (the path exists but not with this method: 405 Method Not Allowed, not 404)"
			}
			requireProblem(t, r, tt.want, what)
			for _, m := range tt.wantAllow {
				assert.Contains(t, r.header.Get("Allow"), m, "%s %s: a 405 reply lists the allowed methods in its Allow header", tt.method, tt.path)
			}
		})
	}
}

func TestCreateRejectsBadBodies(t *testing.T) {
	ts := newTestServer(t)

	tests := []struct {
		name        string
		contentType string
		body        string
		want        int
		detailHas   string // the problem detail must contain this (case-insensitive)
		rule        string // what the handler must do, for the failure message
	}{
		{"malformed JSON is 400", "application/json", `{"title": "a",}`, http.StatusBadRequest, "", "malformed JSON is the client's fault: 400"},
		{"an unknown field is 400 and named", "application/json", `{"titel":"typo"}`, http.StatusBadRequest, "titel", "a field NewTodo does not have is a client bug (a typo): reject it with json.Decoder.DisallowUnknownFields"},
		{"data after the object is 400", "application/json", `{"title":"a"} {"title":"b"}`, http.StatusBadRequest, "", "the body holds exactly one JSON value: a second Decode must hit io.EOF"},
		{"a wrong type is 400 and names the field", "application/json", `{"title":42}`, http.StatusBadRequest, "title", "a field of the wrong type is 400 and the detail names it (json.UnmarshalTypeError.Field)"},
		{"an array instead of an object is 400", "application/json", `["title"]`, http.StatusBadRequest, "", "the body must be a JSON object"},
		{"an empty body is 400", "application/json", ``, http.StatusBadRequest, "", "an empty body is 400, not a to-do with no title"},
		{"a missing title is 400", "application/json", `{"done":true}`, http.StatusBadRequest, "title", "title is required"},
		{"a blank title is 400", "application/json", `{"title":"   "}`, http.StatusBadRequest, "title", "a title of only spaces counts as missing (strings.TrimSpace)"},
		{"a title over MaxTitleLen is 400", "application/json", fmt.Sprintf(`{"title":%q}`, strings.Repeat("t", MaxTitleLen+1)), http.StatusBadRequest, "title", "a title longer than MaxTitleLen bytes is 400"},
		{"text/plain is 415", "text/plain", `{"title":"a"}`, http.StatusUnsupportedMediaType, "application/json", "a body that is not application/json is 415 Unsupported Media Type"},
		{"no Content-Type is 415", "", `{"title":"a"}`, http.StatusUnsupportedMediaType, "application/json", "a body without Content-Type is 415 Unsupported Media Type"},
		{"a body over MaxBodyBytes is 413", "application/json", `{"title":"` + strings.Repeat("x", MaxBodyBytes) + `"}`, http.StatusRequestEntityTooLarge, "", "never read more than MaxBodyBytes: wrap the body in http.MaxBytesReader and answer 413"},
		{"a valid object followed by more than MaxBodyBytes of spaces is 413", "application/json", `{"title":"a"}` + strings.Repeat(" ", MaxBodyBytes), http.StatusRequestEntityTooLarge, "", "the whole body counts against MaxBodyBytes: the second Decode that looks for the end of the body fails with *http.MaxBytesError, which is 413 too"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := send(t, ts, http.MethodPost, "/todos", tt.contentType, tt.body)
			p := requireProblem(t, r, tt.want, "POST /todos with "+tt.name[:strings.LastIndex(tt.name, " is ")]+" ("+tt.rule+")")
			if tt.detailHas != "" {
				assert.Contains(t, strings.ToLower(p.Detail), tt.detailHas, "the detail should point the client at the problem (%s)", tt.rule)
			}
		})
	}

	t.Run("nothing was created", func(t *testing.T) {
		r := send(t, ts, http.MethodGet, "/todos", "", "")
		require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
		assert.JSONEq(t, `[]`, string(r.body), "a rejected POST must not add a to-do")
	})
}

func TestConcurrentCreatesGetUniqueIDs(t *testing.T) {
	const n = 50
	t.Run("handler called from many goroutines at once", func(t *testing.T) {
		// The handler is called directly, with nothing between the goroutines but the handler
		// itself: any shared field it touches outside its mutex is reported by the race detector
		// (go test -race) every run. Over HTTP the server's own locks can hide it.
		h := NewHandler()
		require.NotNil(t, h, "NewHandler returned nil")
		ids := make([]int64, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				rec := httptest.NewRecorder()
				req := httptest.NewRequest(http.MethodPost, "/todos", strings.NewReader(fmt.Sprintf(`{"title":"direct %d"}`, i)))
				req.Header.Set("Content-Type", "application/json")
				h.ServeHTTP(rec, req)
				var got Todo
				if rec.Code == http.StatusCreated && json.Unmarshal(rec.Body.Bytes(), &got) == nil {
					ids[i] = got.ID
				}
			})
		}
		wg.Wait()
		seen := map[int64]bool{}
		for i, id := range ids {
			require.NotZero(t, id, "concurrent POST /todos number %d did not answer 201 with a to-do (make TestCreateTodo pass first)", i)
			require.False(t, seen[id], "id %d was given out twice: handlers run concurrently, so the id counter and the map change under one mutex", id)
			seen[id] = true
		}
	})

	ts := newTestServer(t)

	// Each request reports its outcome; the checks run here, in the test's own goroutine, and stop
	// at the first failure instead of printing the same message fifty times.
	type outcome struct {
		status int
		id     int64
		err    error
	}
	outcomes := make(chan outcome, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var o outcome
			defer func() { outcomes <- o }()
			ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/todos", strings.NewReader(fmt.Sprintf(`{"title":"task %d"}`, i)))
			if err != nil {
				o.err = fmt.Errorf("building the request: %w", err)
				return
			}
			req.Header.Set("Content-Type", "application/json")
			resp, err := ts.Client().Do(req)
			if err != nil {
				o.err = err
				return
			}
			defer resp.Body.Close()
			o.status = resp.StatusCode
			if resp.StatusCode != http.StatusCreated {
				return
			}
			var got Todo
			if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
				o.err = fmt.Errorf("decoding the 201 body: %w", err)
				return
			}
			o.id = got.ID
		}()
	}
	wg.Wait() // every request has a deadline, so this ends
	close(outcomes)

	seen := map[int64]bool{}
	for o := range outcomes {
		require.NoError(t, o.err, "one of %d concurrent POST /todos requests failed", n)
		require.Equal(t, http.StatusCreated, o.status,
			"POST /todos with a valid body, %d at once: want 201 Created (make TestCreateTodo pass first)", n)
		require.False(t, seen[o.id], "id %d was given out twice: guard the counter and the map with a mutex", o.id)
		seen[o.id] = true
	}
	assert.Len(t, seen, n, "%d concurrent POSTs should create %d to-dos", n, n)

	r := send(t, ts, http.MethodGet, "/todos?limit=100", "", "")
	require.Equal(t, http.StatusOK, r.status, "GET /todos?limit=100 after the concurrent POSTs (make TestListTodos pass first)")
	var all []Todo
	require.NoError(t, json.Unmarshal(r.body, &all), "GET /todos?limit=100: the body must be a JSON array of to-dos, got %q", r.body)
	assert.Len(t, all, n, "the list should hold every created to-do")
}

func TestGetJSON(t *testing.T) {
	ts := newTestServer(t)
	created := createTodo(t, ts, "call mom")
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()

	t.Run("a 200 reply is decoded", func(t *testing.T) {
		var got Todo
		err := GetJSON(ctx, ts.Client(), fmt.Sprintf("%s/todos/%d", ts.URL, created.ID), &got)
		require.NoError(t, err, "GetJSON of an existing to-do (a 200 reply) must succeed: see client.go")
		assert.Equal(t, created, got, "GetJSON must decode the 200 reply's JSON into v")
	})

	t.Run("a nil client means http.DefaultClient", func(t *testing.T) {
		var got Todo
		err := GetJSON(ctx, nil, fmt.Sprintf("%s/todos/%d", ts.URL, created.ID), &got)
		require.NoError(t, err, "GetJSON with a nil *http.Client must use http.DefaultClient (see its doc comment in client.go)")
		assert.Equal(t, created, got, "GetJSON with a nil client decodes the 200 reply too")
	})
	t.Run("a 404 becomes a *StatusError with the problem", func(t *testing.T) {
		var got Todo
		err := GetJSON(ctx, ts.Client(), ts.URL+"/todos/999", &got)
		require.Error(t, err, "GET of a missing to-do must fail")
		var se *StatusError
		require.ErrorAs(t, err, &se, "the error should be (or wrap) a *StatusError so callers can use errors.As")
		assert.Equal(t, http.StatusNotFound, se.Code, "StatusError.Code is the reply's status code")
		require.NotNil(t, se.Problem, "the reply was application/problem+json, so StatusError.Problem should be filled in")
		assert.Equal(t, http.StatusNotFound, se.Problem.Status, "StatusError.Problem is the decoded problem body: its status")
		assert.NotEmpty(t, se.Problem.Detail, "StatusError.Problem is the decoded problem body: its detail")
	})

	release := make(chan struct{})
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/broken":
			http.Error(w, "database on fire", http.StatusInternalServerError)
		case "/slow":
			select {
			case <-r.Context().Done(): // the client gave up
			case <-release:
			}
		}
	}))
	defer other.Close()
	defer close(release) // runs first: lets a stuck handler go before Close waits for it

	t.Run("a plain-text 500 becomes a *StatusError without a problem", func(t *testing.T) {
		var v any
		err := GetJSON(ctx, other.Client(), other.URL+"/broken", &v)
		var se *StatusError
		require.ErrorAs(t, err, &se, "a 500 reply must become a *StatusError")
		assert.Equal(t, http.StatusInternalServerError, se.Code, "StatusError.Code is the reply's status code")
		assert.Nil(t, se.Problem, "the body was text/plain, so there is no Problem")
	})

	t.Run("the ctx deadline ends a slow call", func(t *testing.T) {
		short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		var v any
		err := GetJSON(short, other.Client(), other.URL+"/slow", &v)
		require.Error(t, err, "the server never answers, so GetJSON must give up when ctx ends")
		assert.ErrorIs(t, err, context.DeadlineExceeded, "use http.NewRequestWithContext so the ctx deadline applies; keep the error wrapped (%w)")
	})
}

func TestServeShutsDownGracefully(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err, "the test could not listen on 127.0.0.1:0 (not your code)")
	addr := l.Addr().String()

	started := make(chan struct{})
	release := make(chan struct{})
	var releaseOnce sync.Once
	letGo := func() { releaseOnce.Do(func() { close(release) }) }
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		io.WriteString(w, "finished")
	})

	ctx, cancel := context.WithCancel(context.Background())
	serveDone := make(chan error, 1)
	go func() { serveDone <- Serve(ctx, l, h) }()

	tr := &http.Transport{}
	client := &http.Client{Transport: tr, Timeout: 2 * waitLimit}
	type result struct {
		status int
		body   string
		err    error
	}
	requestDone := make(chan result, 1)
	go func() {
		resp, err := client.Get("http://" + addr + "/slow")
		if err != nil {
			requestDone <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		requestDone <- result{status: resp.StatusCode, body: string(b), err: err}
	}()
	t.Cleanup(func() {
		cancel()
		letGo()
		l.Close() // resets a connection nobody accepted, so the request fails fast
		<-requestDone
		select {
		case <-serveDone:
		case <-time.After(waitLimit):
			t.Errorf("Serve did not return after its ctx was cancelled")
		}
		tr.CloseIdleConnections()
	})

	select {
	case <-started:
	case err := <-serveDone:
		serveDone <- err // for the cleanup
		require.FailNow(t, "Serve returned right away", "Serve returned %v; it should serve until ctx is cancelled (see run.go)", err)
	case <-time.After(waitLimit):
		require.FailNow(t, "the request never reached the handler", "after %v the handler had not been called", waitLimit)
	}

	cancel() // a request is in flight: the shutdown must wait for it
	require.Eventually(t, func() bool {
		conn, err := net.DialTimeout("tcp", addr, waitLimit)
		if err != nil {
			return true
		}
		conn.Close()
		return false
	}, waitLimit, 10*time.Millisecond, "after ctx is cancelled the server should stop accepting new connections")

	select {
	case err := <-serveDone:
		serveDone <- err
		require.FailNow(t, "Serve returned too early", "Serve returned %v while a request was still in flight: http.Server.Shutdown waits for it, "+
			"but only with a ctx that is not done — ctx is already cancelled here, so give Shutdown a fresh one with ShutdownTimeout", err)
	default:
	}

	letGo()
	select {
	case res := <-requestDone:
		requestDone <- res // for the cleanup
		require.NoError(t, res.err, "the request in flight must complete during a graceful shutdown")
		assert.Equal(t, http.StatusOK, res.status, "the request in flight gets its handler's 200")
		assert.Equal(t, "finished", res.body, "the request in flight gets its handler's whole body")
	case <-time.After(waitLimit):
		require.FailNow(t, "the request in flight never completed", "Serve must call Shutdown, which lets requests in flight finish")
	}
	select {
	case err := <-serveDone:
		serveDone <- err
		assert.NoError(t, err, "a clean shutdown returns nil")
	case <-time.After(waitLimit):
		require.FailNow(t, "Serve did not return", "the last request finished, but Serve was still running after %v", waitLimit)
	}
}

func FuzzCreateTodo(f *testing.F) {
	for _, seed := range []string{
		`{"title":"a"}`, `{"title":"a","done":true}`, `{"titel":"a"}`, `{"title":1}`,
		`{"title":"a"} x`, ``, `null`, `[]`, `{`, `"str"`, `{"title":"\u0000"}`, `{"title":"a","title":"b"}`,
	} {
		f.Add(seed)
	}
	h := NewHandler()
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/todos", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusCreated:
			assert.Equal(t, "application/json", rec.Header().Get("Content-Type"), "a 201 reply to POST /todos %q", body)
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			assert.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"), "a %d reply to POST /todos %q", rec.Code, body)
			var p Problem
			assert.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p), "problem body must be JSON: %q", rec.Body.String())
		case http.StatusNotImplemented: // the untouched skeleton
		default:
			t.Errorf("POST /todos with body %q answered %d; bad input must be a 4xx, never a 5xx", body, rec.Code)
		}
	})
}
