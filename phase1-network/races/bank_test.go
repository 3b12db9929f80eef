package races

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dsweekends/testkit/say"

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

// stallWindow is how long the transfers may make no progress at all before a
// test calls it a deadlock. A correct bank finishes a transfer in microseconds;
// a deadlocked one never finishes another, so the window only bounds how long
// the test takes to say so.
const stallWindow = 2 * time.Second

// waitProgress waits for wg while the workers count finished transfers in
// progress. It fails with why as soon as no transfer has finished for
// stallWindow (a deadlock never recovers), or after limit in any case.
func waitProgress(t *testing.T, wg *sync.WaitGroup, progress *atomic.Int64, limit time.Duration, why string) {
	t.Helper()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	giveUp := time.After(limit)
	last, since := progress.Load(), time.Now()
	for {
		select {
		case <-done:
			return
		case <-giveUp:
			t.Fatal(why)
		case <-tick.C:
			if n := progress.Load(); n != last {
				last, since = n, time.Now()
			} else if time.Since(since) >= stallWindow {
				t.Fatal(say.F("이체가 %v 동안 하나도 끝나지 않았습니다 (%d건 완료 후 멈춤). %s", "no transfer finished for %v (stuck after %d): %s", stallWindow, n, why))
			}
		}
	}
}

func TestTransferRejectsBadRequests(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	isolated(t, say.T("잔액의 모든 읽기와 쓰기는 그 계좌의 잠금 아래에서 하고, Total은 모든 잠금을 한꺼번에 잡습니다", "every read and write of a balance happens under that account's lock; Total holds all of them at once"), func(t *testing.T) {
		const accounts, initial, workers, each = 8, 1000, 8, 1500
		b := NewBank(accounts, initial)
		want := int64(accounts * initial)
		var wg sync.WaitGroup
		var progress atomic.Int64
		for w := range workers {
			wg.Go(func() {
				r := rand.New(rand.NewPCG(uint64(w), 7))
				for range each {
					from, to := r.IntN(accounts), r.IntN(accounts)
					if from == to {
						continue
					}
					_ = b.Transfer(from, to, r.Int64N(300)+1) // insufficient funds is fine
					progress.Add(1)
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
					t.Error(say.F("이체 중 Total() = %d, 기대값 %d: Total은 모든 계좌의 잠금을 한꺼번에(Transfer와 같은 순서로) 잡고 더해야 합니다. 아니면 이체 도중인 돈을 두 번 세거나 빠뜨립니다",
						"Total() = %d during transfers, want %d: Total must hold every account's lock at once (same order as Transfer), or it counts money that is half-way through a transfer", got, want))
					return
				}
				for id := range accounts { // Balance is read beside the writers too
					if bal := b.Balance(id); bal < 0 {
						t.Error(say.F("이체 중 Balance(%d) = %d: 잔액은 음수가 될 수 없습니다", "Balance(%d) = %d during transfers: a balance never goes negative", id, bal))
						return
					}
				}
			}
		})
		waitProgress(t, &wg, &progress, 60*time.Second, say.T(
			"교착 상태(deadlock): 두 이체가 서로 상대가 잡은 잠금을 기다립니다. 두 계좌는 방향과 상관없이 하나의 고정된 순서(id가 작은 계좌 먼저)로 잠그세요 — bank.go",
			"deadlock: two transfers each wait for the lock the other holds. Lock the two accounts in one fixed order (lower account id first), whatever the direction — bank.go"))
		close(stop)
		auditor.Wait()

		var sum int64
		for id := range accounts {
			bal := b.Balance(id)
			assert.GreaterOrEqual(t, bal, int64(0), say.F("계좌 %d의 잔액이 음수가 되었습니다", "account %d went negative", id))
			sum += bal
		}
		require.Equal(t, want, sum, say.F("돈은 보존됩니다: 동시 이체 %d번 뒤에도 잔액 합은 %d여야 합니다", "money conserved: after %d concurrent transfers the balances must still add up to %d", workers*each, want))
	})
}

