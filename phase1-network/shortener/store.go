package shortener

import (
	"context"
	"errors"
)

// schema is the one table: a code (generated or alias) and the URL it points to.
const schema = `CREATE TABLE IF NOT EXISTS links (
	code       TEXT PRIMARY KEY,
	url        TEXT NOT NULL,
	created_at INTEGER NOT NULL DEFAULT (unixepoch())
)`

// Store is the store of record: links in a SQLite database file. It is safe for concurrent use.
type Store struct {
	// TODO(weekend 8): a *sql.DB.
}

// OpenStore opens (creating if needed) the SQLite database at path and its links table.
func OpenStore(path string) (*Store, error) {
	// TODO(weekend 8): sql.Open("sqlite", ...) (driver.go registers the driver), then run schema.
	return nil, errors.New("shortener: OpenStore not implemented")
}

// Close closes the database.
func (s *Store) Close() error {
	// TODO(weekend 8): close the *sql.DB.
	return nil
}

// Insert stores a new link. If code is already taken it returns an error wrapping ErrAliasTaken
// and leaves the existing link alone.
func (s *Store) Insert(ctx context.Context, code, url string) error {
	// TODO(weekend 8): INSERT ... ON CONFLICT (code) DO NOTHING, and look at RowsAffected.
	return errors.New("shortener: Insert not implemented")
}

// Lookup returns the URL stored under code, or an error wrapping ErrNotFound.
func (s *Store) Lookup(ctx context.Context, code string) (string, error) {
	// TODO(weekend 8): SELECT url; sql.ErrNoRows means ErrNotFound.
	return "", errors.New("shortener: Lookup not implemented")
}

// Remove deletes the link under code, or returns an error wrapping ErrNotFound.
func (s *Store) Remove(ctx context.Context, code string) error {
	// TODO(weekend 8): DELETE; zero rows affected means ErrNotFound.
	return errors.New("shortener: Remove not implemented")
}
