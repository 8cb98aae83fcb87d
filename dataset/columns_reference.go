//go:build !wasm

package dataset

import (
	"strconv"
)

// referenceTables are the tables of the kinds views only refer to. The
// server alone reads them (the data package): the browser has no view of
// them, and three more tables would cost its WASM about 18 KB brotli.
func referenceTables() []*table {
	return []*table{
		defineTable(table{kind: KindCounterparties, singular: "counterparty", page: "/counterparties/{id}", columns: counterpartyColumns},
			func(s *Snapshot, _ Date) []Counterparty { return s.Data.Counterparties }, func(r *Counterparty) string { return r.ID },
			func(_ *Snapshot, r *Counterparty, terms []term) bool {
				return allTerms(terms, func(t term) bool { return t.anyIn(r.ID, r.Name, r.Kind, r.Parent, r.Notes) })
			}, ignoreQuery(noTotals[Counterparty])),
		defineTable(table{kind: KindAggregates, singular: "aggregate", asOf: "date", columns: aggregateColumns},
			func(s *Snapshot, _ Date) []Aggregate { return s.Data.Aggregates }, func(r *Aggregate) string { return r.ID },
			func(_ *Snapshot, r *Aggregate, terms []term) bool {
				return allTerms(terms, func(t term) bool { return t.anyIn(r.ID, r.Title, r.Value, r.Who, r.Notes) })
			}, ignoreQuery(noTotals[Aggregate])),
		defineTable(table{kind: KindCorrections, singular: "correction", columns: correctionColumns},
			func(s *Snapshot, _ Date) []CorrectionRow { return correctionRows(s.Data.Corrections) }, func(r *CorrectionRow) string { return r.ID },
			func(_ *Snapshot, r *CorrectionRow, terms []term) bool {
				return allTerms(terms, func(t term) bool { return t.anyIn(r.Record, r.Field, r.Error, r.Reason) })
			}, ignoreQuery(noTotals[CorrectionRow])),
	}
}

// noTotals is the totals of a kind that sums nothing.
func noTotals[R any](_ []R, _ []int32) struct{} { return struct{}{} }

// allTerms reports whether every term matches.
func allTerms(terms []term, match func(term) bool) bool {
	for _, t := range terms {
		if !match(t) {
			return false
		}
	}
	return true
}

// correctionRows gives each correction its id.
func correctionRows(cs []Correction) []CorrectionRow {
	out := make([]CorrectionRow, len(cs))
	seen := map[string]int{}
	for i, c := range cs {
		id := c.Record + "/" + c.Field + "@" + string(c.Date)
		seen[id]++
		if n := seen[id]; n > 1 {
			id += "-" + strconv.Itoa(n)
		}
		out[i] = CorrectionRow{Correction: c, ID: id}
	}
	return out
}

func counterpartyColumns() []Column {
	return []Column{
		{Name: "id", Label: "ID", Kind: ColumnString, Detail: DetailHidden, Description: "the counterparty's stable slug",
			get: str(func(r *Counterparty) string { return r.ID })},
		{Name: "name", Label: "Name", Kind: ColumnString, Default: true, Detail: DetailHeading, Description: "the company's current name",
			get: str(func(r *Counterparty) string { return r.Name })},
		{Name: "kind", Label: "Kind", Kind: ColumnString, Default: true, Facetable: true, Enum: CounterpartyKinds,
			Description: "what the company is (hyperscaler, neocloud, AI lab, chipmaker, financier…)",
			get:         str(func(r *Counterparty) string { return r.Kind })},
		{Name: "parent", Label: "Parent", Kind: ColumnString, Description: "the name of the company that owns it (a name, not an id)",
			get: str(func(r *Counterparty) string { return r.Parent })},
		{Name: "former_names", Label: "Former names", Kind: ColumnList, Description: "earlier names of a renamed company",
			get: strs(func(r *Counterparty) []string { return r.FormerNames })},
		{Name: "notes", Label: "Notes", Kind: ColumnString, Detail: DetailText, Description: "what the record needs said",
			get: str(func(r *Counterparty) string { return r.Notes })},
	}
}

