#!/bin/bash -eu
# Builds the libFuzzer binary of FuzzPutDestination and its seed corpus
# into $OUT, in ClusterFuzzLite's (and OSS-Fuzz's) base-builder-go image,
# from the module's root ($SRC/gohandler).

# The fuzz file's "testing" import becomes go-118-fuzz-build's package: the
# module must require it. Pinned to the version the harness's CI builds with.
go get github.com/AdamKorcz/go-118-fuzz-build/testing@v0.0.0-20250520111509-a70c2aa677fa

# go-118-fuzz-build ignores F.Add: the seeds go to the fuzzer as its seed
# corpus, <fuzzer>_seed_corpus.zip beside it, in the framing of its F.Fuzz.
# The command of the harness version go.mod requires (so, the same seeds);
# -mod=mod lets go add the go.sum lines of its packages, which the module's
# own imports need not have.
go run -mod=mod github.com/putdestination/conformance/cmd/conformance seed-corpus \
	-o "$OUT/FuzzPutDestination_seed_corpus.zip"

compile_native_go_fuzzer example.com/gohandler FuzzPutDestination FuzzPutDestination
