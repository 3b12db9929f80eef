package webhello

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// waitLimit bounds every HTTP call in these tests (http.Client.Timeout). It
// is an upper limit, never a speed requirement.
const waitLimit = 5 * time.Second

// shouter is the tests' own Greeter. The handler must use whatever Greeter it
// is given, so its replies must be the shouter's.
type shouter struct{}

func (shouter) Greet(name string) string { return "HEY " + strings.ToUpper(name) }

// startServer serves NewHandler(g) on a loopback httptest.Server, closed when
// the test ends.
func startServer(t *testing.T, g Greeter) (*httptest.Server, *http.Client) {
	t.Helper()
	srv := httptest.NewServer(NewHandler(g))
	t.Cleanup(srv.Close)
	c := srv.Client()
	c.Timeout = waitLimit
	return srv, c
}

// reply is what a request got back.
type reply struct {
	status      int
	contentType string
	allow       string
	body        []byte
}

// do sends one request and reads the whole reply.
func do(t *testing.T, c *http.Client, method, url, body string) reply {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err, "building %s %s", method, url)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	require.NoError(t, err, "%s %s", method, url)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err, "reading the reply to %s %s", method, url)
	return reply{resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Allow"), b}
}

// requireGreeting checks a 200 JSON Greeting reply.
func requireGreeting(t *testing.T, r reply, want, what string) {
	t.Helper()
	require.Equal(t, http.StatusOK, r.status, "%s: status (body %q)", what, r.body)
	assert.Equal(t, "application/json", r.contentType, "%s: a JSON reply says so (writeJSON sets it)", what)
	var g Greeting
	require.NoError(t, json.Unmarshal(r.body, &g), "%s: the body must be a JSON Greeting, got %q", what, r.body)
	assert.Equal(t, want, g.Message, "%s: the message comes from the Greeter given to NewHandler (g.Greet)", what)
}

// requireProblem checks an RFC 9457 problem reply with the given status.
func requireProblem(t *testing.T, r reply, status int, what string) {
	t.Helper()
	require.Equal(t, status, r.status, "%s: status (body %q)", what, r.body)
	assert.Equal(t, "application/problem+json", r.contentType,
		"%s: an error reply is an RFC 9457 problem: use writeProblem (respond.go), not http.Error or the ServeMux's plain-text default", what)
	var p Problem
	if assert.NoError(t, json.Unmarshal(r.body, &p), "%s: the body must be a JSON problem, got %q", what, r.body) {
		assert.Equal(t, status, p.Status, "%s: the problem's status field", what)
		assert.NotEmpty(t, p.Detail, "%s: the problem's detail says what was wrong", what)
	}
}

func TestGreeterInterface(t *testing.T) {
	gt := reflect.TypeFor[Greeter]()
	require.Equal(t, 1, gt.NumMethod(), "Greeter declares exactly one method: Greet(name string) string (greeter.go)")
	m := gt.Method(0)
	require.Equal(t, "Greet", m.Name, "Greeter's method is named Greet")
	assert.Equal(t, reflect.TypeFor[func(string) string](), m.Type, "Greet takes a name (string) and returns the greeting (string)")
	assert.True(t, reflect.TypeFor[English]().Implements(gt), "English implements Greeter")
	assert.True(t, reflect.TypeFor[Korean]().Implements(gt), "Korean implements Greeter")

	assert.Equal(t, "Hello, Ana!", English{}.Greet("Ana"), `English{}.Greet("Ana")`)
	assert.Equal(t, "안녕하세요, 민수님!", Korean{}.Greet("민수"), `Korean{}.Greet("민수")`)
}

func TestGetHelloGreetsByPath(t *testing.T) {
	srv, c := startServer(t, shouter{})
	requireGreeting(t, do(t, c, "GET", srv.URL+"/hello/ana", ""), "HEY ANA", "GET /hello/ana with the test's Greeter")
	requireGreeting(t, do(t, c, "GET", srv.URL+"/hello/%EB%AF%BC%EC%88%98", ""), "HEY 민수",
		"GET /hello/민수 (percent-encoded): r.PathValue(\"name\") gives the decoded name")
}

func TestPostHelloReadsJSONBody(t *testing.T) {
	srv, c := startServer(t, shouter{})
	requireGreeting(t, do(t, c, "POST", srv.URL+"/hello", `{"name": "bo"}`), "HEY BO", `POST /hello {"name": "bo"}`)
	requireGreeting(t, do(t, c, "POST", srv.URL+"/hello", `{"name":"지수","age":7}`), "HEY 지수", "POST /hello: a field the server does not know is ignored")
}

