package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

const (
	// actionRevalidate asks the server whether a newer snapshot exists.
	actionRevalidate = "pb:revalidate"
	// Local storage keys of the offline copy where the Cache Storage is
	// missing (see offline_copy.go), and where older versions kept it.
	storageSnapshot = "powerbrokers:snapshot"
	storageETag     = "powerbrokers:etag"
	// storedPrefix starts a snapshot stored in local storage so that it is
	// not JSON: go-app decodes every local storage value as JSON at start-up
	// and every minute (to expire its own states), and a JSON snapshot would
	// cost a full parse each time; this fails at the first byte.
	storedPrefix = "powerbrokers snapshot v1\n"
)

// serverSource returns the server's snapshot during prerendering.
var serverSource func() *dataset.Snapshot

// serverChanges returns the server's latest changes during prerendering.
var serverChanges func() []dataset.Change

// ServeChanges lets the server prerender "what changed" from its change log,
// so the first client render (from the snapshot's copy) matches the HTML.
func ServeChanges(f func() []dataset.Change) {
	serverChanges = f
}

// dataStatus says where the shown data came from and how fresh it is.
type dataStatus struct {
	Version string
	// Source is "network", "cache" or "" (no data).
	Source string
	// Offline is true when the last attempt to reach the server failed.
	Offline bool
	// Pending is a newer snapshot the user has not yet chosen to show.
	Pending bool
	Err     string
	// NoRevision is the revision the address names when it does not exist.
	NoRevision int
}

// clientData is the browser's copy of the data. The UI goroutine reads it;
// Boot and the revalidation handler write it under mu.
var clientData struct {
	mu      sync.Mutex
	snap    *dataset.Snapshot
	changes []dataset.Change
	etag    string
	// revision is the published revision of snap (0 when unknown).
	revision int
	status   dataStatus
	pending  *dataset.SnapshotDocument
	pendTag  string
	pendRaw  snapshotBody
}

// currentSnapshot returns the snapshot the pages render: the server's while
// prerendering, the client's copy in the browser (nil before any data).
func currentSnapshot() *dataset.Snapshot {
	if app.IsServer {
		if serverSource == nil {
			return nil
		}
		return serverSource()
	}
	clientData.mu.Lock()
	defer clientData.mu.Unlock()
	return clientData.snap
}

func currentStatus() dataStatus {
	clientData.mu.Lock()
	defer clientData.mu.Unlock()
	return clientData.status
}

func recentChanges() []dataset.Change {
	if app.IsServer {
		if serverChanges == nil {
			return nil
		}
		return serverChanges()
	}
	clientData.mu.Lock()
	defer clientData.mu.Unlock()
	return clientData.changes
}

// Boot loads the data before the app starts, so that the first client render
// shows the same figures as the prerendered page: on a first visit the
// snapshot web/wasm-worker.js fetched for its warm-up (warm.go); otherwise
// the offline copy (the Cache Storage, see offline_copy.go) if there is one,
// or else the server's snapshot. The main of the WASM calls it before
// app.RunWhenOnBrowser.
func Boot() {
	if app.IsServer {
		return
	}
	yield() // the runtime's start and the routes are a task of their own
	bootRevision()
	startGC()
	rememberScrolls()
	yield()
	keepAsOfOnLinks()
	applyTheme(storedTheme())
	yield()
	if viewed.n > 0 {
		bootRevisionData()
		return
	}
	from := "worker"
	res, err := warmedSnapshot()
	if err != nil {
		if c := readCopy(); len(c.Bytes) > 0 {
			if err := install(c.Bytes, c.ETag, "cache"); err == nil {
				markData("cache")
				warmFirstRender()
				return
			}
		}
		from = "network"
		res, err = fetchBody(apiURL("/api/v1/snapshot"), nil)
	}
	if err != nil || res.Status != 200 {
		clientData.mu.Lock()
		clientData.status = dataStatus{Offline: err != nil, Err: "No data: the server cannot be reached and there is no offline copy yet."}
		clientData.mu.Unlock()
		return
	}
	if err := install(res.Bytes, res.ETag, "network"); err == nil {
		markData(from)
		saveCopy(res)
		warmFirstRender()
	}
}

// markData marks, in the page's performance timeline, when the start-up's
// data was installed and where it came from: "pb-data" with the detail
// "worker" (fetched by web/wasm-worker.js on a first visit, see warm.go),
// "cache" (the offline copy) or "network".
func markData(from string) {
	if p := app.Window().Get("performance"); p.Truthy() && p.Get("mark").Truthy() {
		p.Call("mark", "pb-data", map[string]any{"detail": from})
	}
}

// install decodes a snapshot document and makes it current.
func install(raw []byte, etag, source string) error {
	doc, err := decodeSnapshot(raw)
	if err != nil {
		return err
	}
	return installDoc(doc, etag, source)
}

