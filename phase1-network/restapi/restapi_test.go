package restapi

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"dsweekends/testkit/say"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const ann = `{"name":"Ann","email":"ann@example.com"}`

func TestCreateAnswers201WithLocation(t *testing.T) {
	ts, _ := newAPI(t)
	r := send(t, ts, "POST", "/users", ann)
	require.Equal(t, http.StatusCreated, r.status, "POST /users with a valid body: 201 Created, body %s", r.body)
	u := r.user(t)
	assert.Equal(t, User{ID: 1, Name: "Ann", Email: "ann@example.com"}, u, "ids start at 1")
	assert.Equal(t, "/users/1", r.header.Get("Location"), "201 carries Location: the URL of the new resource")
	r = send(t, ts, "POST", "/users", `{"name":"Bob","email":"bob@example.com"}`, "Content-Type", "application/json; charset=utf-8")
	require.Equal(t, http.StatusCreated, r.status, "a charset parameter on application/json is fine (mime.ParseMediaType)")
	assert.Equal(t, int64(2), r.user(t).ID)
}

func TestGetListUpdateDelete(t *testing.T) {
	ts, _ := newAPI(t)
	require.Equal(t, http.StatusCreated, send(t, ts, "POST", "/users", ann).status)
	require.Equal(t, http.StatusCreated, send(t, ts, "POST", "/users", `{"name":"Bob","email":"bob@example.com"}`).status)

	r := send(t, ts, "GET", "/users/2", "")
	require.Equal(t, http.StatusOK, r.status, "GET /users/2")
	assert.Equal(t, "Bob", r.user(t).Name)

	r = send(t, ts, "PUT", "/users/1", `{"name":"Annie","email":"annie@example.com"}`)
	require.Equal(t, http.StatusOK, r.status, "PUT /users/1 replaces the user: 200 with the new version, body %s", r.body)
	assert.Equal(t, User{ID: 1, Name: "Annie", Email: "annie@example.com"}, r.user(t))
	r = send(t, ts, "PUT", "/users/1", `{"name":"Annie","email":"annie@example.com"}`)
	require.Equal(t, http.StatusOK, r.status, "a PUT that keeps the user's own email is not a conflict")

	r = send(t, ts, "GET", "/users", "")
	require.Equal(t, http.StatusOK, r.status)
	var list []User
	require.NoError(t, json.Unmarshal(r.body, &list), "GET /users is a JSON array: %s", r.body)
	assert.Equal(t, []User{{1, "Annie", "annie@example.com"}, {2, "Bob", "bob@example.com"}}, list, "the list is in id order and shows the update")

	r = send(t, ts, "DELETE", "/users/1", "")
	require.Equal(t, http.StatusNoContent, r.status, "DELETE answers 204")
	assert.Empty(t, r.body, "204 has no body")
	assert.Equal(t, http.StatusNotFound, send(t, ts, "GET", "/users/1", "").problem(t).Status, "a deleted user is gone: 404")
	assert.Equal(t, http.StatusNotFound, send(t, ts, "DELETE", "/users/1", "").problem(t).Status, "deleting twice: 404")
	assert.Equal(t, http.StatusNotFound, send(t, ts, "PUT", "/users/1", ann).problem(t).Status, "updating a missing user: 404")

	send(t, ts, "DELETE", "/users/2", "")
	r = send(t, ts, "GET", "/users", "")
	assert.JSONEq(t, `[]`, string(r.body), "an empty list is [] (not null)")
}

func TestDuplicateEmailIsAConflict(t *testing.T) {
	ts, _ := newAPI(t)
	require.Equal(t, http.StatusCreated, send(t, ts, "POST", "/users", ann).status)
	require.Equal(t, http.StatusCreated, send(t, ts, "POST", "/users", `{"name":"Bob","email":"bob@example.com"}`).status)
	r := send(t, ts, "POST", "/users", `{"name":"Other Ann","email":"ann@example.com"}`)
	require.Equal(t, http.StatusConflict, r.status, "an email another user has: 409 Conflict (errors.Is(err, ErrConflict)), body %s", r.body)
	r.problem(t)
	r = send(t, ts, "PUT", "/users/2", `{"name":"Bob","email":"ann@example.com"}`)
	require.Equal(t, http.StatusConflict, r.status, "PUT to another user's email: 409")
	r.problem(t)
}

func TestBadIDsAre400(t *testing.T) {
	ts, _ := newAPI(t)
	for _, id := range []string{"abc", "0", "-1", "1.5"} {
		for _, m := range []string{"GET", "DELETE"} {
			r := send(t, ts, m, "/users/"+id, "")
			require.Equal(t, http.StatusBadRequest, r.status, "%s /users/%s: an id is a positive integer, else 400", m, id)
			r.problem(t)
		}
	}
	assert.Equal(t, http.StatusNotFound, send(t, ts, "GET", "/users/99", "").problem(t).Status, "a well-formed id nobody has: 404 problem")
}

