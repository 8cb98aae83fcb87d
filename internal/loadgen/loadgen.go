// Package loadgen is "powerbrokers load": a bounded load generator for one's
// own machine. It refuses any target but a loopback address, or starts the
// server in-process (-self), sends a fixed mix of reads (and writes with a
// token) and reports requests/s, latencies and errors per endpoint.
package loadgen

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"powerbrokers/dataset/seed"
	"powerbrokers/server"
)

// Bounds of the load generator: it is a tool for one's own machine.
const (
	maxConns    = 1024
	maxDuration = 10 * time.Minute
)

// endpoint is one kind of request of the mix, with its check.
type endpoint struct {
	name  string
	path  string
	check func(resp *http.Response, body []byte) error
}

// endpoints are the reads of the mix, in the order the workers cycle through them.
var endpoints = []endpoint{
	{"snapshot", "/api/v1/snapshot", checkSnapshot},
	{"list", "/api/v1/deals?type=colocation&sort=-value_usd&facet=tenant", checkList},
	{"page", "/deals?tenant=fluidstack", checkPage},
}

// Command runs "powerbrokers load": a bounded load generator against a
// server on a loopback address (it refuses any other target).
//
//	powerbrokers load [-c 64] [-d 30s] [-write-token T] [-write-every 1s] [URL]
//	powerbrokers load -self [-c 64] [-d 30s]
//
// Each of the -c connections loops over GET /api/v1/snapshot, a filtered deal
// list and the /deals page; with -write-token one more connection PUTs an
// existing deal back unchanged every -write-every (the server allows 2
// writes/s per client). Every response is checked; the report gives
// requests/s and p50/p90/p99 latency per endpoint and the error count, and
// the command fails when any request failed. -self starts the server
// in-process on a free loopback port with a temporary data directory and
// writes enabled.
func Command(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("powerbrokers load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	conns := fs.Int("c", 64, "concurrent connections (1 to 1024)")
	dur := fs.Duration("d", 30*time.Second, "how long to send requests (at most 10m)")
	token := fs.String("write-token", "", "bearer token: also PUT an existing deal back unchanged every -write-every")
	writeEvery := fs.Duration("write-every", time.Second, "interval between writes (the server allows 2 writes/s per client)")
	timeout := fs.Duration("timeout", 10*time.Second, "timeout of one request")
	self := fs.Bool("self", false, "start the server in-process on 127.0.0.1 with a temporary data directory (writes enabled)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: powerbrokers load [flags] [URL]   (URL defaults to http://127.0.0.1:8000; loopback only)")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return errors.New("usage: powerbrokers load [flags] [URL]")
	}
	switch {
	case *conns < 1 || *conns > maxConns:
		return fmt.Errorf("load: -c %d: give 1 to %d connections", *conns, maxConns)
	case *dur <= 0 || *dur > maxDuration:
		return fmt.Errorf("load: -d %s: give a duration above 0 and at most %s", *dur, maxDuration)
	case *writeEvery < 10*time.Millisecond:
		return fmt.Errorf("load: -write-every %s: give at least 10ms", *writeEvery)
	case *timeout <= 0:
		return fmt.Errorf("load: -timeout %s: give a positive duration", *timeout)
	}
	target := "http://127.0.0.1:8000"
	if fs.NArg() == 1 {
		if *self {
			return errors.New("load: give either -self or a URL, not both")
		}
		target = fs.Arg(0)
	}
	if *self {
		if *token == "" {
			*token = randomToken()
		}
		u, stop, err := startSelf(*token)
		if err != nil {
			return err
		}
		defer stop()
		target = u
	}
	base, err := loopbackURL(target)
	if err != nil {
		return err
	}
	// Ctrl-C stops early and still prints the report.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	lg := &generator{base: base, token: *token, client: newClient(*conns+2, *timeout)}
	rep, err := lg.run(ctx, *conns, *dur, *writeEvery)
	if err != nil {
		return err
	}
	writes := "no writes"
	if *token != "" {
		writes = "a write every " + writeEvery.String()
	}
	fmt.Fprintf(stdout, "load: %s, %d connections for %s, %s\n", base, *conns, *dur, writes)
	rep.print(stdout)
	if rep.errors > 0 {
		return fmt.Errorf("load: %d of %d requests failed; first: %s", rep.errors, rep.requests, rep.samples[0])
	}
	return nil
}

// loopbackURL parses raw and accepts it only when its host is a loopback IP
// literal (127.0.0.0/8 or ::1). Names, even "localhost", are refused: the
// name could resolve elsewhere.
func loopbackURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("load: %q is not a URL: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("load: %q is not an http(s) URL", raw)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("load: refusing to target %q: the load generator only targets loopback addresses (127.0.0.0/8 or ::1), given as an IP literal such as http://127.0.0.1:8000", host)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawQuery, u.Fragment, u.RawPath = "", "", ""
	return u, nil
}

