package dataset

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Kinds of rows the query engine serves: the values of ParseQuery's kind.
const (
	KindDeals  = "deals"
	KindMiners = "miners"
	KindSites  = "sites"
)

// Kinds lists the row kinds, in the order the UI shows them.
var Kinds = []string{KindDeals, KindMiners, KindSites}

// Column value kinds: what Column.Value returns and which filters apply.
const (
	ColumnString = "string" // Value returns a string; equality filters
	ColumnNumber = "number" // Value returns a float64; equality and ranges
	ColumnDate   = "date"   // Value returns a Date; equality (by period) and ranges
	ColumnBool   = "bool"   // Value returns a bool; equality (true/false)
	ColumnList   = "list"   // Value returns a []string; equality matches any element
)

// References: what the id in a reference column points to.
const (
	RefMiner        = "miner"
	RefCounterparty = "counterparty"
	RefSite         = "site"
)

// Column describes one column of a row kind: its name in the query string,
// the JSON and the CSV, how to show it, and how to read it from a row.
// Columns are values; the registry hands out copies.
type Column struct {
	// Name is the JSON field name of the row, e.g. "value_usd".
	Name string `json:"name"`
	// Label is the short human header, e.g. "Value".
	Label string `json:"label"`
	// Unit is "USD", "MW", "USD/MW-yr", "years", "share", "EH/s", "°" or "".
	Unit string `json:"unit,omitempty"`
	// Kind is one of ColumnString, ColumnNumber, ColumnDate, ColumnBool, ColumnList.
	Kind string `json:"kind"`
	// Facetable reports whether facet=<Name> is accepted.
	Facetable bool `json:"facetable"`
	// Default reports whether the table shows the column when cols= is not given.
	Default bool `json:"default"`
	// Basis names the column that says what this figure measures
	// ("mw_basis", "value_basis", "basis", "capacity_basis"), "" when none.
	Basis string `json:"basis,omitempty"`
	// Ref is RefMiner, RefCounterparty or RefSite when the value is the id
	// of another record; Text and facet labels give that record's name.
	Ref string `json:"ref,omitempty"`
	// Enum lists the accepted values when the column has a closed set;
	// equality filters reject anything else.
	Enum []string `json:"enum,omitempty"`

	table string               // KindDeals, KindMiners or KindSites
	get   func(row any) cell   // row is *DealRow, *MinerRow or *SiteRow of table
	name  func(row any) string // the referenced record's name, for Ref columns
}

// cell is one value read from a row; ok is false when it is not disclosed.
type cell struct {
	s    string   // string, date or formatted id
	n    float64  // number, or the date's yyyymmdd key
	b    bool     // bool
	list []string // list
	ok   bool
}

// Value returns the column's value in row, or nil when it is not disclosed.
// row is a DealRow, MinerRow or SiteRow (or a pointer to one) of the
// column's kind; any other row gives nil. The value is a string, float64,
// Date, bool or a fresh []string, as Kind says; for Ref columns it is the id.
func (c Column) Value(row any) any {
	p := rowPtr(c.table, row)
	if p == nil || c.get == nil {
		return nil
	}
	x := c.get(p)
	if !x.ok {
		return nil
	}
	switch c.Kind {
	case ColumnNumber:
		return x.n
	case ColumnDate:
		return Date(x.s)
	case ColumnBool:
		return x.b
	case ColumnList:
		return slices.Clone(x.list)
	}
	return x.s
}

// Text returns the column's value in row as plain text: the referenced
// record's name for Ref columns, numbers in full without exponent, list
// elements joined by ", ", "" when not disclosed. It does not add units.
func (c Column) Text(row any) string {
	p := rowPtr(c.table, row)
	if p == nil || c.get == nil {
		return ""
	}
	x := c.get(p)
	if !x.ok {
		return ""
	}
	if c.name != nil {
		if n := c.name(p); n != "" {
			return n
		}
	}
	return x.text(c.Kind, ", ")
}

// text formats a disclosed cell of the given column kind.
func (x cell) text(kind, sep string) string {
	switch kind {
	case ColumnNumber:
		return formatNumber(x.n)
	case ColumnBool:
		return strconv.FormatBool(x.b)
	case ColumnList:
		return strings.Join(x.list, sep)
	}
	return x.s
}

// Header returns the CSV header of the column: its name followed by the
// unit in parentheses when it has one, e.g. "value_usd (USD)".
func (c Column) Header() string {
	if c.Unit == "" {
		return c.Name
	}
	return c.Name + " (" + c.Unit + ")"
}

