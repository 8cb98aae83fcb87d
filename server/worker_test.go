package server

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The service worker is worker.js, valid JavaScript; the server serves it
// with go-app's version and resources in place of its markers.
func TestServiceWorkerFromWorkerJS(t *testing.T) {
	for _, m := range workerMarkers {
		assert.NotContains(t, workerJS, m.marker)
		assert.Contains(t, workerJS, m.variable)
	}
	assert.Panics(t, func() { workerTemplate("const cacheName = 1;") }, "a worker.js without its markers does not build a server")

	s := newTestServer(t, Config{})
	w := do(s, "GET", "/app-worker.js", nil)
	require.Equal(t, 200, w.Code)
	body := w.Body.String()
	assert.NotContains(t, body, "GOAPP_")
	assert.Regexp(t, regexp.MustCompile(`const cacheName = "app-" \+ "[^"]+";`), body)
	assert.Regexp(t, regexp.MustCompile(`const resourcesToCache = \["/[^"]*"`), body, "the resources are a JSON list of our paths")

	// A JavaScript syntax check where Node is installed (the browser tests
	// run the worker itself).
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: worker.js's syntax check is left to the browser tests")
	}
	served := filepath.Join(t.TempDir(), "worker.js")
	require.NoError(t, os.WriteFile(served, []byte(body), 0o644))
	for _, f := range []string{"worker.js", served} {
		out, err := exec.Command(node, "--check", f).CombinedOutput()
		assert.NoError(t, err, "node --check %s: %s", f, out)
	}
}