func TestPostHelloRejectsBadBody(t *testing.T) {
	srv, c := startServer(t, shouter{})
	for _, tt := range []struct{ name, body string }{
		{"not JSON at all", "hello"},
		{"cut-off JSON", `{"name": "bo"`},
		{"an empty body", ""},
		{"name is a number", `{"name": 5}`},
		{"a JSON array", `["bo"]`},
		{"no name", `{}`},
		{"an empty name", `{"name": ""}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, c, "POST", srv.URL+"/hello", tt.body)
			requireProblem(t, r, http.StatusBadRequest, "POST /hello with "+tt.name+" ("+tt.body+"): a 400 problem: check both the Decode error and an empty name")
		})
	}
}

func TestWrongMethodIsA405Problem(t *testing.T) {
	srv, c := startServer(t, shouter{})
	for _, method := range []string{"GET", "PUT", "DELETE"} {
		r := do(t, c, method, srv.URL+"/hello", "")
		requireProblem(t, r, http.StatusMethodNotAllowed, method+" /hello (only POST is allowed there): register mux.HandleFunc(\"/hello\", methodNotAllowed(http.MethodPost))")
		assert.Equal(t, "POST", r.allow, "%s /hello: the Allow header lists the allowed method", method)
	}
}

// fakeGreetServer is a stand-in server for testing the client alone. It
// records the request and answers with status and body.
func fakeGreetServer(t *testing.T, status int, body string) (url string, c *http.Client, got *http.Request, gotBody *[]byte) {
	t.Helper()
	got = &http.Request{}
	gotBody = new([]byte)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*got = *r.Clone(r.Context())
		*gotBody, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	c = srv.Client()
	c.Timeout = waitLimit
	return srv.URL, c, got, gotBody
}

func TestGreetClientPostsJSON(t *testing.T) {
	url, c, req, body := fakeGreetServer(t, http.StatusOK, `{"message": "from the fake server"}`)
	got, err := Greet(c, url, "Ana")
	require.NoError(t, err, "Greet against a server that answers 200 with a Greeting")
	assert.Equal(t, "from the fake server", got, "Greet returns the message of the server's JSON reply")
	assert.Equal(t, "POST", req.Method, "Greet sends a POST")
	assert.Equal(t, "/hello", req.URL.Path, "Greet posts to baseURL + \"/hello\"")
	assert.Equal(t, "application/json", req.Header.Get("Content-Type"), "Greet says its body is JSON")
	assert.JSONEq(t, `{"name": "Ana"}`, string(*body), "Greet's body is the JSON GreetRequest {\"name\": name} (json.Marshal)")
}

func TestGreetClientWrapsStatusError(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusInternalServerError} {
		url, c, _, _ := fakeGreetServer(t, status, `{"type": "about:blank", "title": "x", "status": 0, "detail": "x"}`)
		got, err := Greet(c, url, "Ana")
		require.Error(t, err, "Greet must fail when the server answers %d (it returned %q): check resp.StatusCode before decoding", status, got)
		var se *StatusError
		require.ErrorAs(t, err, &se, "Greet's error must wrap a *StatusError with %%w, so errors.As finds it (got %v)", err)
		assert.Equal(t, status, se.Code, "StatusError.Code is the reply's status")
	}
}

func TestGreetClientReportsBadReply(t *testing.T) {
	url, c, _, _ := fakeGreetServer(t, http.StatusOK, `this is not JSON`)
	_, err := Greet(c, url, "Ana")
	require.Error(t, err, "a 200 reply whose body is not JSON must be an error, not an empty message")
	var syn *json.SyntaxError
	assert.ErrorAs(t, err, &syn, "Greet wraps the decoding error with %%w, so errors.As finds the *json.SyntaxError (got %v)", err)
}

func TestClientAndServerTogether(t *testing.T) {
	srv, c := startServer(t, Korean{})
	got, err := Greet(c, srv.URL, "민수")
	require.NoError(t, err, "your Greet against your server with the Korean greeter")
	assert.Equal(t, "안녕하세요, 민수님!", got, "your client and your server together")

	_, err = Greet(c, srv.URL, "")
	var se *StatusError
	require.ErrorAs(t, err, &se, "Greet with an empty name: your server answers 400 and your client reports a *StatusError (got %v)", err)
	assert.Equal(t, http.StatusBadRequest, se.Code, "an empty name is a bad request")
}

func FuzzPostHello(f *testing.F) {
	for _, seed := range []string{`{"name": "Ana"}`, `{}`, `{"name": 5}`, `[`, ``, `{"name": "\u0000"}`, `{"name": "a"} trailing`} {
		f.Add(seed)
	}
	h := NewHandler(English{})
	f.Fuzz(func(t *testing.T, body string) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", "/hello", strings.NewReader(body)))
		switch w.Code {
		case http.StatusOK:
			var g Greeting
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &g), "a 200 reply is a JSON Greeting")
		case http.StatusBadRequest:
			var p Problem
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &p), "a 400 reply is a JSON problem")
		default:
			t.Fatalf("POST /hello with %q: status %d; only 200 or 400 are right", body, w.Code)
		}
	})
}

func BenchmarkGetHello(b *testing.B) {
	h := NewHandler(English{})
	req := httptest.NewRequest("GET", "/hello/Ana", nil)
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
}
