// Command chat is a terminal client for the phase1-network/chat server, and
// can run the server too.
//
// Provided — no need to edit.
//
//	go run ./phase1-network/cmd/chat serve -addr 127.0.0.1:7000
//	go run ./phase1-network/cmd/chat -addr 127.0.0.1:7000 -nick alice   # terminal 2
//	go run ./phase1-network/cmd/chat -addr 127.0.0.1:7000 -nick bob     # terminal 3
//
// In the client, type /join #room, then plain lines to talk in that room.
// /msg <nick> <text> sends a direct message, /part leaves the room, /quit
// leaves the server; /help lists the commands.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"time"

	"dsweekends/phase1-network/chat"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole program: serve mode when args start with "serve", client
// mode otherwise. It returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "serve" {
		return serve(ctx, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:7000", "server address")
	nick := fs.String("nick", "", "your nick (required)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *nick == "" {
		fmt.Fprintln(stderr, "chat: -nick is required (or use: chat serve -addr host:port)")
		return 2
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "chat: %v\n", err)
		return 1
	}
	defer conn.Close()
	out := &printer{w: stdout}
	out.println("* connected to " + *addr + " — /help for commands")
	return client(ctx, conn, *nick, stdin, out)
}

// serve runs a chat server until ctx is cancelled (Ctrl-C).
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("chat serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:7000", "listen address")
	idle := fs.Duration("idle", 10*time.Minute, "disconnect clients idle this long (0: never)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "chat: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "chat server listening on %s (Ctrl-C to stop)\n", l.Addr())
	srv := &chat.Server{IdleTimeout: *idle}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "chat: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	srv.Close()
	if err := <-done; !errors.Is(err, chat.ErrServerClosed) {
		fmt.Fprintf(stderr, "chat: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "chat server stopped")
	return 0
}

// printer serialises writes from the server reader and the input loop.
type printer struct {
	mu sync.Mutex
	w  io.Writer
}

func (p *printer) println(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.w, s)
}

// client talks to the server on conn until the user quits, input ends or the
// server closes the connection.
func client(ctx context.Context, conn net.Conn, nick string, stdin io.Reader, out *printer) int {
	send := func(line string) error {
		_, err := io.WriteString(conn, line+"\n")
		return err
	}
	serverDone := make(chan struct{})
	go func() {
		defer close(serverDone)
		sc := bufio.NewScanner(conn)
		for sc.Scan() {
			out.println(format(sc.Text(), nick))
		}
		out.println("* connection closed")
	}()
	lines := make(chan string)
	go func() { // ends when stdin ends (the program exits otherwise)
		defer close(lines)
		sc := bufio.NewScanner(stdin)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-serverDone:
				return
			}
		}
	}()

	send("NICK " + nick)
	room := ""
	quit := func(reason string) int {
		send(strings.TrimSpace("QUIT " + reason))
		select {
		case <-serverDone:
		case <-time.After(5 * time.Second):
		}
		return 0
	}
	for {
		var line string
		var ok bool
		select {
		case line, ok = <-lines:
			if !ok {
				return quit("")
			}
		case <-serverDone:
			return 1
		case <-ctx.Done():
			return quit("interrupted")
		}
		cmd, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
		var err error
		switch cmd {
		case "":
			continue
		case "/help":
			out.println("/join #room · /part [#room] · /msg <nick> <text> · /nick <name> · /quit [reason] · anything else: say it in the room you joined last")
		case "/join":
			room = rest
			err = send("JOIN " + rest)
		case "/part":
			if rest == "" {
				rest = room
			}
			err = send("PART " + rest)
		case "/msg":
			err = send("MSG " + rest)
		case "/nick":
			nick = rest
			err = send("NICK " + rest)
		case "/quit":
			return quit(rest)
		default:
			if strings.HasPrefix(cmd, "/") {
				out.println("! unknown command " + cmd + " — /help")
				continue
			}
			if room == "" {
				out.println("! join a room first: /join #room")
				continue
			}
			err = send("MSG " + room + " " + strings.TrimSpace(line))
		}
		if err != nil {
			out.println("! " + err.Error())
			return 1
		}
	}
}

// format turns one server line into what a person reads.
func format(line, me string) string {
	f := strings.SplitN(line, " ", 4)
	switch {
	case len(f) == 4 && f[0] == "MSG" && strings.HasPrefix(f[1], "#"):
		return "[" + f[1] + "] " + f[2] + ": " + f[3]
	case len(f) == 4 && f[0] == "MSG" && f[2] == me && f[1] != me:
		return "[dm → " + f[1] + "] " + f[3]
	case len(f) == 4 && f[0] == "MSG":
		return "[dm from " + f[2] + "] " + f[3]
	case len(f) >= 3 && f[0] == "JOIN":
		return "* " + f[2] + " joined " + f[1]
	case len(f) >= 3 && f[0] == "PART":
		return "* " + f[2] + " left " + f[1] + " (" + strings.Join(f[3:], " ") + ")"
	case len(f) == 3 && f[0] == "OK" && f[1] == "NICK":
		return "* you are " + f[2]
	case f[0] == "ERR" && len(f) >= 3:
		return "! " + strings.Join(f[2:], " ") + " (" + f[1] + ")"
	case f[0] == "BYE":
		return "* server says bye: " + strings.TrimPrefix(line, "BYE ")
	}
	return line
}
