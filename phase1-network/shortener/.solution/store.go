package shortener

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	_ "modernc.org/sqlite" // registers the "sqlite" driver: pure Go, no cgo
)

// schema is the one table: a code (generated or alias) and the URL it points to.
const schema = `CREATE TABLE IF NOT EXISTS links (
	code       TEXT PRIMARY KEY,
	url        TEXT NOT NULL,
	created_at INTEGER NOT NULL DEFAULT (unixepoch())
)`

// Store is the store of record: links in a SQLite database file. It is safe for concurrent use.
type Store struct {
	db *sql.DB
}

// OpenStore opens (creating if needed) the SQLite database at path and its links table.
func OpenStore(path string) (*Store, error) {
	// WAL lets readers run beside a writer; busy_timeout makes a writer wait instead of failing.
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, fmt.Errorf("shortener: open %s: %w", path, err)
	}
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("shortener: create schema: %w", err)
	}
	return &Store{db: db}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Insert stores a new link. If code is already taken it returns an error wrapping ErrAliasTaken
// and leaves the existing link alone.
func (s *Store) Insert(ctx context.Context, code, url string) error {
	// ON CONFLICT DO NOTHING turns "taken" into zero rows affected, with no driver error to parse.
	res, err := s.db.ExecContext(ctx, `INSERT INTO links (code, url) VALUES (?, ?) ON CONFLICT (code) DO NOTHING`, code, url)
	if err != nil {
		return fmt.Errorf("shortener: insert %q: %w", code, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("%w: %q", ErrAliasTaken, code)
	}
	return nil
}

// Lookup returns the URL stored under code, or an error wrapping ErrNotFound.
func (s *Store) Lookup(ctx context.Context, code string) (string, error) {
	var url string
	err := s.db.QueryRowContext(ctx, `SELECT url FROM links WHERE code = ?`, code).Scan(&url)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("%w: %q", ErrNotFound, code)
	}
	if err != nil {
		return "", fmt.Errorf("shortener: lookup %q: %w", code, err)
	}
	return url, nil
}

// Remove deletes the link under code, or returns an error wrapping ErrNotFound.
func (s *Store) Remove(ctx context.Context, code string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM links WHERE code = ?`, code)
	if err != nil {
		return fmt.Errorf("shortener: delete %q: %w", code, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("%w: %q", ErrNotFound, code)
	}
	return nil
}
