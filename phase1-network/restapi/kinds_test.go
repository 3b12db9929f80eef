package restapi

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"dsweekends/testkit/say"
	"dsweekends/testkit/together"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConcurrentRequestsShareNothingButTheStore(t *testing.T) {
	// Not parallel: a DATA RACE reported while this test runs is its own.
	nameTheRace := func() {
		if t.Failed() { // the assertions passed: t.Failed counts the races reported so far
			t.Error(say.T(
				"위에 DATA RACE가 보고됐다면: 핸들러와 미들웨어는 여러 요청을 동시에 처리합니다. 요청마다의 상태(상태 코드를 기억하는 ResponseWriter 래퍼, 요청 ID)는 요청 안에서 만들고, 요청 사이에 공유하는 것은 Store뿐이어야 합니다",
				"if a DATA RACE is reported above: handlers and middleware serve many requests at once. Per-request state (the ResponseWriter wrapper that records the status, the request ID) is made inside the request; the Store is the only thing requests share"))
		}
	}
	sink := &logSink{}
	h := NewHandler(slog.New(sink))
	require.NotNil(t, h, "NewHandler returned nil")
	const callers, rounds = 16, 10
	type seen struct {
		status int
		id     string
	}
	got := make([][]seen, callers)
	together.Run(t, callers, 20*time.Second, func(i int) {
		for j := range rounds {
			body := fmt.Sprintf(`{"name":"u%d.%d","email":"u%d.%d@example.com"}`, i, j, i, j)
			for _, req := range []*http.Request{
				httptest.NewRequest("POST", "/users", strings.NewReader(body)),
				httptest.NewRequest("GET", "/users", nil),
				httptest.NewRequest("GET", "/users/1", nil),
				httptest.NewRequest("GET", "/nowhere", nil),
			} {
				if req.Method == "POST" {
					req.Header.Set("Content-Type", "application/json")
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				got[i] = append(got[i], seen{rec.Code, rec.Header().Get(RequestIDHeader)})
			}
		}
	})
	byID := map[string]int{}
	for i := range callers {
		for k, s := range got[i] {
			want := []int{http.StatusCreated, http.StatusOK, http.StatusOK, http.StatusNotFound}[k%4]
			require.Equal(t, want, s.status, say.F(
				"고루틴 %d개가 동시에 요청했더니 호출자 %d의 요청 %d가 상태 %d를 받았습니다(기대 %d): 응답이 다른 요청으로 갔습니다. 요청마다의 상태(ResponseWriter 래퍼 등)를 미들웨어를 만들 때 한 번만 만들면 동시 요청이 그것을 함께 씁니다: HandlerFunc 안에서 요청마다 만드세요",
				"with %d goroutines requesting at once, caller %d's request %d got status %d (want %d): a response went to another request. Per-request state (a ResponseWriter wrapper, ...) made once when the middleware is built is shared by concurrent requests: make it inside the HandlerFunc, per request",
				callers, i, k, s.status, want))
			require.NotEmpty(t, s.id, say.F("호출자 %d의 요청 %d: 응답에 X-Request-ID가 없습니다", "caller %d's request %d: no X-Request-ID on the response", i, k))
			require.Zero(t, byID[s.id], say.F(
				"요청 ID %q가 두 응답에 나왔습니다: 요청 ID는 요청마다 새로 만듭니다(미들웨어 밖의 변수에 두면 동시 요청이 서로 덮어씁니다)",
				"request ID %q appeared on two responses: make a new ID per request (kept in a variable outside the request, concurrent requests overwrite each other's)", s.id))
			byID[s.id] = s.status
		}
	}
	recs := sink.find("request")
	require.Len(t, recs, callers*rounds*4, say.T("요청마다 access log 레코드 하나", "one access-log record per request"))
	for _, r := range recs {
		want, ok := byID[r["request_id"]]
		require.True(t, ok, say.F("로그의 request_id %q는 어떤 응답에도 없었습니다", "the log's request_id %q was on no response", r["request_id"]))
		require.Equal(t, fmt.Sprint(want), r["status"], say.F(
			"요청 %s %s(ID %s)의 로그 상태가 응답 상태 %d와 다릅니다: 상태를 기억하는 래퍼는 요청마다 새로 만들어야 합니다(AccessLog의 HandlerFunc 안에서)",
			"request %s %s (ID %s) is logged with a status other than the %d it answered: make the status-recording wrapper anew for each request (inside AccessLog's HandlerFunc)",
			r["method"], r["path"], r["request_id"], want))
	}
	nameTheRace()
}

func TestAccessLogRecordsEveryKindOfStatus(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		status string
		bytes  string
		h      http.HandlerFunc
	}{
		{"204 no content", "204", "0", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }},
		{"302 redirect", "302", "", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/elsewhere", http.StatusFound) }},
		{"304 not modified", "304", "0", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) }},
		{"500 with a body", "500", "5", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte("oops!"))
		}},
		{"503 without a body", "503", "0", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }},
		{"the first WriteHeader wins", "201", "2", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusCreated)
			w.WriteHeader(http.StatusInternalServerError) // superfluous: net/http keeps the 201
			_, _ = w.Write([]byte("ok"))
		}},
		{"two writes are counted together", "200", "11", func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte("hello "))
			_, _ = w.Write([]byte("world"))
		}},
	}
	for _, tc := range cases {
		sink := &logSink{}
		rec := httptest.NewRecorder()
		AccessLog(slog.New(sink))(tc.h).ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
		recs := sink.find("request")
		require.Len(t, recs, 1, say.F("%s: 요청마다 레코드 하나", "%s: one record per request", tc.name))
		assert.Equal(t, tc.status, recs[0]["status"], say.F(
			"%s: 로그의 status는 클라이언트가 받은 상태(%d)여야 합니다. 래퍼는 처음 WriteHeader의 코드를 기억하고, WriteHeader 없이 Write하면 200입니다",
			"%s: the logged status must be the one the client got (%d). The wrapper remembers the first WriteHeader's code; a Write without WriteHeader is 200",
			tc.name, rec.Code))
		if tc.bytes != "" {
			assert.Equal(t, tc.bytes, recs[0]["bytes"], say.F(
				"%s: bytes는 쓴 본문 바이트의 합입니다", "%s: bytes is the total of the body bytes written", tc.name))
		}
	}
}

