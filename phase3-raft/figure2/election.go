package figure2

import (
	"math/rand/v2"
	"time"
)

// ElectionTimeout returns a duration drawn uniformly at random from
// [lo, hi): how long a follower waits without hearing from a leader or
// granting a vote before it starts an election (§5.2). Random timeouts make
// split votes rare: usually one peer times out well before the others, wins,
// and sends heartbeats before they time out.
//
// It draws from rng, so a seeded rng gives the same sequence every run. A
// nil rng uses math/rand/v2's global source. A *rand.Rand is not safe for
// concurrent use: keep one per peer and call ElectionTimeout under the
// peer's lock. If hi ≤ lo it returns lo.
func ElectionTimeout(rng *rand.Rand, lo, hi time.Duration) time.Duration {
	// TODO(weekend 13): draw a duration uniformly from [lo, hi) using rng.
	return 0
}
