# The harness's entry points. Every variable maps onto a flag of the suite
# (see README, "Flags"); ARGS is passed to the suite verbatim.
GO         ?= go
ENDPOINT   ?=
SEED       ?= 0
BUDGET     ?= 100
REPORT_DIR ?= reports/out
ARGS       ?=
PORT       ?= 8080
MUTANT     ?=
FUZZTIME   ?= 30s

.PHONY: conformance test emulator mutants bench fuzz

## conformance: run the conformance suite (default: against the embedded emulator)
# Not echoed: ARGS may carry -header values, which are secrets.
conformance:
	@$(GO) test -C suites -count=1 -timeout=30m -args \
		-endpoint='$(ENDPOINT)' -seed=$(SEED) -budget=$(BUDGET) \
		-report-dir='$(abspath $(REPORT_DIR))' $(ARGS)

## test: the project's own tests (what CI runs), and the example module
## outside the main module, which tests a Go handler with conformance.Test
test:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout=20m ./...
	cd examples/gohandler && $(GO) vet ./... && $(GO) test -count=1 ./...

## emulator: run the reference emulator on 127.0.0.1:$(PORT) (MUTANT=name: a faulty variant)
emulator:
	$(GO) run ./cmd/emulator -addr 127.0.0.1:$(PORT) -mutant '$(MUTANT)'

## mutants: print the kill matrix of the mutant zoo
mutants:
	$(GO) run ./cmd/mutants

## bench: pipeline vs loopback limit, time to first finding, memory; then
## the parts: generating each property, the emulator's parse, judging a response
bench:
	$(GO) test -run='^$$' -bench=. -benchtime=1x -count=1 -timeout=30m ./bench/
	$(GO) test -run='^$$' -bench=. -benchmem -count=1 -timeout=10m ./generators/ ./spec/

## fuzz: run each wire-level fuzz target for FUZZTIME
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzEmulatorWire$$' -fuzztime=$(FUZZTIME) ./fuzz/
	$(GO) test -run='^$$' -fuzz='^FuzzOracle$$' -fuzztime=$(FUZZTIME) ./fuzz/
	$(GO) test -run='^$$' -fuzz='^FuzzDo$$' -fuzztime=$(FUZZTIME) ./transport/
	$(GO) test -run='^$$' -fuzz='^FuzzDecode$$' -fuzztime=$(FUZZTIME) ./emulator/
