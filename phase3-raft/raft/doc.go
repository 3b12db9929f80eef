// Package raft is your Raft (MIT 6.5840 Labs 3A–3D, weekends 15–18): leader election,
// log replication, persistence and, as a stretch, snapshots. The rules themselves are the
// figure2 functions you wrote in weekends 13–14; this package adds the state, the locks, the
// timers and the RPCs around them. See README.md.
package raft
