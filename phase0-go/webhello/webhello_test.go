package webhello

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/testkit/peer"
	"dsweekends/testkit/say"
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
	require.NoError(t, err, say.F("%s %s 요청 만들기", "building %s %s", method, url))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	require.NoError(t, err, say.F("%s %s", "%s %s", method, url))
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err, say.F("%s %s의 답 읽기", "reading the reply to %s %s", method, url))
	return reply{resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Allow"), b}
}

// requireGreeting checks a 200 JSON Greeting reply.
func requireGreeting(t *testing.T, r reply, want, what string) {
	t.Helper()
	require.Equal(t, http.StatusOK, r.status, say.F("%s: 상태 코드 (본문 %q)", "%s: status (body %q)", what, r.body))
	assert.Equal(t, "application/json", r.contentType, say.F("%s: JSON 답은 Content-Type으로 그렇다고 밝힙니다(writeJSON이 설정)", "%s: a JSON reply says so (writeJSON sets it)", what))
	var g Greeting
	require.NoError(t, json.Unmarshal(r.body, &g), say.F("%s: 본문은 JSON Greeting이어야 하는데 %q를 받았습니다", "%s: the body must be a JSON Greeting, got %q", what, r.body))
	assert.Equal(t, want, g.Message, say.F("%s: 메시지는 NewHandler에 준 Greeter에서 옵니다(g.Greet)", "%s: the message comes from the Greeter given to NewHandler (g.Greet)", what))
}

// requireProblem checks an RFC 9457 problem reply with the given status.
func requireProblem(t *testing.T, r reply, status int, what string) {
	t.Helper()
	require.Equal(t, status, r.status, say.F("%s: 상태 코드 (본문 %q)", "%s: status (body %q)", what, r.body))
	assert.Equal(t, "application/problem+json", r.contentType,
		say.F("%s: 에러 답은 RFC 9457 문제(problem)입니다: http.Error나 ServeMux의 기본 일반 텍스트가 아니라 writeProblem(respond.go)을 쓰세요",
			"%s: an error reply is an RFC 9457 problem: use writeProblem (respond.go), not http.Error or the ServeMux's plain-text default", what))
	var p Problem
	if assert.NoError(t, json.Unmarshal(r.body, &p), say.F("%s: 본문은 JSON 문제여야 하는데 %q를 받았습니다", "%s: the body must be a JSON problem, got %q", what, r.body)) {
		assert.Equal(t, status, p.Status, say.F("%s: 문제의 status 필드", "%s: the problem's status field", what))
		assert.NotEmpty(t, p.Detail, say.F("%s: 문제의 detail이 무엇이 틀렸는지 말합니다", "%s: the problem's detail says what was wrong", what))
	}
}

func TestGreeterInterface(t *testing.T) {
	t.Parallel()
	gt := reflect.TypeFor[Greeter]()
	require.Equal(t, 1, gt.NumMethod(), say.T("Greeter는 메서드를 정확히 하나 선언합니다: Greet(name string) string (greeter.go)", "Greeter declares exactly one method: Greet(name string) string (greeter.go)"))
	m := gt.Method(0)
	require.Equal(t, "Greet", m.Name, say.T("Greeter의 메서드 이름은 Greet입니다", "Greeter's method is named Greet"))
	assert.Equal(t, reflect.TypeFor[func(string) string](), m.Type, say.T("Greet는 이름(string)을 받아 인사말(string)을 돌려줍니다", "Greet takes a name (string) and returns the greeting (string)"))
	assert.True(t, reflect.TypeFor[English]().Implements(gt), say.T("English는 Greeter를 구현합니다", "English implements Greeter"))
	assert.True(t, reflect.TypeFor[Korean]().Implements(gt), say.T("Korean은 Greeter를 구현합니다", "Korean implements Greeter"))

	assert.Equal(t, "Hello, Ana!", English{}.Greet("Ana"), `English{}.Greet("Ana")`)
	assert.Equal(t, "안녕하세요, 민수님!", Korean{}.Greet("민수"), `Korean{}.Greet("민수")`)
}

