// Package phase0go is the root of Phase 0 (weekends 1–2): Go itself.
// Each exercise lives in its own sub-package; see the README of each.
package phase0go