// newClient is an HTTP client that keeps one connection per worker, dials
// only loopback addresses and never follows redirects.
func newClient(conns int, timeout time.Duration) *http.Client {
	d := &net.Dialer{
		Timeout: 5 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
				return fmt.Errorf("load: refusing to connect to %s: not a loopback address", address)
			}
			return nil
		},
	}
	tr := &http.Transport{
		DialContext:         d.DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     30 * time.Second,
	}
	return &http.Client{
		Transport:     tr,
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// startSelf starts the real server in-process on a free loopback port with a
// temporary data directory, the embedded seed and writes enabled.
func startSelf(token string) (string, func(), error) {
	dir, err := os.MkdirTemp("", "powerbrokers-load-")
	if err != nil {
		return "", nil, err
	}
	webDir := "web"
	if _, err := os.Stat(webDir); err != nil {
		webDir = filepath.Join(dir, "web")
		if err := os.Mkdir(webDir, 0o755); err != nil {
			os.RemoveAll(dir)
			return "", nil, err
		}
	}
	srv, err := server.New(server.Config{
		DataDir: filepath.Join(dir, "data"), WebDir: webDir, Seed: seed.FS, WriteToken: token,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		srv.Close()
		os.RemoveAll(dir)
		return "", nil, err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
		srv.Close()
		os.RemoveAll(dir)
	}
	return "http://" + ln.Addr().String(), stop, nil
}

func randomToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// generator sends the requests and collects the results.
type generator struct {
	base   *url.URL
	token  string
	client *http.Client
}

// result is what one worker measured.
type result struct {
	latencies map[string][]time.Duration
	errors    map[string]int
	samples   []string
}

func newResult() *result {
	return &result{latencies: map[string][]time.Duration{}, errors: map[string]int{}}
}

func (r *result) record(name string, d time.Duration, err error) {
	if err != nil {
		r.errors[name]++
		if len(r.samples) < 5 {
			r.samples = append(r.samples, name+": "+err.Error())
		}
		return
	}
	r.latencies[name] = append(r.latencies[name], d)
}

// run starts conns readers (and the writer) for d, waits for every request
// in flight to finish and returns the report. Requests are not cut at the
// deadline: a worker simply sends no new one.
func (lg *generator) run(ctx context.Context, conns int, d, writeEvery time.Duration) (*report, error) {
	var writeBody []byte
	var writeID string
	if lg.token != "" {
		var err error
		if writeID, writeBody, err = lg.writeTarget(ctx); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	start := time.Now()
	results := make([]*result, conns+1)
	var wg sync.WaitGroup
	for i := 0; i < conns; i++ {
		results[i] = newResult()
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for n := i; ctx.Err() == nil; n++ {
				ep := endpoints[n%len(endpoints)]
				t0 := time.Now()
				err := lg.get(ep)
				results[i].record(ep.name, time.Since(t0), err)
				if err != nil {
					time.Sleep(10 * time.Millisecond) // no busy loop against a server that is down
				}
			}
		}(i)
	}
	results[conns] = newResult()
	if lg.token != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(writeEvery)
			defer tick.Stop()
			for {
				t0 := time.Now()
				err := lg.put(writeID, writeBody)
				results[conns].record("write", time.Since(t0), err)
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
			}
		}()
	}
	wg.Wait()
	return newReport(results, time.Since(start)), nil
}

func (lg *generator) url(path string) string {
	return lg.base.String() + path
}

func (lg *generator) get(ep endpoint) error {
	resp, err := lg.client.Get(lg.url(ep.path))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("GET %s: reading the body: %w", ep.path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d: %.200s", ep.path, resp.StatusCode, body)
	}
	if err := ep.check(resp, body); err != nil {
		return fmt.Errorf("GET %s: %w", ep.path, err)
	}
	return nil
}

// writeTarget picks the first deal of the snapshot: the writer PUTs it back
// unchanged, so the data stays as it was (each write adds a change-log entry).
func (lg *generator) writeTarget(ctx context.Context) (string, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, lg.url("/api/v1/snapshot"), nil)
	if err != nil {
		return "", nil, err
	}
	resp, err := lg.client.Do(req)
	if err != nil {
		return "", nil, fmt.Errorf("load: reading the deal to write: %w", err)
	}
	defer resp.Body.Close()
	var doc struct {
		Dataset struct {
			Deals []json.RawMessage `json:"deals"`
		} `json:"dataset"`
	}
	if resp.StatusCode != http.StatusOK {
		return "", nil, fmt.Errorf("load: reading the deal to write: GET /api/v1/snapshot: status %d", resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		return "", nil, fmt.Errorf("load: reading the deal to write: %w", err)
	}
	if len(doc.Dataset.Deals) == 0 {
		return "", nil, errors.New("load: the server has no deal to write")
	}
	var id struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(doc.Dataset.Deals[0], &id); err != nil || id.ID == "" {
		return "", nil, fmt.Errorf("load: the first deal of the snapshot has no id")
	}
	return id.ID, doc.Dataset.Deals[0], nil
}

