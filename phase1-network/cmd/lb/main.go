// Command lb runs the weekend 7 load balancer in front of a few HTTP backends.
//
// Provided — no need to edit: it only wires flags to the loadbalancer package.
//
//	go run ./phase1-network/cmd/lb -listen 127.0.0.1:8080 -backends http://127.0.0.1:9001,http://127.0.0.1:9002
//	go run ./phase1-network/cmd/lb -demo 3   # also starts 3 demo backends on loopback
//
// A demo backend answers its name on every path, and /healthz with 200; stop one with
// POST /toggle (it then answers /healthz with 503) to watch the balancer take it out.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dsweekends/phase1-network/loadbalancer"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8080", "address to listen on")
	list := flag.String("backends", "", "comma-separated backend URLs")
	demo := flag.Int("demo", 0, "start this many demo backends on loopback and balance over them too")
	interval := flag.Duration("interval", 2*time.Second, "time between health checks")
	health := flag.String("health", "/healthz", "health check path")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *listen, *list, *demo, loadbalancer.Options{HealthPath: *health, Interval: *interval}); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, listen, list string, demo int, opts loadbalancer.Options) error {
	var urls []*url.URL
	for s := range strings.SplitSeq(list, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("lb: bad backend URL %q", s)
		}
		urls = append(urls, u)
	}
	var servers []*http.Server
	for i := range demo {
		srv, u, err := demoBackend(fmt.Sprintf("demo-%d", i+1))
		if err != nil {
			return err
		}
		servers = append(servers, srv)
		urls = append(urls, u)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	lb, err := loadbalancer.New(urls, opts)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	wg.Go(func() { lb.Run(ctx) })
	front := &http.Server{Addr: listen, Handler: lb, ReadHeaderTimeout: 5 * time.Second}
	servers = append(servers, front)
	wg.Go(func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for _, s := range servers {
			_ = s.Shutdown(sctx)
		}
	})
	log.Printf("lb: listening on %s, backends %v", listen, urls)
	err = front.ListenAndServe()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	cancel() // stops Run and the shutdown goroutine when ListenAndServe failed
	wg.Wait()
	return err
}

func demoBackend(name string) (*http.Server, *url.URL, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	var sick atomic.Bool
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if sick.Load() {
			http.Error(w, "sick", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("POST /toggle", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s sick=%v\n", name, !sick.Load())
		sick.Store(!sick.Load())
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintf(w, "%s %s %s\n", name, r.Method, r.URL) })
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(l) }() // ends when run shuts the server down
	return srv, &url.URL{Scheme: "http", Host: l.Addr().String()}, nil
}
