// Package kvraft is a fault-tolerant key/value service replicated with Raft (weekend 18,
// stretch): a Clerk (client.go) sends Get, Put and Append to a group of KVServers (server.go),
// each of which puts every request in its Raft log and applies the committed log, in order, to
// its map. See README.md for the rules and the graded tests, and package kvtest for the harness.
//
// This file is provided — no need to edit.
package kvraft
