// Provided — no need to edit.

// Package webhello is a small JSON web server and its client, built on
// net/http.
//
// The server greets: GET /hello/{name} and POST /hello with {"name": "..."}
// both answer {"message": "..."}. Who says what is decided by a [Greeter], an
// interface with two implementations, [English] and [Korean]; the handler
// depends only on the interface. Bad requests get an RFC 9457 problem
// (application/problem+json) with the right status. [Greet] is the client: it
// posts a name and decodes the reply, and reports any status other than 200
// as a [StatusError] wrapped with %w.
//
// Weekend 2 of Phase 0 (core). The stretch exercise phase0-go/webserver is a
// complete to-do REST API on the same ideas.
package webhello
