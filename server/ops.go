package server

import (
	"errors"
	"hash/maphash"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"powerbrokers/dataset"
)

// getReady handles "GET /readyz": 200 while the store is open and a
// snapshot is published, 503 otherwise (a load balancer stops sending).
func (s *Server) getReady(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if s.closed.Load() || s.pub.Load() == nil {
		w.Header().Set("Retry-After", "5")
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready", "version": s.pub.Load().snap.Version})
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

// rateLimiter allows each client a burst of events refilled at a steady
// rate. Its memory is fixed: clients share limiterBuckets buckets by a
// keyed hash of their address, so a flood of addresses cannot grow it, and
// clients that share a bucket share a limit (an attacker cannot choose whom
// it shares with: the hash key is random per process).
type rateLimiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	seed    maphash.Seed
	buckets []bucket
	now     func() time.Time
}

// limiterBuckets is the number of buckets of a limiter (about 100 KB).
const limiterBuckets = 4096

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(perMinute, burst int) *rateLimiter {
	return &rateLimiter{rate: float64(perMinute) / 60, burst: float64(burst),
		seed: maphash.MakeSeed(), buckets: make([]bucket, limiterBuckets), now: time.Now}
}

func (l *rateLimiter) bucket(client string) *bucket {
	return &l.buckets[maphash.String(l.seed, client)%limiterBuckets]
}

// refill brings b's tokens up to date; a bucket never used starts full.
func (l *rateLimiter) refill(b *bucket, now time.Time) {
	if b.last.IsZero() {
		b.tokens = l.burst
	} else {
		b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	}
	b.last = now
}

// allow takes a token for client; when none is left it returns how long to wait.
func (l *rateLimiter) allow(client string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucket(client)
	l.refill(b, l.now())
	if b.tokens < 1 {
		return false, l.wait(b)
	}
	b.tokens--
	return true, 0
}

// blocked reports whether client has no token left, without taking one,
// and how long until it has.
func (l *rateLimiter) blocked(client string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucket(client)
	l.refill(b, l.now())
	if b.tokens < 1 {
		return true, l.wait(b)
	}
	return false, 0
}

func (l *rateLimiter) wait(b *bucket) time.Duration {
	return time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// Failed authentications: a client may get the token wrong failedAuthBurst
// times, then failedAuthsPerMinute times a minute; past that its writes
// with a wrong or no token are answered 429 without looking further. A
// request with the valid token is always let through: the limit keeps
// guessing slow and cheap, and a 16-character token keeps it hopeless.
const (
	failedAuthBurst      = 20
	failedAuthsPerMinute = 10
)

// clientKey is the address a limiter counts a request under: the IPv4
// address, or the /64 network of an IPv6 address (one subscriber's).
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// tooMany answers 429 with Retry-After.
func tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration, what string) {
	secs := strconv.Itoa(int(wait.Seconds()) + 1)
	w.Header().Set("Retry-After", secs)
	writeError(w, r, &dataset.Error{Code: "rate_limited", Message: "too many " + what + "; retry after " + secs + " s"})
}
