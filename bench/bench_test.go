package bench_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/generators"
	"github.com/putdestination/conformance/spec"
)

const (
	// requestsPerCase is what one unit of Budget costs: one request for each
	// of the four single-request properties (valid, invalid, wire, mutate)
	// and two for each of the two probe properties (upsert, distinct). A
	// campaign sends about Budget*requestsPerCase requests, plus the
	// preflight and the checks over the whole run (desync, revisit,
	// concurrency).
	requestsPerCase = 8

	// pipelineRequests is the size of the throughput runs, pipeline and
	// bare loop alike.
	pipelineRequests = 5000
	pipelineBudget   = pipelineRequests / requestsPerCase

	// workers is conformance.DefaultConfig().Workers, used by the bare loop too.
	workers = 4

	// The memory runs: ~10,000 then ~100,000 requests.
	memoryBudgetSmall = 10_000 / requestsPerCase
	memoryBudgetLarge = 100_000 / requestsPerCase
)

// fixedBody is the one valid body of the bare loop.
var fixedBody = []byte(`{"destinationName":"bench","targetArn":"arn:aws:kinesis:us-east-1:123456789012:stream/s","roleArn":"arn:aws:iam::123456789012:role/r"}`)

// tinyHandler is the server of the throughput runs: its cost is fixed and
// tiny whatever the request (it reads the body and answers one success
// envelope with a new id), so the pipeline figure measures the harness, not
// an implementation of the contract. It answers success to invalid
// requests too: the findings that makes are kept and recorded at most
// three per rule, a small fixed cost. bodyBytes counts what it read.
func tinyHandler(bodyBytes *atomic.Int64) http.Handler {
	var n atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		read, _ := io.Copy(io.Discard, r.Body)
		if bodyBytes != nil {
			bodyBytes.Add(read)
		}
		body := fmt.Appendf(nil, `{"success":true,"data":{"id":"id-%d","created_at":"2025-01-01T00:00:00Z"}}`, n.Add(1))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	})
}

// runCampaign runs one campaign of cfg against h, served over loopback by a
// fresh httptest server.
func runCampaign(b *testing.B, h http.Handler, cfg conformance.Config) *conformance.Result {
	b.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	return runCampaignAt(b, conformance.URL(srv.URL), cfg)
}

// runCampaignAt runs one campaign of cfg against target, through the
// front door.
func runCampaignAt(b *testing.B, target conformance.Target, cfg conformance.Config) *conformance.Result {
	b.Helper()
	res, err := conformance.Check(context.Background(), target, conformance.WithConfig(cfg))
	if err != nil || res.Interrupted {
		b.Fatalf("campaign: %v (interrupted %v)", err, res != nil && res.Interrupted)
	}
	return res
}

// pipelineConfig is the default configuration with a fixed seed, the given
// budget and no shrinking (only the campaign itself is measured).
func pipelineConfig(budget int) conformance.Config {
	cfg := conformance.DefaultConfig()
	cfg.Seed = 1
	cfg.Budget = budget
	cfg.Shrink = false
	return cfg
}

// pipelineOnce runs the full pipeline (generate, send, validate, record)
// against a fresh tinyHandler and returns its result, the total size of
// the request bodies it sent, and how many requests came on a connection of
// their own (asking for it to be closed after the answer).
func pipelineOnce(b *testing.B) (res *conformance.Result, bodyBytes, own int64) {
	b.Helper()
	var body, alone atomic.Int64
	tiny := tinyHandler(&body)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Close {
			alone.Add(1)
		}
		tiny.ServeHTTP(w, r)
	})
	res = runCampaign(b, h, pipelineConfig(pipelineBudget))
	return res, body.Load(), alone.Load()
}

func reqPerSec(n int64, d time.Duration) float64 { return float64(n) / d.Seconds() }