// rowPtr returns row as a pointer to the row type of table, or nil.
func rowPtr(table string, row any) any {
	switch r := row.(type) {
	case *DealRow:
		if table == KindDeals && r != nil {
			return r
		}
	case DealRow:
		if table == KindDeals {
			return &r
		}
	case *MinerRow:
		if table == KindMiners && r != nil {
			return r
		}
	case MinerRow:
		if table == KindMiners {
			return &r
		}
	case *SiteRow:
		if table == KindSites && r != nil {
			return r
		}
	case SiteRow:
		if table == KindSites {
			return &r
		}
	case *MilestoneRow:
		if table == KindMilestones && r != nil {
			return r
		}
	case MilestoneRow:
		if table == KindMilestones {
			return &r
		}
	default:
		return termRowPtr(table, row)
	}
	return nil
}

// Columns returns the columns of a row kind in display order (a copy the
// caller may change), or nil for an unknown kind.
func Columns(kind string) []Column {
	cols := registry()[kind]
	if cols == nil {
		return nil
	}
	out := make([]Column, len(cols))
	for i, c := range cols {
		c.Enum = slices.Clone(c.Enum)
		out[i] = c
	}
	return out
}

// ColumnByName returns the column of a row kind with the given name.
func ColumnByName(kind, name string) (Column, bool) {
	c, ok := lookupColumn(kind, name)
	if ok {
		c.Enum = slices.Clone(c.Enum)
	}
	return c, ok
}

// DefaultColumns returns the names of the columns a table of the kind shows
// when no cols= is given, in display order.
func DefaultColumns(kind string) []string {
	var out []string
	for _, c := range registry()[kind] {
		if c.Default {
			out = append(out, c.Name)
		}
	}
	return out
}

func lookupColumn(kind, name string) (Column, bool) {
	reg, index := registries()
	i, ok := index[kind][name]
	if !ok {
		return Column{}, false
	}
	return reg[kind][i], true
}

// itMWAlias is the deals-only range alias it_mw_*: the deal's MW when its
// basis is critical IT, not disclosed otherwise. It is not a listed column.
var itMWAlias = Column{
	Name: "it_mw", Label: "IT MW", Unit: "MW", Kind: ColumnNumber, table: KindDeals,
	get: func(row any) cell {
		d := row.(*DealRow)
		if d.MWBasis != BasisIT {
			return cell{}
		}
		return numCell(d.MW)
	},
}

// resolveColumn finds a column by name, including the it_mw alias of deals.
func resolveColumn(kind, name string) (Column, bool) {
	if c, ok := lookupColumn(kind, name); ok {
		return c, true
	}
	if kind == KindDeals && name == itMWAlias.Name {
		return itMWAlias, true
	}
	return Column{}, false
}

// registries builds the column registry and its name index on first use,
// not at package init: the WASM's start-up runs every init in one task.
var registries = sync.OnceValues(func() (map[string][]Column, map[string]map[string]int) {
	reg := map[string][]Column{
		KindDeals:      withTrust(KindDeals, spliceAfter(dealColumns(), "guarantee_usd", dealTermColumns())),
		KindMiners:     withTrust(KindMiners, spliceAfter(minerColumns(), "contracted_value_undisclosed", minerTermColumns())),
		KindSites:      withTrust(KindSites, spliceAfter(siteColumns(), "country", sitePowerColumns())),
		KindMilestones: milestoneColumns(),
		KindEquity:     withTrust(KindEquity, equityColumns()),
		KindFinancing:  withTrust(KindFinancing, financingColumns()),
		KindEvents:     withTrust(KindEvents, eventColumns()),
	}
	index := map[string]map[string]int{}
	for kind, cols := range reg {
		m := map[string]int{}
		for i, c := range cols {
			m[c.Name] = i
		}
		index[kind] = m
	}
	return reg, index
})

// registry returns the columns of each kind in display order.
func registry() map[string][]Column {
	reg, _ := registries()
	return reg
}

// Cell constructors.

func strCell(s string) cell { return cell{s: s, ok: s != ""} }

func numCell(p *float64) cell {
	if p == nil {
		return cell{}
	}
	return cell{n: *p, ok: true}
}

func numVal(v float64) cell { return cell{n: v, ok: true} }

func boolCell(b bool) cell { return cell{b: b, ok: true} }

func listCell(l []string) cell { return cell{list: l, ok: len(l) > 0} }

