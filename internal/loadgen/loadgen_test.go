package loadgen

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset/seed"
	"powerbrokers/server"
)

// TestLoadAgainstARealServer runs the load generator for 2 s, with writes,
// against the real server on a loopback port: no request fails and the
// report has a row per endpoint.
func TestLoadAgainstARealServer(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil)) // no log line per request
	ts := startServer(t, server.Config{WriteToken: "load-token", Logger: quiet})
	var out, errOut bytes.Buffer
	err := Command(context.Background(), []string{"-c", "8", "-d", "2s", "-write-token", "load-token", "-write-every", "250ms", ts.URL}, &out, &errOut)
	t.Log("\n" + out.String())
	require.NoError(t, err, errOut.String())
	report := out.String()
	assert.Regexp(t, `^load: http://127\.0\.0\.1:\d+, 8 connections for 2s, a write every 250ms\n`, report)
	assert.Regexp(t, `endpoint\s+requests\s+req/s\s+p50\s+p90\s+p99\s+max\s+errors`, report)
	for _, ep := range []string{"snapshot", "list", "page", "write"} {
		row := regexp.MustCompile(`(?m)^\s*` + ep + `\s+(\d+)\s+[\d.]+(\s+[\d.]+ms){4}\s+0\s*$`).FindStringSubmatch(report)
		if assert.NotNil(t, row, "no row for %s with 0 errors", ep) {
			assert.NotEqual(t, "0", row[1], "no %s request was sent", ep)
		}
	}
	assert.Regexp(t, `(?m)^elapsed [\d.]+s, \d+ requests, [\d.]+ requests/s, errors: 0$`, report)
}

// TestLoadFailsOnErrors: a failing endpoint makes the command fail, with the error in the report.
func TestLoadFailsOnErrors(t *testing.T) {
	ts := startServer(t, server.Config{WriteToken: "right", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	var out bytes.Buffer
	err := Command(context.Background(), []string{"-c", "1", "-d", "300ms", "-write-token", "wrong", ts.URL}, &out, &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "401")
}

// TestLoadRefusesNonLoopbackTargets: only loopback IP literals are targets.
func TestLoadRefusesNonLoopbackTargets(t *testing.T) {
	for _, target := range []string{
		"http://example.com", "http://10.0.0.1:8000", "http://192.168.1.1", "http://[::2]:80", "http://0.0.0.0:8000",
		"http://localhost:8000", "http://127.0.0.1.nip.io", "https://8.8.8.8", "http://[fe80::1]:80",
	} {
		var out bytes.Buffer
		err := Command(context.Background(), []string{"-d", "1s", target}, &out, &out)
		if assert.Error(t, err, target) {
			assert.Contains(t, err.Error(), "only targets loopback addresses (127.0.0.0/8 or ::1)", target)
		}
		assert.Empty(t, out.String(), "%s: no report, nothing sent", target)
	}
	for _, bad := range []string{"ftp://127.0.0.1/", "::nope"} {
		assert.Error(t, Command(context.Background(), []string{bad}, new(bytes.Buffer), new(bytes.Buffer)), bad)
	}
	for _, ok := range []string{"http://127.0.0.1:8000", "http://127.9.8.7", "http://[::1]:8000/", "https://[::ffff:127.0.0.1]:443"} {
		_, err := loopbackURL(ok)
		assert.NoError(t, err, ok)
	}
	// Flags outside the bounds are refused too.
	for _, args := range [][]string{{"-c", "0"}, {"-c", "5000"}, {"-d", "0s"}, {"-d", "1h"}, {"-write-every", "1ms"}} {
		assert.Error(t, Command(context.Background(), args, new(bytes.Buffer), new(bytes.Buffer)), "%v", args)
	}
}

// startServer serves the real server, with the embedded seed and a fresh
// data directory, on a loopback port for the test.
func startServer(tb testing.TB, cfg server.Config) *httptest.Server {
	tb.Helper()
	cfg.DataDir, cfg.WebDir, cfg.Seed = tb.TempDir(), tb.TempDir(), seed.FS
	srv, err := server.New(cfg)
	require.NoError(tb, err)
	ts := httptest.NewServer(srv)
	tb.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	return ts
}
