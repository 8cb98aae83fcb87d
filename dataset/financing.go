package dataset

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// KindFinancing is the row kind of financing records in the query engine.
const KindFinancing = "financing"

// FileFinancing is the seed file of financing records.
const FileFinancing = "financing.json"

// Financing kinds.
const (
	FinSeniorSecured = "senior-secured-notes"
	FinSeniorNotes   = "senior-notes"
	FinConvertible   = "convertible-notes"
	FinProjectLoan   = "project-loan"
	FinTermLoan      = "term-loan"
	FinCredit        = "credit-facility"
	FinPreferred     = "preferred-equity"
	FinEquityRaise   = "equity-raise"
	FinOther         = "other"
)

// FinancingKinds lists the valid financing kinds.
var FinancingKinds = []string{FinSeniorSecured, FinSeniorNotes, FinConvertible, FinProjectLoan, FinTermLoan, FinCredit, FinPreferred, FinEquityRaise, FinOther}

// debtKinds are the financing kinds that are debt (not equity or preferred).
var debtKinds = []string{FinSeniorSecured, FinSeniorNotes, FinConvertible, FinProjectLoan, FinTermLoan, FinCredit}

// Amount bases: what a financing's amount measures.
const (
	AmountIssued   = "issued"   // priced and issued (or closed) principal
	AmountFacility = "facility" // the commitment of a facility, drawn or not
	AmountDraw     = "draw"     // a draw on a facility recorded on its own (see PartOf)
	AmountProposed = "proposed" // the size announced before pricing; the final size was not found
)

// AmountBases lists the valid amount bases.
var AmountBases = []string{AmountIssued, AmountFacility, AmountDraw, AmountProposed}

// Financing is a debt or equity raise of a miner: notes, convertibles,
// project loans, facilities, preferred equity, share placements.
type Financing struct {
	ID     string `json:"id"`
	Issuer string `json:"issuer"` // Miner.ID
	Kind   string `json:"kind"`   // one of FinancingKinds
	// AmountUSD is the principal or proceeds, measured as AmountBasis.
	AmountUSD   *float64 `json:"amount_usd"`
	AmountBasis string   `json:"amount_basis,omitempty"` // one of AmountBases; required with AmountUSD
	// PartOf is the ID of the financing this one draws on or converts; its
	// amount is then not added again in totals.
	PartOf string `json:"part_of,omitempty"`
	// CouponPct is the stated annual coupon in percent (0 for a zero-coupon
	// convertible); nil for floating-rate or unpriced debt.
	CouponPct     *float64 `json:"coupon_pct"`
	Maturity      Date     `json:"maturity,omitempty"`
	UseOfProceeds string   `json:"use_of_proceeds,omitempty"`
	// Sites and Deals are the sites and deals the financing funds or is secured by.
	Sites []string `json:"sites,omitempty"`
	Deals []string `json:"deals,omitempty"`
	Date  Date     `json:"date"`
	// Currency is the original currency when not USD, with AmountOrig, the
	// FX rate (USD per unit) and its date.
	Currency   string   `json:"currency,omitempty"`
	AmountOrig *float64 `json:"amount_orig,omitempty"`
	FXRate     *float64 `json:"fx_rate,omitempty"`
	FXDate     Date     `json:"fx_date,omitempty"`
	// Verified is the date the record's figures were last checked against its sources.
	Verified   Date     `json:"verified"`
	Confidence string   `json:"confidence,omitempty"`
	Notes      string   `json:"notes,omitempty"`
	Sources    []Source `json:"sources"`
}

// IsDebt reports whether the financing is debt.
func (f *Financing) IsDebt() bool { return slices.Contains(debtKinds, f.Kind) }

// ForHPC reports whether the financing is tied to AI/HPC capacity: it
// names a site or a deal it funds or is secured by.
func (f *Financing) ForHPC() bool { return len(f.Sites) > 0 || len(f.Deals) > 0 }

// Counts reports whether the amount adds into totals: issued or facility
// amounts not recorded as part of another financing.
func (f *Financing) Counts() bool {
	return f.PartOf == "" && (f.AmountBasis == AmountIssued || f.AmountBasis == AmountFacility)
}

