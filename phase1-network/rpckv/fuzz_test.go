package rpckv

import (
	"bytes"
	"encoding/gob"
	"io"
	"net"
	"net/rpc"
	"testing"
)

// FuzzServeConn feeds arbitrary bytes to the KV's RPC server: whatever
// arrives, ServeConn must neither panic nor hang, and the KV must stay
// usable.
func FuzzServeConn(f *testing.F) {
	// A well-formed request, as net/rpc's gob codec writes it.
	var good bytes.Buffer
	enc := gob.NewEncoder(&good)
	_ = enc.Encode(rpc.Request{ServiceMethod: ServiceName + ".Append", Seq: 1})
	_ = enc.Encode(AppendArgs{Key: "k", Value: "v", Client: 1, Seq: 1})
	f.Add(good.Bytes())
	f.Add([]byte{0x05, 1, 2, 3})
	f.Add([]byte("GET / HTTP/1.0\r\n\r\n"))
	f.Add(bytes.Repeat([]byte{0xff}, 64))
	f.Fuzz(func(t *testing.T, junk []byte) {
		kv := NewKV()
		srv := rpc.NewServer()
		if err := srv.RegisterName(ServiceName, kv); err != nil {
			t.Fatal(err)
		}
		server, client := net.Pipe()
		done := make(chan struct{})
		go func() { defer close(done); srv.ServeConn(server) }()
		drained := make(chan struct{})
		go func() { defer close(drained); _, _ = io.Copy(io.Discard, client) }() // replies, if any
		_, _ = client.Write(junk)
		client.Close()
		<-done
		<-drained
		var reply GetReply
		if err := kv.Get(&GetArgs{Key: "k"}, &reply); err != nil {
			t.Fatalf("the KV broke after garbage: %v", err)
		}
	})
}