func TestGetHelloGreetsByPath(t *testing.T) {
	t.Parallel()
	srv, c := startServer(t, shouter{})
	requireGreeting(t, do(t, c, "GET", srv.URL+"/hello/ana", ""), "HEY ANA", say.T("테스트의 Greeter로 GET /hello/ana", "GET /hello/ana with the test's Greeter"))
	requireGreeting(t, do(t, c, "GET", srv.URL+"/hello/%EB%AF%BC%EC%88%98", ""), "HEY 민수",
		say.T("GET /hello/민수 (퍼센트 인코딩): r.PathValue(\"name\")는 디코딩된 이름을 줍니다", "GET /hello/민수 (percent-encoded): r.PathValue(\"name\") gives the decoded name"))
}

func TestPostHelloReadsJSONBody(t *testing.T) {
	t.Parallel()
	srv, c := startServer(t, shouter{})
	requireGreeting(t, do(t, c, "POST", srv.URL+"/hello", `{"name": "bo"}`), "HEY BO", `POST /hello {"name": "bo"}`)
	requireGreeting(t, do(t, c, "POST", srv.URL+"/hello", `{"name":"지수","age":7}`), "HEY 지수", say.T("POST /hello: 서버가 모르는 필드는 무시합니다", "POST /hello: a field the server does not know is ignored"))
	requireGreeting(t, do(t, c, "POST", srv.URL+"/hello", `{"name": "o\"neil \\ jr"}`), `HEY O"NEIL \ JR`,
		say.T(`POST /hello: 따옴표(")와 역슬래시(\)가 든 이름도 JSON 디코딩과 writeJSON이 그대로 다룹니다`,
			`POST /hello: a name with a quote (") and a backslash (\) goes through JSON decoding and writeJSON unchanged`))
}

func TestPostHelloRejectsBadBody(t *testing.T) {
	t.Parallel()
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
			requireProblem(t, r, http.StatusBadRequest, say.F("POST /hello, %s (%s): 400 문제입니다: Decode 에러와 빈 이름을 모두 확인하세요", "POST /hello with %s (%s): a 400 problem: check both the Decode error and an empty name", tt.name, tt.body))
		})
	}
}

func TestWrongMethodIsA405Problem(t *testing.T) {
	t.Parallel()
	srv, c := startServer(t, shouter{})
	for _, method := range []string{"GET", "PUT", "DELETE"} {
		r := do(t, c, method, srv.URL+"/hello", "")
		requireProblem(t, r, http.StatusMethodNotAllowed, say.F("%s /hello (그 경로는 POST만 허용): mux.HandleFunc(\"/hello\", methodNotAllowed(http.MethodPost))를 등록하세요", "%s /hello (only POST is allowed there): register mux.HandleFunc(\"/hello\", methodNotAllowed(http.MethodPost))", method))
		assert.Equal(t, "POST", r.allow, say.F("%s /hello: Allow 헤더에 허용된 메서드가 있습니다", "%s /hello: the Allow header lists the allowed method", method))
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
	t.Parallel()
	url, c, req, body := fakeGreetServer(t, http.StatusOK, `{"message": "from the fake server"}`)
	got, err := Greet(c, url, "Ana")
	require.NoError(t, err, say.T("Greeting과 함께 200으로 답하는 서버에 대한 Greet", "Greet against a server that answers 200 with a Greeting"))
	assert.Equal(t, "from the fake server", got, say.T("Greet는 서버 JSON 답의 message를 돌려줍니다", "Greet returns the message of the server's JSON reply"))
	assert.Equal(t, "POST", req.Method, say.T("Greet는 POST를 보냅니다", "Greet sends a POST"))
	assert.Equal(t, "/hello", req.URL.Path, say.T("Greet는 baseURL + \"/hello\"로 보냅니다", "Greet posts to baseURL + \"/hello\""))
	assert.Equal(t, "application/json", req.Header.Get("Content-Type"), say.T("Greet는 본문이 JSON이라고 밝힙니다", "Greet says its body is JSON"))
	assert.JSONEq(t, `{"name": "Ana"}`, string(*body), say.T("Greet의 본문은 JSON GreetRequest {\"name\": name}입니다(json.Marshal)", "Greet's body is the JSON GreetRequest {\"name\": name} (json.Marshal)"))

	const odd = `O"Neil \ Jr`
	_, err = Greet(c, url, odd)
	require.NoError(t, err, say.F("이름 %q로 Greet", "Greet with the name %q", odd))
	var sent GreetRequest
	require.NoError(t, json.Unmarshal(*body, &sent), say.F(
		"이름 %q로 보낸 본문 %q가 JSON이 아닙니다: 문자열을 이어 붙이지 말고 json.Marshal로 만드세요 (따옴표와 역슬래시를 이스케이프해 줍니다)",
		"the body sent for the name %q is not JSON (%q): build it with json.Marshal, which escapes quotes and backslashes, not by joining strings", odd, *body))
	assert.Equal(t, odd, sent.Name, say.T("본문의 name은 주어진 이름 그대로입니다", "the body's name is the given name, unchanged"))
}

// closeTracker is a RoundTripper that counts the requests sent through it
// and whether each reply's body was closed.
type closeTracker struct {
	base     http.RoundTripper
	mu       sync.Mutex
	requests int
	open     int // reply bodies not closed yet
}

type trackedBody struct {
	io.ReadCloser
	t    *closeTracker
	once sync.Once
}

func (b *trackedBody) Close() error {
	b.once.Do(func() {
		b.t.mu.Lock()
		b.t.open--
		b.t.mu.Unlock()
	})
	return b.ReadCloser.Close()
}

func (ct *closeTracker) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := ct.base.RoundTrip(r)
	ct.mu.Lock()
	defer ct.mu.Unlock()
	ct.requests++
	if err == nil {
		ct.open++
		resp.Body = &trackedBody{ReadCloser: resp.Body, t: ct}
	}
	return resp, err
}

