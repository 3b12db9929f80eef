// Provided — no need to edit.

// Command webhello runs either side of the webhello exercise.
//
//	go run ./phase0-go/cmd/webhello serve -addr 127.0.0.1:8080 -lang ko
//	go run ./phase0-go/cmd/webhello greet -url http://127.0.0.1:8080 민수 Ana
//	curl http://127.0.0.1:8080/hello/Ana
//
// serve runs webhello.NewHandler in an http.Server until Ctrl-C, then shuts it
// down gracefully. greet calls webhello.Greet once per argument.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"time"

	"dsweekends/phase0-go/webhello"
)

const usage = "usage: webhello serve [-addr host:port] [-lang en|ko]\n       webhello greet [-url http://host:port] NAME..."

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address (serve)")
	lang := fs.String("lang", "en", "greeting language, en or ko (serve)")
	url := fs.String("url", "http://127.0.0.1:8080", "server URL (greet)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch args[0] {
	case "serve":
		var g webhello.Greeter = webhello.English{}
		if *lang == "ko" {
			g = webhello.Korean{}
		}
		srv := &http.Server{Addr: *addr, Handler: webhello.NewHandler(g), ReadHeaderTimeout: 10 * time.Second}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		go func() {
			<-ctx.Done()
			shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			srv.Shutdown(shutdownCtx)
		}()
		fmt.Println("listening on", *addr, "- Ctrl-C to stop")
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	case "greet":
		c := &http.Client{Timeout: 5 * time.Second}
		for _, name := range fs.Args() {
			msg, err := webhello.Greet(c, *url, name)
			if err != nil {
				return err
			}
			fmt.Println(msg)
		}
		return nil
	default:
		return fmt.Errorf("unknown command %q\n%s", args[0], usage)
	}
}
