//go:build !wasm

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset/seed"
	"powerbrokers/server"
)

const goodToken = "a-curator-token-0123456789"

// TestWeakWriteTokensStopTheStart: a token given but blank or shorter than
// 16 characters stops the server before it listens, with a message saying
// why; -write-token-file reads it from a file, trimmed.
func TestWeakWriteTokensStopTheStart(t *testing.T) {
	dir := t.TempDir()
	file := func(content string) string {
		p := filepath.Join(t.TempDir(), "token")
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	for _, tt := range []struct {
		name string
		args []string
		env  string
		want string
	}{
		{"blank flag", []string{"-write-token", "   "}, "", "the write token from -write-token is empty after trimming white space"},
		{"empty flag", []string{"-write-token", ""}, "", "is empty after trimming"},
		{"short flag", []string{"-write-token", "hunter2"}, "", "the write token from -write-token: the write token is 7 characters long: give a random token of at least 16 characters"},
		{"blank env", nil, "  \t ", "the write token from $POWERBROKERS_WRITE_TOKEN is empty after trimming"},
		{"short env", nil, "short", "at least 16 characters"},
		{"blank file", []string{"-write-token-file", file("\n\n")}, "", "is empty after trimming"},
		{"short file", []string{"-write-token-file", file("abc\n")}, "", "3 characters long"},
		{"missing file", []string{"-write-token-file", filepath.Join(dir, "nope")}, "", "-write-token-file: open"},
		{"both", []string{"-write-token", goodToken, "-write-token-file", file(goodToken)}, "", "not both"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("POWERBROKERS_WRITE_TOKEN", tt.env)
			var out bytes.Buffer
			args := append([]string{"-addr", "127.0.0.1:0", "-data", t.TempDir(), "-web", t.TempDir()}, tt.args...)
			err := run(context.Background(), args, &out, &out)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, out.String(), "serving", "the server did not start")
		})
	}
}

// freeAddr returns a loopback address that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().String()
}

// TestStopWithAStuckClientExitsZero starts the server as main does, with
// the token from a file, holds a write open by dripping its body, and
// stops the server (SIGTERM cancels run's context): run returns nil, so
// the process exits 0, once the drain time has passed.
func TestStopWithAStuckClientExitsZero(t *testing.T) {
	tokenFile := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(tokenFile, []byte("  "+goodToken+"\n"), 0o600))
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	var logs safeBuffer
	go func() {
		done <- run(ctx, []string{"-addr", addr, "-data", t.TempDir(), "-web", t.TempDir(), "-write-token-file", tokenFile, "-drain-timeout", "300ms"}, &logs, &logs)
	}()
	var conn net.Conn
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			conn = c
			break
		}
		require.Less(t, i, 200, "the server did not start: %s", logs.String())
		time.Sleep(50 * time.Millisecond)
	}
	defer conn.Close()
	// The trimmed token from the file is the token: the write is let in
	// and its handler waits for the body.
	fmt.Fprintf(conn, "POST /api/v1/deals HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 100000\r\n\r\n{", goodToken)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
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
	}()
	time.Sleep(300 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err, "exit status 0: %s", logs.String())
	case <-time.After(30 * time.Second): // liveness bound, far above the drain time
		t.Fatal("the server waited for the stuck client")
	}
	assert.Contains(t, logs.String(), "closed the connections still busy after the drain time")
}

// TestStaticPublishesTheStore writes a deal into a store and makes a static
// copy of it with -data: the copy has the deal, its page and the CSP meta;
// a copy of the embedded seed does not have the deal.
func TestStaticPublishesTheStore(t *testing.T) {
	dataDir := t.TempDir()
	srv, err := server.New(server.Config{DataDir: dataDir, WebDir: t.TempDir(), Seed: seed.FS, Logger: quietLog()})
	require.NoError(t, err)
	require.NoError(t, srv.Store().Apply(server.Write{Kind: "deals", Action: "create", ID: "iren-curated-2026-07", Who: "test",
		Record: json.RawMessage(`{"id": "iren-curated-2026-07", "title": "A curated deal", "miner": "iren", "tenant": "microsoft", "type": "colocation",
		"announced": "2026-07-01", "value_usd": null, "term_years": null, "mw": null, "status": "announced", "verified": "2026-12-03",
		"sources": [{"url": "https://example.org/curated", "publisher": "Example", "kind": "press"}]}`)}))
	require.NoError(t, srv.Close())

	web := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(web, "app.wasm"), []byte("\x00asm\x01\x00\x00\x00"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(web, "app.css"), []byte("body{}"), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(web, "geo", "node_modules"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(web, "geo", "package.json"), []byte("{}"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(web, "geo", "map.json"), []byte("{}"), 0o644))

	out := filepath.Join(t.TempDir(), "copy")
	var stdout bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"static", out, "-data", dataDir, "-web", web}, &stdout, &stdout))
	assert.Contains(t, stdout.String(), "wrote a static copy of the store in "+dataDir)
	snap, err := os.ReadFile(filepath.Join(out, "api/v1/snapshot"))
	require.NoError(t, err)
	assert.Contains(t, string(snap), "A curated deal")
	page, err := os.ReadFile(filepath.Join(out, "deals/iren-curated-2026-07.html"))
	require.NoError(t, err)
	assert.Contains(t, string(page), "A curated deal")
	assert.Contains(t, string(page), `<meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="default-src`)
	assert.FileExists(t, filepath.Join(out, "web/geo/map.json"))
	assert.NoFileExists(t, filepath.Join(out, "web/geo/package.json"), "build files are not published")

	seedCopy := filepath.Join(t.TempDir(), "seed-copy")
	require.NoError(t, run(context.Background(), []string{"static", seedCopy, "-web", web}, &stdout, &stdout))
	snap, err = os.ReadFile(filepath.Join(seedCopy, "api/v1/snapshot"))
	require.NoError(t, err)
	assert.NotContains(t, string(snap), "A curated deal")

	// A store in use by a running server is refused with a clear message.
	running, err := server.New(server.Config{DataDir: dataDir, WebDir: web, Logger: quietLog()})
	require.NoError(t, err)
	defer running.Close()
	err = run(context.Background(), []string{"static", filepath.Join(t.TempDir(), "x"), "-data", dataDir, "-web", web}, &stdout, &stdout)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is in use by a running server")
}

// safeBuffer is a bytes.Buffer that the server's logger and the test share.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