func (ct *closeTracker) counts() (requests, open int) {
	ct.mu.Lock()
	defer ct.mu.Unlock()
	return ct.requests, ct.open
}

func TestGreetClientUsesItsClientAndClosesTheBody(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		status int
		body   string
	}{
		{http.StatusOK, `{"message": "hi"}`},
		{http.StatusInternalServerError, `{"type": "about:blank", "title": "x", "status": 500, "detail": "x"}`},
	} {
		url, c, _, _ := fakeGreetServer(t, tt.status, tt.body)
		ct := &closeTracker{base: c.Transport}
		c.Transport = ct
		_, _ = Greet(c, url, "Ana")
		requests, open := ct.counts()
		require.Equal(t, 1, requests, say.F(
			"Greet가 받은 클라이언트 c로 보낸 요청이 %d개입니다: http.Post(기본 클라이언트)가 아니라 c.Post를 써야 c의 시간 제한과 설정이 적용됩니다",
			"%d requests went through the client c given to Greet: use c.Post, not http.Post (the default client), so c's timeout and settings apply", requests))
		assert.Zero(t, open, say.F(
			"상태 %d의 응답을 받은 뒤 Greet가 돌아왔는데 응답 본문이 닫히지 않았습니다: 에러를 확인한 바로 뒤에 defer resp.Body.Close()를 두면 상태 확인에서 돌아갈 때도 닫힙니다",
			"Greet returned after a %d reply without closing the reply body: put defer resp.Body.Close() right after the error check, so it also runs when the status check returns", tt.status))
	}
}

func TestGreetClientGivesUpOnAHungServer(t *testing.T) {
	t.Parallel()
	// A server that accepts the connection and never answers.
	url := "http://" + peer.Silent(t)
	c := &http.Client{Timeout: 200 * time.Millisecond}
	done := make(chan error, 1)
	go func() {
		_, err := Greet(c, url, "Ana")
		done <- err
	}()
	select {
	case err := <-done:
		require.Error(t, err, say.T("답하지 않는 서버에 대한 Greet는 실패해야 합니다", "Greet against a server that never answers must fail"))
		var ne net.Error
		assert.True(t, errors.As(err, &ne) && ne.Timeout(), say.F(
			"c.Timeout이 지난 뒤의 에러는 %%w로 감싸서 errors.As로 찾은 net.Error의 Timeout()이 참이어야 합니다 (받은 에러: %v)",
			"after c.Timeout the error must be wrapped with %%w, so errors.As finds a net.Error whose Timeout() is true (got %v)", err))
	case <-time.After(3 * time.Second):
		require.FailNow(t, say.T("Greet가 돌아오지 않았습니다", "Greet did not return"), say.T(
			"Timeout이 200ms인 클라이언트로 부른 Greet가 답하지 않는 서버에서 3초 넘게 기다렸습니다: 받은 클라이언트 c로 요청하세요 (c.Post), http.Post는 시간 제한이 없는 기본 클라이언트를 씁니다",
			"Greet, given a client with a 200ms Timeout, was still waiting after 3s on a server that never answers: send with the client it is given (c.Post); http.Post uses the default client, which has no timeout"))
	}
}