// BenchmarkPipeline is the harness's full pipeline against tinyHandler over
// loopback: one ~5,000-request campaign per iteration. Allocations count
// both ends; body-bytes/req is the mean request body, to compare with the
// bare loop's 134-byte body; own-connections/op counts the requests sent on
// a connection of their own. cpu-µs/req is the CPU time of the whole
// process (both ends, the collector included) over the requests: on a
// shared machine it moves far less from run to run than req/s, so it is
// the figure to compare two builds by.
func BenchmarkPipeline(b *testing.B) {
	b.ReportAllocs()
	var reqs, body, own int64
	var dur time.Duration
	cpu0, cpuOK := processCPU()
	for b.Loop() {
		res, n, o := pipelineOnce(b)
		reqs += res.Requests
		dur += res.Duration()
		body += n
		own += o
	}
	if cpu1, ok := processCPU(); ok && cpuOK {
		b.ReportMetric(float64((cpu1-cpu0).Microseconds())/float64(reqs), "cpu-µs/req")
	}
	b.ReportMetric(reqPerSec(reqs, dur), "req/s")
	b.ReportMetric(float64(reqs)/float64(b.N), "requests/op")
	b.ReportMetric(float64(body)/float64(reqs), "body-bytes/req")
	b.ReportMetric(float64(own)/float64(b.N), "own-connections/op")
}

// BenchmarkEmulatorParse is the reference emulator's own cost, on its own
// line: parsing the pipeline's valid bodies (the emulator is the plainest
// code of the repository, not a tuning target; this says what it costs
// when a run is pointed at it).
func BenchmarkEmulatorParse(b *testing.B) {
	s, err := spec.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	g, err := generators.New(s, generators.Options{})
	if err != nil {
		b.Fatal(err)
	}
	bodies := make([][]byte, 512)
	var total int64
	for i := range bodies {
		bodies[i] = g.Valid().Example(i).Body
		total += int64(len(bodies[i]))
	}
	// One iteration parses all 512 bodies, so that make bench's -benchtime=1x
	// still measures something.
	b.SetBytes(total)
	for b.Loop() {
		for _, body := range bodies {
			if _, err := emulator.Parse(body); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// bareTarget starts a fresh tinyHandler for a bare client's loop: its URL,
// the spec's request headers, and what stops it.
func bareTarget(b *testing.B) (url string, header http.Header, stop func()) {
	b.Helper()
	s, err := spec.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(tinyHandler(nil))
	return srv.URL, s.RequestHeaders(), srv.Close
}

// loopbackOnce posts fixedBody n times from `workers` goroutines to a fresh
// tinyHandler through a plain keep-alive net/http client, and returns the
// elapsed time.
func loopbackOnce(b *testing.B, n int64) time.Duration {
	b.Helper()
	url, header, stop := bareTarget(b)
	defer stop()
	tr := &http.Transport{MaxIdleConns: 2 * workers, MaxIdleConnsPerHost: 2 * workers}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}

	var next atomic.Int64
	var mu sync.Mutex
	var firstErr error
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
		}
	}
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for next.Add(1) <= n {
				req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(fixedBody))
				if err != nil {
					fail(err)
					return
				}
				req.Header = header.Clone()
				resp, err := hc.Do(req)
				if err != nil {
					fail(err)
					return
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err == nil && resp.StatusCode != http.StatusOK {
					err = fmt.Errorf("status %d", resp.StatusCode)
				}
				if err != nil {
					fail(err)
					return
				}
			}
		})
	}
	wg.Wait()
	d := time.Since(start)
	if firstErr != nil {
		b.Fatalf("bare loop: %v", firstErr)
	}
	return d
}

// BenchmarkLoopbackLimit is the ceiling the pipeline is compared with: the
// same tiny server, workers and number of requests, but one fixed body, no
// generation and no validation.
func BenchmarkLoopbackLimit(b *testing.B) {
	b.ReportAllocs()
	const n = pipelineBudget*requestsPerCase + 1 // as many as BenchmarkPipeline
	var dur time.Duration
	for b.Loop() {
		dur += loopbackOnce(b, n)
	}
	b.ReportMetric(reqPerSec(int64(n)*int64(b.N), dur), "req/s")
}

// BenchmarkPipelineRatio measures the pipeline and the bare loop back to
// back in the same process, so that both see the same machine state, and
// reports their ratio. Machine noise is reduced by running 5 alternating
// rounds (pipeline, bare loop, pipeline, ...) and taking the median of each;
// every bare-loop round sends as many requests as the pipeline round before
// it.
func BenchmarkPipelineRatio(b *testing.B) {
	const rounds = 5
	for b.Loop() {
		var pipe, loop []float64
		for range rounds {
			res, _, _ := pipelineOnce(b)
			pipe = append(pipe, reqPerSec(res.Requests, res.Duration()))
			loop = append(loop, reqPerSec(res.Requests, loopbackOnce(b, res.Requests)))
		}
		p, l := median(pipe), median(loop)
		b.ReportMetric(p, "pipeline-req/s")
		b.ReportMetric(l, "loopback-req/s")
		b.ReportMetric(p/l, "ratio")
	}
}

