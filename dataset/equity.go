package dataset

import (
	"cmp"
	"io"
	"slices"
	"strings"
)

// KindEquity is the row kind of equity and warrant records in the query engine.
const KindEquity = "equity"

// FileEquity is the seed file of equity records.
const FileEquity = "equity.json"

// Equity instruments.
const (
	InstrumentWarrant     = "warrant"
	InstrumentShares      = "shares"
	InstrumentOption      = "option"
	InstrumentConvertible = "convertible"
)

// Instruments lists the valid equity instruments.
var Instruments = []string{InstrumentWarrant, InstrumentShares, InstrumentOption, InstrumentConvertible}

// Equity is a stake, warrant, option or convertible a counterparty holds in
// a miner: Google's warrants on TeraWulf and Cipher, NVIDIA's on IREN and its
// shares in CoreWeave. Every figure is nil when the sources do not give it.
type Equity struct {
	ID string `json:"id"`
	// Holder is the Counterparty.ID of the investor; Issuer the Miner.ID.
	Holder     string `json:"holder"`
	Issuer     string `json:"issuer"`
	Instrument string `json:"instrument"` // one of Instruments
	// Shares is the number of shares held or under the instrument.
	Shares *float64 `json:"shares"`
	// StrikeUSD is the exercise or conversion price per share.
	StrikeUSD *float64 `json:"strike_usd"`
	// Percent is the share of the issuer in percent, measured as PercentBasis
	// (e.g. "pro forma, fully diluted"); required with Percent.
	Percent      *float64 `json:"percent"`
	PercentBasis string   `json:"percent_basis,omitempty"`
	// ValueUSD is the value where disclosed, measured as ValueBasis (required with it).
	ValueUSD   *float64 `json:"value_usd"`
	ValueBasis string   `json:"value_basis,omitempty"`
	// Vesting gives tranches, milestones and expiry, as the sources state them.
	Vesting string `json:"vesting,omitempty"`
	Date    Date   `json:"date"`
	// Deal is the Deal.ID the instrument came with, if any.
	Deal string `json:"deal,omitempty"`
	// Verified is the date the record's figures were last checked against its sources.
	Verified   Date     `json:"verified"`
	Confidence string   `json:"confidence,omitempty"`
	Notes      string   `json:"notes,omitempty"`
	Sources    []Source `json:"sources"`
}

// EquityRow is an equity record with the names it points to and its grade.
type EquityRow struct {
	Equity
	HolderName string `json:"holder_name"`
	IssuerName string `json:"issuer_name"`
	DealTitle  string `json:"deal_title,omitempty"`
	Year       string `json:"year"`
	// Grade is derived from the record's best source (see GradeOf).
	Grade string `json:"grade"`
}

func (r *EquityRow) trust() (string, Date) { return r.Grade, r.Verified }

func (e *Equity) validate(c checker) {
	c.required("holder", e.Holder)
	c.required("issuer", e.Issuer)
	c.oneOf("instrument", e.Instrument, Instruments)
	c.date("date", e.Date, true)
	c.nonNegative("shares", e.Shares)
	c.nonNegative("strike_usd", e.StrikeUSD)
	c.nonNegative("value_usd", e.ValueUSD)
	c.pctRange("percent", e.Percent)
	if e.Percent != nil && strings.TrimSpace(e.PercentBasis) == "" {
		c.add("percent_basis", "is required with percent (e.g. \"pro forma, fully diluted\")")
	}
	if e.ValueUSD != nil && strings.TrimSpace(e.ValueBasis) == "" {
		c.add("value_basis", "is required with value_usd (e.g. \"as announced: maximum proceeds if exercised\")")
	}
	if e.Shares != nil && *e.Shares != float64(int64(*e.Shares)) {
		c.add("shares", "%g is not a whole number of shares", *e.Shares)
	}
	c.sources("sources", e.Sources)
	c.verified(e.Verified, e.Sources)
	c.claim("confidence", e.Confidence, e.Sources)
}

// validateEquity checks the equity records and their references.
func (d *Dataset) validateEquity(ps *Problems, miners, cps, deals map[string]bool) {
	ids(FileEquity, ps, len(d.Equity), func(i int) string { return d.Equity[i].ID })
	for i := range d.Equity {
		e := &d.Equity[i]
		c := checker{FileEquity, recordName(e.ID, i), ps, d.Denylist}
		e.validate(c)
		if e.Issuer != "" && !miners[e.Issuer] {
			c.add("issuer", "unknown miner %q", e.Issuer)
		}
		if e.Holder != "" && !cps[e.Holder] {
			c.add("holder", "unknown counterparty %q", e.Holder)
		}
		if e.Deal != "" && !deals[e.Deal] {
			c.add("deal", "unknown deal %q", e.Deal)
		}
	}
}

