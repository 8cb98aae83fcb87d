package dataset

import (
	"fmt"
	"slices"
	"strings"
)

// Reconciliation sets a published aggregate (such as Bernstein's ">$90B
// covering ~3.7 GW") beside our contracted totals under the scopes a reader
// would try: every contracted deal on record; the deals announced by the
// aggregate's date; the same without each company whose place in a
// "bitcoin miner" scope is disputed (hosts and former miners) and without
// all of them; joint ventures at 100% and at the miner's share; with
// extension options. Every scope gives its MW both as critical IT and on
// any basis, and lists its deals.
type Reconciliation struct {
	Aggregate Aggregate `json:"aggregate"`
	// MWBasis is the aggregate's MW basis. The MW gap compares the
	// aggregate with MWIT when it is critical-it, else with MWAny.
	MWBasis string `json:"mw_basis"`
	// Disputed lists the companies with contracted deals whose status
	// (host, exited) puts them outside a narrow bitcoin-miner scope.
	Disputed []ReconCompany `json:"disputed"`
	Scopes   []ReconScope   `json:"scopes"`
}

// ReconCompany is a company a reconciliation scope leaves out.
type ReconCompany struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

// Reconciliation scope ids (disputed-company scopes are "by-date-without-<miner id>").
const (
	ScopeAll          = "all"
	ScopeByDate       = "by-date"
	ScopeMinersOnly   = "by-date-miners-only"
	ScopeJVShare      = "by-date-jv-share"
	ScopeMinersShare  = "by-date-miners-only-jv-share"
	ScopeWithExtended = "by-date-with-extensions"
)

// ReconScope is our contracted total under one scope. Sums follow the
// null rule: 0 only when DealCount is 0, null when deals exist but none
// gives the figure; the counts say how many deals each sum leaves out.
type ReconScope struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	// Note says how the scope differs from the one above it.
	Note string `json:"note,omitempty"`
	// DealCount counts the contracted capacity deals in the scope; Deals lists their ids.
	DealCount int      `json:"deal_count"`
	Deals     []string `json:"deals"`
	// ValueUSD sums initial-term and increment values (JVs at share in the at-share scopes).
	ValueUSD *float64 `json:"value_usd"`
	// ValueCount counts the deals in ValueUSD.
	ValueCount int `json:"value_count"`
	// UndisclosedValueCount counts deals with no value; OtherBasisValueCount
	// deals whose value is a relationship or estimate figure, left out.
	UndisclosedValueCount int `json:"undisclosed_value_count"`
	OtherBasisValueCount  int `json:"other_basis_value_count"`
	// MWIT sums critical-IT MW; MWAny adds gross and unspecified MW to it.
	MWIT  *float64 `json:"mw_it"`
	MWAny *float64 `json:"mw_any"`
	// UndisclosedMWCount counts deals with no MW.
	UndisclosedMWCount int `json:"undisclosed_mw_count"`
	// ShareUnknownCount counts JVs left out of an at-share scope because the
	// miner's share is not disclosed.
	ShareUnknownCount int `json:"share_unknown_count"`
	// DiffValueUSD and DiffMW are ours less theirs (nil when either side is unknown).
	DiffValueUSD *float64 `json:"diff_value_usd"`
	DiffMW       *float64 `json:"diff_mw"`
}

// Reconcile compares our contracted totals with the aggregate whose ID is
// given. It returns an ENOTFOUND *Error if there is no such aggregate.
func (s *Snapshot) Reconcile(aggregateID string) (Reconciliation, error) {
	for _, a := range s.Data.Aggregates {
		if a.ID == aggregateID {
			return s.ReconcileWith(a), nil
		}
	}
	return Reconciliation{}, Errorf(ENOTFOUND, "aggregate %q not found", aggregateID)
}

// outOfScope reports whether a miner status is outside a narrow "bitcoin
// miner" scope: hosts with a mining past and companies that exited mining.
func outOfScope(status string) bool {
	return status == MinerNonMiner || status == MinerExited
}

// reconRule says which contracted deals a scope keeps and how it counts them.
type reconRule struct {
	id, label, note string
	byDate          bool
	without         func(d *DealRow) bool
	atShare, ext    bool
}