// recorded is one request the pipeline sent, as the server saw it: its
// method, body and whether it came on a connection of its own (the
// harness asks for those to be closed after the answer).
type recorded struct {
	method string
	body   []byte
	alone  bool
}

// recordingHandler is tinyHandler that also keeps every request.
func recordingHandler(mu *sync.Mutex, into *[]recorded) http.Handler {
	tiny := tinyHandler(nil)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		*into = append(*into, recorded{method: r.Method, body: body, alone: r.Close})
		mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		tiny.ServeHTTP(w, r)
	})
}

// replayOnce sends reqs from `workers` goroutines to a fresh tinyHandler
// with a bare net/http client, each on a kept-alive connection or, as the
// harness sent it, on one of its own, and returns the elapsed time.
func replayOnce(b *testing.B, reqs []recorded) time.Duration {
	b.Helper()
	url, header, stop := bareTarget(b)
	defer stop()
	tr := &http.Transport{MaxIdleConns: 2 * workers, MaxIdleConnsPerHost: 2 * workers, WriteBufferSize: 64 << 10}
	defer tr.CloseIdleConnections()
	alone := tr.Clone()
	alone.DisableKeepAlives = true
	kept, own := &http.Client{Transport: tr}, &http.Client{Transport: alone}
	var next atomic.Int64
	var failed atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(reqs)); i = next.Add(1) - 1 {
				rq := reqs[i]
				req, err := http.NewRequest(rq.method, url, bytes.NewReader(rq.body))
				if err != nil {
					failed.Add(1)
					continue
				}
				req.Header = header.Clone()
				hc := kept
				if rq.alone {
					hc = own
				}
				resp, err := hc.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	if n := failed.Load(); n > int64(len(reqs))/100 {
		b.Fatalf("replay: %d of %d requests failed", n, len(reqs))
	}
	return time.Since(start)
}