// FinancingRow is a financing record with names, derived flags and grade.
type FinancingRow struct {
	Financing
	IssuerName string `json:"issuer_name"`
	// SiteNames and DealTitles name the Sites and Deals, in their order.
	SiteNames  []string `json:"site_names"`
	DealTitles []string `json:"deal_titles"`
	Year       string   `json:"year"`
	Debt       bool     `json:"debt"`
	HPC        bool     `json:"hpc"`
	// Counted reports whether AmountUSD adds into totals (see Financing.Counts).
	Counted bool `json:"counted"`
	// Grade is derived from the record's best source (see GradeOf).
	Grade string `json:"grade"`
}

func (r *FinancingRow) trust() (string, Date) { return r.Grade, r.Verified }

func (f *Financing) validate(c checker) {
	c.required("issuer", f.Issuer)
	c.oneOf("kind", f.Kind, FinancingKinds)
	c.date("date", f.Date, true)
	c.date("maturity", f.Maturity, false)
	c.nonNegative("amount_usd", f.AmountUSD)
	if f.AmountUSD != nil {
		if f.AmountBasis == "" {
			c.add("amount_basis", "is required with amount_usd (one of %s)", strings.Join(AmountBases, ", "))
		} else {
			c.oneOf("amount_basis", f.AmountBasis, AmountBases)
		}
	} else if f.AmountBasis != "" {
		c.oneOf("amount_basis", f.AmountBasis, AmountBases)
	}
	if f.AmountBasis == AmountDraw && f.PartOf == "" {
		c.add("part_of", "is required for a draw: the facility it draws on")
	}
	if f.CouponPct != nil && (*f.CouponPct < 0 || *f.CouponPct > 50) {
		c.add("coupon_pct", "%g is not a coupon from 0 to 50 %% (7.125 %% is 7.125)", *f.CouponPct)
	}
	if f.Maturity != "" && f.Date != "" {
		if mk, ok := dateKey(string(f.Maturity)); ok {
			if dk, ok := dateKey(string(f.Date)); ok && mk < dk {
				c.add("maturity", "%s is before the date %s", f.Maturity, f.Date)
			}
		}
	}
	c.fx(f.Currency, f.AmountOrig, f.FXRate, f.FXDate, f.AmountUSD, "amount_orig", "amount_usd")
	c.sources("sources", f.Sources)
	c.verified(f.Verified, f.Sources)
	c.claim("confidence", f.Confidence, f.Sources)
}

// validateFinancing checks the financing records and their references.
func (d *Dataset) validateFinancing(ps *Problems, miners, sites, deals map[string]bool) {
	fins := ids(FileFinancing, ps, len(d.Financing), func(i int) string { return d.Financing[i].ID })
	for i := range d.Financing {
		f := &d.Financing[i]
		c := checker{FileFinancing, recordName(f.ID, i), ps, d.Denylist}
		f.validate(c)
		if f.Issuer != "" && !miners[f.Issuer] {
			c.add("issuer", "unknown miner %q", f.Issuer)
		}
		for j, s := range f.Sites {
			if !sites[s] {
				c.add(fmt.Sprintf("sites[%d]", j), "unknown site %q", s)
			}
		}
		for j, dl := range f.Deals {
			if !deals[dl] {
				c.add(fmt.Sprintf("deals[%d]", j), "unknown deal %q", dl)
			}
		}
		switch {
		case f.PartOf == "":
		case f.PartOf == f.ID:
			c.add("part_of", "names the record itself")
		case !fins[f.PartOf]:
			c.add("part_of", "unknown financing %q", f.PartOf)
		}
	}
}

// financingRows derives the financing rows.
func financingRows(d *Dataset) []FinancingRow {
	miner, _, deal := names(d)
	site := map[string]string{}
	for _, s := range d.Sites {
		site[s.ID] = s.Name
	}
	lookup := func(ids []string, name map[string]string) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = name[id]
		}
		return out
	}
	out := make([]FinancingRow, len(d.Financing))
	for i, f := range d.Financing {
		out[i] = FinancingRow{Financing: f, IssuerName: miner[f.Issuer], SiteNames: lookup(f.Sites, site), DealTitles: lookup(f.Deals, deal),
			Year: f.Date.Year(), Debt: f.IsDebt(), HPC: f.ForHPC(), Counted: f.Counts(), Grade: GradeOf(f.Sources)}
	}
	return out
}

