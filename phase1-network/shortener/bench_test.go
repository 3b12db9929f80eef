package shortener

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"dsweekends/phase1-network/redistest"

	"github.com/redis/go-redis/v9"
)

// BenchmarkRedirect measures GET /{code} → 302 over loopback HTTP, three ways in the same run:
// a bare net/http redirect handler (the ceiling), the shortener on SQLite alone, and the
// shortener with the Redis cache. It reports redirects/s, the p99 latency and, with Redis, the
// cache hit rate (from Redis INFO; not available on miniredis).
//
//	go test -run '^$' -bench Redirect -benchtime 20000x ./phase1-network/shortener/
func BenchmarkRedirect(b *testing.B) {
	const links = 1000
	b.Run("bare", func(b *testing.B) {
		h := http.NewServeMux()
		h.HandleFunc("GET /{code}", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://example.com/page/"+r.PathValue("code"), http.StatusFound)
		})
		codes := make([]string, links)
		for i := range codes {
			codes[i] = Encode(uint64(i) + 56_800_235_584)
		}
		benchRedirects(b, h, codes, nil)
	})
	for _, withRedis := range []bool{false, true} {
		name := "sqlite"
		if withRedis {
			name = "redis-cached"
		}
		b.Run(name, func(b *testing.B) {
			st, err := OpenStore(filepath.Join(b.TempDir(), "links.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			var rdb *redis.Client
			if withRedis {
				rdb = redistest.Start(b).Client(b)
			}
			l := NewLinks(st, rdb, Options{TTL: time.Hour, KeyPrefix: redistest.Namespace(b)})
			ctx := context.Background()
			codes := make([]string, links)
			for i := range codes {
				if codes[i], err = l.Create(ctx, fmt.Sprintf("https://example.com/page/%d", i), ""); err != nil {
					b.Fatal(err)
				}
			}
			benchRedirects(b, NewHandler(l), codes, rdb)
		})
	}
}

func benchRedirects(b *testing.B, h http.Handler, codes []string, rdb *redis.Client) {
	srv := httptest.NewServer(h)
	defer srv.Close()
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	hits0, misses0 := keyspaceStats(rdb)

	var mu sync.Mutex
	var all []time.Duration
	b.SetParallelism(32) // 32 × GOMAXPROCS client goroutines, like wrk -c64 on 2 cores
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var lat []time.Duration
		i := 0
		for pb.Next() {
			i++
			t0 := time.Now()
			resp, err := client.Get(srv.URL + "/" + codes[(i*7919)%len(codes)])
			if err != nil {
				b.Error(err)
				return
			}
			resp.Body.Close()
			lat = append(lat, time.Since(t0))
			if resp.StatusCode != http.StatusFound {
				b.Errorf("status %d, want 302", resp.StatusCode)
				return
			}
		}
		mu.Lock()
		all = append(all, lat...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "redirects/s")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
	if hits1, misses1 := keyspaceStats(rdb); hits1+misses1 > hits0+misses0 {
		b.ReportMetric(100*float64(hits1-hits0)/float64(hits1-hits0+misses1-misses0), "hit-%")
	}
}

// keyspaceStats reads keyspace_hits and keyspace_misses from Redis INFO stats (0, 0 when absent).
func keyspaceStats(rdb *redis.Client) (hits, misses int64) {
	if rdb == nil {
		return 0, 0
	}
	info, err := rdb.Info(context.Background(), "stats").Result()
	if err != nil {
		return 0, 0
	}
	for line := range strings.SplitSeq(info, "\r\n") {
		k, v, _ := strings.Cut(line, ":")
		n, _ := strconv.ParseInt(v, 10, 64)
		switch k {
		case "keyspace_hits":
			hits = n
		case "keyspace_misses":
			misses = n
		}
	}
	return hits, misses
}
