//go:build !wasm

package main

// Crash safety of the real binary: an acknowledged write survives SIGKILL,
// an import killed half-way leaves the old data or the new data (never a
// mix), and SIGTERM drains the requests in flight, exits 0 and closes the
// store cleanly.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/build"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
	"powerbrokers/dataset/seed"
	"powerbrokers/server"
)

const crashToken = "crash-token-0123456789"

// TestCrash builds the binary once and runs the crash scenarios against it.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real binary")
	}
	bin := buildBinary(t)
	t.Run("SIGKILL during writes loses no acknowledged write", func(t *testing.T) { crashDuringWrites(t, bin) })
	t.Run("SIGKILL during import leaves old or new data", func(t *testing.T) { crashDuringImport(t, bin) })
	t.Run("SIGTERM drains in-flight requests and exits 0", func(t *testing.T) { sigtermDrains(t, bin) })
}

// buildBinary builds the module's binary into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "powerbrokers")
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(build.Default.GOROOT, "bin", "go")
	}
	cmd := exec.Command(goBin, "build", "-o", bin, ".")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build:\n%s", out)
	return bin
}

// proc is one run of the binary, its stderr collected line by line.
type proc struct {
	cmd  *exec.Cmd
	URL  string // "http://127.0.0.1:port", once serving
	done chan struct{}
	err  error // cmd.Wait's result, once done is closed

	mu    sync.Mutex
	lines []string
	watch []lineWatch
}

type lineWatch struct {
	re *regexp.Regexp
	ch chan []string
}

// Write collects stderr and wakes the waiters of a matching line.
func (p *proc) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if line == "" {
			continue
		}
		if n := len(p.lines); n > 0 && !strings.HasSuffix(p.lines[n-1], "\n") {
			p.lines[n-1] += line
		} else {
			p.lines = append(p.lines, line)
		}
		full := p.lines[len(p.lines)-1]
		if !strings.HasSuffix(full, "\n") {
			continue
		}
		keep := p.watch[:0]
		for _, w := range p.watch {
			if m := w.re.FindStringSubmatch(full); m != nil {
				w.ch <- m
			} else {
				keep = append(keep, w)
			}
		}
		p.watch = keep
	}
	return len(b), nil
}

// expect returns a channel that receives the submatches of the first line
// (from now on) that matches pattern.
func (p *proc) expect(pattern string) <-chan []string {
	ch := make(chan []string, 1)
	p.mu.Lock()
	p.watch = append(p.watch, lineWatch{regexp.MustCompile(pattern), ch})
	p.mu.Unlock()
	return ch
}

// Stderr returns everything the process wrote to stderr so far.
func (p *proc) Stderr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.lines, "")
}

// start runs bin with args; the process is killed when the test ends.
func start(t *testing.T, bin string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...), done: make(chan struct{})}
	p.cmd.Stderr = p
	p.cmd.Stdout = p
	require.NoError(t, p.cmd.Start())
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// serve starts the server on a free loopback port and waits until it serves.
func serve(t *testing.T, bin, dataDir string) *proc {
	t.Helper()
	p := start(t, bin, "-addr", "127.0.0.1:0", "-data", dataDir, "-web", t.TempDir(), "-write-token", crashToken)
	select {
	case m := <-p.expect(`msg=serving url=(http://127\.0\.0\.1:\d+)/`):
		p.URL = m[1]
	case <-p.done:
		t.Fatalf("the server exited before serving (%v):\n%s", p.err, p.Stderr())
	case <-time.After(30 * time.Second):
		t.Fatalf("the server did not start within 30 s:\n%s", p.Stderr())
	}
	return p
}

// wait waits for the process to exit and returns its exit code (-1 when killed by a signal).
func (p *proc) wait(t *testing.T, timeout time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(timeout):
		t.Fatalf("the process did not exit within %s:\n%s", timeout, p.Stderr())
	}
	return p.cmd.ProcessState.ExitCode()
}

// badgerTrouble returns the warning and error lines of the log, except the
// expected warning about the missing app.wasm.
func badgerTrouble(log string) []string {
	var out []string
	for _, l := range strings.Split(log, "\n") {
		if (strings.Contains(l, "level=WARN") || strings.Contains(l, "level=ERROR")) && !strings.Contains(l, "app.wasm not found") {
			out = append(out, l)
		}
	}
	return out
}