// FinancingResult is one page of a financing query.
type FinancingResult struct {
	Total  int             `json:"total"`
	Rows   []FinancingRow  `json:"rows"`
	Facets []Facet         `json:"facets"`
	Totals FinancingTotals `json:"totals"`
	Next   string          `json:"next,omitempty"`
}

// FinancingTotals sums the counted amounts (Financing.Counts) of the
// records matching a query: all of them, debt only, and debt for HPC. A
// sum is nil when no counted record gives an amount; NotCounted counts the
// records left out (draws, conversions, proposed sizes, no amount).
type FinancingTotals struct {
	Count           int      `json:"count"`
	AmountUSD       *float64 `json:"amount_usd"`
	DebtUSD         *float64 `json:"debt_usd"`
	HPCDebtUSD      *float64 `json:"hpc_debt_usd"`
	NotCountedCount int      `json:"not_counted_count"`
}

func financingTotals(rows []FinancingRow, idx []int32) FinancingTotals {
	t := FinancingTotals{Count: len(idx)}
	for _, i := range idx {
		r := &rows[i]
		if !r.Counted || r.AmountUSD == nil {
			t.NotCountedCount++
			continue
		}
		addTo(&t.AmountUSD, r.AmountUSD)
		if r.Debt {
			addTo(&t.DebtUSD, r.AmountUSD)
			if r.HPC {
				addTo(&t.HPCDebtUSD, r.AmountUSD)
			}
		}
	}
	return t
}

func financingID(r *FinancingRow) string { return r.ID }

// QueryFinancing runs q over the financing records (see QueryDeals).
func (s *Snapshot) QueryFinancing(q *Query) FinancingResult {
	q = orDefault(q, KindFinancing)
	m := s.rowsOf(tableOf(KindFinancing), "").run(q)
	return FinancingResult{Total: len(m.idx), Facets: m.facets, Rows: copyRows(s.Financing, m.page), Totals: financingTotals(s.Financing, m.idx), Next: m.next}
}

// MatchFinancing returns every financing record matching q, in q's order.
func (s *Snapshot) MatchFinancing(q *Query) []FinancingRow {
	return copyRows(s.Financing, s.rowsOf(tableOf(KindFinancing), "").run(orDefault(q, KindFinancing).all()).idx)
}

// FinancingByID returns the financing row with the given id, or an ENOTFOUND *Error.
func (s *Snapshot) FinancingByID(id string) (*FinancingRow, error) {
	for i := range s.Financing {
		if s.Financing[i].ID == id {
			return &s.Financing[i], nil
		}
	}
	return nil, Errorf(ENOTFOUND, "financing record %q not found", id)
}

// MinerFinancing returns the financing records of a miner, in dataset order.
func (s *Snapshot) MinerFinancing(minerID string) []FinancingRow {
	var out []FinancingRow
	for _, r := range s.Financing {
		if r.Issuer == minerID {
			out = append(out, r)
		}
	}
	return out
}

// DealFinancing returns the financing records that name a deal.
func (s *Snapshot) DealFinancing(dealID string) []FinancingRow {
	var out []FinancingRow
	for _, r := range s.Financing {
		if slices.Contains(r.Deals, dealID) {
			out = append(out, r)
		}
	}
	return out
}

// WriteFinancingCSV writes every financing record matching q as CSV.
func (s *Snapshot) WriteFinancingCSV(w io.Writer, q *Query) error {
	if q == nil || q.Kind != KindFinancing {
		return Errorf(EINVALID, "not a financing query")
	}
	return s.WriteCSV(w, q)
}

// financingSearch: id, issuer, kind, use of proceeds, sites, deals, notes.
func financingSearch(_ *Snapshot, r *FinancingRow, terms []term) bool {
	for _, t := range terms {
		if !t.anyIn(r.ID, r.Issuer, r.IssuerName, r.Kind, r.UseOfProceeds, r.Notes) && !t.anyIn(r.Sites...) && !t.anyIn(r.Deals...) &&
			!t.anyIn(r.SiteNames...) && !t.anyIn(r.DealTitles...) {
			return false
		}
	}
	return true
}

