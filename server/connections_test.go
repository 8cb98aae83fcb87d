package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testToken = "0123456789abcdef-test"

// serveReal serves s on a loopback port with its real http.Server (its
// timeouts) and returns the address.
func serveReal(t *testing.T, s *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	hs := s.HTTPServer()
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return ln.Addr().String()
}

// closedWithin reports whether the server closes conn within d (a read
// returns EOF or a reset rather than timing out on our side).
func closedWithin(conn net.Conn, d time.Duration) bool {
	conn.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false
	}
	return true
}

// TestSlowAndIdleConnectionsAreClosed opens connections that drip a body a
// byte at a time (with and without the token), that never finish their
// headers, and that sit idle after a request: the server closes every one
// of them after its timeout. Before the timeouts were set it held them all.
func TestSlowAndIdleConnectionsAreClosed(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: testToken, ReadTimeout: 700 * time.Millisecond,
		WriteTimeout: 2 * time.Second, IdleTimeout: 700 * time.Millisecond})
	addr := serveReal(t, s)
	const each = 25
	kinds := []string{"drip with token", "drip without token", "slow headers", "idle keep-alive"}
	var mu sync.Mutex
	held := map[string]int{}
	var wg sync.WaitGroup
	for _, kind := range kinds {
		for i := 0; i < each; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				conn, err := net.Dial("tcp", addr)
				if !assert.NoError(t, err) {
					return
				}
				defer conn.Close()
				stop := make(chan struct{})
				defer close(stop)
				switch kind {
				case "drip with token", "drip without token":
					auth := ""
					if kind == "drip with token" {
						auth = "Authorization: Bearer " + testToken + "\r\n"
					}
					fmt.Fprintf(conn, "POST /api/v1/deals HTTP/1.1\r\nHost: x\r\n%sContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n", auth)
					go drip(conn, stop)
				case "slow headers":
					fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n")
					go func() {
						for {
							select {
							case <-stop:
								return
							case <-time.After(100 * time.Millisecond):
								if _, err := conn.Write([]byte("X-Slow: 1\r\n")); err != nil {
									return
								}
							}
						}
					}()
				case "idle keep-alive":
					fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
					res, err := http.ReadResponse(bufio.NewReader(conn), nil)
					if assert.NoError(t, err) {
						io.Copy(io.Discard, res.Body)
						res.Body.Close()
					}
				}
				// Liveness bound, far above the timeouts: a connection still
				// open after it is held indefinitely.
				if !closedWithin(conn, 15*time.Second) {
					mu.Lock()
					held[kind]++
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	for _, kind := range kinds {
		assert.Zero(t, held[kind], "%s: %d of %d connections still open", kind, held[kind], each)
	}
	t.Logf("%d connections (%d of each: %s): %d held, the rest closed by the server", each*len(kinds), each, strings.Join(kinds, ", "), held["drip with token"]+held["drip without token"]+held["slow headers"]+held["idle keep-alive"])
}

// drip writes one byte of a body every 100 ms until stop or an error.
func drip(conn net.Conn, stop <-chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case <-time.After(100 * time.Millisecond):
			if _, err := conn.Write([]byte(" ")); err != nil {
				return
			}
		}
	}
}

// TestUnauthenticatedWriteAnsweredBeforeItsBody sends only the headers of
// writes that will be refused: the answer comes at once, with the
// connection closed, without the server waiting for a byte of the body.
func TestUnauthenticatedWriteAnsweredBeforeItsBody(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: testToken})
	addr := serveReal(t, s)
	for _, tt := range []struct {
		name, request string
		want          int
	}{
		{"no token", "POST /api/v1/deals HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n", 401},
		{"wrong token", "PUT /api/v1/deals/x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer nope\r\nContent-Length: 5000\r\n\r\n", 401},
		{"too large", "POST /api/v1/deals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + testToken + "\r\nContent-Length: 5000000\r\n\r\n", 413},
		{"wrong method", "POST /api/v1/snapshot HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n", 405},
		{"a body on a read", "GET /api/v1/deals HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n", 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			require.NoError(t, err)
			defer conn.Close()
			_, err = conn.Write([]byte(tt.request))
			require.NoError(t, err)
			// The body never comes. Bound: far above any answer's time.
			conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			res, err := http.ReadResponse(bufio.NewReader(conn), nil)
			require.NoError(t, err, "no answer before the body")
			assert.Equal(t, tt.want, res.StatusCode)
			assert.True(t, res.Close, "the answer says the connection closes")
			// The server's read timeout is 30 s: a connection closed well
			// before it was closed for the unread body.
			assert.True(t, closedWithin(conn, 10*time.Second), "the connection is closed after the answer")
		})
	}
}