func TestGreetClientWrapsStatusError(t *testing.T) {
	t.Parallel()
	// Only 200 OK is a greeting: 202 and 204 are 2xx but not 200, 300 is not
	// followed (it has no Location), and 5xx is the server's failure.
	for _, status := range []int{http.StatusBadRequest, http.StatusInternalServerError, http.StatusServiceUnavailable,
		http.StatusAccepted, http.StatusNoContent, http.StatusMultipleChoices} {
		body := `{"type": "about:blank", "title": "x", "status": 0, "detail": "x"}`
		if status < 400 {
			body = `{"message": "not a 200 reply"}` // a greeting-shaped body: the status alone decides
		}
		url, c, _, _ := fakeGreetServer(t, status, body)
		got, err := Greet(c, url, "Ana")
		require.Error(t, err, say.F("서버가 %d으로 답하면 Greet는 실패해야 합니다(%q를 돌려줌): 200 OK만 성공입니다. 디코딩 전에 resp.StatusCode != http.StatusOK를 확인하세요",
			"Greet must fail when the server answers %d (it returned %q): only 200 OK is a success, so check resp.StatusCode != http.StatusOK before decoding", status, got))
		var se *StatusError
		require.ErrorAs(t, err, &se, say.F("Greet의 에러는 *StatusError를 %%w로 감싸야 errors.As가 찾습니다(받은 에러: %v)", "Greet's error must wrap a *StatusError with %%w, so errors.As finds it (got %v)", err))
		assert.Equal(t, status, se.Code, say.T("StatusError.Code는 답의 상태 코드입니다", "StatusError.Code is the reply's status"))
	}
}

func TestGreetClientReportsBadReply(t *testing.T) {
	t.Parallel()
	url, c, _, _ := fakeGreetServer(t, http.StatusOK, `this is not JSON`)
	_, err := Greet(c, url, "Ana")
	require.Error(t, err, say.T("본문이 JSON이 아닌 200 답은 빈 메시지가 아니라 에러여야 합니다", "a 200 reply whose body is not JSON must be an error, not an empty message"))
	var syn *json.SyntaxError
	assert.ErrorAs(t, err, &syn, say.F("Greet는 디코딩 에러를 %%w로 감싸서 errors.As가 *json.SyntaxError를 찾게 합니다(받은 에러: %v)", "Greet wraps the decoding error with %%w, so errors.As finds the *json.SyntaxError (got %v)", err))
}

func TestClientAndServerTogether(t *testing.T) {
	t.Parallel()
	srv, c := startServer(t, Korean{})
	got, err := Greet(c, srv.URL, "민수")
	require.NoError(t, err, say.T("Korean 인사기를 쓰는 여러분의 서버에 여러분의 Greet", "your Greet against your server with the Korean greeter"))
	assert.Equal(t, "안녕하세요, 민수님!", got, say.T("여러분의 클라이언트와 서버를 함께", "your client and your server together"))

	_, err = Greet(c, srv.URL, "")
	var se *StatusError
	require.ErrorAs(t, err, &se, say.F("빈 이름으로 Greet: 여러분의 서버는 400으로 답하고 클라이언트는 *StatusError를 알립니다(받은 에러: %v)", "Greet with an empty name: your server answers 400 and your client reports a *StatusError (got %v)", err))
	assert.Equal(t, http.StatusBadRequest, se.Code, say.T("빈 이름은 잘못된 요청입니다", "an empty name is a bad request"))
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
