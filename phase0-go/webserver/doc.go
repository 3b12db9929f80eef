// Provided — no need to edit.

// Package webserver is a small JSON API over HTTP, built with the standard
// library only: a to-do list kept in memory.
//
//	GET    /todos?q=milk&limit=10   list, filtered and capped      → 200
//	POST   /todos                   create from {"title":…}        → 201 + Location
//	GET    /todos/{id}              one to-do                      → 200
//	DELETE /todos/{id}              remove it                      → 204
//
// Since Go 1.22 an [http.ServeMux] pattern can name the method and hold
// wildcards ("GET /todos/{id}", read with r.PathValue("id")), so routing needs
// no third-party router.
//
// The interesting part is what happens when things go wrong. Every error is a
// status code plus a JSON "problem" body (RFC 9457, application/problem+json):
// 400 for a bad body or query, 404 for an unknown route or to-do, 405 for a
// known path with the wrong method, 413 for a body over [MaxBodyBytes], 415
// for a body that is not JSON. The handler never answers 500 to bad input.
//
// [Serve] runs the handler on a listener and shuts down gracefully when its
// context is cancelled; [GetJSON] is the client side, turning a non-2xx reply
// into a [*StatusError].
package webserver
