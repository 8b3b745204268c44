// Command emulator serves the reference PutDestination emulator over HTTP.
//
// Usage:
//
//	emulator [-addr 127.0.0.1:8080]
//
// It prints "emulator listening on http://ADDR" once it accepts connections
// and shuts down gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/mutants"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("emulator", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port)")
	mutant := fs.String("mutant", "", "serve this faulty variant of the emulator instead (see make mutants), to see what a finding looks like")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fmt.Fprintln(stdout, "usage: emulator [-addr host:port]")
			fs.PrintDefaults()
			return 0
		}
		fmt.Fprintf(stderr, "emulator: %v (usage: emulator [-addr host:port])\n", err)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "emulator: unexpected argument %q (usage: emulator [-addr host:port])\n", fs.Arg(0))
		return 2
	}

	var handler http.Handler = emulator.New()
	if *mutant != "" {
		found := false
		for _, m := range mutants.All() {
			if m.Name == *mutant {
				handler, found = m.New(), true
			}
		}
		if !found {
			fmt.Fprintf(stderr, "emulator: -mutant %q: no such mutant (go run ./cmd/mutants lists them)\n", *mutant)
			return 2
		}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "emulator: cannot listen on %s: %v\n", *addr, err)
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "emulator listening on http://%s\n", ln.Addr())

	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "emulator: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	stop() // a second signal kills the process the default way
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		fmt.Fprintf(stderr, "emulator: shutdown: %v\n", err)
		return 1
	}
	return 0
}
