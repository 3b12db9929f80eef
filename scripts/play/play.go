// Package play serves the Raft playground (study play raft): a local web page that runs a live
// cluster of the learner's Raft and lets them crash, restart and isolate peers, partition the
// cluster, make the network lossy, submit commands, and pause or step time, with the timeline of
// study viz growing as they go.
//
// The cluster runs in a test process: TestPlayground in phase3-raft/rafttest, built with go test
// -c (with the reference solution overlaid for --reference) and run with RAFT_PLAY=1. It is the
// learner's own Make on simnet, inside a testing/synctest bubble whose virtual time this page
// advances, checked by the harness's own checkers (rafttest.Play). The test process serves a
// small JSON API on a loopback port; this package serves the page on another loopback port and
// forwards the page's requests to that API. Both listen on 127.0.0.1 only.
package play

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"dsweekends/scripts/viz"
)

// apiPrefix starts the line the test process prints with its API's address
// (rafttest.PlayAPIPrefix; repeated here, since scripts does not import the Raft module).
const apiPrefix = "rafttest play: api "

// Build compiles the playground's test binary into dir and returns its path. overlay is a go
// build -overlay file (the reference solution, or a catalogued bug) or "".
func Build(ctx context.Context, root, dir, overlay string) (string, error) {
	bin := filepath.Join(dir, "raftplay.test")
	args := []string{"test", "-c", "-o", bin}
	if overlay != "" {
		args = append(args, "-overlay="+overlay)
	}
	args = append(args, "./phase3-raft/rafttest")
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("play: your Raft does not build: %w\n%s", err, strings.TrimSpace(string(out)))
	}
	return bin, nil
}

// Options configure a session.
type Options struct {
	Binary string // from Build
	Peers  int    // 3 or 5
	Title  string // shown on the page
}

// Session is a running playground: the test process and the page's server.
type Session struct {
	URL string // the page, http://127.0.0.1:PORT/

	opts   Options
	cmd    *exec.Cmd
	api    string
	srv    *http.Server
	served chan struct{}
	exited chan struct{}
	client *http.Client

	mu     sync.Mutex
	output bytes.Buffer // the test process's output
	events []byte       // the trace so far, JSON Lines
	nev    int
}

// Start runs the test process and serves the page. It returns once both are listening; Close
// ends them.
func Start(ctx context.Context, o Options) (*Session, error) {
	if o.Peers == 0 {
		o.Peers = 5
	}
	s := &Session{opts: o, served: make(chan struct{}), exited: make(chan struct{}),
		client: &http.Client{Timeout: 30 * time.Second}}
	s.cmd = exec.Command(o.Binary, "-test.run=^TestPlayground$", "-test.v", "-test.timeout=0")
	s.cmd.Env = append(os.Environ(), "RAFT_PLAY=1", "RAFT_PLAY_PEERS="+strconv.Itoa(o.Peers))
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("play: %w", err)
	}
	s.cmd.Stderr = writerFunc(s.record)
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("play: start the cluster: %w", err)
	}
	apiCh := make(chan string, 1)
	go func() {
		defer close(s.exited)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if addr, ok := strings.CutPrefix(line, apiPrefix); ok {
				apiCh <- strings.TrimSpace(addr)
				continue
			}
			_, _ = s.record([]byte(line + "\n"))
		}
		_ = s.cmd.Wait()
	}()
	select {
	case s.api = <-apiCh:
	case <-s.exited:
		// The page still opens, and says why the cluster is gone.
	case <-ctx.Done():
		s.kill()
		return nil, ctx.Err()
	case <-time.After(60 * time.Second):
		s.kill()
		return nil, errors.New("play: the cluster did not start within 60s")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		s.kill()
		return nil, fmt.Errorf("play: %w", err)
	}
	s.URL = "http://" + ln.Addr().String() + "/"
	s.srv = &http.Server{Handler: s.handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(s.served)
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// record keeps the test process's output, the last 64 kB of it.
func (s *Session) record(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.output.Write(b)
	if s.output.Len() > 64<<10 {
		rest := s.output.Bytes()[s.output.Len()-32<<10:]
		s.output = *bytes.NewBuffer(append([]byte(nil), rest...))
	}
	return len(b), nil
}

// Output returns what the test process printed, apart from its API line.
func (s *Session) Output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.output.String()
}

