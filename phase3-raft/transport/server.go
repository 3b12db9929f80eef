// Package transport carries the course's RPCs ("Raft.AppendEntries", "KVServer.Get", …) between
// real processes over TCP, so that Raft and KV code written for the simulated network (simnet)
// runs unchanged as a cluster of OS processes.
//
// A [Server] exposes receivers whose exported methods have simnet's handler shape,
// func (x *T) M(args *A, reply *R), under the names "T.M". An [End] is a client of one server and
// implements raftapi.ClientEnd: Call returns true when a reply came and false otherwise, after at
// most one per-call timeout. A dead peer costs one timeout; the End then reconnects in the
// background while later calls fail at once, so a caller never hangs.
//
// On the wire it is net/rpc over TCP with gob: one net/rpc method, Node.Dispatch, carries the
// method name and the gob encoding of the arguments, and returns the gob encoding of the reply.
package transport

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"net"
	"net/rpc"
	"reflect"
	"sync"
)

// Request is what an End sends for one call: the method ("Raft.RequestVote") and the gob
// encoding of the arguments.
type Request struct {
	Method string
	Args   []byte
}

// Response is a server's answer to a Request: the gob encoding of the reply, or Problem, a
// sentence saying why the call could not work (unknown method, undecodable arguments).
type Response struct {
	Reply   []byte
	Problem string
}

// Observer is called by a server after each handler returns, with the method name, the decoded
// arguments and the reply the handler filled in (both pointers). It must not keep them.
type Observer func(method string, args, reply any)

// Server serves the handlers of its registered receivers on a listener. It is safe for
// concurrent use.
type Server struct {
	rpcs *rpc.Server

	mu       sync.Mutex
	services map[string]*service
	observer Observer
	lns      map[net.Listener]struct{}
	conns    map[net.Conn]struct{}
	closed   bool

	conn     sync.WaitGroup // ServeConn goroutines
	handlers sync.WaitGroup // running handlers
}

// service is one receiver's handlers.
type service struct {
	receiver reflect.Value
	handlers map[string]handler
}

// handler is one method of shape func (x *T) M(args *A, reply *R).
type handler struct {
	fn        reflect.Value
	argsType  reflect.Type // A
	replyType reflect.Type // R
}

// dispatcher is the one net/rpc receiver: Node.Dispatch.
type dispatcher struct{ s *Server }

// NewServer returns a server with no receivers.
func NewServer() *Server {
	s := &Server{rpcs: rpc.NewServer(), services: map[string]*service{},
		lns: map[net.Listener]struct{}{}, conns: map[net.Conn]struct{}{}}
	if err := s.rpcs.RegisterName("Node", &dispatcher{s}); err != nil {
		panic(fmt.Sprintf("transport: registering the dispatcher: %v", err)) // cannot happen: Dispatch has the net/rpc shape
	}
	return s
}

// Register adds the handlers of receiver, a non-nil pointer to a named type, under the type's
// name: a *Raft's RequestVote is called as "Raft.RequestVote". Exported methods of other shapes
// (Kill, GetState, Start, …) are ignored. Registering a second receiver of the same type name
// replaces the first.
func (s *Server) Register(receiver any) error {
	t := reflect.TypeOf(receiver)
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Name() == "" || reflect.ValueOf(receiver).IsNil() {
		return fmt.Errorf("transport: Register needs a non-nil pointer to a named type, got %T", receiver)
	}
	svc := &service{receiver: reflect.ValueOf(receiver), handlers: map[string]handler{}}
	for m := range t.Methods() {
		mt := m.Type
		if mt.NumIn() != 3 || mt.NumOut() != 0 || mt.In(1).Kind() != reflect.Pointer || mt.In(2).Kind() != reflect.Pointer {
			continue
		}
		svc.handlers[m.Name] = handler{fn: m.Func, argsType: mt.In(1).Elem(), replyType: mt.In(2).Elem()}
	}
	if len(svc.handlers) == 0 {
		return fmt.Errorf("transport: %T has no handler of the form func (x %s) M(args *A, reply *R)", receiver, t)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.services[t.Elem().Name()] = svc
	return nil
}

// SetObserver makes the server call f after every handler returns (nil: no observer).
func (s *Server) SetObserver(f Observer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.observer = f
}

// ErrServerClosed is returned by Serve after Close.
var ErrServerClosed = errors.New("transport: server closed")

// Serve accepts connections on ln and serves each until Close. It returns ErrServerClosed after
// Close, or the listener's error.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = ln.Close()
		return ErrServerClosed
	}
	s.lns[ln] = struct{}{}
	s.mu.Unlock()
	for {
		c, err := ln.Accept()
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			delete(s.lns, ln)
			s.mu.Unlock()
			if closed {
				return ErrServerClosed
			}
			return fmt.Errorf("transport: accept: %w", err)
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			_ = c.Close()
			continue
		}
		s.conns[c] = struct{}{}
		s.conn.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.conn.Done()
			s.rpcs.ServeConn(c) // returns when the connection closes; it closes c
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
		}()
	}
}

// Close stops every Serve, closes every connection, and waits until their goroutines and every
// running handler have returned. Stop whatever a handler may be waiting for (Kill the peer)
// before calling Close.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	var errs []error
	for ln := range s.lns {
		errs = append(errs, ln.Close())
	}
	for c := range s.conns {
		_ = c.Close() // the ServeConn goroutine may have closed it already
	}
	s.mu.Unlock()
	s.conn.Wait()
	s.handlers.Wait()
	return errors.Join(errs...)
}

// Dispatch runs the handler a Request names. It is the one method net/rpc sees.
func (d *dispatcher) Dispatch(req *Request, resp *Response) error {
	s := d.s
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrServerClosed
	}
	s.handlers.Add(1)
	obs := s.observer
	svcName, name, _ := cutMethod(req.Method)
	svc := s.services[svcName]
	s.mu.Unlock()
	defer s.handlers.Done()

	if svc == nil {
		resp.Problem = fmt.Sprintf("%s: no service %q here", req.Method, svcName)
		return nil
	}
	h, ok := svc.handlers[name]
	if !ok {
		resp.Problem = fmt.Sprintf("%s: service %s has no handler %q", req.Method, svcName, name)
		return nil
	}
	args := reflect.New(h.argsType)
	if err := gob.NewDecoder(bytes.NewReader(req.Args)).DecodeValue(args); err != nil {
		resp.Problem = fmt.Sprintf("%s: cannot decode the args into a *%s: %v", req.Method, h.argsType, err)
		return nil
	}
	reply := reflect.New(h.replyType)
	h.fn.Call([]reflect.Value{svc.receiver, args, reply})
	if obs != nil {
		obs(req.Method, args.Interface(), reply.Interface())
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).EncodeValue(reply); err != nil {
		resp.Problem = fmt.Sprintf("%s: cannot encode the reply %s: %v", req.Method, reply.Type(), err)
		return nil
	}
	resp.Reply = buf.Bytes()
	return nil
}

// cutMethod splits "Service.Method".
func cutMethod(method string) (svc, name string, ok bool) {
	for i := range len(method) {
		if method[i] == '.' {
			return method[:i], method[i+1:], i > 0 && i < len(method)-1
		}
	}
	return "", method, false
}