// dealTemplate returns a valid deal of the seed (one with short notes and
// no denylisted source, so that a copy under another id is valid too) and the seed.
func dealTemplate(t *testing.T) (dataset.Deal, *dataset.Dataset) {
	t.Helper()
	d, err := dataset.Load(seed.FS)
	require.NoError(t, err)
	clean := func(deal dataset.Deal) bool {
		for _, s := range deal.Sources {
			if _, _, _, denied := d.Denylist.Match(s.URL); denied {
				return false
			}
		}
		return true
	}
	best := -1
	for i, deal := range d.Deals {
		if clean(deal) && (best < 0 || len(deal.Notes) < len(d.Deals[best].Notes)) {
			best = i
		}
	}
	require.GreaterOrEqual(t, best, 0, "the seed has a deal with no denylisted source")
	return d.Deals[best], d
}

func dealJSON(tmpl dataset.Deal, id string) []byte {
	tmpl.ID = id
	b, _ := json.Marshal(tmpl) // a Deal always encodes
	return b
}

var crashClient = &http.Client{Timeout: 10 * time.Second}

func post(url string, body []byte) (int, error) {
	req, err := http.NewRequest(http.MethodPost, url+"/api/v1/deals", strings.NewReader(string(body)))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+crashToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := crashClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.ReadAll(resp.Body); err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func getStatus(t *testing.T, url string) int {
	t.Helper()
	resp, err := crashClient.Get(url)
	require.NoError(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// crashDuringWrites SIGKILLs the server three times in the middle of a
// stream of concurrent creates, restarting it on the same directory each
// time, and checks that every create answered 201 is there.
func crashDuringWrites(t *testing.T, bin string) {
	tmpl, seedData := dealTemplate(t)
	dataDir := t.TempDir()
	var acked []string
	for round, killAfter := range []int{5, 15, 30} {
		p := serve(t, bin, dataDir)
		if round > 0 {
			assert.NotContains(t, p.Stderr(), "loaded the embedded seed", "the restarted server found an empty store")
		}
		ctx, cancel := context.WithCancel(context.Background())
		var mu sync.Mutex
		var roundAcked []string
		enough := make(chan struct{})
		var inFlight atomic.Int32
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ctx.Err() == nil; i++ {
					id := fmt.Sprintf("crash-r%d-w%d-%d", round, w, i)
					inFlight.Add(1)
					code, err := post(p.URL, dealJSON(tmpl, id))
					inFlight.Add(-1)
					if err != nil {
						return // the server is gone
					}
					if code != http.StatusCreated {
						t.Errorf("POST %s = %d before the kill", id, code)
						return
					}
					mu.Lock()
					roundAcked = append(roundAcked, id)
					if len(roundAcked) == killAfter {
						close(enough)
					}
					mu.Unlock()
				}
			}()
		}
		select {
		case <-enough:
		case <-time.After(30 * time.Second):
			t.Fatalf("round %d: fewer than %d writes acknowledged in 30 s:\n%s", round, killAfter, p.Stderr())
		}
		require.NoError(t, p.cmd.Process.Signal(syscall.SIGKILL))
		pending := inFlight.Load()
		p.wait(t, 10*time.Second)
		cancel()
		wg.Wait()
		t.Logf("round %d: SIGKILL with %d writes in flight, after %d acknowledged", round, pending, len(roundAcked))
		acked = append(acked, roundAcked...)
	}

	p := serve(t, bin, dataDir)
	for _, id := range acked {
		assert.Equal(t, 200, getStatus(t, p.URL+"/api/v1/deals/"+id), "acknowledged deal %s is missing after SIGKILL", id)
	}
	assert.Equal(t, 200, getStatus(t, p.URL+"/readyz"))
	assert.Empty(t, badgerTrouble(p.Stderr()), "warnings or errors on restart")
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	require.Equal(t, 0, p.wait(t, 15*time.Second), p.Stderr())

	st, err := server.Open(dataDir)
	require.NoError(t, err)
	defer st.Close()
	d, err := st.Dataset()
	require.NoError(t, err)
	require.NoError(t, d.Validate(), "the store holds a valid dataset")
	assert.GreaterOrEqual(t, len(d.Deals), len(seedData.Deals)+len(acked))
}

// crashDuringImport kills "powerbrokers import" at several moments after it
// starts replacing the store and checks each time that the store holds
// exactly the old deals or exactly the new ones.
func crashDuringImport(t *testing.T, bin string) {
	tmpl, seedData := dealTemplate(t)
	oldIDs := dealIDs(seedData)

	// The new data: the seed plus synthetic deals, about 0.8 MB, so that
	// the transaction takes a moment.
	big := *seedData
	big.Deals = slices.Clone(seedData.Deals)
	for i := range 1200 {
		deal := tmpl
		deal.ID = fmt.Sprintf("synthetic-%04d", i)
		big.Deals = append(big.Deals, deal)
	}
	files, err := big.Files()
	require.NoError(t, err)
	bigDir := t.TempDir()
	for name, b := range files {
		require.NoError(t, os.WriteFile(filepath.Join(bigDir, name), b, 0o644))
	}
	newIDs := dealIDs(&big)

	oldDir := t.TempDir()
	seedFiles, err := seedData.Files()
	require.NoError(t, err)
	for name, b := range seedFiles {
		require.NoError(t, os.WriteFile(filepath.Join(oldDir, name), b, 0o644))
	}

	dataDir := t.TempDir()
	importData := func(dir string) {
		t.Helper()
		p := start(t, bin, "import", "-data", dataDir, dir)
		require.Equal(t, 0, p.wait(t, 30*time.Second), "import %s:\n%s", dir, p.Stderr())
	}
	storedIDs := func() map[string]bool {
		t.Helper()
		st, err := server.Open(dataDir)
		require.NoError(t, err, "the store does not open after the import")
		defer st.Close()
		d, err := st.Dataset()
		require.NoError(t, err)
		require.NoError(t, d.Validate())
		return dealIDs(d)
	}
	// replacing starts an import of the new data and returns when it has
	// validated it and starts replacing the store.
	replacing := func() (*proc, time.Time) {
		t.Helper()
		p := start(t, bin, "import", "-data", dataDir, bigDir)
		select {
		case <-p.expect(`replacing the store`):
		case <-p.done:
			t.Fatalf("the import ended before replacing the store (%v):\n%s", p.err, p.Stderr())
		case <-time.After(30 * time.Second):
			t.Fatalf("the import did not start replacing the store within 30 s:\n%s", p.Stderr())
		}
		return p, time.Now()
	}

	// Uninterrupted, the import replaces the data; time it.
	importData(oldDir)
	require.True(t, maps.Equal(storedIDs(), oldIDs))
	p, t0 := replacing()
	require.Equal(t, 0, p.wait(t, 30*time.Second), p.Stderr())
	took := time.Since(t0)
	require.True(t, maps.Equal(storedIDs(), newIDs), "the completed import holds the new data")
	t.Logf("replacing the store with %d deals took %s", len(newIDs), took)

	// Killed at points spread over that time, it leaves the old or the new data.
	outcomes := map[string]int{}
	for _, frac := range []float64{0, 0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 1} {
		importData(oldDir)
		p, t0 := replacing()
		time.Sleep(time.Duration(frac*float64(took)) - time.Since(t0))
		p.cmd.Process.Signal(syscall.SIGKILL)
		code := p.wait(t, 10*time.Second)
		got := storedIDs()
		switch {
		case maps.Equal(got, oldIDs):
			outcomes["old"]++
		case maps.Equal(got, newIDs):
			outcomes["new"]++
		default:
			t.Fatalf("killed %.0f%% into the import: the store holds %d deals, neither the old %d nor the new %d", frac*100, len(got), len(oldIDs), len(newIDs))
		}
		t.Logf("killed %.0f%% into the import (exit code %d): %d deals", frac*100, code, len(got))
	}
	t.Logf("outcomes: %v", outcomes)
}

func dealIDs(d *dataset.Dataset) map[string]bool {
	out := map[string]bool{}
	for _, x := range d.Deals {
		out[x.ID] = true
	}
	return out
}

// sigtermDrains sends SIGTERM while slow writes are half-sent and fast reads
// are streaming: every write already accepted completes with 201, no
// response is cut short, the process exits 0, and the next start finds
// every write and no warning from the store.
func sigtermDrains(t *testing.T, bin string) {
	tmpl, _ := dealTemplate(t)
	dataDir := t.TempDir()
	p := serve(t, bin, dataDir)
	addr := strings.TrimPrefix(p.URL, "http://")

	// Slow writers: headers and half the body now, the rest after SIGTERM.
	const slow = 6
	var sent, wg sync.WaitGroup
	finish := make(chan struct{})
	codes := make([]int, slow)
	errs := make([]error, slow)
	for i := range slow {
		sent.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], errs[i] = slowPost(addr, dealJSON(tmpl, fmt.Sprintf("sigterm-%d", i)), &sent, finish)
		}()
	}

	// Fast readers until the server refuses connections.
	var readers sync.WaitGroup
	var mu sync.Mutex
	var cut []string
	stopped := make(chan struct{})
	readOK, readRefused := 0, 0
	var readClosed []string
	for i := range 4 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			client := &http.Client{Timeout: 10 * time.Second}
			paths := []string{"/api/v1/snapshot", "/api/v1/deals?type=colocation&sort=-value_usd&facet=tenant"}
			for n := 0; ; n++ {
				var reused, answered bool
				req, _ := http.NewRequest(http.MethodGet, p.URL+paths[(n+i)%2], nil)
				req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
					GotConn:              func(info httptrace.GotConnInfo) { reused = info.Reused },
					GotFirstResponseByte: func() { answered = true },
				}))
				resp, err := client.Do(req)
				if err != nil {
					mu.Lock()
					select {
					case <-stopped:
						switch {
						case errors.Is(err, syscall.ECONNREFUSED):
							readRefused++ // the listener is closed
						case !answered && (errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)):
							// Not accepted: sent on a keep-alive connection as the
							// server closed it idle, or queued in the listen
							// backlog when the listener closed. The inherent
							// keep-alive race; no response had begun.
							readClosed = append(readClosed, fmt.Sprintf("reused=%v: %v", reused, err))
						default:
							cut = append(cut, "after SIGTERM: "+err.Error())
						}
					default:
						cut = append(cut, "before SIGTERM: "+err.Error())
					}
					mu.Unlock()
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				mu.Lock()
				switch {
				case err != nil:
					cut = append(cut, fmt.Sprintf("response cut short: %v", err))
				case resp.StatusCode != 200 || !json.Valid(body):
					cut = append(cut, fmt.Sprintf("status %d, %d bytes of JSON: %v", resp.StatusCode, len(body), json.Valid(body)))
				default:
					readOK++
				}
				mu.Unlock()
			}
		}()
	}

	sent.Wait()
	time.Sleep(300 * time.Millisecond) // the server has read the headers and waits for the bodies
	close(stopped)
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	time.Sleep(200 * time.Millisecond)
	close(finish)
	wg.Wait()
	readers.Wait()

	require.Equal(t, 0, p.wait(t, 15*time.Second), "exit code after SIGTERM:\n%s", p.Stderr())
	assert.Contains(t, p.Stderr(), "msg=stopped")
	for i := range slow {
		require.NoError(t, errs[i], "slow write %d, accepted before SIGTERM", i)
		assert.Equal(t, http.StatusCreated, codes[i], "slow write %d", i)
	}
	assert.Empty(t, cut, "reads cut short or failed")
	t.Logf("%d reads completed; after SIGTERM %d readers were refused, %d had an idle connection closed %v", readOK, readRefused, len(readClosed), readClosed)

	// The store was closed cleanly: the next start is quiet and has every write.
	p = serve(t, bin, dataDir)
	for i := range slow {
		assert.Equal(t, 200, getStatus(t, fmt.Sprintf("%s/api/v1/deals/sigterm-%d", p.URL, i)))
	}
	assert.NotContains(t, p.Stderr(), "loaded the embedded seed")
	assert.Empty(t, badgerTrouble(p.Stderr()), "warnings or errors on the start after SIGTERM")
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	require.Equal(t, 0, p.wait(t, 15*time.Second), p.Stderr())
}

// slowPost sends a POST of body over a raw connection: the headers and half
// the body, then (after finish is closed) the rest in three pieces. It
// returns the response's status.
func slowPost(addr string, body []byte, sent *sync.WaitGroup, finish <-chan struct{}) (int, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		sent.Done()
		return 0, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	head := fmt.Sprintf("POST /api/v1/deals HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n",
		addr, crashToken, len(body))
	half := len(body) / 2
	_, err = conn.Write(append([]byte(head), body[:half]...))
	sent.Done()
	if err != nil {
		return 0, err
	}
	<-finish
	rest := body[half:]
	for len(rest) > 0 {
		n := min(len(rest), len(body)/6+1)
		if _, err := conn.Write(rest[:n]); err != nil {
			return 0, fmt.Errorf("writing the rest of the body: %w", err)
		}
		rest = rest[n:]
		time.Sleep(50 * time.Millisecond)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, fmt.Errorf("reading the response: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, fmt.Errorf("reading the response body: %w", err)
	}
	if resp.StatusCode != http.StatusCreated {
		return resp.StatusCode, errors.New(string(b))
	}
	return resp.StatusCode, nil
}
