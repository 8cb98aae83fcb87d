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
//
// The audit's corrections (Correction) are served in the same shape:
// action "correct", Seq 0, At the correction's date, Before and After the
// value before and after, with the field, the kind of error, the reason and
// the sources.
type Change struct {
	Seq     uint64    `json:"seq"`
	At      time.Time `json:"at"`
	Who     string    `json:"who"`
	Kind    string    `json:"kind"`   // "dataset", "deal", "miner", "site", "counterparty", "aggregate"
	Action  string    `json:"action"` // "seed", "reseed", "import", "create", "update", "delete", "correct"
	ID      string    `json:"id,omitempty"`
	Summary string    `json:"summary,omitempty"`
	// Before and After are the record (or, for a correction, the value)
	// before and after (absent for a create, a delete).
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
	// Field, Error, Reason and Sources describe a correction.
	Field   string   `json:"field,omitempty"`
	Error   string   `json:"error,omitempty"`
	Reason  string   `json:"reason,omitempty"`
	Sources []Source `json:"sources,omitempty"`
}

// SnapshotDocument is the body of GET /api/v1/snapshot: the whole dataset,
// its version and the latest changes, so that the client can work offline.
type SnapshotDocument struct {
	Version string   `json:"version"`
	Dataset *Dataset `json:"dataset"`
	Changes []Change `json:"changes"`
	// Revision is the published revision the document holds (absent from
	// a store that keeps no revisions).
	Revision *Revision `json:"revision,omitempty"`
}

// MinerDetail is GET /api/v1/miners/{id}: the miner row with its sites,
// deals, its sites' milestones, the equity it issued and its financing
// (read-only: a write of it ignores them).
type MinerDetail struct {
	MinerRow
	Sites      []SiteRow      `json:"sites"`
	Deals      []DealRow      `json:"deals"`
	Milestones []MilestoneRow `json:"milestones"`
	Equity     []EquityRow    `json:"equity"`
	Financing  []FinancingRow `json:"financing"`
}

// MinerDetail returns the miner with its sites, deals, milestones (as of
// today), equity and financing, or an ENOTFOUND *Error.
func (s *Snapshot) MinerDetail(id string, today Date) (MinerDetail, error) {
	m, err := s.Miner(id)
	if err != nil {
		return MinerDetail{}, err
	}
	return MinerDetail{MinerRow: *m, Sites: orEmpty(s.MinerSites(id)), Deals: orEmpty(s.MinerDeals(id)),
		Milestones: orEmpty(s.MinerMilestones(id, today)), Equity: orEmpty(s.MinerEquity(id)), Financing: orEmpty(s.MinerFinancing(id))}, nil
}

// DealDetail is GET /api/v1/deals/{id}: the deal row with the equity and
// financing records linked to it (read-only: a write of it ignores them).
type DealDetail struct {
	DealRow
	Equity    []EquityRow    `json:"equity"`
	Financing []FinancingRow `json:"financing"`
}

// DealDetail returns the deal with its equity and financing, or an ENOTFOUND *Error.
func (s *Snapshot) DealDetail(id string) (DealDetail, error) {
	d, err := s.Deal(id)
	if err != nil {
		return DealDetail{}, err
	}
	return DealDetail{DealRow: *d, Equity: orEmpty(s.DealEquity(id)), Financing: orEmpty(s.DealFinancing(id))}, nil
}

// written is the record a write of the detail stores.
func (d MinerDetail) written() any { return d.Miner }

// SiteDetail is GET /api/v1/sites/{id}: the site row with its milestones
// as rows, their status as of the date read, in place of the stored ones.
// A write of it stores the milestones' own fields.
type SiteDetail struct {
	SiteRow
	Milestones []MilestoneRow `json:"milestones"`
}

// SiteDetail returns the site with its milestones (as of today), or an ENOTFOUND *Error.
func (s *Snapshot) SiteDetail(id string, today Date) (SiteDetail, error) {
	st, err := s.Site(id)
	if err != nil {
		return SiteDetail{}, err
	}
	return SiteDetail{SiteRow: *st, Milestones: orEmpty(s.SiteMilestones(id, today))}, nil
}

// written is the record a write of the detail stores.
func (d SiteDetail) written() any {
	site := d.Site
	site.Milestones = nil
	for _, m := range d.Milestones {
		site.Milestones = append(site.Milestones, m.Milestone)
	}
	return site
}

func orEmpty[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
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
	if d, ok := v.Elem().Interface().(interface{ written() any }); ok {
		return d.written(), nil
	}
	rec := v.Elem()
	for rec.Type() != t.record {
		rec = rec.Field(0) // the embedded row, then the embedded record
	}
	return rec.Interface(), nil
}