// BenchmarkPipelineReplay sets the pipeline beside a bare client sending
// the very requests it sent (same methods and bodies, the same ones on
// connections of their own), so that the ratio is the harness's own work
// per request (generating, judging, recording), with the traffic's shape
// out of it: the loopback limit of BenchmarkPipelineRatio sends one small
// body, always on kept-alive connections. Medians of 5 alternating rounds.
func BenchmarkPipelineReplay(b *testing.B) {
	const rounds = 5
	for b.Loop() {
		var pipe, replay []float64
		for range rounds {
			var mu sync.Mutex
			var reqs []recorded
			res := runCampaign(b, recordingHandler(&mu, &reqs), pipelineConfig(pipelineBudget))
			pipe = append(pipe, reqPerSec(res.Requests, res.Duration()))
			replay = append(replay, reqPerSec(int64(len(reqs)), replayOnce(b, reqs)))
		}
		p, r := median(pipe), median(replay)
		b.ReportMetric(p, "pipeline-req/s")
		b.ReportMetric(r, "replay-req/s")
		b.ReportMetric(p/r, "ratio")
	}
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// BenchmarkFirstFinding runs the default campaign against each mutant, in
// process, as the kill matrix does (the defaults, seed 1), and reports how
// many requests and how long it took to the first finding (of any rule). Shrinking is off: it starts only after the campaign
// has sent its whole budget, so it cannot change the figures, only add wall
// time. The last sub-benchmark, "median", reports the median across mutants.
func BenchmarkFirstFinding(b *testing.B) {
	all := mutants.All()
	if len(all) == 0 {
		b.Skip("emulator/mutants has no mutants yet")
	}
	var ms, reqs []float64
	for _, m := range all {
		b.Run(m.Name, func(b *testing.B) {
			// The kill matrix's campaign (the defaults, seed 1); shrinking
			// comes after the budget is spent, so it cannot change these.
			cfg := pipelineConfig(100)
			var res *conformance.Result
			for b.Loop() {
				res = runCampaignAt(b, conformance.Handler(m.New), cfg)
			}
			if res.FirstFinding == nil {
				b.Skipf("mutant %s survived: no finding in %d requests (see the kill-matrix test)", m.Name, res.Requests)
			}
			msTo := float64(res.FirstFinding.MS)
			ms = append(ms, msTo)
			reqs = append(reqs, float64(res.FirstFinding.Requests))
			b.ReportMetric(float64(res.FirstFinding.Requests), "requests-to-first")
			b.ReportMetric(msTo, "ms-to-first")
		})
	}
	// A benchmark with sub-benchmarks prints neither figures nor, without
	// -v, logs of its own: the parent computes the median across mutants
	// and a last sub-benchmark, "median", reports and logs it.
	medReqs, medMS := median(reqs), median(ms)
	b.Run("median", func(b *testing.B) {
		for b.Loop() {
		}
		if len(ms) == 0 {
			b.Skip("no mutant was found")
		}
		b.ReportMetric(medReqs, "median-requests-to-first")
		b.ReportMetric(medMS, "median-ms-to-first")
		b.Logf("median over the %d mutants found (of %d): %.0f requests, %.1f ms to the first finding", len(ms), len(all), medReqs, medMS)
	})
}

// heapSampler records the peaks of the heap while a run goes on.
type heapSampler struct {
	stop chan struct{}
	done chan struct{}
	// Peaks in bytes, read after Stop.
	peakObjects uint64 // of heapObjects, sampled every tick
	peakLive    uint64 // of liveHeap(), sampled every liveEvery ticks
}

// heapObjects is the heap held by objects, live or not yet swept: what the
// process needs at that moment. It depends on GOGC and on how promptly the
// collector runs, so it is noisy on a loaded machine.
const heapObjects = "/memory/classes/heap/objects:bytes"

// liveEvery is how many ticks apart the retained heap is sampled. It is
// measured after a forced collection, as /gc/heap/live:bytes read during a
// run counts everything allocated while the collector was marking, garbage
// included, and more of it the more loaded the machine. One forced
// collection a second is a small perturbation: the runtime collects this
// heap many times a second anyway.
const liveEvery = 20

func startHeapSampler(every time.Duration) *heapSampler {
	s := &heapSampler{stop: make(chan struct{}), done: make(chan struct{})}
	sample := []metrics.Sample{{Name: heapObjects}}
	read := func(tick int) {
		metrics.Read(sample)
		s.peakObjects = max(s.peakObjects, sample[0].Value.Uint64())
		if tick%liveEvery == 0 {
			s.peakLive = max(s.peakLive, liveHeap())
		}
	}
	go func() {
		defer close(s.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for tick := 1; ; tick++ {
			select {
			case <-t.C:
				read(tick)
			case <-s.stop:
				read(0)
				return
			}
		}
	}()
	return s
}

// Stop ends the sampling after a last sample of both figures.
func (s *heapSampler) Stop() {
	close(s.stop)
	<-s.done
}

// liveHeap is the live heap after a full collection, in bytes.
func liveHeap() uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}

// childEnv, when set to 1, turns the test binary into an emulator server
// (see TestMain).
const childEnv = "PUTDESTINATION_BENCH_EMULATOR"

// TestMain lets the memory benchmark run the reference emulator in a child
// process: the test binary itself, re-executed, so nothing is built.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(serveEmulator())
	}
	os.Exit(m.Run())
}

// serveEmulator is the child: it serves a fresh emulator on a loopback
// port, prints its URL, and when its stdin closes prints the number of
// stored destinations and its live heap in bytes, then exits.
func serveEmulator() int {
	em := emulator.New()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench emulator:", err)
		return 1
	}
	go func() { _ = http.Serve(ln, em) }()
	fmt.Printf("http://%s\n", ln.Addr())
	_, _ = io.Copy(io.Discard, os.Stdin)
	fmt.Printf("%d %d\n", em.Len(), liveHeap())
	return 0
}

// childEmulator is a reference emulator in a child process.
type childEmulator struct {
	URL   string
	cmd   *exec.Cmd
	stdin io.Closer
	out   *bufio.Reader
	done  bool
}

