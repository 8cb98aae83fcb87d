package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"powerbrokers/dataset"
)

// maxBody caps a write's request body.
const maxBody = 1 << 20

// writeHandler returns the handler of one write route: "POST /api/v1/{kind}"
// (create), "PUT /api/v1/{kind}/{id}" (update) or "DELETE
// /api/v1/{kind}/{id}" (delete) for deals, miners and sites.
func (s *Server) writeHandler(kind, action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.writeRecord(w, r, kind, action) }
}

// writeRecord checks the token before it reads anything of the body, then
// the client's write rate and the id; it reads the body (at most maxBody),
// and, holding editMu, checks If-Match against the record's current ETag,
// applies the write and publishes it. Create and update answer the record
// as GET would, with its new ETag.
func (s *Server) writeRecord(w http.ResponseWriter, r *http.Request, kind, action string) {
	w.Header().Set("Cache-Control", "no-store")
	if !s.authenticate(w, r) {
		return
	}
	if ok, wait := s.writeLimit.allow(clientKey(r)); !ok {
		tooMany(w, r, wait, "writes")
		return
	}
	wr := Write{Kind: kind, Action: action, ID: r.PathValue("id"), Who: curator(r)}
	if action != "create" {
		if err := checkID(wr.ID); err != nil {
			writeError(w, r, err)
			return
		}
	}
	if action != "delete" {
		body, err := readBody(w, r)
		if err != nil {
			writeError(w, r, err)
			return
		}
		wr.Record = body
		if action == "create" {
			var idOnly struct {
				ID string `json:"id"`
			}
			json.Unmarshal(body, &idOnly)
			if err := checkID(idOnly.ID); err != nil {
				writeError(w, r, err)
				return
			}
			wr.ID = idOnly.ID
		}
	}

	s.editMu.Lock()
	defer s.editMu.Unlock()
	if match := r.Header.Get("If-Match"); match != "" && action != "create" {
		_, etag, err := s.recordBody(kind, wr.ID)
		if err != nil && dataset.ErrorCode(err) != dataset.ENOTFOUND {
			writeError(w, r, err)
			return
		}
		if !ifMatch(match, etag) {
			preconditionFailed(w, kind, wr.ID, etag)
			return
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
	if action == "delete" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	body, etag, err := s.recordBody(kind, wr.ID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	status := http.StatusOK
	if action == "create" {
		w.Header().Set("Location", s.cfg.BasePath+"/api/v1/"+kind+"/"+wr.ID)
		status = http.StatusCreated
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}

// checkID refuses an id that is not a slug of at most dataset.MaxIDLength
// characters, before it reaches the store, a key or a header.
func checkID(id string) error {
	switch {
	case id == "":
		return dataset.ParamErrorf("id", "is required")
	case len(id) > dataset.MaxIDLength:
		return dataset.ParamErrorf("id", "is %d characters long; ids are slugs of at most %d", len(id), dataset.MaxIDLength)
	case !isSlug(id):
		return dataset.ParamErrorf("id", "%q is not a lowercase slug (a-z, 0-9 and single hyphens)", id)
	}
	return nil
}

func isSlug(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && i > 0 && i < len(s)-1 && s[i-1] != '-':
		default:
			return false
		}
	}
	return s != ""
}

// ifMatch evaluates an If-Match header against the current ETag ("" when
// the record does not exist) with the strong comparison RFC 9110 asks for:
// a weak tag never matches, "*" matches any current record.
func ifMatch(header, etag string) bool {
	if etag == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// preconditionError is the 412 body: the error and the record's current
// ETag ("" when it no longer exists).
type preconditionError struct {
	*dataset.Error
	CurrentETag string `json:"current_etag"`
}

func preconditionFailed(w http.ResponseWriter, kind, id, etag string) {
	e := &dataset.Error{Code: "precondition_failed", Param: "If-Match"}
	if etag == "" {
		e.Message = fmt.Sprintf("the %s %q does not exist any more", singular(kind), id)
	} else {
		e.Message = fmt.Sprintf("the %s %q has changed since you read it: its current version is %s; GET it again, re-apply your change and send If-Match: %s",
			singular(kind), id, etag, etag)
		w.Header().Set("ETag", etag)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusPreconditionFailed, struct {
		Error preconditionError `json:"error"`
	}{preconditionError{e, etag}})
}

// authenticate answers the request and returns false unless it carries the
// write token. A wrong or missing token counts against the client's failed
// authentications; past the limit it is answered 429. The valid token is
// never refused, whatever others have tried from the same address. The
// comparison is in constant time, of digests, so it leaks neither the
// token nor its length.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.WriteToken == "" {
		writeError(w, r, dataset.Errorf(dataset.EFORBID, "this server is read-only: start it with -write-token, -write-token-file or POWERBROKERS_WRITE_TOKEN to enable curated writes"))
		return false
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	want := sha256.Sum256([]byte(s.cfg.WriteToken))
	have := sha256.Sum256([]byte(got))
	if ok && subtle.ConstantTimeCompare(have[:], want[:]) == 1 {
		return true
	}
	key := clientKey(r)
	if limited, wait := s.authLimit.blocked(key); limited {
		tooMany(w, r, wait, "failed authentications")
		return false
	}
	s.authLimit.allow(key)
	w.Header().Set("WWW-Authenticate", `Bearer realm="powerbrokers"`)
	writeError(w, r, dataset.Errorf(dataset.EUNAUTH, "a valid bearer token is required"))
	return false
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
