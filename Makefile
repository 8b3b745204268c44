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
DIALECT    ?= envelope
FUZZTIME   ?= 30s
CI_FUZZTIME ?= 5s
REPORT     ?= $(REPORT_DIR)/conformance.json
FINDING    ?=

.PHONY: chromium libfuzzer awscli conformance test emulator mutants bench fuzz replay

## conformance: run the conformance suite (default: against the embedded emulator)
# Not echoed: ARGS may carry -header values, which are secrets.
conformance:
	@$(GO) test -C suites -count=1 -timeout=30m -args \
		-endpoint='$(ENDPOINT)' -seed=$(SEED) -budget=$(BUDGET) -dialect='$(DIALECT)' \
		-report-dir='$(abspath $(REPORT_DIR))' $(ARGS)

## test: the project's own tests (what CI runs), and the example module
## outside the main module, which tests a Go handler with conformance.Test;
## then the proof that conformance.Fuzz finds the byte-level mutants (alone:
## it fuzzes for seconds), the libFuzzer build of the example's fuzz target
## (ClusterFuzzLite's build path: it builds, runs on the seed corpus, and
## its faulty twin crashes on a seed) and every fuzz target for CI_FUZZTIME
## chromium: Debian's chromium for the HTML report's rendering test, when
## missing and we may install it (root, apt-get); else that test skips and
## says why
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1 \
			|| echo "make: could not install chromium; the HTML rendering test will skip" >&2; \
	fi

## awscli: Debian's AWS CLI (botocore's client: the aws emulator's test
## against a second implementation of the protocol), when no aws command
## is on PATH and we may install it (root, apt-get); else that test skips
## and says why
awscli:
	@if ! command -v aws >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq awscli; } >/dev/null 2>&1 \
			|| echo "make: could not install awscli; the AWS CLI test will skip" >&2; \
	fi

## libfuzzer: Debian's clang and libFuzzer (bookworm: clang 14 and
## libfuzzer-14-dev) for the proof of ClusterFuzzLite's build path, when
## clang++ cannot link -fsanitize=fuzzer and we may install them (root,
## apt-get); else that test skips and says why
libfuzzer:
	@if ! printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n' \
			| clang++ -x c++ -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1 \
		&& [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libfuzzer-14-dev; } >/dev/null 2>&1 \
			|| echo "make: could not install clang and libfuzzer-14-dev; the libFuzzer build test will skip" >&2; \
	fi

test: chromium libfuzzer awscli
	$(GO) vet ./...
	$(GO) test -count=1 -timeout=20m -skip='^TestFuzzFindsByteLevelMutants$$' ./...
	cd examples/gohandler && $(GO) vet ./... && $(GO) vet -tags faulty ./... && $(GO) test -count=1 ./...
	$(GO) test -count=1 -timeout=10m -run='^TestFuzzFindsByteLevelMutants$$' ./fuzztargets/
	CONFORMANCE_LIBFUZZER=1 $(GO) test -count=1 -timeout=30m -run='^TestLibFuzzerBuild$$' -v ./fuzztargets/
	$(MAKE) --no-print-directory fuzz FUZZTIME=$(CI_FUZZTIME) ENDPOINT=

## replay: re-send one finding of a report and say whether it still fails
## (FINDING: its number, a rule id, or rule-N as in findings/; ENDPOINT:
## another URL than the report's; ARGS: e.g. -header 'Authorization: ...')
# Not echoed: ARGS may carry -header values, which are secrets.
replay:
	@$(GO) run ./cmd/conformance replay '$(REPORT)' '$(FINDING)' $(if $(ENDPOINT),-endpoint='$(ENDPOINT)') $(ARGS)

## emulator: run the reference emulator on 127.0.0.1:$(PORT) (MUTANT=name: a faulty variant;
## DIALECT=aws: the AWS JSON 1.1 protocol of CloudWatch Logs)
emulator:
	$(GO) run ./cmd/emulator -addr 127.0.0.1:$(PORT) -dialect '$(DIALECT)' -mutant '$(MUTANT)'

## mutants: print the kill matrix of the mutant zoo
mutants:
	$(GO) run ./cmd/mutants

## bench: pipeline vs loopback limit, fuzzing vs its floor (the example
## handler and a trivial one), time to first finding, memory; then
## the parts: generating each property, the emulator's parse, judging a
## request body and a response, one fuzz input
bench:
	$(GO) test -run='^$$' -bench=. -benchtime=1x -count=1 -timeout=30m ./bench/
	$(GO) test -run='^$$' -bench=. -benchmem -count=1 -timeout=10m ./generators/ ./spec/ ./fuzzcheck/
	$(GO) test -run='^$$' -bench=BenchmarkDo -benchmem -count=1 ./transport/

## fuzz: run each fuzz target for FUZZTIME (Go's -fuzztime: 30s, 2m, 1000x):
## the emulator through conformance.Fuzz, the oracle, the compiled request
## verdict against kin-openapi, the verdict's JSON reader against
## encoding/json, its date-time matcher against the format's pattern,
## the transport, the emulator's body reader
## and the example handler. With ENDPOINT (a URL), campaigns with fresh
## seeds (the mutate property among them) run against it instead, one after
## the other until FUZZTIME (s, m or h) is spent or one finds something.
# Not echoed: ARGS may carry -header values, which are secrets.
fuzz:
ifeq ($(strip $(ENDPOINT)),)
	GO=$(GO) .ci/fuzz-one ./fuzztargets FuzzEmulator $(FUZZTIME)
	GO=$(GO) .ci/fuzz-one ./fuzztargets FuzzOracle $(FUZZTIME)
	GO=$(GO) .ci/fuzz-one ./spec FuzzRequestVerdict $(FUZZTIME)
	GO=$(GO) .ci/fuzz-one ./verdict FuzzDecodeText $(FUZZTIME)
	GO=$(GO) .ci/fuzz-one ./verdict FuzzDateTimeMatchesAsThePattern $(FUZZTIME)
	GO=$(GO) .ci/fuzz-one ./transport FuzzDo $(FUZZTIME)
	GO=$(GO) .ci/fuzz-one ./emulator FuzzDecode $(FUZZTIME)
	GO=$(GO) .ci/fuzz-one ./examples/gohandler FuzzPutDestination $(FUZZTIME)
else
	@secs=$$(echo '$(FUZZTIME)' | awk '/^[0-9]+s$$/ {print $$0+0; next} /^[0-9]+m$$/ {print 60*$$0; next} /^[0-9]+h$$/ {print 3600*$$0; next} {print -1}'); \
	if [ "$$secs" -lt 0 ]; then echo "make fuzz: FUZZTIME=$(FUZZTIME): want seconds, minutes or hours (30s, 5m, 1h) with ENDPOINT" >&2; exit 2; fi; \
	end=$$(( $$(date +%s) + secs )); runs=0; \
	while [ "$$(date +%s)" -lt "$$end" ]; do \
		runs=$$((runs + 1)); \
		$(MAKE) --no-print-directory conformance SEED=0 || { echo "make fuzz: campaign $$runs found something (report in $(REPORT_DIR))" >&2; exit 1; }; \
	done; \
	echo "make fuzz: $$runs campaigns against the endpoint in $(FUZZTIME), each with a fresh seed and the mutate property: no finding"
endif
