package wordcount

import (
	"io"
	"syscall"
	"testing"
	"time"

	"dsweekends/phase2-mapreduce/corpus"
	"dsweekends/phase2-mapreduce/mrapps"
)

// BenchmarkSequential64MiB runs word count (mrapps "wc") with Sequential over
// 64 MiB of generated text: the figure a distributed run should beat.
//
//	go test -run '^$' -bench Sequential -benchtime 1x ./phase2-mapreduce/wordcount/
func BenchmarkSequential64MiB(b *testing.B) {
	const size = 64 << 20
	files, err := corpus.Generate(b.TempDir(), corpus.Options{Seed: 64, Files: 16, TotalBytes: size})
	if err != nil {
		b.Fatal(err)
	}
	wc, err := mrapps.Lookup("wc")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	start := cpuTime()
	for b.Loop() {
		if err := Sequential(wc, files, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op")
}

// cpuTime is the CPU time (user + system) this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
