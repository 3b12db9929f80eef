// Provided — no need to edit.

package mr

import (
	"fmt"
	"hash/fnv"
	"net"
	"os"
	"path/filepath"
)

// IntermediateName is the name of the file map task mapTask writes for
// reduce task reduceTask: "mr-X-Y", as in Lab 1.
func IntermediateName(mapTask, reduceTask int) string {
	return fmt.Sprintf("mr-%d-%d", mapTask, reduceTask)
}

// OutputName is the name of reduce task reduceTask's output: "mr-out-Y".
func OutputName(reduceTask int) string { return fmt.Sprintf("mr-out-%d", reduceTask) }

// Partition says which reduce task (0 to nReduce-1) handles key. Every map
// task must use it, so that all values of a key meet in one reduce task.
func Partition(key string, nReduce int) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32()&0x7fffffff) % nReduce
}

// Listen opens the coordinator's listener. network is "unix" (the default
// when empty) or "tcp". An empty unix address means a socket in a fresh
// temporary directory, removed again when the listener is closed, so that
// coordinators running side by side (parallel tests) never collide; an
// empty tcp address means "127.0.0.1:0", a free port.
func Listen(network, address string) (net.Listener, error) {
	l, err := listen(network, address)
	if err == nil && listenHook != nil {
		l = listenHook(l)
	}
	return l, err
}

// listenHook, when a test sets it, wraps every listener Listen opens (the
// tests count the connections a coordinator accepts and closes).
var listenHook func(net.Listener) net.Listener

func listen(network, address string) (net.Listener, error) {
	switch network {
	case "", "unix":
		if address != "" {
			return net.Listen("unix", address)
		}
		dir, err := os.MkdirTemp("", "mr-")
		if err != nil {
			return nil, fmt.Errorf("mr: listen: %w", err)
		}
		l, err := net.Listen("unix", filepath.Join(dir, "coordinator.sock"))
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("mr: listen: %w", err)
		}
		return &tempDirListener{Listener: l, dir: dir}, nil
	case "tcp":
		if address == "" {
			address = "127.0.0.1:0"
		}
		return net.Listen("tcp", address)
	default:
		return nil, fmt.Errorf("mr: listen: unknown network %q (want unix or tcp)", network)
	}
}

// tempDirListener removes its temporary directory when closed.
type tempDirListener struct {
	net.Listener
	dir string
}

func (l *tempDirListener) Close() error {
	err := l.Listener.Close()
	os.RemoveAll(l.dir)
	return err
}
