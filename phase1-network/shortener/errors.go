package shortener

// Provided — no need to edit.

import "errors"

// Errors returned, wrapped, by the package; server.go maps each to an HTTP status.
var (
	ErrInvalidURL   = errors.New("shortener: invalid URL")    // 400
	ErrInvalidAlias = errors.New("shortener: invalid alias")  // 400
	ErrAliasTaken   = errors.New("shortener: code taken")     // 409
	ErrNotFound     = errors.New("shortener: no such link")   // 404
	ErrInvalidCode  = errors.New("shortener: invalid base62") // from Decode
)

// Limits.
const (
	MaxURLLen   = 2048 // longest URL accepted, in bytes
	MinAliasLen = 3    // shortest custom alias
	MaxAliasLen = 32   // longest custom alias
	CodeLen     = 7    // length of a generated code
)
