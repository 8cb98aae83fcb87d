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
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

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
	// Run refuses a token shorter than MinWriteToken characters.
	WriteToken string
	// PublicOrigin is the scheme and host the explorer is reached at, e.g.
	// "https://example.org": oEmbed builds its URLs from it and pages name
	// it in og:url. Empty: oEmbed accepts only URLs of the address the
	// server listens on, never one named by a request's Host header.
	PublicOrigin string
	// Timeouts of a connection; zero values take the defaults below.
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// DrainTimeout bounds a graceful shutdown: requests still running after
	// it have their connections closed.
	DrainTimeout time.Duration
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
	styles inlineStyles
	pub    atomic.Pointer[published]
	pubMu  sync.Mutex // serializes publish
	closed atomic.Bool
	// writeLimit rate-limits authenticated writes per client address.
	writeLimit *rateLimiter
	// authLimit rate-limits failed authentications per client address.
	authLimit *rateLimiter
	// editMu makes a write's If-Match check, the write and its publication
	// one step.
	editMu sync.Mutex
	// inFlight counts running handlers.
	inFlight atomic.Int64
	// pkgCache holds the latest data package zip.
	pkgCache packageCache
	// revs caches rebuilt revisions; revMux serves their read-only API.
	revs   revisionCache
	revMux *http.ServeMux
}

// Connection defaults. A request's headers must arrive in
// DefaultReadHeaderTimeout and its body in DefaultReadTimeout; an answer
// must be written in DefaultWriteTimeout, except the WASM, which only has to
// keep moving (wasmChunkTimeout per 32 KB); a keep-alive connection is
// closed after DefaultIdleTimeout without a request.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 60 * time.Second
	DefaultIdleTimeout       = 60 * time.Second
	DefaultDrainTimeout      = 10 * time.Second
	// MinWriteToken is the shortest write token Run accepts.
	MinWriteToken = 16
)

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
	origin, err := cleanOrigin(cfg.PublicOrigin)
	if err != nil {
		return nil, err
	}
	cfg.PublicOrigin = origin
	cfg.ReadTimeout = orDefault(cfg.ReadTimeout, DefaultReadTimeout)
	cfg.WriteTimeout = orDefault(cfg.WriteTimeout, DefaultWriteTimeout)
	cfg.IdleTimeout = orDefault(cfg.IdleTimeout, DefaultIdleTimeout)
	cfg.DrainTimeout = orDefault(cfg.DrainTimeout, DefaultDrainTimeout)
	s := &Server{cfg: cfg, log: cfg.Logger, writeLimit: newRateLimiter(120, 60), authLimit: newRateLimiter(failedAuthsPerMinute, failedAuthBurst)}
	if s.log == nil {
		s.log = slog.Default()
	}
	if cfg.DataDir == "" {
		s.store, err = OpenInMemory(s.log)
	} else {
		s.store, err = Open(cfg.DataDir, s.log)
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
	if err := s.store.EnsureRevision(); err != nil {
		s.store.Close()
		return nil, err
	}
	s.wasm = readWASMInfo(filepath.Join(cfg.WebDir, "app.wasm"))
	if s.styles, err = readStyles(cfg.WebDir); err != nil {
		s.store.Close()
		return nil, err
	}
	if s.wasm.hash == "" {
		s.log.Warn("web/app.wasm not found: pages are prerendered but the app will not start; run make build", "web_dir", cfg.WebDir)
	}
	appui.Routes(s.currentSnapshot)
	appui.ServeClock(s.now)
	appui.ServeRevisions(func(n int) (*dataset.Snapshot, dataset.Revision, error) {
		v, err := s.revisionView(n)
		if err != nil {
			return nil, dataset.Revision{}, err
		}
		return v.snap, v.rev, nil
	}, func() dataset.Revision {
		if p := s.pub.Load(); p != nil {
			return p.rev
		}
		return dataset.Revision{}
	})
	appui.ServeChanges(func() []dataset.Change {
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

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.root.ServeHTTP(w, r)
}

// published is everything derived from one committed version of the data.
type published struct {
	snap    *dataset.Snapshot
	changes []dataset.Change // the latest changes, for prerendering "what changed"
	body    encoded          // the /api/v1/snapshot body, precompressed
	pages   *app.Handler
	version string // go-app version: hash of the WASM and the data
	rev     dataset.Revision
}

// publishedChanges is how many of the latest changes a snapshot carries.
const publishedChanges = 20

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
	changes, err := s.store.Changes(publishedChanges)
	if err != nil {
		return err
	}
	rev, err := s.store.LatestRevision()
	if err != nil {
		return err
	}
	doc := dataset.SnapshotDocument{Version: snap.Version, Dataset: d, Changes: changes, Licence: dataset.DataLicence()}
	if rev.Number > 0 {
		s.linkRevision(&rev)
		doc.Revision = &rev
	}
	body, err := encodeJSON(doc)
	if err != nil {
		return err
	}
	p := &published{snap: snap, changes: changes, body: body, rev: rev, version: shortHash(s.wasm.hash + "/" + snap.Version + "/" + s.cfg.BasePath)}
	p.pages = s.pageHandler(p.version)
	s.pub.Store(p)
	return nil
}

// Run starts the server on cfg.Addr and serves until ctx is done, then drains
// in-flight requests for at most cfg.DrainTimeout, closes the connections
// still busy and closes the store. ready, if not nil, receives the listening
// address. A stuck client does not make the shutdown fail.
func Run(ctx context.Context, cfg Config, ready func(addr string)) error {
	if err := CheckWriteToken(cfg.WriteToken); err != nil {
		return err
	}
	srv, err := New(cfg)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", cfg.Addr, err)
	}
	hs := srv.HTTPServer()
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
	srv.Shutdown(hs)
	return nil
}

