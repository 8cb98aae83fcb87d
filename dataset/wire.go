package dataset

import (
	"encoding/json"
	"reflect"
	"time"
)

// The wire format: what the server sends and the client reads, defined
// once. Records travel as their row types (DealRow…), a miner's page as
// MinerDetail; a write sends a record, and may send back what a read gave.

// Change is one entry of the change log: what changed, when and by whom.
type Change struct {
	Seq     uint64    `json:"seq"`
	At      time.Time `json:"at"`
	Who     string    `json:"who"`
	Kind    string    `json:"kind"`   // "dataset", or a kind's Singular: "deal", "miner", "site"
	Action  string    `json:"action"` // "seed", "reseed", "import", "create", "update", "delete"
	ID      string    `json:"id,omitempty"`
	Summary string    `json:"summary,omitempty"`
	// Before and After are the record before and after a write (absent for a create, a delete).
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

// SnapshotDocument is the body of GET /api/v1/snapshot: the whole dataset,
// its version and the latest changes, so that the client can work offline.
type SnapshotDocument struct {
	Version string   `json:"version"`
	Dataset *Dataset `json:"dataset"`
	Changes []Change `json:"changes"`
}

// MinerDetail is GET /api/v1/miners/{id}: the miner row with its sites and
// deals (read-only: a write of it ignores them).
type MinerDetail struct {
	MinerRow
	Sites []SiteRow `json:"sites"`
	Deals []DealRow `json:"deals"`
}

// MinerDetail returns the miner with its sites and deals, or an ENOTFOUND *Error.
func (s *Snapshot) MinerDetail(id string) (MinerDetail, error) {
	m, err := s.Miner(id)
	if err != nil {
		return MinerDetail{}, err
	}
	d := MinerDetail{MinerRow: *m, Sites: s.MinerSites(id), Deals: s.MinerDeals(id)}
	if d.Sites == nil {
		d.Sites = []SiteRow{}
	}
	if d.Deals == nil {
		d.Deals = []DealRow{}
	}
	return d, nil
}

// DecodeWrite decodes the body of a write of a record of kind, strictly: a
// field the record does not have is an error, except the read-only fields a
// read returns (names of referenced records, derived figures, a miner's
// sites and deals), which it ignores, so that a record read from the API
// can be written back as it is. It returns the record (a Deal, Miner or
// Site value), or Problems naming file and the offending field, or an
// EINVALID *Error for an unknown kind.
func DecodeWrite(kind, file string, b []byte) (any, error) {
	t := tableOf(kind)
	if t == nil {
		return nil, ParamErrorf("kind", "%q is not a kind of record", kind)
	}
	v := reflect.New(t.detail)
	if err := DecodeRecord(file, b, v.Interface()); err != nil {
		return nil, err
	}
	rec := v.Elem()
	for rec.Type() != t.record {
		rec = rec.Field(0) // the embedded row, then the embedded record
	}
	return rec.Interface(), nil
}
