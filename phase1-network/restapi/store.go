// Provided — no need to edit.

package restapi

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// MaxNameLen is the longest name accepted, in bytes.
const MaxNameLen = 100

// User is the resource, as sent and received in JSON.
type User struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// UserInput is the body of POST /users and PUT /users/{id}.
type UserInput struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Validate reports what is wrong with the input: a blank or too long name,
// or an email that is not "something@something".
func (in UserInput) Validate() error {
	switch {
	case strings.TrimSpace(in.Name) == "":
		return errors.New(`"name" is required`)
	case len(in.Name) > MaxNameLen:
		return fmt.Errorf(`"name" is longer than %d bytes`, MaxNameLen)
	}
	local, domain, ok := strings.Cut(in.Email, "@")
	if !ok || local == "" || domain == "" || strings.Contains(domain, "@") {
		return fmt.Errorf(`"email" %q is not an address like name@example.com`, in.Email)
	}
	return nil
}

// ErrNotFound is returned for a user that does not exist.
var ErrNotFound = errors.New("no such user")

// ErrConflict is returned when another user already has the email.
var ErrConflict = errors.New("email already taken")

// Store keeps the users in memory. It is safe for concurrent use. Emails are
// unique: Create and Update return an error wrapping ErrConflict for an
// email another user has.
type Store struct {
	mu     sync.Mutex
	users  map[int64]User
	lastID int64
}

// NewStore returns an empty store; ids start at 1.
func NewStore() *Store {
	return &Store{users: make(map[int64]User)}
}

// Create adds a user with the next id.
func (s *Store) Create(in UserInput) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.emailFree(in.Email, 0); err != nil {
		return User{}, err
	}
	s.lastID++
	u := User{ID: s.lastID, Name: in.Name, Email: in.Email}
	s.users[u.ID] = u
	return u, nil
}

// List returns every user in id order (never nil).
func (s *Store) List() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]User, 0, len(s.users))
	for _, u := range s.users {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b User) int { return int(a.ID - b.ID) })
	return out
}

// Get returns the user with the id.
func (s *Store) Get(id int64) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[id]
	if !ok {
		return User{}, fmt.Errorf("user %d: %w", id, ErrNotFound)
	}
	return u, nil
}

// Update replaces the name and email of the user with the id.
func (s *Store) Update(id int64, in UserInput) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[id]; !ok {
		return User{}, fmt.Errorf("user %d: %w", id, ErrNotFound)
	}
	if err := s.emailFree(in.Email, id); err != nil {
		return User{}, err
	}
	u := User{ID: id, Name: in.Name, Email: in.Email}
	s.users[id] = u
	return u, nil
}

// Delete removes the user with the id.
func (s *Store) Delete(id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[id]; !ok {
		return fmt.Errorf("user %d: %w", id, ErrNotFound)
	}
	delete(s.users, id)
	return nil
}

// emailFree reports ErrConflict if a user other than self has the email.
func (s *Store) emailFree(email string, self int64) error {
	for _, u := range s.users {
		if u.ID != self && strings.EqualFold(u.Email, email) {
			return fmt.Errorf("%q: %w by user %d", email, ErrConflict, u.ID)
		}
	}
	return nil
}