// installDoc makes a decoded snapshot document current.
func installDoc(doc *dataset.SnapshotDocument, etag, source string) (err error) {
	yield()
	var snap *dataset.Snapshot
	if doc.Version != "" {
		snap = dataset.NewSnapshotVersion(doc.Dataset, doc.Version)
	} else if snap, err = dataset.NewSnapshot(doc.Dataset); err != nil {
		return err
	}
	yield()
	snap.Stats() // computed once, here rather than in the first render
	yield()
	clientData.mu.Lock()
	defer clientData.mu.Unlock()
	clientData.snap, clientData.changes, clientData.etag = snap, doc.Changes, etag
	clientData.status = dataStatus{Version: snap.Version, Source: source}
	clientData.revision = 0
	if doc.Revision != nil {
		clientData.revision = doc.Revision.Number
	}
	if doc.Revision != nil && viewed.n > 0 {
		viewed.mu.Lock()
		viewed.rev = *doc.Revision
		viewed.mu.Unlock()
	}
	return nil
}

// bootRevisionData loads the snapshot of the revision the document shows
// (immutable: the service worker keeps it for good), never the offline
// copy of the latest data, which it leaves as it is.
func bootRevisionData() {
	res, err := fetchBody(apiURL("/api/v1/snapshot"), nil)
	switch {
	case err == nil && res.Status == 404:
		clientData.mu.Lock()
		clientData.status = missingRevision(viewed.n)
		clientData.mu.Unlock()
		return
	case err != nil || res.Status != 200:
		clientData.mu.Lock()
		clientData.status = dataStatus{Offline: err != nil, Err: "No data: revision " + strconv.Itoa(viewed.n) + " cannot be loaded and it has not been saved on this device."}
		clientData.mu.Unlock()
		return
	}
	if install(res.Bytes, res.ETag, "revision") == nil {
		warmFirstRender()
	}
	go fetchLatestRevision()
}

// decodeSnapshot decodes a snapshot document as a stream, one member and
// one record at a time, yielding to the browser every few milliseconds:
// decoding it whole was one of the start-up's longest tasks. The stream
// reads the bytes twice (a scan and a decode) where json.Unmarshal of the
// document and then of each part read them three times.
func decodeSnapshot(raw []byte) (*dataset.SnapshotDocument, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	doc := new(dataset.SnapshotDocument)
	budget := newSlicer()
	err := eachMember(dec, func(name string) error {
		switch name {
		case "version":
			return dec.Decode(&doc.Version)
		case "changes":
			return dec.Decode(&doc.Changes)
		case "revision":
			return dec.Decode(&doc.Revision)
		case "licence":
			return dec.Decode(&doc.Licence)
		case "dataset":
			d := new(dataset.Dataset)
			parts := datasetParts(d)
			found, err := eachMemberOrNull(dec, func(part string) error {
				for _, p := range parts {
					if p.name == part {
						if err := p.decode(dec, budget); err != nil {
							return fmt.Errorf("snapshot %s: %w", part, err)
						}
						return nil
					}
				}
				return skipValue(dec)
			})
			if found {
				doc.Dataset = d
			}
			return err
		}
		return skipValue(dec)
	})
	if err != nil {
		return nil, err
	}
	if doc.Dataset == nil {
		return nil, dataset.Errorf(dataset.EINVALID, "snapshot has no dataset")
	}
	return doc, nil
}

// part is one JSON member of a dataset and how it decodes.
type part struct {
	name   string
	decode func(*json.Decoder, *slicer) error
}

// datasetParts are the JSON members of a dataset and where each decodes to
// (a test checks that they are all of dataset.Dataset's fields).
func datasetParts(d *dataset.Dataset) []part {
	return []part{
		{"meta", func(dec *json.Decoder, _ *slicer) error { return dec.Decode(&d.Meta) }},
		{"miners", listInto(&d.Miners)}, {"sites", listInto(&d.Sites)}, {"deals", listInto(&d.Deals)},
		{"corrections", listInto(&d.Corrections)}, {"counterparties", listInto(&d.Counterparties)},
		{"aggregates", listInto(&d.Aggregates)}, {"equity", listInto(&d.Equity)},
		{"financing", listInto(&d.Financing)}, {"events", listInto(&d.Events)},
	}
}

// listInto decodes a JSON list into *into one element at a time, letting
// the browser run whenever the slicer's budget is spent. It gives what
// json.Unmarshal gives: nil for null, an empty list for [].
func listInto[T any](into *[]T) func(*json.Decoder, *slicer) error {
	return func(dec *json.Decoder, s *slicer) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if tok == nil {
			*into = nil
			return nil
		}
		if tok != json.Delim('[') {
			return fmt.Errorf("want a list, found %v", tok)
		}
		out := []T{}
		for dec.More() {
			var v T
			if err := dec.Decode(&v); err != nil {
				return err
			}
			out = append(out, v)
			s.tick()
		}
		if _, err := dec.Token(); err != nil {
			return err
		}
		*into = out
		return nil
	}
}