// Exited is closed when the test process has ended.
func (s *Session) Exited() <-chan struct{} { return s.exited }

// Pid returns the test process's id (for measuring its CPU use).
func (s *Session) Pid() int { return s.cmd.Process.Pid }

func (s *Session) kill() {
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// Close stops the cluster and the page's server.
func (s *Session) Close() error {
	if s.api != "" {
		req, _ := http.NewRequest(http.MethodPost, s.api+"/clock?op=quit", nil)
		if resp, err := s.client.Do(req); err == nil {
			resp.Body.Close()
		}
	}
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	if s.srv != nil {
		_ = s.srv.Close()
		<-s.served
	}
	s.client.CloseIdleConnections()
	return nil
}

// dead describes a test process that has ended, or returns "".
func (s *Session) dead() string {
	select {
	case <-s.exited:
	default:
		return ""
	}
	out := s.Output()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-40):], "\n")
}

func (s *Session) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = pageTmpl.Execute(w, struct {
			Title                 string
			Peers                 int
			VizStyle              template.CSS
			VizBody               template.HTML
			VizScript, PlayScript template.JS
		}{s.opts.Title, s.opts.Peers, template.CSS(viz.Style), template.HTML(viz.Body), template.JS(viz.Script), template.JS(script)})
	})
	mux.HandleFunc("GET /api/state", func(w http.ResponseWriter, r *http.Request) {
		if d := s.dead(); d != "" || s.api == "" {
			writeJSON(w, map[string]string{"exited": d})
			return
		}
		s.forward(w, http.MethodGet, "/state")
	})
	mux.HandleFunc("POST /api/do", func(w http.ResponseWriter, r *http.Request) {
		s.forward(w, http.MethodPost, "/do?"+r.URL.RawQuery)
	})
	mux.HandleFunc("POST /api/clock", func(w http.ResponseWriter, r *http.Request) {
		s.forward(w, http.MethodPost, "/clock?"+r.URL.RawQuery)
	})
	mux.HandleFunc("GET /api/timeline", func(w http.ResponseWriter, r *http.Request) {
		tl, err := s.timeline()
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		writeJSON(w, tl)
	})
	return mux
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// forward passes a request on to the test process's API.
func (s *Session) forward(w http.ResponseWriter, method, path string) {
	if s.api == "" || s.dead() != "" {
		writeJSON(w, map[string]string{"error": "the cluster has ended"})
		return
	}
	req, err := http.NewRequest(method, s.api+path, nil)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	resp, err := s.client.Do(req)
	if err != nil {
		writeJSON(w, map[string]string{"error": "the cluster does not answer: " + err.Error()})
		return
	}
	defer resp.Body.Close()
	w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

// timeline fetches the trace events the page has not seen and draws the whole run.
func (s *Session) timeline() (viz.Timeline, error) {
	s.mu.Lock()
	from := s.nev
	s.mu.Unlock()
	if s.api != "" && s.dead() == "" {
		resp, err := s.client.Get(s.api + "/events?from=" + strconv.Itoa(from))
		if err != nil {
			return viz.Timeline{}, fmt.Errorf("play: %w", err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return viz.Timeline{}, fmt.Errorf("play: %w", err)
		}
		s.mu.Lock()
		if s.nev == from { // a concurrent fetch may have taken them already
			s.events = append(s.events, b...)
			s.nev += bytes.Count(b, []byte("\n"))
		}
		s.mu.Unlock()
	}
	s.mu.Lock()
	evs := append([]byte(nil), s.events...)
	s.mu.Unlock()
	return viz.FromRaftTrace(bytes.NewReader(evs), s.opts.Title)
}
