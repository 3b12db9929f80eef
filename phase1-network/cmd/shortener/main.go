// Command shortener runs the weekend 8 URL shortening service.
//
// Provided — no need to edit: it only wires flags to the shortener package.
//
//	go run ./phase1-network/cmd/shortener -db links.db                        # SQLite alone
//	go run ./phase1-network/cmd/shortener -db links.db -redis 127.0.0.1:6379  # with the Redis cache
//	curl -i -H 'Content-Type: application/json' -d '{"url":"https://go.dev/"}' 127.0.0.1:8080/api/links
package main

import (
	"context"
	"errors"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"time"

	"dsweekends/phase1-network/shortener"

	"github.com/redis/go-redis/v9"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	db := flag.String("db", "shortener.db", "SQLite database file (created if missing)")
	redisAddr := flag.String("redis", "", "Redis host:port for the cache; empty runs on SQLite alone")
	ttl := flag.Duration("ttl", time.Hour, "how long a link stays in the Redis cache")
	rate := flag.Float64("rate", 0, "requests per second per client IP (0: no limit; the shortener-stretch exercise)")
	burst := flag.Int("burst", 20, "burst size per client IP, with -rate")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *addr, *db, *redisAddr, *ttl, *rate, *burst); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, addr, dbPath, redisAddr string, ttl time.Duration, rate float64, burst int) error {
	store, err := shortener.OpenStore(dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	var rdb *redis.Client
	if redisAddr != "" {
		// One short dial and no retries: when Redis is down, a request falls back to SQLite quickly.
		rdb = shortener.NewRedisClient(redisAddr)
		defer rdb.Close()
		if err := rdb.Ping(ctx).Err(); err != nil {
			log.Printf("shortener: Redis at %s does not answer yet (%v); serving from SQLite until it does", redisAddr, err)
		}
	}
	h := shortener.NewHandler(shortener.NewLinks(store, rdb, shortener.Options{TTL: ttl}))
	if rate > 0 {
		h = shortener.RateLimit(shortener.NewRateLimiter(rate, burst, nil), h)
	}
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	log.Printf("shortener: listening on %s (db %s, redis %q)", addr, dbPath, redisAddr)
	err = srv.ListenAndServe()
	if errors.Is(err, http.ErrServerClosed) {
		<-done
		return nil
	}
	return err
}