func dateCell(d Date) cell {
	k, ok := dateKey(string(d))
	if !ok {
		return cell{}
	}
	return cell{s: string(d), n: float64(k), ok: true}
}

// yearCell reads a "YYYY" string as a number.
func yearCell(y string) cell {
	k, ok := dateKey(y)
	if !ok || len(y) != 4 {
		return cell{}
	}
	return cell{n: float64(k / 10000), ok: true}
}

// dateKey returns yyyymmdd for "YYYY", "YYYY-MM" or "YYYY-MM-DD", a missing
// month or day counting as the first, or false when s is not such a date.
func dateKey(s string) (int, bool) {
	digits := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			n = n*10 + int(s[i]-'0')
		}
		return n, true
	}
	var y, m, d int
	var ok bool
	switch len(s) {
	case 4, 7, 10:
	default:
		return 0, false
	}
	if y, ok = digits(s[:4]); !ok {
		return 0, false
	}
	m, d = 1, 1
	if len(s) >= 7 {
		if s[4] != '-' {
			return 0, false
		}
		if m, ok = digits(s[5:7]); !ok || m < 1 || m > 12 {
			return 0, false
		}
	}
	if len(s) == 10 {
		if s[7] != '-' {
			return 0, false
		}
		if d, ok = digits(s[8:10]); !ok || d < 1 || d > 31 {
			return 0, false
		}
		if d > daysIn(y, m) {
			return 0, false
		}
	}
	return y*10000 + m*100 + d, true
}

// daysIn returns the number of days of month m of year y (Gregorian).
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// dateEndKey returns the yyyymmdd key of the first day after the period s names.
func dateEndKey(s string) (int, bool) {
	k, ok := dateKey(s)
	if !ok {
		return 0, false
	}
	t := time.Date(k/10000, time.Month(k/100%100), k%100, 0, 0, 0, 0, time.UTC)
	switch len(s) {
	case 4:
		t = t.AddDate(1, 0, 0)
	case 7:
		t = t.AddDate(0, 1, 0)
	default:
		t = t.AddDate(0, 0, 1)
	}
	return t.Year()*10000 + int(t.Month())*100 + t.Day(), true
}

func formatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func sourceURLs(ss []Source) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s.URL != "" {
			out = append(out, s.URL)
		}
	}
	return out
}

