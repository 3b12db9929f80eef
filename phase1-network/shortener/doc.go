// Package shortener is the weekend 8 exercise: a URL shortening service with SQLite
// (modernc.org/sqlite, a file) as the store of record and Redis as a cache-aside in front.
// See README.md for the rules and the architecture document.
package shortener
