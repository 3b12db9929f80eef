// Provided — no need to edit.

package chat

import (
	"maps"
	"slices"
)

// roomSet is room membership bookkeeping: room name → members. A room exists
// while it has members. It is plain maps, not safe for concurrent use: the
// Server guards it with its own mutex. C is the Server's client type (for
// example *client).
type roomSet[C comparable] map[string]map[C]struct{}

// join adds c to room and reports whether c was not already a member.
func (rs roomSet[C]) join(room string, c C) bool {
	if rs.has(room, c) {
		return false
	}
	if rs[room] == nil {
		rs[room] = make(map[C]struct{})
	}
	rs[room][c] = struct{}{}
	return true
}

// leave removes c from room, deleting the room when it becomes empty, and
// reports whether c was a member.
func (rs roomSet[C]) leave(room string, c C) bool {
	if !rs.has(room, c) {
		return false
	}
	delete(rs[room], c)
	if len(rs[room]) == 0 {
		delete(rs, room)
	}
	return true
}

// has reports whether c is a member of room.
func (rs roomSet[C]) has(room string, c C) bool {
	_, ok := rs[room][c]
	return ok
}

// members returns room's members, in no particular order. It is a copy, so
// the caller may change the set (drop a member, say) while going through it.
func (rs roomSet[C]) members(room string) []C {
	return slices.Collect(maps.Keys(rs[room]))
}

// of returns the rooms c is a member of, sorted.
func (rs roomSet[C]) of(c C) []string {
	var in []string
	for room, m := range rs {
		if _, ok := m[c]; ok {
			in = append(in, room)
		}
	}
	slices.Sort(in)
	return in
}