func dealColumns() []Column {
	d := func(row any) *DealRow { return row.(*DealRow) }
	cols := []Column{
		{Name: "id", Label: "ID", Kind: ColumnString,
			get: func(r any) cell { return strCell(d(r).ID) }},
		{Name: "announced", Label: "Announced", Kind: ColumnDate, Default: true,
			get: func(r any) cell { return dateCell(d(r).Announced) }},
		{Name: "year", Label: "Year", Kind: ColumnNumber, Facetable: true,
			get: func(r any) cell { return yearCell(d(r).Year) }},
		{Name: "title", Label: "Deal", Kind: ColumnString,
			get: func(r any) cell { return strCell(d(r).Title) }},
		{Name: "miner", Label: "Miner", Kind: ColumnString, Facetable: true, Default: true, Ref: RefMiner,
			get:  func(r any) cell { return strCell(d(r).Miner) },
			name: func(r any) string { return d(r).MinerName }},
		{Name: "tenant", Label: "Tenant", Kind: ColumnString, Facetable: true, Default: true, Ref: RefCounterparty,
			get:  func(r any) cell { return strCell(d(r).Tenant) },
			name: func(r any) string { return d(r).TenantName }},
		{Name: "end_user", Label: "End user", Kind: ColumnString, Facetable: true, Ref: RefCounterparty,
			get:  func(r any) cell { return strCell(d(r).EndUser) },
			name: func(r any) string { return d(r).EndUserName }},
		{Name: "guarantor", Label: "Guarantor", Kind: ColumnString, Facetable: true, Ref: RefCounterparty,
			get:  func(r any) cell { return strCell(d(r).Guarantor) },
			name: func(r any) string { return d(r).GuarantorName }},
		{Name: "guarantee_usd", Label: "Guarantee", Unit: "USD", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(d(r).GuaranteeUSD) }},
		{Name: "prepayment_usd", Label: "Prepayment", Unit: "USD", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(d(r).PrepaymentUSD) }},
		{Name: "type", Label: "Type", Kind: ColumnString, Facetable: true, Default: true, Enum: DealTypes,
			get: func(r any) cell { return strCell(d(r).Type) }},
		{Name: "value_usd", Label: "Value", Unit: "USD", Kind: ColumnNumber, Default: true, Basis: "value_basis",
			get: func(r any) cell { return numCell(d(r).ValueUSD) }},
		{Name: "value_basis", Label: "Value basis", Kind: ColumnString, Facetable: true, Enum: ValueBases,
			get: func(r any) cell { return strCell(d(r).ValueBasis) }},
		{Name: "value_with_ext_usd", Label: "Value with extensions", Unit: "USD", Kind: ColumnNumber, Basis: "value_basis",
			get: func(r any) cell { return numCell(d(r).ValueWithExtUSD) }},
		{Name: "term_years", Label: "Term", Unit: "years", Kind: ColumnNumber, Facetable: true, Default: true,
			get: func(r any) cell { return numCell(d(r).TermYears) }},
		{Name: "extensions", Label: "Extensions", Kind: ColumnString,
			get: func(r any) cell { return strCell(d(r).Extensions) }},
		{Name: "annual_value_usd", Label: "Annual value", Unit: "USD", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(d(r).AnnualValueUSD) }},
		{Name: "mw", Label: "MW", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "mw_basis",
			get: func(r any) cell { return numCell(d(r).MW) }},
		{Name: "mw_basis", Label: "MW basis", Kind: ColumnString, Facetable: true, Enum: MWBases,
			get: func(r any) cell { return strCell(d(r).MWBasis) }},
		{Name: "gross_mw", Label: "Gross MW", Unit: "MW", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(d(r).GrossMW) }},
		{Name: "usd_per_mw_year", Label: "$/MW-yr", Unit: "USD/MW-yr", Kind: ColumnNumber, Default: true,
			get: func(r any) cell { return numCell(d(r).USDPerMWYear) }},
		{Name: "site", Label: "Site", Kind: ColumnString, Facetable: true, Ref: RefSite,
			get:  func(r any) cell { return strCell(d(r).Site) },
			name: func(r any) string { return d(r).SiteName }},
		{Name: "status", Label: "Status", Kind: ColumnString, Facetable: true, Default: true, Enum: DealStatuses,
			get: func(r any) cell { return strCell(d(r).Status) }},
		{Name: "status_as_of", Label: "Status as of", Kind: ColumnDate,
			get: func(r any) cell { return dateCell(d(r).StatusAsOf) }},
		{Name: "contracted", Label: "Contracted", Kind: ColumnBool, Facetable: true,
			get: func(r any) cell { return boolCell(d(r).IsContracted) }},
		{Name: "comparable", Label: "Comparable", Kind: ColumnBool, Facetable: true,
			get: func(r any) cell { return boolCell(d(r).Comparable()) }},
		{Name: "notes", Label: "Notes", Kind: ColumnString,
			get: func(r any) cell { return strCell(d(r).Notes) }},
		{Name: "sources", Label: "Sources", Kind: ColumnList,
			get: func(r any) cell { return listCell(sourceURLs(d(r).Sources)) }},
	}
	return withTable(KindDeals, cols)
}