// equityRows derives the equity rows.
func equityRows(d *Dataset) []EquityRow {
	miner, cp, deal := names(d)
	out := make([]EquityRow, len(d.Equity))
	for i, e := range d.Equity {
		out[i] = EquityRow{Equity: e, HolderName: cp[e.Holder], IssuerName: miner[e.Issuer], DealTitle: deal[e.Deal],
			Year: e.Date.Year(), Grade: GradeOf(e.Sources)}
	}
	return out
}

// names returns the miner, counterparty and deal names by id.
func names(d *Dataset) (miner, cp, deal map[string]string) {
	miner, cp, deal = map[string]string{}, map[string]string{}, map[string]string{}
	for _, m := range d.Miners {
		miner[m.ID] = m.Name
	}
	for _, c := range d.Counterparties {
		cp[c.ID] = c.Name
	}
	for _, dl := range d.Deals {
		deal[dl.ID] = dl.Title
	}
	return
}

// EquityResult is one page of an equity query.
type EquityResult struct {
	Total  int          `json:"total"`
	Rows   []EquityRow  `json:"rows"`
	Facets []Facet      `json:"facets"`
	Totals EquityTotals `json:"totals"`
	Next   string       `json:"next,omitempty"`
}

// EquityTotals sums the equity records matching a query. A sum is nil when
// no record gives the figure; the counts say how many leave it out. Shares
// of different miners do not add up, so they are summed per issuer
// (ByIssuer, largest share count first); value in USD adds up across them.
type EquityTotals struct {
	Count            int                 `json:"count"`
	ValueUSD         *float64            `json:"value_usd"`
	ValueUndisclosed int                 `json:"value_undisclosed"`
	WarrantCount     int                 `json:"warrant_count"`
	ByIssuer         []EquityIssuerTotal `json:"by_issuer"`
}

// EquityIssuerTotal is the equity records of one issuing miner: their
// shares, and the shares under warrants.
type EquityIssuerTotal struct {
	Issuer             string   `json:"issuer"`
	IssuerName         string   `json:"issuer_name"`
	Count              int      `json:"count"`
	Shares             *float64 `json:"shares"`
	SharesUndisclosed  int      `json:"shares_undisclosed"`
	WarrantCount       int      `json:"warrant_count"`
	WarrantShares      *float64 `json:"warrant_shares"`
	WarrantUndisclosed int      `json:"warrant_shares_undisclosed"`
}

func equityTotals(rows []EquityRow, idx []int32) EquityTotals {
	t := EquityTotals{Count: len(idx), ByIssuer: []EquityIssuerTotal{}}
	at := map[string]int{}
	for _, i := range idx {
		r := &rows[i]
		addTo(&t.ValueUSD, r.ValueUSD)
		if r.ValueUSD == nil {
			t.ValueUndisclosed++
		}
		k, ok := at[r.Issuer]
		if !ok {
			k = len(t.ByIssuer)
			at[r.Issuer] = k
			t.ByIssuer = append(t.ByIssuer, EquityIssuerTotal{Issuer: r.Issuer, IssuerName: r.IssuerName})
		}
		it := &t.ByIssuer[k]
		it.Count++
		addTo(&it.Shares, r.Shares)
		if r.Shares == nil {
			it.SharesUndisclosed++
		}
		if r.Instrument == InstrumentWarrant {
			t.WarrantCount++
			it.WarrantCount++
			addTo(&it.WarrantShares, r.Shares)
			if r.Shares == nil {
				it.WarrantUndisclosed++
			}
		}
	}
	slices.SortStableFunc(t.ByIssuer, func(a, b EquityIssuerTotal) int {
		if c := cmp.Compare(val(b.Shares), val(a.Shares)); c != 0 {
			return c
		}
		return cmp.Compare(a.IssuerName, b.IssuerName)
	})
	return t
}

func equityID(r *EquityRow) string { return r.ID }

// QueryEquity runs q over the equity records (see QueryDeals).
func (s *Snapshot) QueryEquity(q *Query) EquityResult {
	q = orDefault(q, KindEquity)
	m := s.rowsOf(tableOf(KindEquity), "").run(q)
	return EquityResult{Total: len(m.idx), Facets: m.facets, Rows: copyRows(s.Equity, m.page), Totals: equityTotals(s.Equity, m.idx), Next: m.next}
}

// MatchEquity returns every equity record matching q, in q's order.
func (s *Snapshot) MatchEquity(q *Query) []EquityRow {
	return copyRows(s.Equity, s.rowsOf(tableOf(KindEquity), "").run(orDefault(q, KindEquity).all()).idx)
}

// EquityByID returns the equity row with the given id, or an ENOTFOUND *Error.
func (s *Snapshot) EquityByID(id string) (*EquityRow, error) {
	for i := range s.Equity {
		if s.Equity[i].ID == id {
			return &s.Equity[i], nil
		}
	}
	return nil, Errorf(ENOTFOUND, "equity record %q not found", id)
}