// ReconcileWith compares our contracted totals with a given aggregate,
// which need not be in the dataset.
func (s *Snapshot) ReconcileWith(a Aggregate) Reconciliation {
	r := Reconciliation{Aggregate: a, MWBasis: a.MWBasis, Disputed: []ReconCompany{}}
	var contracted []*DealRow
	for i := range s.Deals {
		if s.Deals[i].IsContracted {
			contracted = append(contracted, &s.Deals[i])
		}
	}
	status := func(d *DealRow) string {
		if m, err := s.Miner(d.Miner); err == nil {
			return m.Status
		}
		return ""
	}
	hasJV := false
	for _, d := range contracted {
		if !announcedBy(d.Announced, a.Date) {
			continue
		}
		hasJV = hasJV || d.Type == TypeJV
		if st := status(d); outOfScope(st) && !slices.ContainsFunc(r.Disputed, func(c ReconCompany) bool { return c.ID == d.Miner }) {
			r.Disputed = append(r.Disputed, ReconCompany{ID: d.Miner, Name: d.MinerName, Status: st})
		}
	}
	slices.SortFunc(r.Disputed, func(x, y ReconCompany) int { return strings.Compare(x.Name, y.Name) })

	by := fmt.Sprintf("Announced by %s", a.Date)
	rules := []reconRule{
		{id: ScopeAll, label: "All contracted deals on record", note: fmt.Sprintf("to %s; JVs at 100%%", s.Data.Meta.AsOf)},
		{id: ScopeByDate, label: by, note: "what the aggregate could include; JVs at 100%", byDate: true},
	}
	var names []string
	for _, c := range r.Disputed {
		id := c.ID
		names = append(names, c.Name)
		rules = append(rules, reconRule{id: ScopeByDate + "-without-" + id, label: by + ", without " + c.Name,
			note: c.Name + " is a " + statusWord(c.Status) + ", which a narrow bitcoin-miner scope may leave out", byDate: true,
			without: func(d *DealRow) bool { return d.Miner == id }})
	}
	narrow := func(d *DealRow) bool { return outOfScope(status(d)) }
	if len(r.Disputed) > 1 {
		rules = append(rules, reconRule{id: ScopeMinersOnly, label: by + ", miners only",
			note: "without " + strings.Join(names, ", "), byDate: true, without: narrow})
	}
	if hasJV {
		rules = append(rules, reconRule{id: ScopeJVShare, label: by + ", JVs at the miner's share",
			note: "a JV counts at the miner's disclosed share; one whose share is not disclosed is left out and counted", byDate: true, atShare: true})
		if len(r.Disputed) > 0 {
			rules = append(rules, reconRule{id: ScopeMinersShare, label: by + ", miners only, JVs at share",
				note: "the narrowest scope", byDate: true, without: narrow, atShare: true})
		}
	}
	rules = append(rules, reconRule{id: ScopeWithExtended, label: by + ", with extension options",
		note: "values if every disclosed extension option were exercised", byDate: true, ext: true})

	for _, rule := range rules {
		sc := ReconScope{ID: rule.id, Label: rule.label, Note: rule.note, Deals: []string{}}
		for _, d := range contracted {
			if (rule.byDate && !announcedBy(d.Announced, a.Date)) || (rule.without != nil && rule.without(d)) {
				continue
			}
			sc.DealCount++
			sc.Deals = append(sc.Deals, d.ID)
			share := 1.0
			if rule.atShare && d.Type == TypeJV {
				if d.Share == nil {
					sc.ShareUnknownCount++
					continue
				}
				share = *d.Share
			}
			switch {
			case d.ValueUSD == nil:
				sc.UndisclosedValueCount++
			case contractValue(d.ValueBasis):
				v := *d.ValueUSD
				if rule.ext {
					v = withExt(&d.Deal)
				}
				addTo(&sc.ValueUSD, ptr(v*share))
				sc.ValueCount++
			default:
				sc.OtherBasisValueCount++
			}
			it, unspec := dealMWParts(&d.Deal)
			if d.MW == nil {
				sc.UndisclosedMWCount++
			}
			if it != nil {
				addTo(&sc.MWIT, ptr(*it*share))
				addTo(&sc.MWAny, ptr(*it*share))
			}
			if unspec != nil {
				addTo(&sc.MWAny, ptr(*unspec*share))
			}
		}
		sc.ValueUSD = zeroIfNone(sc.ValueUSD, sc.DealCount)
		sc.MWIT = zeroIfNone(sc.MWIT, sc.DealCount)
		sc.MWAny = zeroIfNone(sc.MWAny, sc.DealCount)
		if a.ValueUSD != nil && sc.ValueUSD != nil {
			sc.DiffValueUSD = ptr(*sc.ValueUSD - *a.ValueUSD)
		}
		ours := sc.MWAny
		if a.MWBasis == BasisIT {
			ours = sc.MWIT
		}
		if a.MW != nil && ours != nil {
			sc.DiffMW = ptr(*ours - *a.MW)
		}
		r.Scopes = append(r.Scopes, sc)
	}
	return r
}

func statusWord(status string) string {
	switch status {
	case MinerNonMiner:
		return "host with a mining past"
	case MinerExited:
		return "former miner"
	}
	return status
}

func ptr(v float64) *float64 { return &v }
