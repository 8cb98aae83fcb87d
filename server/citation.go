package server

import (
	"net/http"
	"slices"
	"strings"

	"powerbrokers/dataset"
)

// citationTypes are the content types of the citation formats.
var citationTypes = map[string]string{
	dataset.CiteText:   "text/plain; charset=utf-8",
	dataset.CiteBibTeX: "application/x-bibtex; charset=utf-8",
	dataset.CiteCSL:    "application/vnd.citationstyles.csl+json; charset=utf-8",
}

// getCitation handles "GET /api/v1/citation?url=…&format=text|bibtex|csl":
// the citation of a view of this server (dataset.Snapshot.Cite), in one
// format, or without format all three as JSON. url must be an absolute
// http(s) URL of this server under its base path, with a valid as_of when
// it has one (400, param "url", otherwise); an unknown format is 400 too.
func (s *Server) getCitation(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for k := range q {
		if k != "url" && k != "format" {
			writeError(w, r, dataset.ParamErrorf(k, "unknown parameter %q; the citation takes url and format", k))
			return
		}
	}
	format := q.Get("format")
	if format != "" && !slices.Contains(dataset.CiteFormats, format) {
		writeError(w, r, dataset.ParamErrorf("format", "%q is not a citation format; give one of %s (or none, for all three as JSON)",
			format, strings.Join(dataset.CiteFormats, ", ")))
		return
	}
	target, err := s.ownURL(r, q.Get("url"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	u, err := dataset.CanonicalURL(target.String())
	if err != nil {
		writeError(w, r, err)
		return
	}
	if at := u.Query()["as_of"]; len(at) > 0 {
		if _, err := dataset.ParseAsOf(at[0]); err != nil || len(at) > 1 {
			writeError(w, r, dataset.ParamErrorf("url", "the view's as_of %q is not a date (YYYY-MM or YYYY-MM-DD, once)", strings.Join(at, ",")))
			return
		}
	}
	// A revision's view (/v/{revision}/…) is cited from that revision's
	// data; any other from the latest.
	path := strings.TrimPrefix(u.Path, s.cfg.BasePath)
	snap, rev := s.currentSnapshot(), s.pub.Load().rev.Number
	if n, rest, ok := dataset.SplitRevisionPath(path); ok {
		v, err := s.revisionView(n)
		if n == 0 || err != nil {
			writeError(w, r, dataset.ParamErrorf("url", "%s names no published revision (see %s/api/v1/revisions)", u.Path, s.cfg.BasePath))
			return
		}
		snap, rev, path = v.snap, n, rest
	}
	c := snap.Cite(u, path, rev)
	if format == "" {
		s.serveJSON(w, r, c)
		return
	}
	serveDynamic(w, r, []byte(c.Format(format)), citationTypes[format])
}
