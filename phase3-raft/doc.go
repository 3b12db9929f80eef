// Package phase3raft is the root of Phase 3 (weekends 13–18): Raft and KV on Raft.
// Each exercise and framework package lives in its own sub-package.
package phase3raft
