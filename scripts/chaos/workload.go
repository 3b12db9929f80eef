package chaos

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// KV is one client's connection to the key/value service. Each call must
// honour ctx's deadline. An error means the client does not know whether a
// Put or Append took effect.
type KV interface {
	Get(ctx context.Context, key string) (string, error)
	Put(ctx context.Context, key, value string) error
	Append(ctx context.Context, key, value string) error
	Close() error
}

// Load is the workload: Clients concurrent clients, each doing one operation
// at a time on Keys keys, for Duration.
type Load struct {
	Clients   int
	Keys      int
	Duration  time.Duration
	OpTimeout time.Duration // each operation's deadline (2 s by default)
	Seed      uint64
	// Mix is the share of Gets and Puts (the rest are Appends); zero means
	// a third each.
	GetShare, PutShare float64
	// FreshKeys makes every operation a Put of a new key (a throughput
	// benchmark, as etcd's own: nothing to check but still checked).
	FreshKeys bool
}

func (l Load) withDefaults() Load {
	if l.Clients <= 0 {
		l.Clients = 8
	}
	if l.Keys <= 0 {
		l.Keys = 10
	}
	if l.OpTimeout <= 0 {
		l.OpTimeout = 2 * time.Second
	}
	if l.GetShare == 0 && l.PutShare == 0 {
		l.GetShare, l.PutShare = 1.0/3, 1.0/3
	}
	return l
}

// Drive runs the load against clients made by dial (one per client) until
// Duration passes or ctx ends, recording every operation in h.
func Drive(ctx context.Context, l Load, h *History, dial func(client int) (KV, error)) error {
	l = l.withDefaults()
	kvs := make([]KV, l.Clients)
	for i := range kvs {
		kv, err := dial(i)
		if err != nil {
			for _, k := range kvs[:i] {
				k.Close()
			}
			return fmt.Errorf("chaos: client %d: %w", i, err)
		}
		kvs[i] = kv
	}
	defer func() {
		for _, k := range kvs {
			k.Close()
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, l.Duration)
	defer cancel()
	var wg sync.WaitGroup
	for i, kv := range kvs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client(ctx, l, i, kv, h)
		}()
	}
	wg.Wait()
	return nil
}

// errorPause is how long a client waits after a failed operation.
const errorPause = 50 * time.Millisecond

// client is one client's loop. Values are unique (client.seq) so that a
// value seen twice in a Get means an Append applied twice.
func client(ctx context.Context, l Load, id int, kv KV, h *History) {
	r := rand.New(rand.NewPCG(l.Seed, uint64(id)+1))
	for seq := 0; ctx.Err() == nil; seq++ {
		var in Input
		if l.FreshKeys {
			in = Input{Op: Put, Key: fmt.Sprintf("f%03d-%09d", id, seq), Value: fmt.Sprintf("v%03d.%09d", id, seq)}
		} else {
			in.Key = fmt.Sprintf("k%d", r.IntN(l.Keys))
			switch x := r.Float64(); {
			case x < l.GetShare:
				in.Op = Get
			case x < l.GetShare+l.PutShare:
				in.Op = Put
			default:
				in.Op = Append
			}
			if in.Op != Get {
				in.Value = fmt.Sprintf("%d.%d ", id, seq)
			}
		}
		opCtx, cancel := context.WithTimeout(ctx, l.OpTimeout)
		call := h.Since()
		var out Output
		var err error
		switch in.Op {
		case Get:
			out.Value, err = kv.Get(opCtx, in.Key)
		case Put:
			err = kv.Put(opCtx, in.Key, in.Value)
		default:
			err = kv.Append(opCtx, in.Key, in.Value)
		}
		cancel()
		ret := h.Since()
		if err != nil {
			out.Unknown = in.Op != Get
			if ctx.Err() != nil && errors.Is(err, context.Canceled) && in.Op == Get {
				return // the run ended mid-call: nothing observed
			}
		}
		h.Add(Op{Client: id, In: in, Out: out, Call: call, Return: ret, OK: err == nil})
		if err != nil {
			// A short pause after a failure, so that a cluster refusing
			// every call at once does not fill the history with writes
			// of unknown outcome (each one costs the checker).
			t := time.NewTimer(errorPause)
			select {
			case <-ctx.Done():
			case <-t.C:
			}
			t.Stop()
		}
	}
}