func startChildEmulator(b *testing.B) *childEmulator {
	b.Helper()
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	c := &childEmulator{cmd: exec.Command(exe)}
	c.cmd.Env = append(os.Environ(), childEnv+"=1")
	c.cmd.Stderr = os.Stderr
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		b.Fatal(err)
	}
	stdout, err := c.cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	c.out = bufio.NewReader(stdout)
	if err := c.cmd.Start(); err != nil {
		b.Fatalf("starting the emulator process: %v", err)
	}
	b.Cleanup(func() {
		if !c.done {
			_ = c.cmd.Process.Kill()
			_ = c.cmd.Wait()
		}
	})
	line, err := c.out.ReadString('\n')
	if err != nil {
		b.Fatalf("emulator process: %v", err)
	}
	c.URL = strings.TrimSpace(line)
	return c
}

// stop ends the child and returns how many destinations it stored and its
// live heap at the end, in bytes.
func (c *childEmulator) stop(b *testing.B) (names int, live uint64) {
	b.Helper()
	c.stdin.Close()
	line, err := c.out.ReadString('\n')
	if err == nil {
		_, err = fmt.Sscan(line, &names, &live)
	}
	c.done = true
	if werr := c.cmd.Wait(); err == nil {
		err = werr
	}
	if err != nil {
		b.Fatalf("emulator process: %v", err)
	}
	return names, live
}

type memoryFigures struct {
	requests int64
	peak     uint64 // peak heap (heapObjects) of the harness, bytes
	live     uint64 // peak retained heap of the harness, bytes
	emulator uint64 // live heap of the emulator process at the end, bytes
	names    int    // destinations the emulator stored
}

// memoryOnce runs one campaign of the given budget (no shrinking, 4 workers)
// and samples this process's heap every 50ms.
//
// The emulator's store keeps every distinct accepted destination, names of
// up to 512 characters and up to 50 tags each, and so grows with the run:
// in this process it would be most of the measured heap and hide the
// harness. So the emulator runs in a child process, a fresh one per run,
// and its live heap at the end is reported separately.
func memoryOnce(b *testing.B, budget int) memoryFigures {
	b.Helper()
	em := startChildEmulator(b)
	cfg := pipelineConfig(budget)
	cfg.Workers = workers
	runtime.GC()
	s := startHeapSampler(50 * time.Millisecond)
	res := runCampaignAt(b, conformance.URL(em.URL), cfg)
	s.Stop()
	if len(res.Findings) > 0 {
		// As in pipelineOnce: kept findings hold exchanges, so say so.
		b.Logf("warning: %d findings against the reference emulator, first: %s", len(res.Findings), res.Findings[0].Summary)
	}
	f := memoryFigures{requests: res.Requests, peak: s.peakObjects, live: s.peakLive}
	f.names, f.emulator = em.stop(b)
	return f
}

const mb = 1 << 20

// BenchmarkMemoryLongRun shows how the harness's memory grows with the run:
// the peak heap of a ~100,000-request campaign against that of a
// ~10,000-request one (growth = peak-heap-MB / peak-heap-MB-10k), and the
// same for the peak retained heap, sampled after a forced collection every
// second (peak-live-MB, live-growth), which does not depend on when the
// collector happens to run. The emulator runs in a child process (see
// memoryOnce); emulator-MB is its live heap at the end of the
// ~100,000-request run.
func BenchmarkMemoryLongRun(b *testing.B) {
	for b.Loop() {
		small := memoryOnce(b, memoryBudgetSmall)
		large := memoryOnce(b, memoryBudgetLarge)
		b.ReportMetric(float64(small.requests), "requests-10k")
		b.ReportMetric(float64(large.requests), "requests")
		b.ReportMetric(float64(small.peak)/mb, "peak-heap-MB-10k")
		b.ReportMetric(float64(large.peak)/mb, "peak-heap-MB")
		b.ReportMetric(float64(large.peak)/float64(small.peak), "growth")
		b.ReportMetric(float64(small.live)/mb, "peak-live-MB-10k")
		b.ReportMetric(float64(large.live)/mb, "peak-live-MB")
		b.ReportMetric(float64(large.live)/float64(small.live), "live-growth")
		b.ReportMetric(float64(large.emulator)/mb, "emulator-MB")
		b.ReportMetric(float64(large.names), "emulator-names")
	}
}
