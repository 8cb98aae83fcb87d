package dataset

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
)

// Snapshot is an immutable, indexed view of a Dataset with its derived rows
// and a version hash. The server builds one after every committed change and
// serves every read from it; the client builds one from the JSON it caches.
// Nothing may modify a Snapshot or the records it holds after NewSnapshot.
type Snapshot struct {
	// Version is a content hash of the dataset: the ETag of /api/v1/snapshot.
	Version string
	Data    *Dataset
	Deals   []DealRow
	Miners  []MinerRow
	Sites   []SiteRow
	// Equity and Financing are the equity/warrant and financing rows.
	Equity    []EquityRow
	Financing []FinancingRow
	eventRows []EventRow // the events' rows, oldest first (see Events)

	deal, miner, site map[string]int
	counterparty      map[string]int

	statsOnce sync.Once
	stats     Stats

	// vectors holds the query engine's column vectors and id orders, built
	// on first use (see rowSet).
	vectors sync.Map
}

// NewSnapshot derives the rows and indexes of d and hashes its content.
// d must already be valid (see Validate).
func NewSnapshot(d *Dataset) (*Snapshot, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("dataset: hash snapshot: %w", err)
	}
	return NewSnapshotVersion(d, VersionOf(b)), nil
}

// VersionOf is the version NewSnapshot gives the dataset whose JSON
// encoding is b.
func VersionOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// NewSnapshotVersion is NewSnapshot for a dataset whose version the server
// already computed (the client receives it with the snapshot): it skips
// re-encoding and hashing the whole dataset, a noticeable pause in the WASM.
func NewSnapshotVersion(d *Dataset, version string) *Snapshot {
	s := &Snapshot{Version: version, Data: d}
	s.Deals, s.Miners, s.Sites = rows(d)
	s.Equity, s.Financing = equityRows(d), financingRows(d)
	s.eventRows = eventRows(d)
	minerTerms(s.Miners, s.Equity, s.Financing)
	s.deal = index(len(d.Deals), func(i int) string { return d.Deals[i].ID })
	s.miner = index(len(d.Miners), func(i int) string { return d.Miners[i].ID })
	s.site = index(len(d.Sites), func(i int) string { return d.Sites[i].ID })
	s.counterparty = index(len(d.Counterparties), func(i int) string { return d.Counterparties[i].ID })
	return s
}

func index(n int, id func(int) string) map[string]int {
	m := make(map[string]int, n)
	for i := 0; i < n; i++ {
		m[id(i)] = i
	}
	return m
}

// Len returns the number of rows of a kind, 0 for an unknown kind.
func (s *Snapshot) Len(kind string) int {
	if t := tableOf(kind); t != nil {
		return t.n(t.rows(s, ""))
	}
	return 0
}

// Deal returns the deal row with the given id, or an ENOTFOUND *Error.
func (s *Snapshot) Deal(id string) (*DealRow, error) {
	if i, ok := s.deal[id]; ok {
		return &s.Deals[i], nil
	}
	return nil, Errorf(ENOTFOUND, "deal %q not found", id)
}

// Miner returns the miner row with the given id, or an ENOTFOUND *Error.
func (s *Snapshot) Miner(id string) (*MinerRow, error) {
	if i, ok := s.miner[id]; ok {
		return &s.Miners[i], nil
	}
	return nil, Errorf(ENOTFOUND, "miner %q not found", id)
}

// Site returns the site row with the given id, or an ENOTFOUND *Error.
func (s *Snapshot) Site(id string) (*SiteRow, error) {
	if i, ok := s.site[id]; ok {
		return &s.Sites[i], nil
	}
	return nil, Errorf(ENOTFOUND, "site %q not found", id)
}

// Counterparty returns the counterparty with the given id, or an ENOTFOUND *Error.
func (s *Snapshot) Counterparty(id string) (*Counterparty, error) {
	if i, ok := s.counterparty[id]; ok {
		return &s.Data.Counterparties[i], nil
	}
	return nil, Errorf(ENOTFOUND, "counterparty %q not found", id)
}

// MinerDeals returns the deal rows of one miner, in dataset order.
func (s *Snapshot) MinerDeals(minerID string) []DealRow {
	var out []DealRow
	for _, d := range s.Deals {
		if d.Miner == minerID {
			out = append(out, d)
		}
	}
	return out
}

// MinerSites returns the site rows of one miner, in dataset order.
func (s *Snapshot) MinerSites(minerID string) []SiteRow {
	var out []SiteRow
	for _, st := range s.Sites {
		if st.Miner == minerID {
			out = append(out, st)
		}
	}
	return out
}
