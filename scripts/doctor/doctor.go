// Package doctor checks what the course needs on this machine — Go, the
// workspace, git, a C compiler for -race, redis-server, file watching, a
// terminal — and says how to fix each thing that is missing.
package doctor

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"dsweekends/scripts/watch"
)

// Check is one finding.
type Check struct {
	Name     string
	OK       bool
	Required bool   // a failing required check means the course cannot run
	Detail   string // what was found
	FixEn    string // how to fix it, when not OK
	FixKo    string
}

// Env is what doctor may look at; tests replace parts of it.
type Env struct {
	Root     string
	Getenv   func(string) string
	LookPath func(string) (string, error)
	Terminal bool
	// ProcVersion is /proc/version's content ("" where there is none): WSL says "microsoft" there.
	ProcVersion string
}

// Run performs every check.
func Run(ctx context.Context, e Env) []Check {
	var out []Check
	goVer := goEnv(ctx, e.Root, "GOVERSION")
	out = append(out, Check{Name: "Go", Required: true, OK: atLeast(goVer, 1, 26), Detail: orNone(goVer),
		FixEn: "install Go 1.26 or newer: https://go.dev/dl/", FixKo: "Go 1.26 이상을 설치하세요: https://go.dev/dl/"})

	work := goEnv(ctx, e.Root, "GOWORK")
	want := filepath.Join(e.Root, "go.work")
	out = append(out, Check{Name: "workspace (go.work)", Required: true, OK: work == want, Detail: orNone(work),
		FixEn: "run study from inside your clone, and do not set GOWORK=off", FixKo: "클론한 폴더 안에서 실행하고, GOWORK=off를 설정하지 마세요"})

	_, gitErr := e.LookPath("git")
	isRepo := false
	if gitErr == nil {
		cmd := exec.CommandContext(ctx, "git", "rev-parse", "--is-inside-work-tree")
		cmd.Dir = e.Root
		isRepo = cmd.Run() == nil
	}
	gitDetail := "git found; the workspace is a repository"
	switch {
	case gitErr != nil:
		gitDetail = "git not found"
	case !isRepo:
		gitDetail = "git found, but the workspace is not a repository"
	}
	out = append(out, Check{Name: "git", OK: gitErr == nil && isRepo, Detail: gitDetail,
		FixEn: "install git and commit your work (milestone tags and the portfolio need it): git init && git add -A && git commit -m start",
		FixKo: "git을 설치하고 작업을 커밋하세요 (마일스톤 태그와 포트폴리오에 필요): git init && git add -A && git commit -m start"})

	cgo := goEnv(ctx, e.Root, "CGO_ENABLED") == "1"
	out = append(out, Check{Name: "C compiler (for -race)", OK: cgo, Detail: map[bool]string{true: "cgo enabled", false: "cgo disabled: no C compiler found"}[cgo],
		FixEn: "install a C compiler so -race can find data races: sudo apt-get install gcc (Debian/Ubuntu), xcode-select --install (macOS)",
		FixKo: "-race로 데이터 레이스를 찾으려면 C 컴파일러를 설치하세요: sudo apt-get install gcc (Debian/Ubuntu), xcode-select --install (macOS)"})

	redis, redisErr := e.LookPath("redis-server")
	out = append(out, Check{Name: "redis-server (weekends 7–8)", OK: redisErr == nil || e.Getenv("REDIS_ADDR") != "", Detail: orNone(redis),
		FixEn: "install Redis for weekends 7–8: sudo apt-get install redis-server (Debian/Ubuntu), brew install redis (macOS); without it the tests use an in-process Redis and say so",
		FixKo: "주말 7–8을 위해 Redis를 설치하세요: sudo apt-get install redis-server (Debian/Ubuntu), brew install redis (macOS). 없으면 테스트는 프로세스 안의 Redis로 대신하고 그렇게 알려 줍니다"})

	wsl := strings.Contains(strings.ToLower(e.ProcVersion), "microsoft")
	events := false
	if dir, err := os.MkdirTemp(e.Root, ".doctor-"); err == nil {
		events = watch.Works(dir)
		os.RemoveAll(dir)
	}
	detail := "file events work here"
	switch {
	case !events:
		detail = "file events are not delivered in the workspace"
	case wsl && strings.HasPrefix(e.Root, "/mnt/"):
		detail = "WSL on a Windows drive: file events are unreliable there"
		events = false
	}
	out = append(out, Check{Name: "file watching (study watch)", OK: events, Detail: detail,
		FixEn: "use polling: study watch --poll, or put `poll: true` in study.yaml (or move the clone into the Linux file system, e.g. ~/)",
		FixKo: "폴링을 쓰세요: study watch --poll, 또는 study.yaml에 `poll: true` (또는 클론을 리눅스 파일 시스템, 예: ~/ 로 옮기세요)"})

	color := e.Terminal && e.Getenv("NO_COLOR") == "" && e.Getenv("TERM") != "dumb"
	out = append(out, Check{Name: "terminal colours", OK: true, Detail: map[bool]string{true: "on", false: "off (not a terminal, NO_COLOR set, or TERM=dumb): plain text"}[color]})
	return out
}

func goEnv(ctx context.Context, root, key string) string {
	cmd := exec.CommandContext(ctx, "go", "env", key)
	cmd.Dir = root
	b, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// atLeast reports whether a version like "go1.26.8" is at least major.minor.
func atLeast(v string, major, minor int) bool {
	v = strings.TrimPrefix(v, "go")
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return false
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(strings.TrimRightFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' }))
	if err1 != nil || err2 != nil {
		return false
	}
	return ma > major || ma == major && mi >= minor
}

func orNone(s string) string {
	if s == "" {
		return "not found"
	}
	return s
}

// String is a one-line summary, for tests and logs.
func (c Check) String() string { return fmt.Sprintf("%s ok=%v %s", c.Name, c.OK, c.Detail) }
