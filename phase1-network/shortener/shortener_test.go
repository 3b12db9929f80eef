package shortener

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"dsweekends/phase1-network/redistest"
	"dsweekends/testkit/say"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func openStore(t *testing.T, path string) *Store {
	t.Helper()
	s, err := OpenStore(path)
	require.NoError(t, err, "OpenStore(%q)", path)
	require.NotNil(t, s, "OpenStore returned a nil Store")
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func newStore(t *testing.T) *Store { return openStore(t, filepath.Join(t.TempDir(), "links.db")) }

// newCached returns the service over a fresh SQLite file and the test's Redis, and the Redis key
// prefix it uses: unique to the test run, so that a shared REDIS_ADDR server is safe.
func newCached(t *testing.T) (*Links, *Store, *redis.Client, *redistest.Server, string) {
	t.Helper()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	st := newStore(t)
	prefix := redistest.Namespace(t)
	return NewLinks(st, rdb, Options{TTL: time.Minute, KeyPrefix: prefix}), st, rdb, srv, prefix
}

func TestBase62KnownValues(t *testing.T) {
	cases := []struct {
		n    uint64
		code string
	}{
		{0, "0"}, {9, "9"}, {10, "A"}, {35, "Z"}, {36, "a"}, {61, "z"}, {62, "10"}, {3843, "zz"},
		{3844, "100"}, {56_800_235_584, "1000000"}, {math.MaxUint64, "LygHa16AHYF"},
	}
	for _, c := range cases {
		require.Equal(t, c.code, Encode(c.n), "Encode(%d): digits are 0-9, A-Z, a-z (Alphabet), most significant first", c.n)
		got, err := Decode(c.code)
		require.NoError(t, err, "Decode(%q)", c.code)
		require.Equal(t, c.n, got, "Decode(%q) must undo Encode", c.code)
	}
	for n := uint64(0); n < 5000; n += 7 {
		got, err := Decode(Encode(n))
		require.NoError(t, err)
		require.Equal(t, n, got, "Decode(Encode(%d))", n)
	}
}

func TestBase62DecodeRejectsBadInput(t *testing.T) {
	for _, s := range []string{"", "abc!", "a-b", "a b", "é", "0x1F!", "LygHa16AHYG", "zzzzzzzzzzzz", "100000000000"} {
		_, err := Decode(s)
		require.ErrorIs(t, err, ErrInvalidCode, "Decode(%q): empty input, a byte outside Alphabet, or a value over 64 bits (wrap-around) is ErrInvalidCode", s)
	}
}

func TestValidateURL(t *testing.T) {
	good := []string{
		"http://example.com", "https://example.com/a/b?c=d#e", "HTTPS://EXAMPLE.COM/", "http://127.0.0.1:8080/x",
		"https://example.com/" + strings.Repeat("a", MaxURLLen-len("https://example.com/")),
	}
	for _, u := range good {
		require.NoError(t, ValidateURL(u), "ValidateURL(%.60q): an absolute http(s) URL with a host, at most %d bytes, is valid", u, MaxURLLen)
	}
	bad := []string{
		"javascript:alert(1)", "JavaScript:alert(document.cookie)", "javascript://example.com/%0Aalert(1)",
		"data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "ftp://example.com/f", "mailto:a@example.com",
		"vbscript:msgbox(1)", "//example.com/x", "example.com", "/relative", "", "http://", "https:///nohost",
		"http://exa mple.com", "http://example.com/\x00", " javascript:alert(1)",
		"https://example.com/" + strings.Repeat("a", MaxURLLen),
	}
	for _, u := range bad {
		require.ErrorIs(t, ValidateURL(u), ErrInvalidURL, "ValidateURL(%.60q): only http and https URLs with a host, at most %d bytes; javascript:, data: and every other scheme are refused", u, MaxURLLen)
	}
}

func TestValidateAlias(t *testing.T) {
	for _, a := range []string{"abc", "my-link", "Go_1-26", strings.Repeat("x", MaxAliasLen)} {
		require.NoError(t, ValidateAlias(a), "ValidateAlias(%q): %d-%d letters, digits, '-' or '_'", a, MinAliasLen, MaxAliasLen)
	}
	for _, a := range []string{"", "ab", strings.Repeat("x", MaxAliasLen+1), "a b", "a/b", "a.b", "..", "a?b", "a%2F", "한글링크"} {
		require.ErrorIs(t, ValidateAlias(a), ErrInvalidAlias, "ValidateAlias(%q): %d-%d letters, digits, '-' or '_' only", a, MinAliasLen, MaxAliasLen)
	}
}

func TestStoreInsertLookupRemove(t *testing.T) {
	ctx := ctxFor(t)
	st := newStore(t)
	require.NoError(t, st.Insert(ctx, "go", "https://go.dev/"), "Insert of a new code")
	got, err := st.Lookup(ctx, "go")
	require.NoError(t, err, "Lookup of a stored code")
	require.Equal(t, "https://go.dev/", got)

	err = st.Insert(ctx, "go", "https://evil.example/")
	require.ErrorIs(t, err, ErrAliasTaken, "Insert of a code already taken must fail with ErrAliasTaken")
	got, _ = st.Lookup(ctx, "go")
	require.Equal(t, "https://go.dev/", got, "a refused Insert must leave the existing link alone")

	require.NoError(t, st.Remove(ctx, "go"), "Remove of a stored code")
	_, err = st.Lookup(ctx, "go")
	require.ErrorIs(t, err, ErrNotFound, "Lookup after Remove")
	require.ErrorIs(t, st.Remove(ctx, "go"), ErrNotFound, "Remove of a missing code is ErrNotFound")
}

func TestStoreIsDurable(t *testing.T) {
	ctx := ctxFor(t)
	path := filepath.Join(t.TempDir(), "links.db")
	st, err := OpenStore(path)
	require.NoError(t, err)
	require.NoError(t, st.Insert(ctx, "keep", "https://example.com/kept"))
	require.NoError(t, st.Close())

	st = openStore(t, path)
	got, err := st.Lookup(ctx, "keep")
	require.NoError(t, err, "durability: a link must survive closing and reopening the database file (it is the store of record)")
	require.Equal(t, "https://example.com/kept", got)
}

func TestCreateGeneratesBase62Codes(t *testing.T) {
	ctx := ctxFor(t)
	l := NewLinks(newStore(t), nil, Options{}) // SQLite alone, no Redis
	seen := map[string]bool{}
	// 1,000 codes: a generator whose range is off by 1.6 % at either end (a code of 6 or 8 digits
	// now and then, as with 62^7 instead of 62^6 … 62^7) shows it here in all but about one run in
	// ten million. The first 30 are also resolved.
	for i := range 1000 {
		long := fmt.Sprintf("https://example.com/page/%d", i)
		code, err := l.Create(ctx, long, "")
		require.NoError(t, err, "Create(%q) with no alias", long)
		require.Len(t, code, CodeLen, "a generated code is CodeLen base62 digits, got %q", code)
		_, err = Decode(code)
		require.NoError(t, err, "a generated code must be base62, got %q", code)
		require.False(t, seen[code], "code %q generated twice", code)
		seen[code] = true
		if i < 30 {
			got, err := l.Resolve(ctx, code)
			require.NoError(t, err, "Resolve(%q) without Redis reads SQLite", code)
			require.Equal(t, long, got)
		}
	}
}

func TestCreateRetriesOnCollision(t *testing.T) {
	ctx := ctxFor(t)
	var mu sync.Mutex
	codes := []string{"aaaaaaa", "aaaaaaa", "aaaaaaa", "bbbbbbb"}
	next := func() string {
		mu.Lock()
		defer mu.Unlock()
		c := codes[0]
		if len(codes) > 1 {
			codes = codes[1:]
		}
		return c
	}
	l := NewLinks(newStore(t), nil, Options{NewCode: next})
	first, err := l.Create(ctx, "https://example.com/1", "")
	require.NoError(t, err)
	require.Equal(t, "aaaaaaa", first)
	second, err := l.Create(ctx, "https://example.com/2", "")
	require.NoError(t, err, "collision rule: when a generated code is taken, Create tries another one")
	require.Equal(t, "bbbbbbb", second, "collision rule: the second link gets the next free code")
	got, err := l.Resolve(ctx, first)
	require.NoError(t, err)
	require.Equal(t, "https://example.com/1", got, "collision rule: a collision must never overwrite the existing link")

	_, err = l.Create(ctx, "https://example.com/3", "aaaaaaa")
	require.ErrorIs(t, err, ErrAliasTaken, "a custom alias that is taken is ErrAliasTaken (never retried: the user asked for it)")
}

// api is a small client for the HTTP tests.
type api struct {
	t   *testing.T
	srv *httptest.Server
	c   *http.Client
}

func newAPI(t *testing.T, l *Links) *api {
	srv := httptest.NewServer(NewHandler(l))
	t.Cleanup(srv.Close)
	c := srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &api{t: t, srv: srv, c: c}
}

func (a *api) do(method, path, contentType, body string) (*http.Response, []byte) {
	a.t.Helper()
	req, err := http.NewRequest(method, a.srv.URL+path, strings.NewReader(body))
	require.NoError(a.t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := a.c.Do(req)
	require.NoError(a.t, err, "%s %s", method, path)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func (a *api) create(url, alias string) (*http.Response, []byte) {
	body, _ := json.Marshal(CreateRequest{URL: url, Alias: alias})
	return a.do(http.MethodPost, "/api/links", "application/json", string(body))
}

func requireProblem(t *testing.T, resp *http.Response, body []byte, status int, why string) {
	t.Helper()
	require.Equal(t, status, resp.StatusCode, "%s (body %s)", why, body)
	require.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"), "%s: errors are problem JSON", why)
	var p map[string]any
	require.NoError(t, json.Unmarshal(body, &p), "%s: problem body %s", why, body)
	require.EqualValues(t, status, p["status"], "%s: the problem's status", why)
}

func TestHTTPCreateRedirectDelete(t *testing.T) {
	a := newAPI(t, NewLinks(newStore(t), nil, Options{}))
	resp, body := a.create("https://go.dev/doc/", "")
	require.Equal(t, http.StatusCreated, resp.StatusCode, "POST /api/links with a valid URL: 201 (body %s)", body)
	var link Link
	require.NoError(t, json.Unmarshal(body, &link))
	require.Equal(t, "/"+link.Code, resp.Header.Get("Location"))
	require.Equal(t, a.srv.URL+"/"+link.Code, link.ShortURL)

	resp, _ = a.do(http.MethodGet, "/"+link.Code, "", "")
	require.Equal(t, http.StatusFound, resp.StatusCode, "GET /{code} redirects")
	require.Equal(t, "https://go.dev/doc/", resp.Header.Get("Location"), "the redirect goes to the long URL")

	resp, body = a.create("https://example.com/", "my-alias")
	require.Equal(t, http.StatusCreated, resp.StatusCode, "a valid custom alias: 201 (body %s)", body)
	resp, _ = a.do(http.MethodGet, "/my-alias", "", "")
	require.Equal(t, "https://example.com/", resp.Header.Get("Location"), "the alias redirects")

	resp, _ = a.do(http.MethodDelete, "/api/links/"+link.Code, "", "")
	require.Equal(t, http.StatusNoContent, resp.StatusCode, "DELETE of an existing link: 204")
	resp, body = a.do(http.MethodGet, "/"+link.Code, "", "")
	requireProblem(t, resp, body, http.StatusNotFound, "a deleted link no longer redirects")
	resp, body = a.do(http.MethodDelete, "/api/links/"+link.Code, "", "")
	requireProblem(t, resp, body, http.StatusNotFound, "DELETE of a missing link")
}

func TestHTTPRejectsBadInput(t *testing.T) {
	a := newAPI(t, NewLinks(newStore(t), nil, Options{}))
	resp, body := a.create("https://example.com/", "taken")
	require.Equal(t, http.StatusCreated, resp.StatusCode, "setup: create alias 'taken' (body %s)", body)

	cases := []struct {
		name, contentType, body string
		status                  int
	}{
		{"javascript: URL", "application/json", `{"url":"javascript:alert(document.cookie)","alias":"xss"}`, 400},
		{"data: URL", "application/json", `{"url":"data:text/html;base64,PHNjcmlwdD4=","alias":"data1"}`, 400},
		{"ftp URL", "application/json", `{"url":"ftp://example.com/f","alias":"ftp1"}`, 400},
		{"relative URL", "application/json", `{"url":"/just/a/path","alias":"rel1"}`, 400},
		{"over-long URL", "application/json", `{"url":"https://example.com/` + strings.Repeat("a", MaxURLLen) + `","alias":"long1"}`, 400},
		{"alias too short", "application/json", `{"url":"https://example.com/","alias":"ab"}`, 400},
		{"alias with a slash", "application/json", `{"url":"https://example.com/","alias":"a/b"}`, 400},
		{"duplicate alias", "application/json", `{"url":"https://evil.example/","alias":"taken"}`, 409},
		{"malformed JSON", "application/json", `{"url": "https://example.com/"`, 400},
		{"unknown field", "application/json", `{"url":"https://example.com/","target":"x"}`, 400},
		{"not JSON", "text/plain", `https://example.com/`, 415},
		{"body too large", "application/json", `{"url":"https://example.com/` + strings.Repeat("a", 8000) + `"}`, 413},
	}
	for _, c := range cases {
		resp, body := a.do(http.MethodPost, "/api/links", c.contentType, c.body)
		requireProblem(t, resp, body, c.status, c.name)
	}
	for _, alias := range []string{"xss", "data1", "ftp1", "rel1", "long1"} {
		resp, body := a.do(http.MethodGet, "/"+alias, "", "")
		requireProblem(t, resp, body, http.StatusNotFound, "a refused link must not be stored: GET /"+alias)
	}
	resp, _ = a.do(http.MethodGet, "/taken", "", "")
	require.Equal(t, "https://example.com/", resp.Header.Get("Location"), "a duplicate alias must not replace the existing link")
}

// TestZeroTTLCachesForAnHour: Options' zero TTL means one hour, so the link a miss caches in
// Redis expires after an hour, never "never" (a SET without expiry) and never at once.
func TestZeroTTLCachesForAnHour(t *testing.T) {
	ctx := ctxFor(t)
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	prefix := redistest.Namespace(t)
	l := NewLinks(newStore(t), rdb, Options{KeyPrefix: prefix}) // TTL 0: the default
	code, err := l.Create(ctx, "https://example.com/an-hour", "")
	require.NoError(t, err)
	_, err = l.Resolve(ctx, code)
	require.NoError(t, err)
	ttl, err := rdb.TTL(ctx, prefix+code).Result()
	require.NoError(t, err)
	require.True(t, ttl > 59*time.Minute && ttl <= time.Hour, say.F(
		"Options{}(TTL 0)로 만든 서비스가 캐시한 링크의 Redis TTL = %v: TTL이 0이면 1시간으로 정하세요(NewLinks에서). -1은 만료 없음, -2는 키가 없음입니다 — links.go",
		"the Redis TTL of a link cached by a service made with Options{} (TTL 0) = %v, want 1h: a zero TTL means one hour (set it in NewLinks); -1 is no expiry, -2 no key — links.go", ttl))
}

func TestResolveReadsThroughRedis(t *testing.T) {
	ctx := ctxFor(t)
	l, st, rdb, _, prefix := newCached(t)
	code, err := l.Create(ctx, "https://example.com/cached", "")
	require.NoError(t, err)
	got, err := l.Resolve(ctx, code)
	require.NoError(t, err)
	require.Equal(t, "https://example.com/cached", got)

	key := prefix + code
	cached, err := rdb.Get(ctx, key).Result()
	require.NoError(t, err, "cache-aside rule: after a miss the link is cached in Redis under KeyPrefix+code")
	require.Equal(t, "https://example.com/cached", cached)
	ttl := rdb.TTL(ctx, key).Val()
	require.True(t, ttl > 0 && ttl <= time.Minute, "cache-aside rule: the cached link carries the TTL (Redis TTL %v)", ttl)

	require.NoError(t, st.Remove(ctx, code)) // behind the service's back: only Redis has it now
	got, err = l.Resolve(ctx, code)
	require.NoError(t, err, "cache-aside rule: a hit is answered from Redis without reading SQLite")
	require.Equal(t, "https://example.com/cached", got)
}

func TestDeleteInvalidatesCache(t *testing.T) {
	ctx := ctxFor(t)
	l, _, rdb, _, prefix := newCached(t)
	code, err := l.Create(ctx, "https://example.com/gone", "gone")
	require.NoError(t, err)
	_, err = l.Resolve(ctx, code) // cached now
	require.NoError(t, err)
	require.NoError(t, l.Delete(ctx, code))
	_, err = l.Resolve(ctx, code)
	require.ErrorIs(t, err, ErrNotFound, "invalidation rule: a deleted link must stop redirecting at once (DEL its Redis key after deleting it from SQLite)")
	require.Zero(t, rdb.Exists(ctx, prefix+code).Val(), "the Redis key must be gone")
}

func TestUnknownCodeIsNotCached(t *testing.T) {
	ctx := ctxFor(t)
	l, _, rdb, _, prefix := newCached(t)
	_, err := l.Resolve(ctx, "nothing")
	require.ErrorIs(t, err, ErrNotFound, "an unknown code is ErrNotFound")
	require.Zero(t, rdb.Exists(ctx, prefix+"nothing").Val(), "nothing may be cached for an unknown code")
	code, err := l.Create(ctx, "https://example.com/now", "nothing")
	require.NoError(t, err)
	got, err := l.Resolve(ctx, code)
	require.NoError(t, err, "a code created after a miss must resolve (a cached miss would hide it)")
	require.Equal(t, "https://example.com/now", got)
}

func TestServesFromSQLiteWhileRedisIsDown(t *testing.T) {
	ctx := ctxFor(t)
	l, _, rdb, srv, prefix := newCached(t)
	a := newAPI(t, l)
	resp, body := a.create("https://example.com/a", "before")
	require.Equal(t, http.StatusCreated, resp.StatusCode, "%s", body)
	resp, _ = a.do(http.MethodGet, "/before", "", "")
	require.Equal(t, http.StatusFound, resp.StatusCode) // cached now

	srv.Stop(t)
	resp, body = a.do(http.MethodGet, "/before", "", "")
	require.Equal(t, http.StatusFound, resp.StatusCode, "Redis down: redirects must keep working from SQLite (Redis is only a cache; a Redis error other than redis.Nil means: ask the store) — body %s", body)
	require.Equal(t, "https://example.com/a", resp.Header.Get("Location"))
	resp, body = a.create("https://example.com/b", "during")
	require.Equal(t, http.StatusCreated, resp.StatusCode, "Redis down: creating a link must still work (body %s)", body)
	resp, _ = a.do(http.MethodGet, "/during", "", "")
	require.Equal(t, http.StatusFound, resp.StatusCode, "Redis down: a link created meanwhile redirects")
	resp, _ = a.do(http.MethodDelete, "/api/links/before", "", "")
	require.Equal(t, http.StatusNoContent, resp.StatusCode, "Redis down: deleting a link must still work (the store of record decides)")

	srv.Restart(t)
	key := prefix + "during"
	require.Eventually(t, func() bool {
		r, _ := a.do(http.MethodGet, "/during", "", "")
		return r.StatusCode == http.StatusFound && rdb.Exists(ctx, key).Val() == 1
	}, 5*time.Second, 10*time.Millisecond, "recovery: once Redis is back, a redirect caches the link again")
	resp, _ = a.do(http.MethodGet, "/before", "", "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "the link deleted while Redis was down stays deleted")
}

func TestConcurrentCreateAndResolve(t *testing.T) {
	ctx := ctxFor(t)
	l, _, _, _, _ := newCached(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8*20)
	for w := range 8 {
		wg.Go(func() {
			for i := range 20 {
				long := fmt.Sprintf("https://example.com/%d/%d", w, i)
				code, err := l.Create(ctx, long, "")
				if err == nil {
					var got string
					got, err = l.Resolve(ctx, code)
					if err == nil && got != long {
						err = fmt.Errorf("Resolve(%q) = %q, want %q", code, got, long)
					}
				}
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err, "8 goroutines creating and resolving at once: every call must succeed (SQLite: WAL and a busy_timeout, so writers wait instead of failing with SQLITE_BUSY)")
	}
}

func FuzzValidateURL(f *testing.F) {
	for _, s := range []string{"https://example.com", "javascript:alert(1)", "data:,x", "HTTP://X", "http://", "//x", "\x00", "http://[::1]:80/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := ValidateURL(s); err != nil {
			require.ErrorIs(t, err, ErrInvalidURL)
			return
		}
		require.LessOrEqual(t, len(s), MaxURLLen)
		lower := strings.ToLower(s)
		require.True(t, strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://"), "accepted %q: only http(s)", s)
	})
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{"0", "z", "10", "LygHa16AHYF", "LygHa16AHYG", "", "!", "00012"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Decode(s)
		if err != nil {
			require.ErrorIs(t, err, ErrInvalidCode)
			return
		}
		back, err := Decode(Encode(n))
		require.NoError(t, err)
		require.Equal(t, n, back)
		require.Equal(t, strings.TrimLeft(s, "0"), strings.TrimLeft(Encode(n), "0"), "Encode(Decode(%q)) is %q without leading zeros", s, s)
	})
}