func aggregateColumns() []Column {
	return []Column{
		{Name: "id", Label: "ID", Kind: ColumnString, Detail: DetailHidden, Description: "the aggregate's stable slug",
			get: str(func(r *Aggregate) string { return r.ID })},
		{Name: "title", Label: "Title", Kind: ColumnString, Default: true, Detail: DetailHeading, Description: "what the published figure covers",
			get: str(func(r *Aggregate) string { return r.Title })},
		{Name: "value", Label: "As published", Kind: ColumnString, Default: true, Description: "the figure in the publisher's words",
			get: str(func(r *Aggregate) string { return r.Value })},
		{Name: "value_usd", Label: "Value", Kind: ColumnNumber, Unit: "USD", Default: true, Description: "the published value in US dollars",
			get: num(func(r *Aggregate) *float64 { return r.ValueUSD })},
		{Name: "mw", Label: "MW", Kind: ColumnNumber, Unit: "MW", Default: true, Basis: "mw_basis", Description: "the published capacity",
			get: num(func(r *Aggregate) *float64 { return r.MW })},
		{Name: "mw_basis", Label: "MW basis", Kind: ColumnString, Enum: MWBases, Description: "what the MW figure measures",
			get: str(func(r *Aggregate) string { return r.MWBasis })},
		{Name: "who", Label: "Publisher", Kind: ColumnString, Default: true, Facetable: true, Description: "who published the figure",
			get: str(func(r *Aggregate) string { return r.Who })},
		{Name: "date", Label: "Date", Kind: ColumnDate, Default: true, Description: "when it was published",
			get: date(func(r *Aggregate) Date { return r.Date })},
		{Name: "notes", Label: "Notes", Kind: ColumnString, Detail: DetailText, Description: "scope and caveats",
			get: str(func(r *Aggregate) string { return r.Notes })},
		{Name: "sources", Label: "Sources", Kind: ColumnList, Detail: DetailSources, Format: FormatSources, Description: "the documents the figure comes from",
			get: strs(func(r *Aggregate) []string { return sourceURLs(r.Sources) })},
	}
}

func correctionColumns() []Column {
	return []Column{
		{Name: "id", Label: "ID", Kind: ColumnString, Detail: DetailHidden, Description: "the corrected record, field and date",
			get: str(func(r *CorrectionRow) string { return r.ID })},
		{Name: "record", Label: "Record", Kind: ColumnString, Default: true, Description: "the corrected record, as kind/id (deals/iren-microsoft-2025-11)",
			get: str(func(r *CorrectionRow) string { return r.Record })},
		{Name: "field", Label: "Field", Kind: ColumnString, Default: true, Description: "the corrected field's JSON name, dotted when nested",
			get: str(func(r *CorrectionRow) string { return r.Field })},
		{Name: "error", Label: "Error", Kind: ColumnString, Default: true, Facetable: true, Enum: CorrectionErrors, Description: "the kind of error fixed",
			get: str(func(r *CorrectionRow) string { return r.Error })},
		{Name: "from", Label: "Before", Kind: ColumnString, Description: "the value before, as JSON (null when there was none)",
			get: str(func(r *CorrectionRow) string { return string(r.From) })},
		{Name: "to", Label: "After", Kind: ColumnString, Description: "the value after, as JSON (null when removed)",
			get: str(func(r *CorrectionRow) string { return string(r.To) })},
		{Name: "reason", Label: "Reason", Kind: ColumnString, Default: true, Detail: DetailText, Description: "why the value was wrong",
			get: str(func(r *CorrectionRow) string { return r.Reason })},
		{Name: "date", Label: "Date", Kind: ColumnDate, Default: true, Description: "when the correction was made",
			get: date(func(r *CorrectionRow) Date { return r.Date })},
		{Name: "sources", Label: "Sources", Kind: ColumnList, Detail: DetailSources, Format: FormatSources, Description: "the documents that show the right value",
			get: strs(func(r *CorrectionRow) []string { return sourceURLs(r.Sources) })},
	}
}