func TestNamesWithQuotesAndBackslashesRoundTrip(t *testing.T) {
	t.Parallel()
	ts, _ := newAPI(t)
	names := []string{
		`Ann "the coder"`,
		`C:\Users\bob`,
		`quote " and backslash \ and slash /`,
		"tab\tand unicode 한글 ✓",
		`<b>&amp;</b>`,
	}
	var want []User
	for i, name := range names {
		in, err := json.Marshal(UserInput{Name: name, Email: fmt.Sprintf("u%d@example.com", i)})
		require.NoError(t, err)
		r := send(t, ts, "POST", "/users", string(in))
		require.Equal(t, http.StatusCreated, r.status, say.F("POST 이름 %q: 본문 %s", "POST name %q: body %s", name, r.body))
		u := r.user(t)
		assert.Equal(t, name, u.Name, say.F(
			"이름 %q가 %q로 돌아왔습니다: JSON은 encoding/json으로 읽고 쓰세요(문자열을 이어 붙여 만든 JSON은 \"와 \\를 이스케이프하지 못합니다)",
			"name %q came back as %q: read and write JSON with encoding/json (JSON glued together from strings does not escape \" and \\)", name, u.Name))
		want = append(want, User{ID: u.ID, Name: name, Email: fmt.Sprintf("u%d@example.com", i)})
	}
	for _, w := range want {
		r := send(t, ts, "GET", fmt.Sprintf("/users/%d", w.ID), "")
		require.Equal(t, http.StatusOK, r.status)
		assert.Equal(t, w, r.user(t), say.F("GET /users/%d는 저장한 그대로", "GET /users/%d returns exactly what was stored", w.ID))
	}
	r := send(t, ts, "GET", "/users", "")
	require.Equal(t, http.StatusOK, r.status)
	var list []User
	require.NoError(t, json.Unmarshal(r.body, &list), say.F("GET /users는 JSON 배열이어야 합니다: %s", "GET /users must be a JSON array: %s", r.body))
	assert.Equal(t, want, list, say.T("사용자 다섯 명의 목록: id 순서, 이름은 그대로", "a list of five users: in id order, names unchanged"))
}