func minerColumns() []Column {
	m := func(row any) *MinerRow { return row.(*MinerRow) }
	cols := []Column{
		{Name: "id", Label: "ID", Kind: ColumnString,
			get: func(r any) cell { return strCell(m(r).ID) }},
		{Name: "name", Label: "Miner", Kind: ColumnString, Default: true,
			get: func(r any) cell { return strCell(m(r).Name) }},
		{Name: "ticker", Label: "Ticker", Kind: ColumnString, Default: true,
			get: func(r any) cell { return strCell(m(r).Ticker) }},
		{Name: "exchange", Label: "Exchange", Kind: ColumnString, Facetable: true,
			get: func(r any) cell { return strCell(m(r).Exchange) }},
		{Name: "hq", Label: "HQ", Kind: ColumnString,
			get: func(r any) cell { return strCell(m(r).HQ) }},
		{Name: "country", Label: "Country", Kind: ColumnString, Facetable: true, Default: true,
			get: func(r any) cell { return strCell(m(r).Country) }},
		{Name: "former_names", Label: "Former names", Kind: ColumnList,
			get: func(r any) cell { return listCell(m(r).FormerNames) }},
		{Name: "status", Label: "Status", Kind: ColumnString, Facetable: true, Default: true, Enum: MinerStatuses,
			get: func(r any) cell { return strCell(m(r).Status) }},
		{Name: "strategy", Label: "Strategy", Kind: ColumnString,
			get: func(r any) cell { return strCell(m(r).Strategy) }},
		{Name: "hashrate_eh_s", Label: "Hashrate", Unit: "EH/s", Kind: ColumnNumber,
			get: func(r any) cell {
				if h := m(r).Hashrate; h != nil {
					return numCell(h.EHs)
				}
				return cell{}
			}},
		{Name: "energized_mw", Label: "Energized", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "capacity_basis",
			get: func(r any) cell { return numCell(m(r).EnergizedMW) }},
		{Name: "energized_mw_undisclosed", Label: "Sites not giving energized MW", Kind: ColumnNumber,
			get: func(r any) cell { return numVal(float64(m(r).EnergizedMWUndisclosed)) }},
		{Name: "construction_mw", Label: "Construction", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "capacity_basis",
			get: func(r any) cell { return numCell(m(r).ConstructionMW) }},
		{Name: "construction_mw_undisclosed", Label: "Sites not giving construction MW", Kind: ColumnNumber,
			get: func(r any) cell { return numVal(float64(m(r).ConstructionMWUndisclosed)) }},
		{Name: "pipeline_mw", Label: "Pipeline", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "capacity_basis",
			get: func(r any) cell { return numCell(m(r).PipelineMW) }},
		{Name: "pipeline_mw_undisclosed", Label: "Sites not giving pipeline MW", Kind: ColumnNumber,
			get: func(r any) cell { return numVal(float64(m(r).PipelineMWUndisclosed)) }},
		{Name: "unstaged_mw", Label: "Stage not disclosed", Unit: "MW", Kind: ColumnNumber, Basis: "capacity_basis",
			get: func(r any) cell { return numCell(m(r).UnstagedMW) }},
		{Name: "total_mw", Label: "Total", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "capacity_basis",
			get: func(r any) cell { return numCell(m(r).TotalMW) }},
		{Name: "total_mw_undisclosed", Label: "Sites giving no MW", Kind: ColumnNumber,
			get: func(r any) cell { return numVal(float64(m(r).TotalMWUndisclosed)) }},
		{Name: "capacity_basis", Label: "Capacity basis", Kind: ColumnString, Facetable: true,
			Enum: append(slices.Clone(MWBases), "mixed"),
			get:  func(r any) cell { return strCell(m(r).CapacityBasis) }},
		{Name: "contracted_deal_count", Label: "Contracted deals", Kind: ColumnNumber,
			get: func(r any) cell { return numVal(float64(m(r).ContractedDealCount)) }},
		{Name: "contracted_mw", Label: "Contracted", Unit: "MW", Kind: ColumnNumber, Default: true,
			get: func(r any) cell { return numCell(m(r).ContractedMW) }},
		{Name: "contracted_mw_undisclosed", Label: "Contracted deals giving no MW", Kind: ColumnNumber,
			get: func(r any) cell { return numVal(float64(m(r).ContractedMWUndisclosed)) }},
		{Name: "contracted_unspecified_mw", Label: "Contracted (basis unspecified)", Unit: "MW", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(m(r).ContractedUnspecifiedMW) }},
		{Name: "contracted_share", Label: "Contracted share", Unit: "share", Kind: ColumnNumber, Default: true,
			get: func(r any) cell { return numCell(m(r).ContractedShare) }},
		{Name: "uncontracted_mw", Label: "Uncontracted", Unit: "MW", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(m(r).UncontractedMW) }},
		{Name: "contracted_value_usd", Label: "Contracted value", Unit: "USD", Kind: ColumnNumber, Default: true,
			get: func(r any) cell { return numCell(m(r).ContractedValueUSD) }},
		{Name: "contracted_value_undisclosed", Label: "Contracted deals giving no value", Kind: ColumnNumber,
			get: func(r any) cell { return numVal(float64(m(r).ContractedValueUndisclosed)) }},
		{Name: "deal_count", Label: "Deals", Kind: ColumnNumber, Default: true,
			get: func(r any) cell { return numVal(float64(m(r).DealCount)) }},
		{Name: "site_count", Label: "Sites", Kind: ColumnNumber,
			get: func(r any) cell { return numVal(float64(m(r).SiteCount)) }},
		{Name: "tenants", Label: "Tenants", Kind: ColumnList, Facetable: true,
			get: func(r any) cell { return listCell(m(r).Tenants) }},
		{Name: "notes", Label: "Notes", Kind: ColumnString,
			get: func(r any) cell { return strCell(m(r).Notes) }},
		{Name: "sources", Label: "Sources", Kind: ColumnList,
			get: func(r any) cell { return listCell(sourceURLs(m(r).Sources)) }},
	}
	return withTable(KindMiners, cols)
}

