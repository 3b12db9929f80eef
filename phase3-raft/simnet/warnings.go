package simnet

import (
	"encoding"
	"encoding/gob"
	"fmt"
	"io"
	"reflect"
	"strings"
	"sync"
)

// warnings writes each distinct warning once. It is safe for concurrent use.
type warnings struct {
	mu      sync.Mutex
	w       io.Writer
	seen    map[string]bool       // keys of the warnings already written
	checked map[reflect.Type]bool // types whose fields were already checked
}

func (ws *warnings) setWriter(w io.Writer) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	ws.w = w
}

// once writes the warning unless a warning with the same key was written before.
func (ws *warnings) once(key, format string, a ...any) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	if ws.seen[key] {
		return
	}
	ws.seen[key] = true
	fmt.Fprintf(ws.w, "simnet: warning: "+format+"\n", a...)
}

// checkFields warns, once per type, about struct fields that gob will silently leave out of t.
func (ws *warnings) checkFields(t reflect.Type) {
	ws.mu.Lock()
	if ws.checked == nil {
		ws.checked = make(map[reflect.Type]bool)
	}
	done := ws.checked[t]
	ws.checked[t] = true
	ws.mu.Unlock()
	if done {
		return
	}
	if fields := unexportedFields(t); len(fields) > 0 {
		ws.once("fields:"+t.String(),
			"%s has lower-case fields that gob does not send: %s; the other peer always sees "+
				"them as zero values; capitalize them",
			t, strings.Join(fields, ", "))
	}
}

var (
	gobEncoderType    = reflect.TypeFor[gob.GobEncoder]()
	binaryMarshalType = reflect.TypeFor[encoding.BinaryMarshaler]()
)

// unexportedFields lists, as "Type.field", the unexported struct fields reachable from t: in t
// itself, in its fields, and in the elements of its pointers, slices, arrays and maps. Types
// that encode themselves (gob.GobEncoder, encoding.BinaryMarshaler, such as time.Time) are
// skipped, since gob does not look inside them.
func unexportedFields(t reflect.Type) []string {
	var found []string
	seen := make(map[reflect.Type]bool)
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		if encodesItself(t) {
			return
		}
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(t.Elem())
		case reflect.Map:
			walk(t.Key())
			walk(t.Elem())
		case reflect.Struct:
			for f := range t.Fields() {
				if !f.IsExported() {
					found = append(found, t.String()+"."+f.Name)
					continue
				}
				walk(f.Type)
			}
		}
	}
	walk(t)
	return found
}

func encodesItself(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return t.Implements(gobEncoderType) || p.Implements(gobEncoderType) ||
		t.Implements(binaryMarshalType) || p.Implements(binaryMarshalType)
}