func (lg *generator) put(id string, body []byte) error {
	path := "/api/v1/deals/" + url.PathEscape(id)
	req, err := http.NewRequest(http.MethodPut, lg.url(path), bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+lg.token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Curator", "load")
	resp, err := lg.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("PUT %s: reading the body: %w", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("PUT %s: status %d: %.200s", path, resp.StatusCode, b)
	}
	var got struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &got); err != nil || got.ID != id {
		return fmt.Errorf("PUT %s: the answer is not the deal (%v): %.200s", path, err, b)
	}
	return nil
}

func checkJSONType(resp *http.Response) error {
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("Content-Type %q, want application/json", ct)
	}
	return nil
}

func checkSnapshot(resp *http.Response, body []byte) error {
	if err := checkJSONType(resp); err != nil {
		return err
	}
	var doc struct {
		Version string `json:"version"`
		Dataset struct {
			Deals []json.RawMessage `json:"deals"`
		} `json:"dataset"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return fmt.Errorf("the body is not JSON: %w", err)
	}
	if doc.Version == "" || len(doc.Dataset.Deals) == 0 {
		return errors.New("the snapshot has no version or no deals")
	}
	return nil
}

func checkList(resp *http.Response, body []byte) error {
	if err := checkJSONType(resp); err != nil {
		return err
	}
	var page struct {
		Total  *int              `json:"total"`
		Rows   []json.RawMessage `json:"rows"`
		Facets []json.RawMessage `json:"facets"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return fmt.Errorf("the body is not JSON: %w", err)
	}
	if page.Total == nil || len(page.Rows) > *page.Total || len(page.Facets) != 1 {
		return fmt.Errorf("not a list page with one facet: %.200s", body)
	}
	return nil
}

func checkPage(resp *http.Response, body []byte) error {
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		return fmt.Errorf("Content-Type %q, want text/html", ct)
	}
	if !bytes.Contains(body, []byte(`id="pb-root"`)) || !bytes.Contains(body, []byte("</html>")) {
		return errors.New(`the page lacks id="pb-root" or is cut short`)
	}
	return nil
}

// report sums the workers' results.
type report struct {
	elapsed   time.Duration
	requests  int
	errors    int
	samples   []string
	endpoints []endpointStats
}

type endpointStats struct {
	name               string
	ok, errors         int
	p50, p90, p99, max time.Duration
}

func newReport(results []*result, elapsed time.Duration) *report {
	rep := &report{elapsed: elapsed}
	names := []string{}
	for _, ep := range endpoints {
		names = append(names, ep.name)
	}
	names = append(names, "write")
	for _, name := range names {
		var all []time.Duration
		errs := 0
		for _, r := range results {
			all = append(all, r.latencies[name]...)
			errs += r.errors[name]
		}
		if len(all) == 0 && errs == 0 {
			continue
		}
		slices.Sort(all)
		st := endpointStats{name: name, ok: len(all), errors: errs,
			p50: percentile(all, 50), p90: percentile(all, 90), p99: percentile(all, 99)}
		if len(all) > 0 {
			st.max = all[len(all)-1]
		}
		rep.endpoints = append(rep.endpoints, st)
		rep.requests += len(all) + errs
		rep.errors += errs
	}
	for _, r := range results {
		rep.samples = append(rep.samples, r.samples...)
	}
	rep.samples = rep.samples[:min(len(rep.samples), 10)]
	return rep
}

// percentile returns the p-th percentile (nearest rank) of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (p*len(sorted)+99)/100 - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func (rep *report) print(w io.Writer) {
	secs := rep.elapsed.Seconds()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "endpoint\trequests\treq/s\tp50\tp90\tp99\tmax\terrors\t")
	for _, e := range rep.endpoints {
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%s\t%s\t%s\t%s\t%d\t\n", e.name, e.ok+e.errors, float64(e.ok+e.errors)/secs,
			ms(e.p50), ms(e.p90), ms(e.p99), ms(e.max), e.errors)
	}
	fmt.Fprintf(tw, "all\t%d\t%.1f\t\t\t\t\t%d\t\n", rep.requests, float64(rep.requests)/secs, rep.errors)
	tw.Flush()
	fmt.Fprintf(w, "elapsed %.1fs, %d requests, %.1f requests/s, errors: %d\n", secs, rep.requests, float64(rep.requests)/secs, rep.errors)
	for _, s := range rep.samples {
		fmt.Fprintln(w, "error:", s)
	}
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
}
