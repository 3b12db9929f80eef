package interfaces

import (
	"errors"
	"fmt"
	"sort"
	"testing"
	"time"

	"dsweekends/testkit/say"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// implementations returns, by name, a constructor for a fresh, empty instance of every Store in
// the package. The contract tests run the same checks on each: that is the point of an interface.
// Each constructor takes the subtest's t, so a failed require stops that subtest only.
func implementations() map[string]func(t *testing.T) Store {
	return map[string]func(t *testing.T) Store{
		"MapStore": func(t *testing.T) Store {
			t.Helper()
			m := NewMapStore()
			require.NotNil(t, m, "NewMapStore returned nil: allocate the MapStore and its map")
			return m
		},
		"LogStore": func(*testing.T) Store { return &LogStore{} }, // the zero value must be ready to use
	}
}

// mustPut calls s.Put and fails the test with a useful message if it returns an error.
func mustPut(t *testing.T, s Store, key, value string) {
	t.Helper()
	require.NoError(t, s.Put(key, value), "%T.Put(%q, %q)", s, key, value)
}

// fakeStore is a Store defined here, in the test: any type with the three methods satisfies
// Store, wherever it is declared.
type fakeStore []Entry

func (f fakeStore) Get(key string) (string, bool) {
	for _, e := range f {
		if e.Key == key {
			return e.Value, true
		}
	}
	return "", false
}
func (f fakeStore) Put(string, string) error { return errors.New("fakeStore is fixed") }
func (f fakeStore) Entries() []Entry         { return append([]Entry(nil), f...) }

func TestStoreContract(t *testing.T) {
	for name, newStore := range implementations() {
		t.Run(name+"/missing key is not found", func(t *testing.T) {
			s := newStore(t)
			v, ok := s.Get("nope")
			assert.False(t, ok, "%s.Get of a key never Put must report ok=false", name)
			assert.Equal(t, "", v, "%s.Get of a missing key returns the zero value \"\" with ok=false", name)
		})
		t.Run(name+"/Get returns what Put stored", func(t *testing.T) {
			s := newStore(t)
			mustPut(t, s, "a", "1")
			v, ok := s.Get("a")
			assert.True(t, ok, `%s: after Put("a", "1"), Get("a") must report ok=true`, name)
			assert.Equal(t, "1", v, `%s: Get("a") after Put("a", "1")`, name)
		})
		t.Run(name+"/the newest Put wins", func(t *testing.T) {
			s := newStore(t)
			mustPut(t, s, "a", "1")
			mustPut(t, s, "a", "2")
			v, _ := s.Get("a")
			assert.Equal(t, "2", v, "%s: Get after Put(a,1), Put(a,2): the newest Put wins", name)
		})
		t.Run(name+"/empty key is rejected with ErrEmptyKey", func(t *testing.T) {
			s := newStore(t)
			err := s.Put("", "x")
			assert.ErrorIs(t, err, ErrEmptyKey, `%s.Put("", "x") must return ErrEmptyKey`, name)
			_, ok := s.Get("")
			assert.False(t, ok, "%s: a rejected Put must not store anything", name)
		})
		t.Run(name+"/Entries lists each key once with its newest value", func(t *testing.T) {
			s := newStore(t)
			mustPut(t, s, "b", "2")
			mustPut(t, s, "a", "1")
			mustPut(t, s, "b", "3")
			got := s.Entries()
			sort.Slice(got, func(i, j int) bool { return got[i].Key < got[j].Key })
			assert.Equal(t, []Entry{{"a", "1"}, {"b", "3"}}, got, "%s.Entries after Put b=2, a=1, b=3: each key once, with its newest value", name)
		})
	}
}

func TestLogStoreKeepsEveryWrite(t *testing.T) {
	var s LogStore // zero value, no constructor
	require.NoError(t, s.Put("a", "1"), "the zero LogStore must accept Put (appending to a nil slice works)")
	require.NoError(t, s.Put("a", "2"), "LogStore.Put(\"a\", \"2\") on a non-empty log")
	require.NoError(t, s.Put("b", "1"), "LogStore.Put(\"b\", \"1\") on a non-empty log")
	assert.Equal(t, 3, s.Len(), "a log never overwrites: 3 Puts are 3 writes, even though there are only 2 keys")
	assert.Len(t, s.Entries(), 2, "but Entries lists each key once")
	v, _ := s.Get("a")
	assert.Equal(t, "2", v, "Get scans from the newest write backwards")
}

func TestStringers(t *testing.T) {
	t.Run("Entry prints as key=value", func(t *testing.T) {
		e := Entry{Key: "port", Value: "8080"}
		assert.Equal(t, "port=8080", fmt.Sprint(e), "fmt uses String() when a value is a fmt.Stringer")
		assert.Equal(t, "[a=1 b=2]", fmt.Sprintf("%v", []Entry{{"a", "1"}, {"b", "2"}}), "fmt calls String on each element too")
	})
	t.Run("MapStore prints its entries sorted by key", func(t *testing.T) {
		s := NewMapStore()
		require.NotNil(t, s, "NewMapStore returned nil")
		assert.Equal(t, "MapStore{}", fmt.Sprint(s), "an empty MapStore")
		// Ten keys put in a shuffled order: unsorted output would match only by a rare accident.
		for _, k := range []string{"g", "b", "j", "e", "a", "h", "c", "i", "f", "d"} {
			mustPut(t, s, k, "1")
		}
		assert.Equal(t, "MapStore{a=1, b=1, c=1, d=1, e=1, f=1, g=1, h=1, i=1, j=1}", fmt.Sprint(s),
			"sorted by key so the output is the same every run (map iteration order is random): use Sorted, whose ByKey.Less compares keys")
	})
}

func TestByKeyImplementsSortInterface(t *testing.T) {
	// The values run the other way from the keys, so sorting by value gives a different order.
	entries := []Entry{{"c", "1"}, {"a", "3"}, {"b", "2"}}
	var si sort.Interface = ByKey(entries) // converting the slice to ByKey gives it the methods
	require.Equal(t, 3, si.Len(), "ByKey.Len")
	assert.True(t, si.Less(1, 0), `ByKey.Less(1, 0): key "a" sorts before key "c" (compare the keys, not the values)`)
	assert.False(t, si.Less(0, 1), `ByKey.Less(0, 1): key "c" does not sort before key "a" (compare the keys, not the values)`)
	assert.False(t, si.Less(0, 0), say.T(
		"ByKey.Less(0, 0): 어떤 항목도 자기 자신보다 앞서지 않습니다. sort.Interface의 Less는 엄격한 비교(<)이지 <=가 아닙니다",
		"ByKey.Less(0, 0): no entry sorts before itself. sort.Interface's Less is a strict comparison (<), not <="))

	sort.Sort(si)
	assert.Equal(t, []Entry{{"a", "3"}, {"b", "2"}, {"c", "1"}}, entries,
		"sort.Sort(ByKey(entries)) must sort the original slice in place: ByKey shares its backing array")
}

func TestSortedOrders(t *testing.T) {
	for name, newStore := range implementations() {
		t.Run(name+"/Sorted orders by key", func(t *testing.T) {
			s := newStore(t)
			// Eight keys put out of order: map iteration alone is sorted once in 40320 runs.
			for _, k := range []string{"port", "host", "mode", "user", "bind", "tls", "dir", "log"} {
				mustPut(t, s, k, "v-"+k)
			}
			want := []Entry{{"bind", "v-bind"}, {"dir", "v-dir"}, {"host", "v-host"}, {"log", "v-log"},
				{"mode", "v-mode"}, {"port", "v-port"}, {"tls", "v-tls"}, {"user", "v-user"}}
			assert.Equal(t, want, Sorted(s),
				"Sorted(%s): the entries ordered by key — copy s.Entries() into a ByKey and call sort.Sort (sorting.go)", name)
		})
		t.Run(name+"/SortedByValue orders by value then key", func(t *testing.T) {
			s := newStore(t)
			mustPut(t, s, "z", "1")
			mustPut(t, s, "y", "2")
			mustPut(t, s, "x", "2")
			mustPut(t, s, "w", "3")
			assert.Equal(t, []Entry{{"z", "1"}, {"x", "2"}, {"y", "2"}, {"w", "3"}}, SortedByValue(s),
				"x and y have the same value: the tie is broken by key")
		})
		t.Run(name+"/SortedByValue breaks every tie by key", func(t *testing.T) {
			s := newStore(t)
			// Put in reverse key order, all with one value: only the tie-break puts them in order.
			for _, k := range []string{"f", "e", "d", "c", "b", "a"} {
				mustPut(t, s, k, "same")
			}
			got := SortedByValue(s)
			keys := make([]string, len(got))
			for i, e := range got {
				keys[i] = e.Key
			}
			assert.Equal(t, []string{"a", "b", "c", "d", "e", "f"}, keys,
				"SortedByValue(%s): every value is the same, so the order comes from the tie-break alone: compare keys when the values are equal", name)
		})
	}
}

func TestReadOnlyPromotesGetAndOverridesPut(t *testing.T) {
	inner := &LogStore{}
	mustPut(t, inner, "a", "1")
	var s Store = ReadOnly{Store: inner}

	v, ok := s.Get("a")
	assert.True(t, ok && v == "1", "Get is promoted from the embedded store: got %q, %v; want \"1\", true", v, ok)
	assert.Equal(t, []Entry{{"a", "1"}}, s.Entries(), "Entries is promoted too")

	err := s.Put("b", "2")
	require.ErrorIs(t, err, ErrReadOnly, "ReadOnly.Put must refuse with an error wrapping ErrReadOnly")
	assert.EqualError(t, err, `put "b": store is read-only`, "ReadOnly.Put: fmt.Errorf(\"put %q: %w\", key, ErrReadOnly)")
	_, ok = inner.Get("b")
	assert.False(t, ok, "ReadOnly.Put must not write to the wrapped store")
}

func TestCountingOverridesGetAndCallsTheEmbeddedOne(t *testing.T) {
	inner := &LogStore{}
	c := &Counting{Store: inner}
	var s Store = c // *Counting is a Store: Get (pointer receiver) + promoted Put and Entries

	require.NoError(t, s.Put("a", "1"), "Put is promoted from the embedded store")
	v, ok := s.Get("a")
	assert.True(t, ok && v == "1", `Counting.Get must return what the wrapped store has: got %q, %v`, v, ok)
	s.Get("a")
	s.Get("missing")
	assert.Equal(t, 2, c.Hits, "two Gets found the key: Get must count them in c.Hits through a pointer receiver (a value receiver counts on a copy)")
	assert.Equal(t, 1, c.Misses, "one Get did not: count it in c.Misses")
	assert.Equal(t, 1, inner.Len(), "the one Put went to the wrapped log")
}

func TestDescribe(t *testing.T) {
	m := NewMapStore()
	require.NotNil(t, m, "NewMapStore returned nil")
	require.NoError(t, m.Put("a", "1"), "MapStore.Put(\"a\", \"1\") in TestDescribe's setup: see TestStoreContract")

	tests := []struct {
		name string
		v    any
		want string
	}{
		{"nil", nil, "nil"},
		{"int", 42, "int 42"},
		{"string is quoted", "hi", `string "hi"`},
		{"Entry is caught before Stringer", Entry{"a", "1"}, "entry a=1"},
		{"any type with the Store methods matches the Store case", fakeStore{{"x", "1"}, {"y", "2"}}, "store with len 2"},
		{"*MapStore is a Store before it is a Stringer", m, "store with len 1"},
		{"ReadOnly is a Store", ReadOnly{Store: fakeStore{}}, "store with len 0"},
		{"error", errors.New("boom"), "error: boom"},
		{"other Stringer", 1500 * time.Millisecond, "stringer: 1.5s"},
		{"anything else names its type", 3.5, "unknown float64"},
		{"a slice names its type", []int{1}, "unknown []int"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, Describe(tc.v), "Describe(%#v): check the order of the cases in your type switch", tc.v)
		})
	}
}
