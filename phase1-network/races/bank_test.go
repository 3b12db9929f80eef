package races

import (
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// waitBounded waits for wg, or fails the test with why after limit.
func waitBounded(t *testing.T, wg *sync.WaitGroup, limit time.Duration, why string) {
	t.Helper()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatal(why)
	}
}

func TestTransferRejectsBadRequests(t *testing.T) {
	b := NewBank(3, 100)
	cases := []struct {
		name     string
		from, to int
		amount   int64
		want     error
	}{
		{"unknown source", -1, 0, 10, ErrNoAccount},
		{"unknown destination", 0, 3, 10, ErrNoAccount},
		{"same account", 1, 1, 10, ErrSameAccount},
		{"zero amount", 0, 1, 0, ErrBadAmount},
		{"negative amount", 0, 1, -5, ErrBadAmount},
		{"more than the balance", 0, 1, 101, ErrInsufficientFunds},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := b.Transfer(tc.from, tc.to, tc.amount)
			require.ErrorIs(t, err, tc.want, "Transfer(%d, %d, %d)", tc.from, tc.to, tc.amount)
			for id := range 3 {
				require.Equal(t, int64(100), b.Balance(id), "a rejected transfer changes nothing (account %d)", id)
			}
		})
	}
	require.NoError(t, b.Transfer(0, 1, 100), "moving the whole balance is allowed")
	require.Equal(t, int64(0), b.Balance(0))
	require.Equal(t, int64(200), b.Balance(1))
	require.Equal(t, int64(300), b.Total())
}

func TestTransferConservesMoney(t *testing.T) {
	isolated(t, "every read and write of a balance happens under that account's lock; Total holds all of them at once", func(t *testing.T) {
		const accounts, initial, workers, each = 8, 1000, 8, 1500
		b := NewBank(accounts, initial)
		want := int64(accounts * initial)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				r := rand.New(rand.NewPCG(uint64(w), 7))
				for range each {
					from, to := r.IntN(accounts), r.IntN(accounts)
					if from == to {
						continue
					}
					_ = b.Transfer(from, to, r.Int64N(300)+1) // insufficient funds is fine
				}
			})
		}
		stop := make(chan struct{})
		var auditor sync.WaitGroup
		auditor.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if got := b.Total(); got != want {
					t.Errorf("Total() = %d during transfers, want %d: Total must hold every account's lock at once (same order as Transfer), or it counts money that is half-way through a transfer", got, want)
					return
				}
			}
		})
		waitBounded(t, &wg, 20*time.Second, "transfers did not finish in 20s: deadlock? take the two locks in one fixed order (lower account id first)")
		close(stop)
		auditor.Wait()

		var sum int64
		for id := range accounts {
			bal := b.Balance(id)
			assert.GreaterOrEqual(t, bal, int64(0), "account %d went negative", id)
			sum += bal
		}
		require.Equal(t, want, sum, "money conserved: the balances must still add up to %d after %d concurrent transfers", want, workers*each)
	})
}

func TestTransferNeverOverdraws(t *testing.T) {
	isolated(t, "Transfer must check the balance inside the critical section that takes the money — lock both accounts first, then check", func(t *testing.T) {
		const tries, amount = 50, 10
		b := NewBank(2, 100) // enough for exactly 10 transfers of 10
		var wg sync.WaitGroup
		errs := make(chan error, tries)
		for range tries {
			wg.Go(func() { errs <- b.Transfer(0, 1, amount) })
		}
		waitBounded(t, &wg, 10*time.Second, "50 transfers did not finish in 10s")
		close(errs)
		ok := 0
		for err := range errs {
			if err == nil {
				ok++
				continue
			}
			require.ErrorIs(t, err, ErrInsufficientFunds, "the only acceptable failure here")
		}
		require.Equal(t, 10, ok, "100 in the account, 50 concurrent transfers of 10: exactly 10 may succeed — check the balance inside the same critical section that takes the money")
		require.Equal(t, int64(0), b.Balance(0), "account 0 ends empty, never negative")
		require.Equal(t, int64(200), b.Balance(1))
	})
}

func TestOppositeTransfersDoNotDeadlock(t *testing.T) {
	const perDirection, each = 8, 2000
	b := NewBank(2, 1_000_000)
	var wg sync.WaitGroup
	for range perDirection {
		wg.Go(func() {
			for range each {
				_ = b.Transfer(0, 1, 1)
			}
		})
		wg.Go(func() {
			for range each {
				_ = b.Transfer(1, 0, 1)
			}
		})
	}
	waitBounded(t, &wg, 20*time.Second,
		"transfers 0→1 and 1→0 running at once did not finish in 20s: deadlock — each held one account's lock and waited for the other's. Lock the two accounts in one fixed order (lower id first), whatever the direction")
	require.Equal(t, int64(2_000_000), b.Total(), "money conserved")
}
