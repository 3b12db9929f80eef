package simnet

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// ErrBadHandler is wrapped by the error [NewService] returns when an exported method looks like
// an RPC handler but does not have the shape func (r *T) M(args *A, reply *R).
var ErrBadHandler = errors.New("simnet: bad RPC handler")

// Server is the receiving side of one peer: a set of services, registered on a [Network] under a
// name with [Network.AddServer]. A Server is safe for concurrent use.
type Server struct {
	mu       sync.Mutex
	services map[string]*Service // service name → service
	count    int                 // requests delivered to this server
}

// NewServer returns a server with no services.
func NewServer() *Server {
	return &Server{services: make(map[string]*Service)}
}

// AddService adds svc to the server under the service's name, replacing a service of the same
// name. A nil svc is ignored.
func (s *Server) AddService(svc *Service) {
	if svc == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.services[svc.name] = svc
}

func (s *Server) rpcCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

// dispatch runs the handler req names and returns its encoded reply. It runs on a handler
// goroutine started by Call.
func (s *Server) dispatch(req request) result {
	s.mu.Lock()
	s.count++
	svc := s.services[req.service]
	var known []string
	if svc == nil {
		for _, other := range s.services {
			known = append(known, other.methodNames()...)
		}
	}
	s.mu.Unlock()
	if svc == nil {
		return result{problem: fmt.Sprintf("Call(%q): the server has no service %q; it has: %s",
			req.method, req.service, listOrNone(known))}
	}
	return svc.call(req)
}

// Service is one receiver's RPC handlers, created by [NewService] and added to a [Server].
type Service struct {
	name     string
	receiver reflect.Value
	handlers map[string]handler // method name → handler
}

// handler is one method of shape func (r *T) M(args *A, reply *R).
type handler struct {
	fn        reflect.Value // the method as a function whose first parameter is the receiver
	argsType  reflect.Type  // A
	replyType reflect.Type  // R
}

// NewService collects the RPC handlers of receiver, which must be a non-nil pointer to a named
// type, such as a *Raft. The service is named after the type ("Raft"), and each handler is called
// as "Raft.Method".
//
// An RPC handler is an exported method of the form
//
//	func (rf *Raft) RequestVote(args *RequestVoteArgs, reply *RequestVoteReply)
//
// with no results: the handler reports back only through *reply. The rule NewService applies is:
// an exported method with exactly two parameters whose second parameter is a pointer or a struct
// is meant to be a handler, and if it is not exactly of the form above, NewService returns an
// error (wrapping [ErrBadHandler]) naming the method and the signature it should have. A common
// case is a net/rpc habit, a handler that returns an error. Every other exported method is not a
// handler and is ignored: Kill(), GetState(), Start(command any), Snapshot(index int, snapshot
// []byte) and the like are the peer's local API. Unexported methods are invisible to the network.
func NewService(receiver any) (*Service, error) {
	t := reflect.TypeOf(receiver)
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Name() == "" {
		return nil, fmt.Errorf("simnet: NewService needs a pointer to a named type, like &Raft{}; got %T", receiver)
	}
	v := reflect.ValueOf(receiver)
	if v.IsNil() {
		return nil, fmt.Errorf("simnet: NewService got a nil %T; pass the peer itself", receiver)
	}
	svc := &Service{name: t.Elem().Name(), receiver: v, handlers: make(map[string]handler)}
	var bad []error
	for m := range t.Methods() { // exported methods only, sorted by name
		if !looksLikeHandler(m.Type) {
			continue
		}
		if !isHandler(m.Type) {
			bad = append(bad, fmt.Errorf("%w: %s.%s is %s; want func (x *%s) %s(args *%s, reply *%s) with no results "+
				"(a handler answers only through *reply), or unexport it (lower-case name) if it is not an RPC handler",
				ErrBadHandler, svc.name, m.Name, signature(m.Type), svc.name, m.Name,
				baseType(m.Type.In(1)), baseType(m.Type.In(2))))
			continue
		}
		svc.handlers[m.Name] = handler{fn: m.Func, argsType: m.Type.In(1).Elem(), replyType: m.Type.In(2).Elem()}
	}
	if len(bad) > 0 {
		return nil, errors.Join(bad...)
	}
	return svc, nil
}

// looksLikeHandler reports whether a method type (receiver first) is meant as an RPC handler:
// two parameters after the receiver, the second a pointer or a struct (a reply).
func looksLikeHandler(t reflect.Type) bool {
	if t.NumIn() != 3 {
		return false
	}
	reply := t.In(2).Kind()
	return reply == reflect.Pointer || reply == reflect.Struct
}

// isHandler reports whether a method type (receiver first) is func(*A, *R) with no results.
func isHandler(t reflect.Type) bool {
	return t.NumIn() == 3 && t.NumOut() == 0 && !t.IsVariadic() &&
		t.In(1).Kind() == reflect.Pointer && t.In(2).Kind() == reflect.Pointer
}

// signature renders a method type without its receiver, as in "func(*raft.Args, raft.Reply) error".
func signature(t reflect.Type) string {
	ins := slices.Collect(t.Ins())[1:]
	outs := slices.Collect(t.Outs())
	return reflect.FuncOf(ins, outs, t.IsVariadic()).String()
}

// baseType is t without one level of pointer.
func baseType(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Pointer {
		return t.Elem()
	}
	return t
}

// methodNames lists the service's handlers as sorted "Service.Method" names.
func (svc *Service) methodNames() []string {
	names := make([]string, 0, len(svc.handlers))
	for name := range svc.handlers {
		names = append(names, svc.name+"."+name)
	}
	slices.Sort(names)
	return names
}

// call decodes the arguments, runs the handler and encodes its reply. It checks the caller's
// types first, so a wrong args or reply type is reported instead of half-decoded by gob.
func (svc *Service) call(req request) result {
	h, ok := svc.handlers[req.name]
	if !ok {
		return result{problem: fmt.Sprintf("Call(%q): service %s has no method %q (is it exported and "+
			"shaped func (x *%s) %s(args *A, reply *R)?); it has: %s",
			req.method, svc.name, req.name, svc.name, req.name, listOrNone(svc.methodNames()))}
	}
	if req.argsType != h.argsType {
		return result{problem: fmt.Sprintf("Call(%q): args is a %s but the handler takes a *%s",
			req.method, req.argsType, h.argsType)}
	}
	if want := reflect.PointerTo(h.replyType); req.replyType != want {
		return result{problem: fmt.Sprintf("Call(%q): reply is a %s but the handler fills in a %s",
			req.method, req.replyType, want)}
	}

	args := reflect.New(h.argsType)
	if err := gob.NewDecoder(bytes.NewReader(req.args)).DecodeValue(args); err != nil {
		return result{problem: fmt.Sprintf("Call(%q): cannot decode the args into a *%s: %v",
			req.method, h.argsType, err)}
	}
	reply := reflect.New(h.replyType)
	h.fn.Call([]reflect.Value{svc.receiver, args, reply})

	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).EncodeValue(reply); err != nil {
		return result{problem: fmt.Sprintf("Call(%q): cannot encode the reply %s: %v%s",
			req.method, reply.Type(), err, gobHint(err))}
	}
	return result{reply: buf.Bytes()}
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "(none)"
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}
