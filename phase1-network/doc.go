// Package phase1network is the root of Phase 1 (weekends 3–8): network programming, RPC, concurrency, system design.
// Each exercise lives in its own sub-package; see the README of each.
package phase1network
