// Provided — no need to edit.

// Package restapi is a JSON REST resource, /users, on the standard
// library's method-aware ServeMux, behind middleware you write yourself:
// a request ID, an access log with log/slog, and panic recovery. Every error
// is an RFC 9457 problem (application/problem+json).
//
//	POST   /users       201 + Location   400, 409, 413, 415
//	GET    /users       200, [] in id order
//	GET    /users/{id}  200              400, 404
//	PUT    /users/{id}  200              400, 404, 409, 413, 415
//	DELETE /users/{id}  204              400, 404
//
// Any other path is a 404 problem; a known path with the wrong method is a
// 405 problem with an Allow header.
package restapi