func financingColumns() []Column {
	f := func(row any) *FinancingRow { return row.(*FinancingRow) }
	cols := []Column{
		{Name: "id", Label: "ID", Kind: ColumnString, Detail: DetailHidden,
			get: func(r any) cell { return strCell(f(r).ID) }},
		{Name: "date", Label: "Date", Kind: ColumnDate, Default: true, Link: LinkRecord,
			get: func(r any) cell { return dateCell(f(r).Date) }},
		{Name: "year", Label: "Year", Kind: ColumnNumber, Facetable: true, Detail: DetailHidden,
			get: func(r any) cell { return yearCell(f(r).Year) }},
		{Name: "issuer", Label: "Issuer", Kind: ColumnString, Facetable: true, Default: true, Ref: RefMiner,
			get:  func(r any) cell { return strCell(f(r).Issuer) },
			name: func(r any) string { return f(r).IssuerName }},
		{Name: "kind", Label: "Kind", Kind: ColumnString, Facetable: true, Default: true, Enum: FinancingKinds,
			get: func(r any) cell { return strCell(f(r).Kind) }},
		{Name: "amount_usd", Label: "Amount", Unit: "USD", Kind: ColumnNumber, Default: true, Basis: "amount_basis",
			get: func(r any) cell { return numCell(f(r).AmountUSD) }},
		{Name: "amount_basis", Label: "Amount basis", Kind: ColumnString, Facetable: true, Enum: AmountBases,
			get: func(r any) cell { return strCell(f(r).AmountBasis) }},
		{Name: "part_of", Label: "Part of", Kind: ColumnString,
			get: func(r any) cell { return strCell(f(r).PartOf) }},
		{Name: "coupon_pct", Label: "Coupon", Unit: "%", Kind: ColumnNumber, Default: true,
			get: func(r any) cell { return numCell(f(r).CouponPct) }},
		{Name: "maturity", Label: "Maturity", Kind: ColumnDate, Default: true,
			get: func(r any) cell { return dateCell(f(r).Maturity) }},
		{Name: "use_of_proceeds", Label: "Use of proceeds", Kind: ColumnString, Detail: DetailText,
			get: func(r any) cell { return strCell(f(r).UseOfProceeds) }},
		{Name: "sites", Label: "Sites", Kind: ColumnList, Facetable: true, Ref: RefSite, NamePath: "site_names",
			get:   func(r any) cell { return listCell(f(r).Sites) },
			names: func(r any) []string { return f(r).SiteNames }},
		{Name: "deals", Label: "Deals", Kind: ColumnList, Ref: RefDeal, NamePath: "deal_titles",
			get:   func(r any) cell { return listCell(f(r).Deals) },
			names: func(r any) []string { return f(r).DealTitles }},
		{Name: "debt", Label: "Debt", Kind: ColumnBool, Facetable: true,
			get: func(r any) cell { return boolCell(f(r).Debt) }},
		{Name: "hpc", Label: "For AI/HPC", Kind: ColumnBool, Facetable: true, Default: true,
			get: func(r any) cell { return boolCell(f(r).HPC) }},
		{Name: "counted", Label: "Counted in totals", Kind: ColumnBool, Facetable: true,
			get: func(r any) cell { return boolCell(f(r).Counted) }},
		{Name: "currency", Label: "Currency", Kind: ColumnString, Facetable: true,
			get: func(r any) cell { return strCell(f(r).Currency) }},
		{Name: "amount_orig", Label: "Amount (original currency)", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(f(r).AmountOrig) }},
		{Name: "fx_rate", Label: "FX rate", Unit: "USD per unit", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(f(r).FXRate) }},
		{Name: "fx_date", Label: "FX date", Kind: ColumnDate,
			get: func(r any) cell { return dateCell(f(r).FXDate) }},
		{Name: "notes", Label: "Notes", Kind: ColumnString, Detail: DetailText,
			get: func(r any) cell { return strCell(f(r).Notes) }},
		{Name: "sources", Label: "Sources", Kind: ColumnList, Format: FormatSources, Detail: DetailSources,
			get: func(r any) cell { return listCell(sourceURLs(f(r).Sources)) }},
	}
	return cols
}
