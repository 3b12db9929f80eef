// Provided — no need to edit.

// Package tcpecho is a line-based TCP echo server and its client.
//
// A client connects, writes a line ending in "\n", and the server writes the
// same line back. The server serves every connection in its own goroutine, so
// one slow client never holds up another.
//
// Weekend 2 of Phase 0 (core). The stretch exercise phase0-go/echo adds line
// limits, idle timeouts and graceful shutdown to the same idea.
package tcpecho
