package cache

import (
	"context"
	"sync"
)

// Group collapses concurrent calls for the same key into one: the first caller runs fn, and
// callers that arrive while it runs wait for its result instead of running fn again. A call that
// starts after the previous one finished runs fn afresh. The zero Group is ready to use.
// This is the idea of golang.org/x/sync/singleflight, cut down to strings.
type Group struct {
	mu    sync.Mutex
	calls map[string]*call // in-flight calls by key
}

// call is one in-flight fn; done is closed when val and err are set.
type call struct {
	done chan struct{}
	val  string
	err  error
}

// Do runs fn for key, or waits for the run already in flight for key, and returns its result.
func (g *Group) Do(key string, fn func() (string, error)) (string, error) {
	g.mu.Lock()
	if g.calls == nil {
		g.calls = make(map[string]*call)
	}
	if c, ok := g.calls[key]; ok {
		g.mu.Unlock()
		<-c.done // someone is already loading this key: share their result
		return c.val, c.err
	}
	c := &call{done: make(chan struct{})}
	g.calls[key] = c
	g.mu.Unlock()

	c.val, c.err = fn()

	g.mu.Lock()
	delete(g.calls, key) // the next miss after this one must load again (the value may change)
	g.mu.Unlock()
	close(c.done)
	return c.val, c.err
}

// Collapse wraps src so that concurrent Loads of one key reach src once: put it under an Aside
// and a hundred simultaneous misses for a hot key cost one database query, not a hundred.
// Stores pass straight through.
func Collapse(src Source) Source { return &collapsed{src: src} }

type collapsed struct {
	src Source
	g   Group
}

func (c *collapsed) Load(ctx context.Context, key string) (string, error) {
	return c.g.Do(key, func() (string, error) { return c.src.Load(ctx, key) })
}

func (c *collapsed) Store(ctx context.Context, key, value string) error {
	return c.src.Store(ctx, key, value)
}
