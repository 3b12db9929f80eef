package cache

import "errors"

// Group collapses concurrent calls for the same key into one: the first caller runs fn, and
// callers that arrive while it runs wait for its result instead of running fn again. A call that
// starts after the previous one finished runs fn afresh. The zero Group is ready to use.
// This is the idea of golang.org/x/sync/singleflight, cut down to strings.
type Group struct {
	// TODO(weekend 7, stretch): a mutex and a map of in-flight calls by key.
}

// Do runs fn for key, or waits for the run already in flight for key, and returns its result.
func (g *Group) Do(key string, fn func() (string, error)) (string, error) {
	// TODO(weekend 7, stretch): the first caller registers a call and runs fn; the others wait on it.
	return "", errors.New("cache: Group.Do not implemented")
}

// Collapse wraps src so that concurrent Loads of one key reach src once: put it under an Aside
// and a hundred simultaneous misses for a hot key cost one database query, not a hundred.
// Stores pass straight through.
func Collapse(src Source) Source {
	// TODO(weekend 7, stretch): a Source whose Load goes through a Group.
	return src
}