// TestShutdownWithAStuckClientEndsInTheDrainTime stops a server while a
// client is stuck sending a body: Run returns nil (the process exits 0)
// once the drain time is over, having closed the stuck connection.
func TestShutdownWithAStuckClientEndsInTheDrainTime(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Config{Addr: "127.0.0.1:0", WebDir: t.TempDir(), Seed: fixture(t), WriteToken: testToken,
			DrainTimeout: 300 * time.Millisecond, Logger: discard}, func(addr string) { ready <- addr })
	}()
	addr := <-ready
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/deals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 100000\r\n\r\n{", testToken)
	stop := make(chan struct{})
	defer close(stop)
	go drip(conn, stop)
	time.Sleep(200 * time.Millisecond) // the handler is reading the body
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err, "a shutdown with a stuck client is not a failure")
	case <-time.After(20 * time.Second): // liveness bound, far above the drain time
		t.Fatal("the shutdown waited for the stuck client")
	}
	assert.True(t, closedWithin(conn, 5*time.Second), "the stuck connection was closed")
}

func TestWriteTokenChecks(t *testing.T) {
	for _, tt := range []struct{ token, want string }{
		{"", ""},
		{"   ", "empty after trimming"},
		{"short", "5 characters long"},
		{" 0123456789abcdef", "white space"},
		{"0123456789abcdef", ""},
	} {
		err := CheckWriteToken(tt.token)
		if tt.want == "" {
			assert.NoError(t, err, "%q", tt.token)
		} else if assert.Error(t, err, "%q", tt.token) {
			assert.Contains(t, err.Error(), tt.want)
		}
	}
	err := Run(context.Background(), Config{Addr: "127.0.0.1:0", WriteToken: "short", Logger: discard}, nil)
	require.Error(t, err, "Run does not start with a weak token")
	assert.Contains(t, err.Error(), "at least 16 characters")
}

// TestWASMDownloadMayOutlastTheWriteTimeout downloads a 16 MB WASM slowly,
// for several times the write timeout: the download completes, because the
// WASM only has to keep moving (under the plain write timeout it was cut
// after ~5 MB).
func TestWASMDownloadMayOutlastTheWriteTimeout(t *testing.T) {
	web := t.TempDir()
	wasm := make([]byte, 16<<20)
	for i := range wasm {
		wasm[i] = byte(i * 7)
	}
	require.NoError(t, os.WriteFile(filepath.Join(web, "app.wasm"), wasm, 0o644))
	s := newTestServer(t, Config{WebDir: web, WriteTimeout: 500 * time.Millisecond})
	addr := serveReal(t, s)

	slowGet := func(path string) (int, error) {
		conn, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		defer conn.Close()
		conn.(*net.TCPConn).SetReadBuffer(64 << 10)
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\n\r\n", path)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		require.NoError(t, err)
		defer res.Body.Close()
		n := 0
		buf := make([]byte, 256<<10)
		start := time.Now()
		for {
			k, err := io.ReadFull(res.Body, buf)
			n += k
			if err != nil {
				if err == io.EOF || err == io.ErrUnexpectedEOF && n == len(wasm) {
					err = nil
				}
				t.Logf("%s: %d bytes in %s", path, n, time.Since(start).Round(time.Millisecond))
				return n, err
			}
			time.Sleep(50 * time.Millisecond) // ~5 MB/s: about 3 s for the whole file
		}
	}
	n, err := slowGet("/web/app.wasm?v=" + s.wasm.hash)
	require.NoError(t, err)
	assert.Equal(t, len(wasm), n, "the whole WASM, over several write timeouts")
}
