# Powerbrokers. `make run` builds everything and serves on 127.0.0.1:8000;
# `make test` runs vet, the unit tests and the browser tests.
GO        ?= go
ADDR      ?= 127.0.0.1:8000
DATA      ?= ./data
BIN       := bin/powerbrokers
WASM      := web/app.wasm
GOFILES   := $(shell find . -name '*.go' -not -path './node_modules/*' -not -path './web/geo/node_modules/*')

.PHONY: all build wasm server run test unit browser lint fuzz bench load clean

all: build

build: $(WASM).br $(BIN)

wasm: $(WASM).br

# -s -w: no symbol table or DWARF. -l on our UI packages only (app and the
# page packages under it; not app/chart or app/markup): go-app's builder
# chains inline into large call sites, and Go's WASM code is heavy per call,
# so not inlining them saves ~47 KB brotli (2.5%) at no visible cost (the
# UI's time goes to DOM calls); the query engine in dataset/ keeps its
# inlining because it sorts and filters 100k rows.
NOINLINE  := $(foreach p,app app/economics app/embed app/ui,-gcflags=powerbrokers/$(p)=-l)
$(WASM): $(GOFILES) go.mod go.sum
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" $(NOINLINE) -o $(WASM) .

$(BIN): $(GOFILES) go.mod go.sum dataset/seed/*.json server/*.js
	$(GO) build -trimpath -o $(BIN) .

# Precompress the WASM (gzip and brotli) so the server sends it as the browser accepts.
$(WASM).br: $(WASM) $(BIN)
	$(BIN) compress $(WASM)

run: build
	$(BIN) -addr $(ADDR) -data $(DATA)

# The last line counts the tests passed (tools/testcount reads go test -json).
# -timeout: the Chromium tests of e2e/ under -race take longer than go
# test's default 10 minutes on a loaded two-core machine.
# POWERBROKERS_E2E=1: a missing Chromium or WASM fails the e2e tests here
# (a plain `go test ./...` skips them, saying what is missing).
test: lint build tools/dpcheck/node_modules
	@mkdir -p artifacts
	@POWERBROKERS_E2E=1 $(GO) test -race -count=1 -timeout 30m -json ./... > artifacts/go-test.json; status=$$?; \
		$(GO) run ./tools/testcount < artifacts/go-test.json || status=1; exit $$status

# The data package's reference validator (datapackage-js), pinned by its lock file.
tools/dpcheck/node_modules: tools/dpcheck/package-lock.json
	npm ci --prefix tools/dpcheck --no-audit --no-fund
	@touch $@

unit:
	$(GO) test -count=1 ./dataset/... ./server/... ./app/...

# The browser tests alone (Chromium and the built WASM required).
browser: build
	POWERBROKERS_E2E=1 $(GO) test -count=1 -timeout 30m ./e2e/

# staticcheck is pinned in go.mod (a tool directive): built from the module
# cache, it needs no network beyond the module proxy. It checks the server
# build and, as the browser's, the WASM packages.
lint:
	@test -z "$$(gofmt -l $$(find . -name '*.go' -not -path '*/node_modules/*'))" || (echo "gofmt needed:"; gofmt -l .; exit 1)
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./app/... ./dataset/
	@if GOOS=js GOARCH=wasm $(GO) list -deps . | grep -E 'dgraph-io/badger|powerbrokers/server|powerbrokers/dataset/seed'; then \
		echo "the WASM must not depend on the packages above"; exit 1; fi
	$(GO) build -o bin/staticcheck honnef.co/go/tools/cmd/staticcheck
	bin/staticcheck ./...
	GOOS=js GOARCH=wasm bin/staticcheck . ./app/... ./dataset/

# Each fuzz target for FUZZTIME; their seed corpora also run in every `go test`.
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./dataset/ -run '^$$' -fuzz '^FuzzParseQuery$$'   -fuzztime $(FUZZTIME) -fuzzminimizetime 10s
	$(GO) test ./dataset/ -run '^$$' -fuzz '^FuzzLoad$$'         -fuzztime $(FUZZTIME) -fuzzminimizetime 10s
	$(GO) test ./dataset/ -run '^$$' -fuzz '^FuzzDecodeRecord$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s
	$(GO) test ./server/  -run '^$$' -fuzz '^FuzzWriteBody$$'     -fuzztime $(FUZZTIME) -fuzzminimizetime 10s
	$(GO) test ./server/  -run '^$$' -fuzz '^FuzzCleanBasePath$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s
	$(GO) test ./server/  -run '^$$' -fuzz '^FuzzOEmbed$$'        -fuzztime $(FUZZTIME) -fuzzminimizetime 10s
	$(GO) test ./server/  -run '^$$' -fuzz '^FuzzEscapeGoAppHTML$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s

# 64 connections for 30 s, with writes, against a fresh server started
# in-process on a free loopback port (never another address); exit 1 on any error.
load: $(BIN)
	$(BIN) load -self -c 64 -d 30s

# Benchmarks: the query engine (1k/10k/100k deals), the API against a plain
# file server, and the WASM budgets (size and time to interactive, next to a
# go-app hello world). Figures, not pass/fail.
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./dataset/ ./server/
	GOOS=js GOARCH=wasm $(GO) test -run '^$$' -bench QueryDeals -benchmem -exec "$$($(GO) env GOROOT)/lib/wasm/go_js_wasm_exec" ./dataset/
	POWERBROKERS_E2E=1 $(GO) test -run '^$$' -bench . -benchtime 5x ./e2e/

clean:
	rm -rf bin $(WASM) $(WASM).gz $(WASM).br artifacts
