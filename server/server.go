// Package server is the Powerbrokers HTTP server: the go-app handler that
// prerenders pages from the current snapshot, the JSON API under /api/v1, and
// the Badger store behind them.
package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	appui "powerbrokers/app"
	"powerbrokers/dataset"
)

// Config is what the server needs from the command line.
type Config struct {
	// Addr is the TCP address to listen on; ":0" picks a free port.
	Addr string
	// DataDir is the Badger directory; "" keeps the store in memory.
	DataDir string
	// WebDir is the directory served at /web/ (holds app.wasm, css, icons).
	WebDir string
	// BasePath mounts the whole explorer under a path prefix, e.g. "/explorer".
	BasePath string
	// FrameAncestors lists the origins allowed to frame the app ("'self'" by default).
	FrameAncestors []string
	// CORSOrigins lists the origins allowed to read the API cross-origin.
	CORSOrigins []string
	// WriteToken enables curated writes with "Authorization: Bearer <token>"; empty = read-only.
	WriteToken string
	// Seed is the dataset loaded into an empty or older store.
	Seed fs.FS
	// Logger receives request and lifecycle logs; nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock overdue milestones and recent checks are judged
	// against; nil means time.Now. Tests set it.
	Now func() time.Time
}

// Server serves the explorer. It is an http.Handler; Close releases the store.
type Server struct {
	cfg    Config
	store  *Store
	log    *slog.Logger
	mux    *http.ServeMux
	root   http.Handler
	wasm   wasmInfo
	pub    atomic.Pointer[published]
	pubMu  sync.Mutex // serializes publish
	closed atomic.Bool
	// writeLimit rate-limits curated writes per client address.
	writeLimit *rateLimiter
}

// New opens the store in cfg.DataDir, loads cfg.Seed into it when it is empty
// or older, builds the first snapshot and returns the server. The caller must
// call Close.
func New(cfg Config) (*Server, error) {
	if cfg.WebDir == "" {
		cfg.WebDir = "web"
	}
	if len(cfg.FrameAncestors) == 0 {
		cfg.FrameAncestors = []string{"'self'"}
	}
	bp, err := cleanBasePath(cfg.BasePath)
	if err != nil {
		return nil, err
	}
	cfg.BasePath = bp
	s := &Server{cfg: cfg, log: cfg.Logger, writeLimit: newRateLimiter(120, 60)}
	if s.log == nil {
		s.log = slog.Default()
	}
	if cfg.DataDir == "" {
		s.store, err = OpenInMemory()
	} else {
		s.store, err = Open(cfg.DataDir)
	}
	if err != nil {
		return nil, err
	}
	if cfg.Seed != nil {
		if dl, err := dataset.LoadDenylist(cfg.Seed); err == nil {
			s.store.Denylist = dl
		}
		loaded, err := LoadSeed(s.store, cfg.Seed)
		if err != nil {
			s.store.Close()
			return nil, err
		}
		if loaded {
			s.log.Info("loaded the embedded seed into the store")
		}
	}
	s.wasm = readWASMInfo(filepath.Join(cfg.WebDir, "app.wasm"))
	if s.wasm.hash == "" {
		s.log.Warn("web/app.wasm not found: pages are prerendered but the app will not start; run make build", "web_dir", cfg.WebDir)
	}
	appui.Routes(s.currentSnapshot)
	appui.ServeClock(s.now)
	appui.ServeChanges(func() []appui.Change {
		if p := s.pub.Load(); p != nil {
			return p.changes
		}
		return nil
	})
	if err := s.republish(); err != nil {
		s.store.Close()
		return nil, err
	}
	s.routes()
	return s, nil
}

// Close closes the store. It is safe to call more than once.
func (s *Server) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	return s.store.Close()
}

// Store returns the server's store.
func (s *Server) Store() *Store { return s.store }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.root.ServeHTTP(w, r)
}

// published is everything derived from one committed version of the data.
type published struct {
	snap    *dataset.Snapshot
	changes []appui.Change // the latest changes, for prerendering "what changed"
	body    encoded        // the /api/v1/snapshot body, precompressed
	pages   *app.Handler
	version string // go-app version: hash of the WASM and the data
}

func (s *Server) currentSnapshot() *dataset.Snapshot {
	if p := s.pub.Load(); p != nil {
		return p.snap
	}
	return nil
}

// republish reads the store, builds a new snapshot and swaps it in.
func (s *Server) republish() error {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	d, err := s.store.Dataset()
	if err != nil {
		return err
	}
	snap, err := dataset.NewSnapshot(d)
	if err != nil {
		return err
	}
	changes, err := s.store.Changes(20)
	if err != nil {
		return err
	}
	body, err := encodeJSON(snapshotDoc{Version: snap.Version, Dataset: d, Changes: changes})
	if err != nil {
		return err
	}
	uiChanges := make([]appui.Change, len(changes))
	for i, c := range changes {
		uiChanges[i] = appui.Change{Seq: c.Seq, At: c.At, Who: c.Who, Kind: c.Kind, Action: c.Action, ID: c.ID, Summary: c.Summary}
	}
	p := &published{snap: snap, changes: uiChanges, body: body, version: shortHash(s.wasm.hash + "/" + snap.Version + "/" + s.cfg.BasePath)}
	p.pages = s.pageHandler(p.version)
	s.pub.Store(p)
	return nil
}

// snapshotDoc is the body of GET /api/v1/snapshot: the whole dataset, its
// version and the latest changes, so the client can work offline.
type snapshotDoc struct {
	Version string           `json:"version"`
	Dataset *dataset.Dataset `json:"dataset"`
	Changes []Change         `json:"changes"`
}

// Run starts the server on cfg.Addr and serves until ctx is done, then drains
// in-flight requests and closes the store. ready, if not nil, receives the
// listening address.
func Run(ctx context.Context, cfg Config, ready func(addr string)) error {
	srv, err := New(cfg)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", cfg.Addr, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(srv.log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	stopGC := make(chan struct{})
	defer close(stopGC)
	go srv.gcLoop(10*time.Minute, stopGC)
	addr := ln.Addr().String()
	srv.log.Info("serving", "url", "http://"+addr+srv.cfg.BasePath+"/")
	if ready != nil {
		ready(addr)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	srv.log.Info("stopped")
	return nil
}

// cleanBasePath normalizes a base path to "" or "/a/b" (no trailing slash).
func cleanBasePath(p string) (string, error) {
	p = strings.TrimRight(strings.TrimSpace(p), "/")
	if p == "" {
		return "", nil
	}
	if !basePathRE.MatchString(p) || strings.Contains(p, "..") {
		return "", fmt.Errorf("base path %q must look like /explorer: segments of letters, digits, '-', '_', '~' and '.' (not first)", p)
	}
	return p, nil
}

// basePathRE accepts only plain URL path segments: anything else (spaces,
// braces, "//", escapes) breaks the route patterns or opens a redirect.
var basePathRE = regexp.MustCompile(`^(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+$`)

type wasmInfo struct {
	hash string
	size int64
}

func readWASMInfo(path string) wasmInfo {
	b, err := os.ReadFile(path)
	if err != nil {
		return wasmInfo{}
	}
	return wasmInfo{hash: shortHash(string(b)), size: int64(len(b))}
}