// TestTotalIsOneSnapshot: while Total runs, money flows only one way, from the last account to
// the first, one unit at a time. A Total that locks and reads the accounts one by one reads one
// end before a transfer and the other end after it, in whatever order it goes through them, and
// comes out one short or one over; a Total that holds every lock at once sees each transfer
// whole or not at all. Many accounts make each Total long, so nearly every one overlaps transfers:
// the catch does not wait for a lucky interleaving.
func TestTotalIsOneSnapshot(t *testing.T) {
	t.Parallel()
	isolated(t, say.T("Total은 모든 계좌의 잠금을 (Transfer와 같은 순서로) 한꺼번에 잡고 더하고, 잔액은 늘 그 계좌의 잠금 아래에서 읽고 씁니다", "Total holds every account's lock at once (in Transfer's order) while it adds up, and every balance is read and written under its account's lock"), func(t *testing.T) {
		const accounts, initial = 2000, 1_000_000_000_000 // never runs out, however fast the transfers
		const audits, overlapping = 300, 50
		b := NewBank(accounts, initial)
		want := int64(accounts * initial)
		stop := make(chan struct{})
		var moved, audited atomic.Int64
		var transfers, auditor sync.WaitGroup
		transfers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := b.Transfer(accounts-1, 0, 1); err != nil {
					t.Error(say.F("Transfer(%d, 0, 1) = %v, 잔액이 충분한 두 계좌 사이의 이체는 성공해야 합니다", "Transfer(%d, 0, 1) = %v, want nil: both accounts hold plenty", accounts-1, err))
					return
				}
				moved.Add(1)
			}
		})
		overlapped := 0
		auditor.Go(func() {
			defer close(stop)
			giveUp := time.Now().Add(20 * time.Second)
			for i := 0; (i < audits || overlapped < overlapping) && time.Now().Before(giveUp); i++ {
				before := moved.Load()
				got := b.Total()
				if moved.Load() != before {
					overlapped++
				}
				if got != want {
					t.Error(say.F("계좌 %d에서 계좌 0으로 1씩 이체하는 동안 Total() = %d, 기대값 %d (차이 %+d): Total이 계좌를 하나씩 잠그고 읽어서, 이체 전의 한쪽 끝과 이체 후의 다른 쪽 끝을 더했습니다. 모든 계좌의 잠금을 (Transfer와 같은 순서로) 한꺼번에 잡은 채로 더하세요 — bank.go의 Total",
						"while 1 at a time moves from account %d to account 0, Total() = %d, want %d (off by %+d): Total locked and read the accounts one at a time, so it added one end from before a transfer and the other end from after it. Hold every account's lock at once (in Transfer's order) while you add up — Total in bank.go",
						accounts-1, got, want, got-want))
					return
				}
				audited.Add(1)
			}
		})
		waitProgress(t, &auditor, &audited, 60*time.Second, say.T(
			"교착 상태(deadlock): Total과 Transfer(1999, 0)가 서로 상대가 잡은 잠금을 기다립니다. Transfer는 방향과 상관없이 id가 작은 계좌부터, Total도 같은 순서로 잠그세요 — bank.go",
			"deadlock: Total and Transfer(1999, 0) each wait for a lock the other holds. Transfer locks the lower account id first whatever the direction, and Total locks in that same order — bank.go"))
		transfers.Wait()
		t.Logf("%d Totals, %d of them overlapped transfers", audited.Load(), overlapped)
	})
}

func TestTransferNeverOverdraws(t *testing.T) {
	t.Parallel()
	isolated(t, say.T("Transfer는 돈을 빼는 임계 구역 안에서 잔액을 확인해야 합니다 — 두 계좌를 먼저 잠그고 확인하세요", "Transfer must check the balance inside the critical section that takes the money — lock both accounts first, then check"), func(t *testing.T) {
		const tries, amount = 50, 10
		b := NewBank(2, 100) // enough for exactly 10 transfers of 10
		var wg sync.WaitGroup
		errs := make(chan error, tries)
		for range tries {
			wg.Go(func() { errs <- b.Transfer(0, 1, amount) })
		}
		waitBounded(t, &wg, 10*time.Second, say.T("이체 50건이 10초 안에 끝나지 않았습니다: 교착 상태인가요?", "50 transfers did not finish in 10s: a deadlock?"))
		close(errs)
		ok := 0
		for err := range errs {
			if err == nil {
				ok++
				continue
			}
			require.ErrorIs(t, err, ErrInsufficientFunds, say.T("여기서 허용되는 실패는 잔액 부족뿐입니다", "the only acceptable failure here"))
		}
		require.Equal(t, 10, ok, say.T("계좌에 100, 10씩 동시 이체 50번: 정확히 10번만 성공해야 합니다 — 돈을 빼는 같은 임계 구역 안에서 잔액을 확인하세요", "100 in the account, 50 concurrent transfers of 10: exactly 10 may succeed — check the balance inside the same critical section that takes the money"))
		require.Equal(t, int64(0), b.Balance(0), say.T("계좌 0은 음수가 아니라 0으로 끝납니다", "account 0 ends empty, never negative"))
		require.Equal(t, int64(200), b.Balance(1))
	})
}

func TestOppositeTransfersDoNotDeadlock(t *testing.T) {
	t.Parallel()
	isolated(t, say.T("두 계좌는 방향과 상관없이 id가 작은 계좌부터 잠그고, 잔액 확인과 이체는 두 잠금을 모두 잡은 뒤에 합니다", "lock the two accounts lower id first whatever the direction, and check and move the money only once both locks are held"), func(t *testing.T) {
		const perDirection, each = 8, 2000
		b := NewBank(2, 1_000_000)
		var wg sync.WaitGroup
		var progress atomic.Int64
		for range perDirection {
			wg.Go(func() {
				for range each {
					_ = b.Transfer(0, 1, 1)
					progress.Add(1)
				}
			})
			wg.Go(func() {
				for range each {
					_ = b.Transfer(1, 0, 1)
					progress.Add(1)
				}
			})
		}
		waitProgress(t, &wg, &progress, 60*time.Second, say.T(
			"0→1과 1→0 이체가 동시에 돌다 교착 상태(deadlock)에 빠졌습니다: 각자 한 계좌의 잠금을 잡고 다른 계좌의 잠금을 기다립니다. 방향과 상관없이 하나의 고정된 순서(id가 작은 계좌 먼저)로 잠그세요",
			"transfers 0→1 and 1→0 running at once deadlocked: each held one account's lock and waited for the other's. Lock the two accounts in one fixed order (lower id first), whatever the direction"))
		require.Equal(t, int64(2_000_000), b.Total(), say.T("돈은 보존됩니다", "money conserved"))
	})
}