func siteColumns() []Column {
	s := func(row any) *SiteRow { return row.(*SiteRow) }
	cols := []Column{
		{Name: "id", Label: "ID", Kind: ColumnString,
			get: func(r any) cell { return strCell(s(r).ID) }},
		{Name: "name", Label: "Site", Kind: ColumnString, Default: true,
			get: func(r any) cell { return strCell(s(r).Name) }},
		{Name: "miner", Label: "Miner", Kind: ColumnString, Facetable: true, Default: true, Ref: RefMiner,
			get:  func(r any) cell { return strCell(s(r).Miner) },
			name: func(r any) string { return s(r).MinerName }},
		{Name: "city", Label: "City", Kind: ColumnString,
			get: func(r any) cell { return strCell(s(r).City) }},
		{Name: "region", Label: "Region", Kind: ColumnString, Facetable: true, Default: true,
			get: func(r any) cell { return strCell(s(r).Region) }},
		{Name: "country", Label: "Country", Kind: ColumnString, Facetable: true, Default: true,
			get: func(r any) cell { return strCell(s(r).Country) }},
		{Name: "lat", Label: "Latitude", Unit: "°", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(s(r).Lat) }},
		{Name: "lon", Label: "Longitude", Unit: "°", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(s(r).Lon) }},
		{Name: "location_precision", Label: "Location precision", Kind: ColumnString, Facetable: true, Enum: Precisions,
			get: func(r any) cell { return strCell(s(r).LocationPrecision) }},
		{Name: "use", Label: "Use", Kind: ColumnString, Facetable: true, Default: true, Enum: SiteUses,
			get: func(r any) cell { return strCell(s(r).Use) }},
		{Name: "energized_mw", Label: "Energized", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "basis",
			get: func(r any) cell { return numCell(s(r).EnergizedMW) }},
		{Name: "construction_mw", Label: "Construction", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "basis",
			get: func(r any) cell { return numCell(s(r).ConstructionMW) }},
		{Name: "pipeline_mw", Label: "Pipeline", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "basis",
			get: func(r any) cell { return numCell(s(r).PipelineMW) }},
		{Name: "unstaged_mw", Label: "Stage not disclosed", Unit: "MW", Kind: ColumnNumber, Basis: "basis",
			get: func(r any) cell { return numCell(s(r).UnstagedMW) }},
		{Name: "total_mw", Label: "Total", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "basis",
			get: func(r any) cell { return numCell(s(r).TotalMW) }},
		{Name: "basis", Label: "MW basis", Kind: ColumnString, Facetable: true, Enum: MWBases,
			get: func(r any) cell { return strCell(s(r).Basis) }},
		{Name: "it_mw", Label: "IT MW", Unit: "MW", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(s(r).ITMW) }},
		{Name: "contracted_deal_count", Label: "Contracted deals", Kind: ColumnNumber,
			get: func(r any) cell { return numVal(float64(s(r).ContractedDealCount)) }},
		{Name: "contracted_mw", Label: "Contracted", Unit: "MW", Kind: ColumnNumber, Default: true,
			get: func(r any) cell { return numCell(s(r).ContractedMW) }},
		{Name: "contracted_mw_undisclosed", Label: "Contracted deals giving no MW", Kind: ColumnNumber,
			get: func(r any) cell { return numVal(float64(s(r).ContractedMWUndisclosed)) }},
		{Name: "deal_count", Label: "Deals", Kind: ColumnNumber, Default: true,
			get: func(r any) cell { return numVal(float64(s(r).DealCount)) }},
		{Name: "tenants", Label: "Tenants", Kind: ColumnList, Facetable: true,
			get: func(r any) cell { return listCell(s(r).Tenants) }},
		{Name: "as_of", Label: "As of", Kind: ColumnDate,
			get: func(r any) cell { return dateCell(s(r).AsOf) }},
		{Name: "prior_use", Label: "Prior use", Kind: ColumnString,
			get: func(r any) cell { return strCell(s(r).PriorUse) }},
		{Name: "notes", Label: "Notes", Kind: ColumnString,
			get: func(r any) cell { return strCell(s(r).Notes) }},
		{Name: "sources", Label: "Sources", Kind: ColumnList,
			get: func(r any) cell { return listCell(sourceURLs(s(r).Sources)) }},
	}
	return withTable(KindSites, cols)
}

func withTable(kind string, cols []Column) []Column {
	for i := range cols {
		cols[i].table = kind
	}
	return cols
}
