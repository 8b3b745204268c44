package fuzzcheck

import (
	"archive/zip"
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
)

// WriteSeedCorpus writes the target's seeds to w as a libFuzzer seed
// corpus: a zip archive with one file per input, named by the SHA-1 of
// its contents as libFuzzer names the inputs it keeps. ClusterFuzzLite and
// OSS-Fuzz take it as $OUT/<fuzzer>_seed_corpus.zip (go-118-fuzz-build
// ignores F.Add). Each file is the seed as LibFuzzerInput frames it for a
// fuzz function of one []byte built by go-118-fuzz-build.
func (t *Target) WriteSeedCorpus(w io.Writer) error {
	if _, err := t.Judge(); err != nil {
		return err
	}
	z := zip.NewWriter(w)
	seen := map[string]bool{}
	for _, s := range t.Seeds() {
		data := LibFuzzerInput(s)
		sum := sha1.Sum(data)
		name := hex.EncodeToString(sum[:])
		if seen[name] {
			continue
		}
		seen[name] = true
		f, err := z.Create(name)
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			return err
		}
	}
	return z.Close()
}

// LibFuzzerInput is the libFuzzer input that go-118-fuzz-build hands to a
// fuzz function func(t *testing.T, data []byte) as data: its F.Fuzz reads
// each argument from the raw input with go-fuzz-headers, and a []byte is a
// 4-byte big-endian length and that many bytes. Written by hand because
// the encoding side is in neither tool (go-fuzz-headers only consumes). An
// empty data has no such input (go-fuzz-headers refuses an empty
// remainder); every input of a Target has at least its mode byte.
func LibFuzzerInput(data []byte) []byte {
	out := make([]byte, 4, 4+len(data))
	binary.BigEndian.PutUint32(out, uint32(len(data)))
	return append(out, data...)
}

// FromLibFuzzerInput is the data a fuzz function of one []byte gets from
// a libFuzzer input under go-118-fuzz-build (the inverse of
// LibFuzzerInput, and go-fuzz-headers' GetBytes for any input): a length
// past the end of the input is taken modulo what is left, 0 as 30. The
// error is for an input go-118-fuzz-build does not call the function
// with.
func FromLibFuzzerInput(raw []byte) ([]byte, error) {
	if len(raw) < 4 {
		return nil, errors.New("a libFuzzer input of fewer than 5 bytes: go-118-fuzz-build does not call the fuzz function")
	}
	n := binary.BigEndian.Uint32(raw)
	rest := raw[4:]
	left := uint32(len(rest))
	if left == 0 {
		return nil, errors.New("a libFuzzer input of fewer than 5 bytes: go-118-fuzz-build does not call the fuzz function")
	}
	if n == 0 {
		n = 30
	}
	if n != left {
		n %= left
	}
	return rest[:n], nil
}
