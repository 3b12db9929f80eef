package races

import "errors"

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
	// TODO(weekend 5): add the fields you need (for example one account struct
	// with its own sync.Mutex per account).
}

// NewBank returns a bank with n accounts, each holding initial.
func NewBank(n int, initial int64) *Bank {
	// TODO(weekend 5): create the accounts.
	return &Bank{}
}

// Transfer moves amount from account from to account to. It returns
// ErrNoAccount, ErrSameAccount, ErrBadAmount or ErrInsufficientFunds (the
// balance would go below zero), and then changes nothing. Transfers in opposite
// directions between the same two accounts, at the same time, never deadlock.
func (b *Bank) Transfer(from, to int, amount int64) error {
	// TODO(weekend 5): check and move under the locks of both accounts, taken
	// in one fixed order.
	return errors.New("races: Transfer not implemented")
}

// Balance returns the balance of account id, or 0 if there is no such account.
func (b *Bank) Balance(id int) int64 {
	// TODO(weekend 5): read under the account's lock.
	return 0
}

// Total returns the sum of all balances as one consistent snapshot: no transfer
// is half-counted, even while transfers run.
func (b *Bank) Total() int64 {
	// TODO(weekend 5): hold every account's lock (in the same fixed order) while
	// you add up.
	return 0
}
