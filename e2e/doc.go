// Package e2e drives the real server and the real app (the WASM) in
// headless Chromium. Its tests run from the repository's root (TestMain),
// where web/, artifacts/ and docs/ are.
//
// Without Chromium or the built WASM a test is skipped, naming what is
// missing, so that `go test ./...` passes on any machine; with
// POWERBROKERS_E2E=1 (set by `make test`, so by CI) it fails instead.
package e2e