func TestBadBodiesAreProblems(t *testing.T) {
	ts, _ := newAPI(t)
	big := `{"name":"` + strings.Repeat("x", MaxBodyBytes) + `","email":"a@b"}`
	cases := []struct {
		name, body, ctype string
		status            int
		detail            string // a part of the detail, if it must name something
	}{
		{"malformed JSON", `{"name":`, "application/json", 400, ""},
		{"unknown field is named", `{"name":"A","email":"a@b","nmae":"x"}`, "application/json", 400, "nmae"},
		{"wrong type", `{"name":42,"email":"a@b"}`, "application/json", 400, ""},
		{"an array", `[]`, "application/json", 400, ""},
		{"data after the object", `{"name":"A","email":"a@b"} {}`, "application/json", 400, ""},
		{"empty body", ``, "application/json", 400, ""},
		{"missing name", `{"email":"a@b"}`, "application/json", 400, "name"},
		{"bad email", `{"name":"A","email":"nobody"}`, "application/json", 400, "email"},
		{"wrong content type", ann, "text/plain", 415, "application/json"},
		{"no content type", ann, "", 415, "application/json"},
		{"body over MaxBodyBytes", big, "application/json", 413, ""},
	}
	for _, tc := range cases {
		for _, m := range []string{"POST /users", "PUT /users/1"} {
			t.Run(m+"/"+tc.name, func(t *testing.T) {
				method, path, _ := strings.Cut(m, " ")
				if method == "PUT" {
					r := send(t, ts, "POST", "/users", `{"name":"Seed","email":"seed@example.com"}`)
					require.Contains(t, []int{201, 409}, r.status, "creating the user to update")
				}
				r := send(t, ts, method, path, tc.body, "Content-Type", tc.ctype)
				require.Equal(t, tc.status, r.status, "%s with %s: want %d, body %s", m, tc.name, tc.status, r.body)
				p := r.problem(t)
				assert.Contains(t, p.Detail, tc.detail, "the detail must say what to fix")
			})
		}
	}
	r := send(t, ts, "GET", "/users", "")
	assert.JSONEq(t, `[{"id":1,"name":"Seed","email":"seed@example.com"}]`, string(r.body), "no bad request may create or change a user, and the server keeps serving")
}

func TestUnknownRoutesAndMethodsAreProblems(t *testing.T) {
	ts, _ := newAPI(t)
	for _, path := range []string{"/", "/nothing", "/users/1/friends"} {
		r := send(t, ts, "GET", path, "")
		require.Equal(t, http.StatusNotFound, r.status, "GET %s: no such resource", path)
		r.problem(t)
	}
	for _, c := range []struct{ method, path, allow string }{
		{"DELETE", "/users", "POST"},
		{"PATCH", "/users/1", "PUT"},
		{"POST", "/users/1", "DELETE"},
	} {
		r := send(t, ts, c.method, c.path, "")
		require.Equal(t, http.StatusMethodNotAllowed, r.status, "%s %s: the path exists, the method does not: 405", c.method, c.path)
		r.problem(t)
		assert.Contains(t, r.header.Get("Allow"), c.allow, "405 must list the allowed methods in Allow")
	}
}

func TestRequestIDIsSetAndPassedOn(t *testing.T) {
	var seen string
	h := RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = RequestIDFrom(r.Context()) }))

	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, httptest.NewRequest("GET", "/", nil))
	id := rr.Header().Get(RequestIDHeader)
	require.NotEmpty(t, id, "RequestID must set X-Request-ID on the response")
	assert.Equal(t, id, seen, "the handler must find the same ID with RequestIDFrom(r.Context())")

	rr = httptest.NewRecorder()
	h.ServeHTTP(rr, httptest.NewRequest("GET", "/", nil))
	assert.NotEqual(t, id, rr.Header().Get(RequestIDHeader), "each request gets a new ID")

	for _, in := range []string{"abc-123_x.y", strings.Repeat("a", 64)} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set(RequestIDHeader, in)
		rr = httptest.NewRecorder()
		h.ServeHTTP(rr, req)
		assert.Equal(t, in, rr.Header().Get(RequestIDHeader), "a valid incoming ID %q is kept", in)
		assert.Equal(t, in, seen)
	}
	// Every edge of the README's alphabet, and the shortest ID.
	for _, in := range []string{"a", "Z", "zAZaz", "0123456789", "Zz09", "A.Z_0-9"} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set(RequestIDHeader, in)
		rr = httptest.NewRecorder()
		h.ServeHTTP(rr, req)
		assert.Equal(t, in, rr.Header().Get(RequestIDHeader), say.F(
			"들어온 ID %q는 유효합니다(1–64자의 a–z, A–Z, 0–9, -, _, .): 그대로 둡니다 — 문자 범위의 양 끝(a, z, A, Z, 0, 9)과 한 글자 ID를 확인하세요",
			"the incoming ID %q is valid (1–64 of a–z, A–Z, 0–9, -, _, .): keep it — check both ends of each range (a, z, A, Z, 0, 9) and a one-character ID", in))
	}
	for _, in := range []string{"a b", "<script>", strings.Repeat("a", 65), "x\ty", "a/b", "é", "@", "[", "`", "{", ":"} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set(RequestIDHeader, in)
		rr = httptest.NewRecorder()
		h.ServeHTTP(rr, req)
		out := rr.Header().Get(RequestIDHeader)
		assert.NotEqual(t, in, out, "an invalid incoming ID %q goes into logs: replace it with a new one", in)
		assert.NotEmpty(t, out)
	}
	assert.Equal(t, "", RequestIDFrom(t.Context()), "no ID in a plain context")
}

