package cache

// Provided — no need to edit.

import (
	"context"
	"errors"
)

// ErrNotFound is returned, wrapped, when the Source has no value for a key.
var ErrNotFound = errors.New("cache: not found")

// Source is the slow store of record behind a cache: a database in a real service.
type Source interface {
	// Load returns the value stored under key, or an error wrapping ErrNotFound.
	Load(ctx context.Context, key string) (string, error)
	// Store writes value under key.
	Store(ctx context.Context, key, value string) error
}
