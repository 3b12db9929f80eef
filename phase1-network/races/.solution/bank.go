package races

import (
	"errors"
	"sync"
)

// Errors returned by Bank.Transfer.
var (
	ErrNoAccount         = errors.New("races: no such account")
	ErrSameAccount       = errors.New("races: transfer to the same account")
	ErrBadAmount         = errors.New("races: amount must be positive")
	ErrInsufficientFunds = errors.New("races: insufficient funds")
)

// Bank holds accounts numbered 0 to n-1. All its methods are safe for
// concurrent use, and money is never created or destroyed: the sum of all
// balances is always what NewBank put in.
type Bank struct {
	accounts []*account // fixed after NewBank, so reading the slice needs no lock
}

type account struct {
	mu      sync.Mutex
	balance int64 // guarded by mu
}

// NewBank returns a bank with n accounts, each holding initial.
func NewBank(n int, initial int64) *Bank {
	b := &Bank{accounts: make([]*account, n)}
	for i := range b.accounts {
		b.accounts[i] = &account{balance: initial}
	}
	return b
}

// Transfer moves amount from account from to account to. It returns
// ErrNoAccount, ErrSameAccount, ErrBadAmount or ErrInsufficientFunds (the
// balance would go below zero), and then changes nothing. Transfers in opposite
// directions between the same two accounts, at the same time, never deadlock.
func (b *Bank) Transfer(from, to int, amount int64) error {
	switch {
	case !b.valid(from) || !b.valid(to):
		return ErrNoAccount
	case from == to:
		return ErrSameAccount
	case amount <= 0:
		return ErrBadAmount
	}
	// Lock ordering: always take the lower-numbered account first. Then a→b
	// and b→a both start with min(a, b), and neither can hold one lock while
	// waiting for the other: no cycle, no deadlock.
	first, second := b.accounts[min(from, to)], b.accounts[max(from, to)]
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()

	// The check is inside the same critical section as the act: nobody can
	// spend the money between "there is enough" and "take it".
	src, dst := b.accounts[from], b.accounts[to]
	if src.balance < amount {
		return ErrInsufficientFunds
	}
	src.balance -= amount
	dst.balance += amount
	return nil
}

// Balance returns the balance of account id, or 0 if there is no such account.
func (b *Bank) Balance(id int) int64 {
	if !b.valid(id) {
		return 0
	}
	a := b.accounts[id]
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}

// Total returns the sum of all balances as one consistent snapshot: no transfer
// is half-counted, even while transfers run.
func (b *Bank) Total() int64 {
	// Take every lock, in the same ascending order Transfer uses, before
	// reading anything; release them all after.
	for _, a := range b.accounts {
		a.mu.Lock()
	}
	var sum int64
	for _, a := range b.accounts {
		sum += a.balance
	}
	for _, a := range b.accounts {
		a.mu.Unlock()
	}
	return sum
}

func (b *Bank) valid(id int) bool { return id >= 0 && id < len(b.accounts) }
