package main

import (
	"fmt"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"dsweekends/scripts/grade"
	"dsweekends/scripts/play"
)

func newPlayCmd(load loader) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "play",
		Short: "A live playground in your browser: your own code running, for you to poke at",
	}
	var reference bool
	var peers int
	raft := &cobra.Command{
		Use:   "raft",
		Short: "A live cluster of your Raft on a local web page: crash, restart, isolate, partition, lossy network, submit, pause and step; stops at a broken safety rule",
		Long: `play raft runs a 3- or 5-peer cluster of your Raft (phase3-raft/raft's Make) on the simulated
network, slowed to a watchable pace, and serves a page on 127.0.0.1 that shows each peer's role,
term, log and commit index, the messages in flight and the growing timeline of study viz. Crash,
restart or isolate a peer, cut the cluster in two, make the network lossy, submit commands, pause
and step time. When your code breaks a safety rule (two leaders in one term, peers that apply
different commands at one index) the page stops and shows where, with the graded tests' own
checks. Open the printed address in your browser; Ctrl-C ends the playground.

play raft는 여러분의 Raft(phase3-raft/raft의 Make) 3개 또는 5개 피어를 시뮬레이션 네트워크에서
천천히 실행하고, 127.0.0.1에 페이지를 띄웁니다: 피어마다 역할·텀·로그·커밋 인덱스, 오가는 메시지,
study viz의 타임라인이 자랍니다. 피어를 죽이고 되살리고 고립시키고, 클러스터를 둘로 나누고, 네트워크를
불안정하게 만들고, 명령을 넣고, 시간을 멈추거나 한 걸음씩 진행하세요. 안전 규칙(한 텀에 리더 둘,
같은 인덱스에 다른 명령)이 깨지면 채점 테스트와 같은 검사로 멈추고 어디인지 보여 줍니다.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			if peers != 3 && peers != 5 {
				return &exitError{code: exitUsage, err: fmt.Errorf("--peers: 3 or 5, not %d", peers)}
			}
			overlay := ""
			if reference {
				ov, err := grade.SolutionOverlay(a.root, a.rm.Exercises)
				if err != nil {
					return &exitError{code: exitUsage, err: err}
				}
				defer os.Remove(ov)
				overlay = ov
			}
			dir, err := os.MkdirTemp("", "study-play-*")
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			defer os.RemoveAll(dir)
			a.Printf("%s\n", a.T("building your Raft…", "Raft를 빌드하는 중…"))
			bin, err := play.Build(cmd.Context(), a.root, dir, overlay)
			if err != nil {
				return &exitError{code: exitFailed, err: err}
			}
			title := a.T("your Raft", "내 Raft")
			if reference {
				title = a.T("the reference Raft", "참고 구현 Raft")
			}
			s, err := play.Start(cmd.Context(), play.Options{Binary: bin, Peers: peers, Title: title})
			if err != nil {
				return &exitError{code: exitFailed, err: err}
			}
			defer s.Close()
			a.Printf("%s %s\n%s\n", a.T("playground:", "놀이터:"), s.URL,
				a.T("open it in your browser; Ctrl-C ends it", "브라우저에서 여세요. Ctrl-C로 끝냅니다"))
			stop := make(chan os.Signal, 1)
			signal.Notify(stop, os.Interrupt)
			defer signal.Stop(stop)
			select {
			case <-stop:
			case <-cmd.Context().Done():
			case <-s.Exited():
				a.Printf("%s\n%s\n", a.T("the cluster's process ended; its last output:", "클러스터 프로세스가 끝났습니다. 마지막 출력:"), lastLines(s.Output(), 30))
				a.Printf("%s\n", a.T("(the page keeps showing it; Ctrl-C ends the playground)", "(페이지에 계속 보입니다. Ctrl-C로 끝냅니다)"))
				select {
				case <-stop:
				case <-cmd.Context().Done():
				}
			}
			return nil
		},
	}
	raft.Flags().BoolVar(&reference, "reference", false, "run the reference solution instead of your code")
	raft.Flags().IntVar(&peers, "peers", 5, "how many peers: 3 or 5")
	cmd.AddCommand(raft)
	return cmd
}