// HTTPServer returns an http.Server for s with its connection timeouts.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: min(DefaultReadHeaderTimeout, s.cfg.ReadTimeout),
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// Shutdown stops hs gracefully: it waits up to the drain time for running
// requests, then closes every connection left and waits (briefly) for
// their handlers, so that the store closes after the last of them.
func (s *Server) Shutdown(hs *http.Server) {
	drainCtx, cancel := context.WithTimeout(context.Background(), s.cfg.DrainTimeout)
	defer cancel()
	if err := hs.Shutdown(drainCtx); err != nil {
		hs.Close()
		deadline := time.Now().Add(5 * time.Second)
		for s.inFlight.Load() > 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		s.log.Warn("closed the connections still busy after the drain time", "drain", s.cfg.DrainTimeout, "handlers_left", s.inFlight.Load())
	}
	s.log.Info("stopped")
}

// CheckWriteToken refuses a configured write token that is blank or
// shorter than MinWriteToken characters ("" means read-only and is fine).
func CheckWriteToken(token string) error {
	if token == "" {
		return nil
	}
	t := strings.TrimSpace(token)
	switch {
	case t == "":
		return errors.New("the write token is empty after trimming spaces: give a random token of at least 16 characters, or none for a read-only server")
	case t != token:
		return errors.New("the write token starts or ends with white space: give it without")
	case utf8.RuneCountInString(t) < MinWriteToken:
		return fmt.Errorf("the write token is %d characters long: give a random token of at least %d characters (e.g. openssl rand -hex 24)", utf8.RuneCountInString(t), MinWriteToken)
	}
	return nil
}

// cleanOrigin normalizes a public origin to "scheme://host[:port]".
func cleanOrigin(o string) (string, error) {
	o = strings.TrimRight(strings.TrimSpace(o), "/")
	if o == "" {
		return "", nil
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("public origin %q must look like https://example.org: a scheme and a host, no path", o)
	}
	return u.Scheme + "://" + strings.ToLower(u.Host), nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
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
