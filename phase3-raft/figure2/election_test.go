package figure2

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dsweekends/testkit/say"
)

const (
	timeoutLo = 300 * time.Millisecond
	timeoutHi = 600 * time.Millisecond
)

func seeded(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

func TestElectionTimeout_WithinBounds(t *testing.T) {
	for name, rng := range map[string]*rand.Rand{"seeded rng": seeded(1), "nil rng uses the global source": nil} {
		t.Run(name, func(t *testing.T) {
			for i := range 1000 {
				d := ElectionTimeout(rng, timeoutLo, timeoutHi)
				require.True(t, d >= timeoutLo && d < timeoutHi,
					say.F("%d번째 뽑기: ElectionTimeout(rng, %v, %v) = %v, [%v, %v) 안의 값이어야 합니다: lo + hi-lo보다 작은 무작위 오프셋 (§5.2)",
						"draw %d: ElectionTimeout(rng, %v, %v) = %v, want a value in [%v, %v): lo + a random offset below hi-lo (§5.2)",
						i, timeoutLo, timeoutHi, d, timeoutLo, timeoutHi))
			}
		})
	}
	t.Run("empty range returns lo", func(t *testing.T) {
		assert.Equal(t, timeoutLo, ElectionTimeout(seeded(1), timeoutLo, timeoutLo),
			say.T("ElectionTimeout(rng, lo, lo): [lo, lo) 범위는 비어 있으니 lo를 돌려줍니다(rng.Int64N은 n > 0만 받습니다)",
				"ElectionTimeout(rng, lo, lo): the range [lo, lo) is empty, so return lo (rng.Int64N accepts only n > 0)"))
	})
}

func TestElectionTimeout_Spread(t *testing.T) {
	const draws, buckets = 1000, 10
	rng := seeded(2)
	counts := make([]int, buckets)
	distinct := map[time.Duration]bool{}
	span := timeoutHi - timeoutLo
	for range draws {
		d := ElectionTimeout(rng, timeoutLo, timeoutHi)
		distinct[d] = true
		b := int((d - timeoutLo) * buckets / span)
		if b >= 0 && b < buckets {
			counts[b]++
		}
	}
	require.Greater(t, len(distinct), draws/2,
		say.F("ElectionTimeout을 %d번 뽑았는데 서로 다른 값이 %d개뿐입니다: 타임아웃은 무작위여야 합니다. 아니면 피어들이 함께 타임아웃되어 표가 영원히 갈립니다 (§5.2)",
			"%d draws of ElectionTimeout gave only %d different values: timeouts must be random, or peers time out together and split the vote forever (§5.2)", draws, len(distinct)))
	for b, n := range counts {
		assert.GreaterOrEqual(t, n, draws/buckets/2,
			say.F("ElectionTimeout은 [%v, %v)에 고르게 퍼져야 합니다: 구간 [%v, %v)에 %d/%d번이 떨어졌는데, 약 %d번이어야 합니다(10등분한 구간별 횟수: %v)",
				"ElectionTimeout should be uniform over [%v, %v): the slice [%v, %v) got %d of %d draws, want about %d (counts per tenth: %v)",
				timeoutLo, timeoutHi, timeoutLo+span*time.Duration(b)/buckets, timeoutLo+span*time.Duration(b+1)/buckets, n, draws, draws/buckets, counts))
	}
}

func TestElectionTimeout_SeededIsDeterministic(t *testing.T) {
	sequence := func(seed uint64) []time.Duration {
		rng := seeded(seed)
		out := make([]time.Duration, 20)
		for i := range out {
			out[i] = ElectionTimeout(rng, timeoutLo, timeoutHi)
		}
		return out
	}
	assert.Equal(t, sequence(7), sequence(7),
		say.T("시드가 같은 rng 두 개는 같은 타임아웃을 줘야 합니다: 전역 소스가 아니라 받은 rng에서 뽑아야 실패한 실행을 재현할 수 있습니다",
			"two rngs with the same seed must give the same timeouts: draw from the rng you are given, not from a global source, so a failing run can be replayed"))
	assert.NotEqual(t, sequence(7), sequence(8),
		say.T("시드가 다른 rng들이 같은 타임아웃 20개를 줬습니다: 타임아웃은 rng에서 나와야 합니다",
			"rngs with different seeds gave the same 20 timeouts: the timeout must come from the rng"))
}
