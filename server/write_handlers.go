package server

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"powerbrokers/dataset"
)

// maxBody caps a write's request body.
const maxBody = 1 << 20

// writeRecord handles "POST /api/v1/{kind}", "PUT /api/v1/{kind}/{id}" and
// "DELETE /api/v1/{kind}/{id}" for deals, miners and sites.
func (s *Server) writeRecord(w http.ResponseWriter, r *http.Request) {
	if err := s.authorize(w, r); err != nil {
		writeError(w, r, err)
		return
	}
	kind := r.PathValue("kind")
	if _, ok := kindPrefix[kind]; !ok {
		writeError(w, r, dataset.Errorf(dataset.ENOTFOUND, "no API route %s %s", r.Method, r.URL.Path))
		return
	}
	wr := Write{Kind: kind, ID: r.PathValue("id"), Who: curator(r)}
	switch r.Method {
	case http.MethodPost:
		wr.Action = "create"
	case http.MethodPut:
		wr.Action = "update"
	default:
		wr.Action = "delete"
	}
	if wr.Action != "delete" {
		body, err := readBody(w, r)
		if err != nil {
			writeError(w, r, err)
			return
		}
		wr.Record = body
		if wr.Action == "create" {
			var idOnly struct {
				ID string `json:"id"`
			}
			json.Unmarshal(body, &idOnly)
			wr.ID = idOnly.ID
		}
	}
	if err := s.store.Apply(wr); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.republish(); err != nil {
		writeError(w, r, err)
		return
	}
	snap := s.currentSnapshot()
	var row any
	switch kind {
	case dataset.KindDeals:
		row, _ = snap.Deal(wr.ID)
	case dataset.KindMiners:
		row, _ = snap.Miner(wr.ID)
	case dataset.KindSites:
		row, _ = snap.Site(wr.ID)
	case dataset.KindEquity:
		row, _ = snap.EquityByID(wr.ID)
	case dataset.KindFinancing:
		row, _ = snap.FinancingByID(wr.ID)
	}
	switch wr.Action {
	case "create":
		w.Header().Set("Location", s.cfg.BasePath+"/api/v1/"+kind+"/"+wr.ID)
		writeJSON(w, http.StatusCreated, row)
	case "update":
		writeJSON(w, http.StatusOK, row)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

// authorize checks the bearer token in constant time. Without a configured
// token the server is read-only.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.WriteToken == "" {
		return dataset.Errorf(dataset.EFORBID, "this server is read-only: start it with -write-token or POWERBROKERS_WRITE_TOKEN to enable curated writes")
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.WriteToken)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="powerbrokers"`)
		return dataset.Errorf(dataset.EUNAUTH, "a valid bearer token is required")
	}
	return nil
}

// curator names who made a change: the X-Curator header, else "curator".
func curator(r *http.Request) string {
	if c := strings.TrimSpace(r.Header.Get("X-Curator")); c != "" && len(c) <= 64 {
		return c
	}
	return "curator"
}

// errTooLarge is returned for bodies over maxBody.
var errTooLarge = &dataset.Error{Code: "too_large", Message: "the request body is larger than 1 MiB"}

func readBody(w http.ResponseWriter, r *http.Request) (json.RawMessage, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, errTooLarge
	case err != nil:
		return nil, dataset.Errorf(dataset.EINVALID, "reading the body: %v", err)
	case !json.Valid(b):
		return nil, &dataset.Error{Code: dataset.EINVALID, Param: "body", Message: "the body is not valid JSON"}
	}
	return b, nil
}
