package server

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
	"time"

	"powerbrokers/datapackage"
	"powerbrokers/dataset"
)

// packageCache keeps the zip of the latest snapshot version built, so
// that repeated downloads do not rebuild it.
type packageCache struct {
	mu      sync.Mutex
	key     string
	zip     []byte
	created time.Time
}

// getDataPackage handles "GET /api/v1/datapackage.zip": the whole dataset
// as a Frictionless Data Package (see package datapackage), built once per
// version of the data and day; under /v/{revision}/, that revision's.
func (s *Server) getDataPackage(w http.ResponseWriter, r *http.Request) {
	snap := s.snapshotOf(r)
	today := s.today()
	key := snap.Version + "/" + string(today) + "/" + s.publicOrigin(r)
	c := &s.pkgCache
	c.mu.Lock()
	if c.key != key {
		created := s.now().UTC().Truncate(time.Second)
		p, err := datapackage.Build(snap, datapackage.Options{Homepage: s.homepage(r), Today: today, Created: created})
		var b bytes.Buffer
		if err == nil {
			err = p.WriteZip(&b, created)
		}
		if err != nil {
			c.mu.Unlock()
			writeError(w, r, dataset.Errorf(dataset.EINTERNAL, "build data package: %v", err))
			return
		}
		c.key, c.zip, c.created = key, b.Bytes(), created
	}
	body, created := c.zip, c.created
	c.mu.Unlock()
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", `attachment; filename="powerbrokers-datapackage-r`+strconv.Itoa(snap.Data.Meta.Revision)+`.zip"`)
	h.Set("Link", "<"+dataset.LicenceURL+`>; rel="license"`)
	h.Set("Cache-Control", cacheAPI)
	h.Set("ETag", `"`+snap.Version+"-"+string(today)+`"`)
	revalidateShared(h)
	http.ServeContent(w, r, "", created, bytes.NewReader(body))
}

// homepage is the explorer's public URL, "" when the server does not know it.
func (s *Server) homepage(r *http.Request) string {
	if o := s.publicOrigin(r); o != "" {
		return o + s.cfg.BasePath + "/"
	}
	return ""
}
