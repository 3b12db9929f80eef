// Provided — no need to edit.

// Package echo is a line-based TCP echo server and its client: the first
// network program of the course.
//
// The protocol is one line of text per request. A client writes a line ending
// in "\n"; the server writes the same line back. That is all, which leaves room
// for the parts every real server needs:
//
//   - many clients at once, each served by its own goroutine;
//   - a limit on how much one client may send (a line longer than
//     [Server.MaxLineBytes] gets an error line and the connection is closed);
//   - a deadline on idle clients ([Server.IdleTimeout]);
//   - graceful shutdown ([Server.Shutdown]): stop accepting, let open
//     connections finish, and force them closed when the caller's context
//     runs out;
//   - a client whose every call honours a context deadline.
//
// Weekend 2 of Phase 0. Later weekends build a chat server and an RPC system on
// the same ideas.
package echo
