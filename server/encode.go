package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// encoded is a response body in identity, gzip and brotli encodings, with
// its ETag, computed once so that hot reads only copy bytes.
type encoded struct {
	etag                string
	identity, gzip, brz []byte
}

func encodeJSON(v any) (encoded, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return encoded{}, fmt.Errorf("encode: %w", err)
	}
	return encodeBytes(append(b, '\n'))
}

func encodeBytes(b []byte) (encoded, error) {
	var gz, br bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.DefaultCompression)
	if _, err := zw.Write(b); err != nil {
		return encoded{}, err
	}
	if err := zw.Close(); err != nil {
		return encoded{}, err
	}
	bw := brotli.NewWriterLevel(&br, 6) // rebuilt on every write: keep it quick
	if _, err := bw.Write(b); err != nil {
		return encoded{}, err
	}
	if err := bw.Close(); err != nil {
		return encoded{}, err
	}
	return encoded{etag: `"` + shortHash(string(b)) + `"`, identity: b, gzip: gz.Bytes(), brz: br.Bytes()}, nil
}

// serve writes e as contentType, honouring If-None-Match and Accept-Encoding.
func (e encoded) serve(w http.ResponseWriter, r *http.Request, contentType, cacheControl string) {
	h := w.Header()
	h.Set("ETag", e.etag)
	h.Set("Cache-Control", cacheControl)
	revalidateShared(h)
	addVary(h, "Accept-Encoding")
	if etagMatch(r.Header.Get("If-None-Match"), e.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := e.identity
	switch enc := negotiate(r.Header.Get("Accept-Encoding")); {
	case enc == "br" && e.brz != nil:
		h.Set("Content-Encoding", "br")
		body = e.brz
	case enc != "" && e.gzip != nil:
		h.Set("Content-Encoding", "gzip")
		body = e.gzip
	}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

// negotiate returns "br", "gzip" or "" for an Accept-Encoding header.
func negotiate(accept string) string {
	var gz bool
	for _, part := range strings.Split(accept, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.Contains(strings.ReplaceAll(params, " ", ""), "q=0") && !strings.Contains(params, "q=0.") {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "br":
			return "br"
		case "gzip", "*":
			gz = true
		}
	}
	if gz {
		return "gzip"
	}
	return ""
}

func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// bodyETag is the strong ETag of a dynamic answer's body.
func bodyETag(body []byte) string {
	return `"` + shortHash(string(body)) + `"`
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// gzipPool recycles gzip writers: each holds about a megabyte of state.
var gzipPool = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return zw
}}

// serveDynamic writes a one-off body (a list page, a record, a CSV) with an
// ETag, a 304 for a matching If-None-Match, and gzip when the client
// accepts it and the body is worth compressing.
func serveDynamic(w http.ResponseWriter, r *http.Request, body []byte, contentType string) {
	h := w.Header()
	etag := bodyETag(body)
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheAPI)
	revalidateShared(h)
	addVary(h, "Accept-Encoding")
	h.Set("Content-Type", contentType)
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if len(body) < 1024 || negotiate(r.Header.Get("Accept-Encoding")) == "" || r.Method == http.MethodHead {
		h.Set("Content-Length", strconv.Itoa(len(body)))
		if r.Method != http.MethodHead {
			w.Write(body)
		}
		return
	}
	h.Set("Content-Encoding", "gzip")
	zw := gzipPool.Get().(*gzip.Writer)
	zw.Reset(w)
	zw.Write(body)
	zw.Close()
	gzipPool.Put(zw)
}
