package server

import (
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"powerbrokers/dataset"
)

// getReady handles "GET /readyz": 200 while the store is open and a
// snapshot is published, 503 otherwise (a load balancer stops sending).
func (s *Server) getReady(w http.ResponseWriter, r *http.Request) {
	if s.closed.Load() || s.pub.Load() == nil {
		w.Header().Set("Retry-After", "5")
		writeJSON(w, r, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	writeJSON(w, r, http.StatusOK, map[string]string{"status": "ready", "version": s.pub.Load().snap.Version})
}

// RunGC reclaims space in Badger's value log until there is nothing left to
// rewrite. It is safe to call while serving.
func (s *Store) RunGC() error {
	for {
		err := s.db.RunValueLogGC(0.5)
		switch {
		case errors.Is(err, badger.ErrNoRewrite), errors.Is(err, badger.ErrGCInMemoryMode):
			return nil
		case err != nil:
			return err
		}
	}
}

// gcLoop runs the value-log GC every interval until stop is closed.
func (s *Server) gcLoop(interval time.Duration, stop <-chan struct{}) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			if err := s.store.RunGC(); err != nil {
				s.log.Warn("value log GC", "err", err)
			}
		}
	}
}

// rateLimiter allows each client a burst of writes refilled at a steady rate.
type rateLimiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	clients map[string]*bucket
	now     func() time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(perMinute, burst int) *rateLimiter {
	return &rateLimiter{rate: float64(perMinute) / 60, burst: float64(burst), clients: map[string]*bucket{}, now: time.Now}
}

// allow takes a token for client; when none is left it returns how long to wait.
func (l *rateLimiter) allow(client string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.clients[client]
	if !ok {
		if len(l.clients) > 10000 { // forget idle clients rather than grow without bound
			for k, v := range l.clients {
				if now.Sub(v.last) > time.Minute {
					delete(l.clients, k)
				}
			}
		}
		b = &bucket{tokens: l.burst, last: now}
		l.clients[client] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	}
	b.tokens--
	return true, 0
}

// limitWrites answers 429 when a client writes faster than the limiter allows.
func (s *Server) limitWrites(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		if ok, wait := s.writeLimit.allow(host); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			writeError(w, r, &dataset.Error{Code: dataset.ERATELIMIT, Message: "too many writes; retry after " + strconv.Itoa(int(wait.Seconds())+1) + " s"})
			return
		}
		next(w, r)
	}
}