// eachMember calls f with the name of each member of the JSON object
// that dec reads next; f must read the member's value.
func eachMember(dec *json.Decoder, f func(name string) error) error {
	found, err := eachMemberOrNull(dec, f)
	if err == nil && !found {
		err = errors.New("snapshot: want an object, found null")
	}
	return err
}

// eachMemberOrNull is eachMember where the value may be null (found false).
func eachMemberOrNull(dec *json.Decoder, f func(name string) error) (found bool, err error) {
	tok, err := dec.Token()
	if err != nil {
		return false, err
	}
	if tok == nil {
		return false, nil
	}
	if tok != json.Delim('{') {
		return false, fmt.Errorf("snapshot: want an object, found %v", tok)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return true, err
		}
		name, _ := tok.(string)
		if err := f(name); err != nil {
			return true, err
		}
	}
	_, err = dec.Token()
	return true, err
}

// skipValue reads and drops the next JSON value.
func skipValue(dec *json.Decoder) error {
	var v json.RawMessage
	return dec.Decode(&v)
}

// slicer cuts a long step into slices of about sliceBudget, yielding to
// the browser between them (a nil slicer never yields): Lighthouse counts any task over 50 ms on a
// phone (a quarter of that on a laptop) as blocking.
type slicer struct{ start time.Time }

const sliceBudget = 8 * time.Millisecond

func newSlicer() *slicer { return &slicer{start: time.Now()} }

func (s *slicer) tick() {
	if s != nil && time.Since(s.start) >= sliceBudget {
		yield()
		s.start = time.Now()
	}
}

// yield lets the browser run between the steps of the start-up, so that no
// step holds the main thread for long: a page stays responsive while the
// WASM starts, and Lighthouse counts less blocking time. It awaits
// scheduler.yield() where the browser has it (the continuation runs as soon
// as the browser has had its turn); otherwise it sleeps, and the Go
// scheduler returns to the event loop while the only goroutine sleeps (but
// browsers delay nested timers to 4 ms).
func yield() {
	if app.IsClient {
		if s := app.Window().Get("scheduler"); s.Truthy() && s.Get("yield").Truthy() {
			if _, err := await(s.Call("yield")); err == nil {
				return
			}
		}
	}
	time.Sleep(time.Millisecond)
}

// unstored returns the snapshot JSON of a stored value (one saved before
// storedPrefix existed is the JSON itself).
func unstored(v string) string {
	return strings.TrimPrefix(v, storedPrefix)
}

// handleRevalidate asks the server for the snapshot with If-None-Match. A
// newer snapshot is kept aside and offered to the user (never swapped in
// silently); a network failure marks the app offline.
func handleRevalidate(app.Context, app.Action) {
	if viewed.n > 0 {
		return // a revision never changes
	}
	clientData.mu.Lock()
	etag := clientData.etag
	clientData.mu.Unlock()
	headers := map[string]string{}
	if etag != "" {
		headers["If-None-Match"] = etag
	}
	res, err := fetchBody(apiURL("/api/v1/snapshot"), headers)
	var doc *dataset.SnapshotDocument // a newer snapshot, decoded before taking the lock
	if err == nil && res.Status == 200 && res.ETag != etag {
		doc, _ = decodeSnapshot(res.Bytes)
	}
	clientData.mu.Lock()
	st := clientData.status
	switch {
	case err != nil:
		st.Offline = true
	case res.Status == 304:
		st.Offline = false
	case res.Status == 200 && res.ETag != etag:
		st.Offline = false
		if doc != nil {
			if clientData.snap == nil {
				clientData.mu.Unlock()
				if installDoc(doc, res.ETag, "network") == nil {
					saveCopy(res)
				}
				publishData(currentStatus())
				return
			}
			clientData.pending, clientData.pendTag, clientData.pendRaw = doc, res.ETag, res
			st.Pending = true
		}
	default:
		st.Offline = false
	}
	clientData.status = st
	clientData.mu.Unlock()
	publishData(st)
}

// applyPending shows the newer snapshot the user accepted.
func applyPending() {
	clientData.mu.Lock()
	doc, raw, tag := clientData.pending, clientData.pendRaw, clientData.pendTag
	clientData.pending, clientData.pendRaw = nil, snapshotBody{}
	clientData.mu.Unlock()
	if doc == nil {
		return
	}
	if installDoc(doc, tag, "network") == nil {
		saveCopy(raw)
	}
	publishData(currentStatus())
}

// startGC lets the heap grow 4× between collections (instead of 2×) until
// the first page is mounted: the start-up decodes the snapshot, indexes it
// and builds the first page, all garbage-heavy, and Go's collector runs on
// the browser's only thread. observe restores the default, in a task after
// the mount's: restored in it, it started a collection within the mount
// (~0.1 s of its ~0.5 s in a traced load of /deals on a laptop).
func startGC() { debug.SetGCPercent(400) }

var endStartGC = sync.OnceFunc(func() {
	go func() {
		yield()
		debug.SetGCPercent(100)
	}()
})
