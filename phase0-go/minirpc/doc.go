// Provided — no need to edit.

// Package minirpc is a remote procedure call system small enough to read in
// one sitting: the idea behind net/rpc, built by hand.
//
// A remote procedure call looks like a function call, but the function runs
// in another process. The caller sends the function's name and arguments; the
// other side runs it and sends back the result or an error. Everything else
// is bookkeeping, and the bookkeeping is the lesson:
//
//   - Framing. Messages travel over one TCP connection as newline-delimited
//     JSON, one object per line (see the example below).
//   - Matching. A client may have many calls outstanding on one connection,
//     and the server may answer them in any order, because it runs each
//     request in its own goroutine. The id ties each reply to its call.
//   - Failure. A reply may never come. Call gives up when its context ends
//     and forgets the id; a late reply is dropped. Close fails every call
//     still waiting with [ErrClosed].
//   - Errors. A handler's error travels as text in "error" and comes out of
//     Call as a [*RemoteError]; a line the server cannot read gets a reply
//     with id 0, and the connection stays open.
//
// A call of Add and its reply, one line each:
//
//	→ {"id":7,"method":"Add","params":{"A":1,"B":2}}
//	← {"id":7,"result":3,"error":""}
//
// Weekend 4 uses net/rpc, which does all of this for you (with gob instead
// of JSON): once you have written it, you know what it does.
package minirpc
