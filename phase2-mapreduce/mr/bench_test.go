package mr

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"dsweekends/phase2-mapreduce/corpus"
)

// BenchmarkMapReduce64MiB runs word count (mrapps "wc") over 64 MiB of
// generated text with 1 and 2 worker processes and reports MB/s and the
// largest worker's peak memory (worker-MiB, its max RSS). Compare with
// BenchmarkSequential64MiB in ../wordcount. On a busy machine, compare the
// CPU seconds too (worker-cpu-s/op): two workers on two idle cores take about
// half of that in wall time.
//
//	go test -run '^$' -bench MapReduce -benchtime 1x ./phase2-mapreduce/mr/
func BenchmarkMapReduce64MiB(b *testing.B) {
	const size = 64 << 20
	files, err := corpus.Generate(b.TempDir(), corpus.Options{Seed: 64, Files: 16, TotalBytes: size})
	if err != nil {
		b.Fatal(err)
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.SetBytes(size)
			var peak int64
			var cpu time.Duration
			for b.Loop() {
				p, c := runProcesses(b, files, workers)
				peak, cpu = max(peak, p), cpu+c
			}
			b.ReportMetric(float64(peak)/1024, "worker-MiB")
			b.ReportMetric(cpu.Seconds()/float64(b.N), "worker-cpu-s/op")
		})
	}
}

// runProcesses runs one job with an in-process coordinator and worker
// processes, and returns the largest worker max RSS in KiB and the CPU
// time (user + system) of all workers together.
func runProcesses(b *testing.B, files []string, workers int) (int64, time.Duration) {
	dir := b.TempDir()
	sock := filepath.Join(dir, "mr.sock")
	c, err := StartCoordinator(Config{Files: files, NReduce: 10, Dir: dir, Network: "unix", Address: sock})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	var cmds []*exec.Cmd
	for range workers {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), roleEnv+"=worker", "MR_TEST_ADDR="+sock, "MR_TEST_APP=wc")
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	var peak int64
	var cpu time.Duration
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			b.Fatalf("worker: %v", err)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss) // KiB on Linux
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	for !c.Done() {
		time.Sleep(time.Millisecond)
	}
	return peak, cpu
}
