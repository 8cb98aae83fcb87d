package dataset

import (
	"path"
	"strings"
	"time"
)

// Revision is one published revision of the data: the seed load, a reseed
// or one curated write. Every revision stays readable, read-only, under
// /v/{revision}/ (pages, embeds and the API); GET /api/v1/revisions lists
// them, newest first.
type Revision struct {
	// Number counts the revisions from 1, in the order they were published.
	Number int `json:"revision"`
	// Published is when the revision was committed (UTC).
	Published time.Time `json:"published"`
	// Version is the content hash of the revision's dataset: the ETag of its
	// snapshot.
	Version string `json:"version"`
	// Action is what made it: "seed", "reseed", "create", "update",
	// "delete", or "start" for the data a store held before it kept
	// revisions.
	Action string `json:"action"`
	// Kind and ID name the record a write changed.
	Kind string `json:"kind,omitempty"`
	ID   string `json:"id,omitempty"`
	// Changes counts the records the revision added, changed or removed
	// (corrections included): 1 for a write.
	Changes int `json:"changes"`
	// Change is the number of its entry in the change log.
	Change uint64 `json:"change"`
	// URL, Snapshot and API are the revision's overview page, its whole
	// dataset and the root of its read-only API (the server fills them in).
	URL      string `json:"url,omitempty"`
	Snapshot string `json:"snapshot,omitempty"`
	API      string `json:"api,omitempty"`
}

// Day is the revision's publication date (UTC), as shown to readers.
func (r Revision) Day() string {
	if r.Published.IsZero() {
		return ""
	}
	return r.Published.UTC().Format("2006-01-02")
}

// MaxRevision is the largest revision number a /v/{revision}/ path holds.
const MaxRevision = 1<<31 - 1

// ParseRevision reads a revision number as /v/{revision}/ spells it: a
// positive whole number in plain digits, with no sign and no leading zero.
func ParseRevision(s string) (int, bool) {
	if s == "" || len(s) > 10 || s[0] < '1' || s[0] > '9' {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	if n > MaxRevision {
		return 0, false
	}
	return n, true
}

// SplitRevisionPath splits an app path under /v/ ("/v/12/deals") into its
// revision (12) and the path it shows ("/deals"; "/" for "/v/12"). ok is
// false for a path outside /v/; n is 0 when the revision is malformed or
// the rest is not a clean path ("/v/12/../x", "/v/12//x").
func SplitRevisionPath(p string) (n int, rest string, ok bool) {
	tail, ok := strings.CutPrefix(p, "/v/")
	if !ok {
		return 0, "", p == "/v"
	}
	seg, rest, _ := strings.Cut(tail, "/")
	rest = "/" + rest
	n, valid := ParseRevision(seg)
	if !valid || (rest != "/" && path.Clean(rest) != rest) {
		return 0, rest, true
	}
	return n, rest, true
}