func TestAccessLogRecordsEveryRequest(t *testing.T) {
	ts, sink := newAPI(t)
	created := send(t, ts, "POST", "/users", ann)
	require.Equal(t, http.StatusCreated, created.status, "POST /users must work before its log line can be checked")
	send(t, ts, "GET", "/nowhere", "")
	send(t, ts, "GET", "/users/1", "")
	recs := sink.waitRecords(t, "request", 3)
	want := []struct{ method, path, status string }{
		{"POST", "/users", "201"}, {"GET", "/nowhere", "404"}, {"GET", "/users/1", "200"},
	}
	for i, w := range want {
		got := recs[i]
		assert.Equal(t, "INFO", got["level"])
		assert.Equal(t, w.method, got["method"], "record %d: attribute method", i)
		assert.Equal(t, w.path, got["path"], "record %d: attribute path", i)
		assert.Equal(t, w.status, got["status"], "record %d: the status the handler wrote (wrap the ResponseWriter to record WriteHeader)", i)
		assert.NotEmpty(t, got["duration"], "record %d: attribute duration", i)
		assert.NotEmpty(t, got["request_id"], "record %d: the request_id attribute (RequestID must run before AccessLog)", i)
	}
	assert.Equal(t, created.header.Get(RequestIDHeader), recs[0]["request_id"], "the log's request_id is the one the client got")
	assert.Equal(t, fmt.Sprint(len(created.body)), recs[0]["bytes"], "bytes counts the body written")
}

func TestAccessLogDefaultsTo200(t *testing.T) {
	sink := &logSink{}
	h := AccessLog(slog.New(sink))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("hello"))
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("HEAD", "/y", nil))
	recs := sink.find("request")
	require.Len(t, recs, 2, "one record per request")
	assert.Equal(t, "200", recs[0]["status"], "Write without WriteHeader is a 200")
	assert.Equal(t, "5", recs[0]["bytes"])
	assert.Equal(t, "/y", recs[1]["path"])
}

func TestRecoverTurnsAPanicIntoA500Problem(t *testing.T) {
	sink := &logSink{}
	var calls int
	var mu sync.Mutex
	h := RequestID(Recover(slog.New(sink))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n == 1 {
			panic("boom")
		}
		w.WriteHeader(http.StatusTeapot)
	})))
	ts := httptest.NewServer(h)
	defer ts.Close()

	r := send(t, ts, "GET", "/", "")
	require.Equal(t, http.StatusInternalServerError, r.status, "a panic in the handler must become a 500, not be swallowed (that looks like an empty 200) and not kill the connection")
	r.problem(t)
	recs := sink.waitRecords(t, "panic", 1)
	assert.Equal(t, "ERROR", recs[0]["level"], "a panic is logged at Error level")
	assert.Contains(t, recs[0]["panic"], "boom", "the record names the panic value")
	assert.Equal(t, r.header.Get(RequestIDHeader), recs[0]["request_id"], "the record carries the request ID")
	assert.Contains(t, recs[0]["stack"], "goroutine", "the record carries the stack (runtime/debug.Stack)")

	r = send(t, ts, "GET", "/", "")
	assert.Equal(t, http.StatusTeapot, r.status, "after a panic the server keeps serving")

	abort := Recover(slog.New(&logSink{}))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic(http.ErrAbortHandler)
	}))
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() {
		abort.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	}, "http.ErrAbortHandler is net/http's way to abort a response: Recover must let it through")
}

func TestRecoverAbortsAStartedResponse(t *testing.T) {
	sink := &logSink{}
	h := Recover(slog.New(sink))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("half a respo"))
		panic("boom")
	}))
	var got any
	func() {
		defer func() { got = recover() }()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	}()
	assert.Equal(t, http.ErrAbortHandler, got, "once the header is sent a 500 can't follow: Recover must log the panic and then panic(http.ErrAbortHandler) so the client sees a broken response")
	assert.Len(t, sink.find("panic"), 1, "the panic is logged even when the response is aborted")
}

func TestChainOrder(t *testing.T) {
	var order []string
	mw := func(name string) Middleware {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				order = append(order, name)
				next.ServeHTTP(w, r)
			})
		}
	}
	h := Chain(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { order = append(order, "handler") }), mw("a"), mw("b"), mw("c"))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	assert.Equal(t, []string{"a", "b", "c", "handler"}, order, "Chain(h, a, b, c) is a(b(c(h))): the first middleware runs first")
}
