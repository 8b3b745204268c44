// Command emulator serves the reference PutDestination emulator over HTTP.
//
// Usage:
//
//	emulator [-addr 127.0.0.1:8080] [-dialect envelope|aws] [-mutant NAME]
//
// With -dialect aws it speaks the AWS JSON 1.1 protocol of CloudWatch Logs
// (PutDestination, DescribeDestinations, DeleteDestination; see
// emulator.AWS), as LocalStack and moto do. It prints "emulator listening
// on http://ADDR" once it accepts connections and shuts down gracefully on
// SIGINT or SIGTERM.
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
	dialect := fs.String("dialect", "envelope", "envelope (the spec's JSON envelope) or aws (the AWS JSON 1.1 protocol of CloudWatch Logs)")
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
	zoo := mutants.All()
	switch *dialect {
	case "envelope":
	case "aws":
		handler, zoo = emulator.NewAWS(), mutants.AWS()
	default:
		fmt.Fprintf(stderr, "emulator: -dialect %q: want envelope or aws\n", *dialect)
		return 2
	}
	if *mutant != "" {
		found := false
		for _, m := range zoo {
			if m.Name == *mutant {
				handler, found = m.New(), true
			}
		}
		if !found {
			fmt.Fprintf(stderr, "emulator: -mutant %q: no such mutant of -dialect %s (go run ./cmd/mutants lists them)\n", *mutant, *dialect)
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
	go func() { errc <- srv.Serve(mutants.Listener(ln, handler)) }()
	fmt.Fprintf(stdout, "emulator listening on http://%s\n", ln.Addr())
	if *dialect == "aws" {
		fmt.Fprintf(stdout, "dialect aws: AWS JSON 1.1 (X-Amz-Target Logs_20140328.*), arns in account %s, signatures not verified\n", emulator.Account)
	}

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