// MinerEquity returns the equity records issued by a miner, in dataset order.
func (s *Snapshot) MinerEquity(minerID string) []EquityRow {
	var out []EquityRow
	for _, r := range s.Equity {
		if r.Issuer == minerID {
			out = append(out, r)
		}
	}
	return out
}

// DealEquity returns the equity records linked to a deal.
func (s *Snapshot) DealEquity(dealID string) []EquityRow {
	var out []EquityRow
	for _, r := range s.Equity {
		if r.Deal == dealID {
			out = append(out, r)
		}
	}
	return out
}

// WriteEquityCSV writes every equity record matching q as CSV.
func (s *Snapshot) WriteEquityCSV(w io.Writer, q *Query) error {
	if q == nil || q.Kind != KindEquity {
		return Errorf(EINVALID, "not an equity query")
	}
	return s.WriteCSV(w, q)
}

// equitySearch: id, holder, issuer, instrument, deal, vesting, notes.
func equitySearch(_ *Snapshot, r *EquityRow, terms []term) bool {
	for _, t := range terms {
		if !t.anyIn(r.ID, r.Holder, r.HolderName, r.Issuer, r.IssuerName, r.Instrument, r.Deal, r.DealTitle,
			r.Vesting, r.PercentBasis, r.ValueBasis, r.Notes) {
			return false
		}
	}
	return true
}

func equityColumns() []Column {
	e := func(row any) *EquityRow { return row.(*EquityRow) }
	cols := []Column{
		{Name: "id", Label: "ID", Kind: ColumnString, Detail: DetailHidden,
			get: func(r any) cell { return strCell(e(r).ID) }},
		{Name: "date", Label: "Date", Kind: ColumnDate, Default: true, Link: LinkRecord,
			get: func(r any) cell { return dateCell(e(r).Date) }},
		{Name: "year", Label: "Year", Kind: ColumnNumber, Facetable: true, Detail: DetailHidden,
			get: func(r any) cell { return yearCell(e(r).Year) }},
		{Name: "holder", Label: "Holder", Kind: ColumnString, Facetable: true, Default: true, Ref: RefCounterparty,
			get:  func(r any) cell { return strCell(e(r).Holder) },
			name: func(r any) string { return e(r).HolderName }},
		{Name: "issuer", Label: "Issuer", Kind: ColumnString, Facetable: true, Default: true, Ref: RefMiner,
			get:  func(r any) cell { return strCell(e(r).Issuer) },
			name: func(r any) string { return e(r).IssuerName }},
		{Name: "instrument", Label: "Instrument", Kind: ColumnString, Facetable: true, Default: true, Enum: Instruments,
			get: func(r any) cell { return strCell(e(r).Instrument) }},
		{Name: "shares", Label: "Shares", Kind: ColumnNumber, Default: true,
			get: func(r any) cell { return numCell(e(r).Shares) }},
		{Name: "strike_usd", Label: "Strike", Unit: "USD", Kind: ColumnNumber, Default: true,
			get: func(r any) cell { return numCell(e(r).StrikeUSD) }},
		{Name: "percent", Label: "% of issuer", Unit: "%", Kind: ColumnNumber, Default: true, Basis: "percent_basis",
			get: func(r any) cell { return numCell(e(r).Percent) }},
		{Name: "percent_basis", Label: "% basis", Kind: ColumnString, Facetable: true,
			get: func(r any) cell { return strCell(e(r).PercentBasis) }},
		{Name: "value_usd", Label: "Value", Unit: "USD", Kind: ColumnNumber, Default: true, Basis: "value_basis",
			get: func(r any) cell { return numCell(e(r).ValueUSD) }},
		{Name: "value_basis", Label: "Value basis", Kind: ColumnString, Facetable: true,
			get: func(r any) cell { return strCell(e(r).ValueBasis) }},
		{Name: "vesting", Label: "Vesting", Kind: ColumnString, Detail: DetailText,
			get: func(r any) cell { return strCell(e(r).Vesting) }},
		{Name: "deal", Label: "Deal", Kind: ColumnString, Facetable: true, Default: true, Ref: RefDeal, NamePath: "deal_title",
			get:  func(r any) cell { return strCell(e(r).Deal) },
			name: func(r any) string { return e(r).DealTitle }},
		{Name: "notes", Label: "Notes", Kind: ColumnString, Detail: DetailText,
			get: func(r any) cell { return strCell(e(r).Notes) }},
		{Name: "sources", Label: "Sources", Kind: ColumnList, Format: FormatSources, Detail: DetailSources,
			get: func(r any) cell { return listCell(sourceURLs(e(r).Sources)) }},
	}
	return cols
}

// RefDeal marks a column whose value is a Deal.ID.
const RefDeal = "deal"
