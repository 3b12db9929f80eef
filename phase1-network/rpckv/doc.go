// Provided — no need to edit.

// Package rpckv is a key/value service over the standard library's net/rpc,
// shaped like the server of MIT 6.824's first lab.
//
// Weekend 3 (exercise rpckv): the server KV with Get, Put and Append, Serve
// that answers many clients at once, and Client, which makes one RPC per call
// and gives up when its context ends.
//
// Weekend 4 (exercise rpckv-dedup): Clerk, which retries until it gets an
// answer, and the duplicate table (Table) that makes every Put and Append
// run at most once even when requests or replies are lost: each operation
// carries its client's ID and a sequence number, and the server remembers one
// entry per client.
package rpckv
