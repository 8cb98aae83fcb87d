package dataset

import (
	"reflect"
	"slices"
)

// Kinds of rows the query engine serves: the values of ParseQuery's kind.
const (
	KindDeals  = "deals"
	KindMiners = "miners"
	KindSites  = "sites"
)

// Kinds lists the row kinds, in the order the UI shows them.
var Kinds = []string{KindDeals, KindMiners, KindSites, KindMilestones, KindEquity, KindFinancing, KindEvents}

// tables defines every row kind. Adding a kind: its record and row types,
// their validation, a columns function, a table here and the seed.
func tables() []*table {
	return append([]*table{
		defineTable(table{kind: KindDeals, singular: "deal", page: "/deals/{id}", asOf: "announced",
			columns: func() []Column {
				return withTrust(spliceAfter(dealColumns(), "guarantee_usd", dealTermColumns()), false)
			},
			sort:   []SortKey{{Column: "announced", Desc: true}},
			detail: reflect.TypeFor[DealDetail](), expand: func(s *Snapshot, row any, _ Date) any { d, _ := s.DealDetail(row.(*DealRow).ID); return d }},
			func(s *Snapshot, _ Date) []DealRow { return s.Deals }, func(r *DealRow) string { return r.ID },
			(*Snapshot).dealSearch, func(rows []DealRow, idx []int32, q *Query) DealTotals { return dealTotals(rows, idx, q.JV) }),
		defineTable(table{kind: KindMiners, singular: "miner", page: "/miners/{id}",
			columns: func() []Column {
				return withTrust(spliceAfter(minerColumns(), "contracted_value_undisclosed", minerTermColumns()), true)
			},
			sort:   []SortKey{{Column: "contracted_mw", Desc: true}, {Column: "total_mw", Desc: true}},
			detail: reflect.TypeFor[MinerDetail](), expand: func(s *Snapshot, row any, today Date) any { d, _ := s.MinerDetail(row.(*MinerRow).ID, today); return d }},
			func(s *Snapshot, _ Date) []MinerRow { return s.Miners }, func(r *MinerRow) string { return r.ID },
			minerSearch, ignoreQuery(minerTotals)),
		defineTable(table{kind: KindSites, singular: "site", page: "/sites?site={id}", asOf: "as_of",
			columns: func() []Column { return withTrust(spliceAfter(siteColumns(), "country", sitePowerColumns()), false) },
			sort:    []SortKey{{Column: "total_mw", Desc: true}},
			detail:  reflect.TypeFor[SiteDetail](), expand: func(s *Snapshot, row any, today Date) any { d, _ := s.SiteDetail(row.(*SiteRow).ID, today); return d }},
			func(s *Snapshot, _ Date) []SiteRow { return s.Sites }, func(r *SiteRow) string { return r.ID },
			siteSearch, ignoreQuery(siteTotals)),
		// A milestone's status depends on the date it is read at.
		defineTable(table{kind: KindMilestones, singular: "milestone", asOf: "announced", columns: milestoneColumns, dated: true},
			(*Snapshot).MilestoneRows, func(r *MilestoneRow) string { return r.ID },
			milestoneSearch, ignoreQuery(milestoneTotals)),
		defineTable(table{kind: KindEquity, singular: "equity record", page: "/equity/{id}", asOf: "date",
			columns: func() []Column { return withTrust(equityColumns(), false) },
			sort:    []SortKey{{Column: "date", Desc: true}}},
			func(s *Snapshot, _ Date) []EquityRow { return s.Equity }, equityID,
			equitySearch, ignoreQuery(equityTotals)),
		defineTable(table{kind: KindFinancing, singular: "financing", page: "/financing/{id}", asOf: "date",
			columns: func() []Column { return withTrust(financingColumns(), false) },
			sort:    []SortKey{{Column: "date", Desc: true}}},
			func(s *Snapshot, _ Date) []FinancingRow { return s.Financing }, financingID,
			financingSearch, ignoreQuery(financingTotals)),
		defineTable(table{kind: KindEvents, singular: "event", asOf: "date",
			columns: func() []Column { return withTrust(eventColumns(), false) },
			sort:    []SortKey{{Column: "date", Desc: true}}},
			func(s *Snapshot, _ Date) []EventRow { return s.eventRows }, eventID,
			eventSearch, ignoreQuery(eventTotals)),
	}, referenceTables()...)
}

// ignoreQuery adapts a totals function that needs only the rows.
func ignoreQuery[R, T any](f func([]R, []int32) T) func([]R, []int32, *Query) T {
	return func(rows []R, idx []int32, _ *Query) T { return f(rows, idx) }
}

// withTrust adds a kind's trust columns, grade and checked-on date, before
// its notes and sources (shown by default when def).
func withTrust(cols []Column, def bool) []Column {
	type trusted interface {
		trust() (grade string, verified Date)
	}
	get := func(row any) (string, Date) {
		if t, ok := row.(trusted); ok {
			return t.trust()
		}
		return "", ""
	}
	extra := []Column{
		{Name: "grade", Label: "Grade", Kind: ColumnString, Facetable: true, Default: def, Enum: Grades, EnumNotes: gradeNotes, Derived: true, AsOf: "verified",
			Description: "how well the record is sourced, from its best source's kind",
			get:         func(r any) cell { g, _ := get(r); return strCell(g) }},
		{Name: "verified", Label: "Checked on", Kind: ColumnDate,
			Description: "when the figures were last checked against the sources",
			get:         func(r any) cell { _, v := get(r); return dateCell(v) }},
	}
	at := len(cols)
	for i, c := range cols {
		if c.Name == "notes" || c.Name == "sources" {
			at = i
			break
		}
	}
	return slices.Concat(cols[:at:at], extra, cols[at:])
}

// Value labels of the enums, for people.
var (
	mwBasisLabels = map[string]string{BasisIT: "critical IT", BasisGross: "gross", BasisGeneration: "generation",
		BasisUnspecified: "basis not stated", "mixed": "mixed bases"}
	valueBasisLabels = map[string]string{ValueInitialTerm: "initial term", ValueIncrement: "increment (derived)",
		ValueRelationship: "whole relationship", ValuePrice: "price", ValueEstimate: "press estimate"}
	dealTypeLabels = map[string]string{TypeColocation: "Colocation / lease", TypeCloud: "GPU cloud services", TypeHardware: "Hardware",
		TypeEquity: "Equity / warrants", TypeJV: "Joint venture", TypeAcquisition: "Acquisition", TypeDivestiture: "Divestiture",
		TypeFramework: "Framework / MOU"}
	siteUseLabels = map[string]string{UseMining: "Bitcoin mining", UseHPC: "AI/HPC", UseMixed: "mining and AI/HPC"}
	gradeNotes    = map[string]string{GradePrimary: "primary (a filing, the company's release or the wire copy)",
		GradePress: "press (a named outlet's reporting; no primary source on record)", GradeSecondary: "secondary (aggregators or quoted notes only)"}
)

func dealColumns() []Column {
	type R = DealRow
	return []Column{
		{Name: "id", Label: "ID", Kind: ColumnString, Detail: DetailHidden,
			get: str(func(r *R) string { return r.ID })},
		{Name: "announced", Label: "Announced", Kind: ColumnDate, Default: true, Link: LinkRecord,
			get: date(func(r *R) Date { return r.Announced })},
		{Name: "year", Label: "Year", Kind: ColumnNumber, Facetable: true, Detail: DetailHidden,
			get: func(r any) cell { return yearCell(r.(*R).Year) }},
		{Name: "title", Label: "Deal", Kind: ColumnString, Detail: DetailHeading, Link: LinkRecord,
			get: str(func(r *R) string { return r.Title })},
		{Name: "miner", Label: "Miner", Kind: ColumnString, Facetable: true, Default: true, Ref: RefMiner,
			get: str(func(r *R) string { return r.Miner }), name: refName(func(r *R) string { return r.MinerName })},
		{Name: "tenant", Label: "Tenant", Kind: ColumnString, Facetable: true, Default: true, Ref: RefCounterparty,
			get: str(func(r *R) string { return r.Tenant }), name: refName(func(r *R) string { return r.TenantName })},
		{Name: "end_user", Label: "End user", Kind: ColumnString, Facetable: true, Ref: RefCounterparty,
			get: str(func(r *R) string { return r.EndUser }), name: refName(func(r *R) string { return r.EndUserName })},
		{Name: "guarantor", Label: "Guarantor", Kind: ColumnString, Facetable: true, Ref: RefCounterparty,
			get: str(func(r *R) string { return r.Guarantor }), name: refName(func(r *R) string { return r.GuarantorName })},
		{Name: "guarantee_usd", Label: "Guarantee", Unit: "USD", Kind: ColumnNumber,
			Description: "the amount the guarantor backstops",
			get:         num(func(r *R) *float64 { return r.GuaranteeUSD })},
		{Name: "prepayment_usd", Label: "Prepayment", Unit: "USD", Kind: ColumnNumber, Section: "terms",
			Provenance: "terms_sources", AsOf: "terms_verified", Description: "rent the tenant pays in advance",
			get: num(func(r *R) *float64 { return r.PrepaymentUSD })},
		{Name: "type", Label: "Type", Kind: ColumnString, Facetable: true, Default: true, Enum: DealTypes, EnumLabels: dealTypeLabels,
			get: str(func(r *R) string { return r.Type })},
		{Name: "value_usd", Label: "Value", Unit: "USD", Kind: ColumnNumber, Default: true, Basis: "value_basis",
			get: num(func(r *R) *float64 { return r.ValueUSD })},
		{Name: "value_basis", Label: "Value basis", Kind: ColumnString, Facetable: true, Enum: ValueBases, EnumLabels: valueBasisLabels,
			get: str(func(r *R) string { return r.ValueBasis })},
		{Name: "value_with_ext_usd", Label: "Value with extensions", Unit: "USD", Kind: ColumnNumber, Basis: "value_basis",
			Description: "the value if every extension or renewal option is exercised",
			get:         num(func(r *R) *float64 { return r.ValueWithExtUSD })},
		{Name: "term_years", Label: "Term", Unit: "years", Kind: ColumnNumber, Facetable: true, Default: true,
			get: num(func(r *R) *float64 { return r.TermYears })},
		{Name: "extensions", Label: "Extensions", Kind: ColumnString,
			get: str(func(r *R) string { return r.Extensions })},
		{Name: "annual_value_usd", Label: "Annual value", Unit: "USD", Kind: ColumnNumber,
			Description: "value ÷ term, for comparable deals", Provenance: "sources",
			get: num(func(r *R) *float64 { return r.AnnualValueUSD })},
		{Name: "mw", Label: "MW", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "mw_basis",
			Description: "the deal's capacity; for expansions, the increment",
			get:         num(func(r *R) *float64 { return r.MW })},
		{Name: "mw_basis", Label: "MW basis", Kind: ColumnString, Facetable: true, Enum: MWBases, EnumLabels: mwBasisLabels,
			get: str(func(r *R) string { return r.MWBasis })},
		{Name: "gross_mw", Label: "Gross MW", Unit: "MW", Kind: ColumnNumber,
			Description: "the gross or utility power, when the MW figure is critical IT",
			get:         num(func(r *R) *float64 { return r.GrossMW })},
		{Name: "usd_per_mw_year", Label: "$/MW-yr", Unit: "USD/MW-yr", Kind: ColumnNumber, Default: true,
			Description: "annual value ÷ critical-IT MW", Provenance: "sources",
			get: num(func(r *R) *float64 { return r.USDPerMWYear })},
		{Name: "site", Label: "Site", Kind: ColumnString, Facetable: true, Ref: RefSite,
			get: str(func(r *R) string { return r.Site }), name: refName(func(r *R) string { return r.SiteName })},
		{Name: "status", Label: "Status", Kind: ColumnString, Facetable: true, Default: true, Enum: DealStatuses, AsOf: "status_as_of",
			get: str(func(r *R) string { return r.Status })},
		{Name: "status_as_of", Label: "Status as of", Kind: ColumnDate, Detail: DetailHidden,
			get: date(func(r *R) Date { return r.StatusAsOf })},
		{Name: "contracted", Label: "Contracted", Kind: ColumnBool, Facetable: true,
			Description: "a binding capacity deal that counts toward contracted MW and value",
			get:         flag(func(r *R) bool { return r.IsContracted })},
		{Name: "comparable", Label: "Comparable", Kind: ColumnBool, Facetable: true,
			Description: "a capacity deal valued as a contract, whose $/MW-yr compares with others",
			get:         flag(func(r *R) bool { return r.Comparable() })},
		{Name: "notes", Label: "Notes", Kind: ColumnString, Detail: DetailText,
			get: str(func(r *R) string { return r.Notes })},
		{Name: "sources", Label: "Sources", Kind: ColumnList, Format: FormatSources, Detail: DetailSources,
			get: strs(func(r *R) []string { return sourceURLs(r.Sources) })},
	}
}

func minerColumns() []Column {
	type R = MinerRow
	return []Column{
		{Name: "id", Label: "ID", Kind: ColumnString, Detail: DetailHidden,
			get: str(func(r *R) string { return r.ID })},
		{Name: "name", Label: "Miner", Kind: ColumnString, Default: true, Detail: DetailHeading, Link: LinkRecord,
			get: str(func(r *R) string { return r.Name })},
		{Name: "ticker", Label: "Ticker", Kind: ColumnString, Default: true,
			get: str(func(r *R) string { return r.Ticker })},
		{Name: "exchange", Label: "Exchange", Kind: ColumnString, Facetable: true,
			get: str(func(r *R) string { return r.Exchange })},
		{Name: "hq", Label: "HQ", Kind: ColumnString,
			get: str(func(r *R) string { return r.HQ })},
		{Name: "country", Label: "Country", Kind: ColumnString, Facetable: true,
			get: str(func(r *R) string { return r.Country })},
		{Name: "former_names", Label: "Former names", Kind: ColumnList,
			get: strs(func(r *R) []string { return r.FormerNames })},
		{Name: "status", Label: "Status", Kind: ColumnString, Facetable: true, Enum: MinerStatuses,
			get: str(func(r *R) string { return r.Status })},
		{Name: "strategy", Label: "Strategy", Kind: ColumnString, Detail: DetailText,
			get: str(func(r *R) string { return r.Strategy })},
		{Name: "hashrate_eh_s", Label: "Hashrate", Unit: "EH/s", Kind: ColumnNumber, Path: "hashrate.eh_s", Basis: "hashrate_basis",
			Provenance: "hashrate.sources", AsOf: "hashrate_as_of", Description: "the latest sourced Bitcoin hashrate",
			get: func(r any) cell {
				if h := r.(*R).Hashrate; h != nil {
					return numCell(h.EHs)
				}
				return cell{}
			}},
		{Name: "hashrate_basis", Label: "Hashrate basis", Kind: ColumnString, Facetable: true, Path: "hashrate.basis", Provenance: "hashrate.sources",
			get: str(func(r *R) string {
				if r.Hashrate != nil {
					return r.Hashrate.Basis
				}
				return ""
			})},
		{Name: "hashrate_as_of", Label: "Hashrate as of", Kind: ColumnDate, Path: "hashrate.as_of", Provenance: "hashrate.sources", Detail: DetailHidden,
			get: date(func(r *R) Date {
				if r.Hashrate != nil {
					return r.Hashrate.AsOf
				}
				return ""
			})},
		{Name: "hashrate_note", Label: "Hashrate note", Kind: ColumnString, Path: "hashrate.note", Provenance: "hashrate.sources",
			get: str(func(r *R) string {
				if r.Hashrate != nil {
					return r.Hashrate.Note
				}
				return ""
			})},
		{Name: "energized_mw", Label: "Energized", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "capacity_basis",
			Description: "summed over the miner's sites; not disclosed when none gives it",
			get:         num(func(r *R) *float64 { return r.EnergizedMW })},
		{Name: "energized_mw_undisclosed", Label: "Sites not giving energized MW", Kind: ColumnNumber, Detail: DetailHidden,
			get: count(func(r *R) int { return r.EnergizedMWUndisclosed })},
		{Name: "construction_mw", Label: "Under construction", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "capacity_basis",
			Description: "summed over the miner's sites; not disclosed when none gives it",
			get:         num(func(r *R) *float64 { return r.ConstructionMW })},
		{Name: "construction_mw_undisclosed", Label: "Sites not giving construction MW", Kind: ColumnNumber, Detail: DetailHidden,
			get: count(func(r *R) int { return r.ConstructionMWUndisclosed })},
		{Name: "pipeline_mw", Label: "Pipeline", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "capacity_basis",
			Description: "summed over the miner's sites; not disclosed when none gives it",
			get:         num(func(r *R) *float64 { return r.PipelineMW })},
		{Name: "pipeline_mw_undisclosed", Label: "Sites not giving pipeline MW", Kind: ColumnNumber, Detail: DetailHidden,
			get: count(func(r *R) int { return r.PipelineMWUndisclosed })},
		{Name: "unstaged_mw", Label: "Stage not disclosed", Unit: "MW", Kind: ColumnNumber, Basis: "capacity_basis",
			Description: "site power whose stage the sources do not give",
			get:         num(func(r *R) *float64 { return r.UnstagedMW })},
		{Name: "total_mw", Label: "Total", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "capacity_basis",
			Description: "all site power, every stage",
			get:         num(func(r *R) *float64 { return r.TotalMW })},
		{Name: "total_mw_undisclosed", Label: "Sites giving no MW", Kind: ColumnNumber, Detail: DetailHidden,
			get: count(func(r *R) int { return r.TotalMWUndisclosed })},
		{Name: "capacity_basis", Label: "Capacity basis", Kind: ColumnString, Facetable: true,
			Enum: append(slices.Clone(MWBases), "mixed"), EnumLabels: mwBasisLabels,
			get: str(func(r *R) string { return r.CapacityBasis })},
		{Name: "contracted_deal_count", Label: "Contracted deals", Kind: ColumnNumber,
			Description: "binding capacity deals",
			get:         count(func(r *R) int { return r.ContractedDealCount })},
		{Name: "contracted_mw", Label: "Contracted", Unit: "MW", Kind: ColumnNumber, Default: true,
			Description: "critical IT under binding capacity deals",
			get:         num(func(r *R) *float64 { return r.ContractedMW })},
		{Name: "contracted_mw_undisclosed", Label: "Contracted deals giving no MW", Kind: ColumnNumber, Detail: DetailHidden,
			get: count(func(r *R) int { return r.ContractedMWUndisclosed })},
		{Name: "contracted_unspecified_mw", Label: "Contracted, other basis", Unit: "MW", Kind: ColumnNumber,
			Description: "contracted MW whose source gives it gross or without a basis",
			get:         num(func(r *R) *float64 { return r.ContractedUnspecifiedMW })},
		{Name: "contracted_share", Label: "Contracted share", Unit: "share", Kind: ColumnNumber, Default: true,
			Description: "contracted critical-IT MW over total site MW",
			get:         num(func(r *R) *float64 { return r.ContractedShare })},
		{Name: "uncontracted_mw", Label: "Uncontracted", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "capacity_basis",
			Description: "site total less all contracted MW, floored at 0",
			get:         num(func(r *R) *float64 { return r.UncontractedMW })},
		{Name: "contracted_value_usd", Label: "Contracted value", Unit: "USD", Kind: ColumnNumber, Default: true,
			Description: "initial terms and increments of binding capacity deals",
			get:         num(func(r *R) *float64 { return r.ContractedValueUSD })},
		{Name: "contracted_value_undisclosed", Label: "Contracted deals giving no value", Kind: ColumnNumber, Detail: DetailHidden,
			get: count(func(r *R) int { return r.ContractedValueUndisclosed })},
		{Name: "deal_count", Label: "Deals", Kind: ColumnNumber, Default: true,
			get: count(func(r *R) int { return r.DealCount })},
		{Name: "site_count", Label: "Sites", Kind: ColumnNumber,
			get: count(func(r *R) int { return r.SiteCount })},
		{Name: "tenants", Label: "Tenants", Kind: ColumnList, Format: FormatNames, Facetable: true, Default: true,
			get: strs(func(r *R) []string { return r.Tenants })},
		{Name: "notes", Label: "Notes", Kind: ColumnString, Detail: DetailText,
			get: str(func(r *R) string { return r.Notes })},
		{Name: "sources", Label: "Sources", Kind: ColumnList, Format: FormatSources, Detail: DetailSources,
			get: strs(func(r *R) []string { return sourceURLs(r.Sources) })},
	}
}

func siteColumns() []Column {
	type R = SiteRow
	return []Column{
		{Name: "id", Label: "ID", Kind: ColumnString, Detail: DetailHidden,
			get: str(func(r *R) string { return r.ID })},
		{Name: "name", Label: "Site", Kind: ColumnString, Default: true, Detail: DetailHeading, Link: LinkRecord,
			get: str(func(r *R) string { return r.Name })},
		{Name: "miner", Label: "Miner", Kind: ColumnString, Facetable: true, Default: true, Ref: RefMiner,
			get: str(func(r *R) string { return r.Miner }), name: refName(func(r *R) string { return r.MinerName })},
		{Name: "city", Label: "City", Kind: ColumnString,
			get: str(func(r *R) string { return r.City })},
		{Name: "region", Label: "Region", Kind: ColumnString, Facetable: true, Default: true,
			get: str(func(r *R) string { return r.Region })},
		{Name: "country", Label: "Country", Kind: ColumnString, Facetable: true, Default: true,
			get: str(func(r *R) string { return r.Country })},
		{Name: "lat", Label: "Latitude", Unit: "°", Kind: ColumnNumber,
			get: num(func(r *R) *float64 { return r.Lat })},
		{Name: "lon", Label: "Longitude", Unit: "°", Kind: ColumnNumber,
			get: num(func(r *R) *float64 { return r.Lon })},
		{Name: "location_precision", Label: "Location precision", Kind: ColumnString, Facetable: true, Enum: Precisions,
			get: str(func(r *R) string { return r.LocationPrecision })},
		{Name: "use", Label: "Use", Kind: ColumnString, Facetable: true, Default: true, Enum: SiteUses, EnumLabels: siteUseLabels,
			get: str(func(r *R) string { return r.Use })},
		{Name: "energized_mw", Label: "Energized", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "basis",
			get: num(func(r *R) *float64 { return r.EnergizedMW })},
		{Name: "construction_mw", Label: "Under construction", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "basis",
			get: num(func(r *R) *float64 { return r.ConstructionMW })},
		{Name: "pipeline_mw", Label: "Pipeline", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "basis",
			get: num(func(r *R) *float64 { return r.PipelineMW })},
		{Name: "unstaged_mw", Label: "Stage not disclosed", Unit: "MW", Kind: ColumnNumber, Basis: "basis",
			Description: "power the sources give without its stage",
			get:         num(func(r *R) *float64 { return r.UnstagedMW })},
		{Name: "total_mw", Label: "Total", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "basis",
			Description: "every stage the site gives", Provenance: "sources",
			get: num(func(r *R) *float64 { return r.TotalMW })},
		{Name: "basis", Label: "MW basis", Kind: ColumnString, Facetable: true, Enum: MWBases, EnumLabels: mwBasisLabels,
			get: str(func(r *R) string { return r.Basis })},
		{Name: "it_mw", Label: "IT MW", Unit: "MW", Kind: ColumnNumber,
			Description: "the critical-IT capacity planned or leased at the site",
			get:         num(func(r *R) *float64 { return r.ITMW })},
		{Name: "contracted_deal_count", Label: "Contracted deals", Kind: ColumnNumber,
			Description: "binding capacity deals placed at the site",
			get:         count(func(r *R) int { return r.ContractedDealCount })},
		{Name: "contracted_mw", Label: "Contracted", Unit: "MW", Kind: ColumnNumber, Default: true,
			Description: "MW of binding capacity deals placed at the site, whatever their basis",
			get:         num(func(r *R) *float64 { return r.ContractedMW })},
		{Name: "contracted_mw_undisclosed", Label: "Contracted deals giving no MW", Kind: ColumnNumber, Detail: DetailHidden,
			get: count(func(r *R) int { return r.ContractedMWUndisclosed })},
		{Name: "deal_count", Label: "Deals", Kind: ColumnNumber, Default: true,
			get: count(func(r *R) int { return r.DealCount })},
		{Name: "tenants", Label: "Tenants", Kind: ColumnList, Format: FormatNames, Facetable: true,
			get: strs(func(r *R) []string { return r.Tenants })},
		{Name: "as_of", Label: "As of", Kind: ColumnDate, Detail: DetailHidden,
			get: date(func(r *R) Date { return r.AsOf })},
		{Name: "prior_use", Label: "Prior use", Kind: ColumnString,
			get: str(func(r *R) string { return r.PriorUse })},
		{Name: "notes", Label: "Notes", Kind: ColumnString, Detail: DetailText,
			get: str(func(r *R) string { return r.Notes })},
		{Name: "sources", Label: "Sources", Kind: ColumnList, Format: FormatSources, Detail: DetailSources,
			get: strs(func(r *R) []string { return sourceURLs(r.Sources) })},
	}
}

func milestoneColumns() []Column {
	type R = MilestoneRow
	return []Column{
		{Name: "id", Label: "ID", Kind: ColumnString, Detail: DetailHidden,
			get: str(func(r *R) string { return r.ID })},
		{Name: "date", Label: "Date", Kind: ColumnDate, Default: true,
			Description: "when the stage was reached (observed) or is due (guided); a quarter is dated by its last month",
			get:         date(func(r *R) Date { return r.Date })},
		{Name: "site", Label: "Site", Kind: ColumnString, Facetable: true, Default: true, Ref: RefSite,
			get: str(func(r *R) string { return r.Site }), name: refName(func(r *R) string { return r.SiteName })},
		{Name: "miner", Label: "Miner", Kind: ColumnString, Facetable: true, Default: true, Ref: RefMiner,
			get: str(func(r *R) string { return r.Miner }), name: refName(func(r *R) string { return r.MinerName })},
		{Name: "label", Label: "Phase", Kind: ColumnString, Default: true, Detail: DetailHeading,
			get: str(func(r *R) string { return r.Label })},
		{Name: "stage", Label: "Stage", Kind: ColumnString, Facetable: true, Default: true, Enum: MilestoneStages,
			get: str(func(r *R) string { return r.Stage })},
		{Name: "mw", Label: "MW", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "basis",
			get: num(func(r *R) *float64 { return r.MW })},
		{Name: "basis", Label: "MW basis", Kind: ColumnString, Facetable: true, Enum: MWBases, EnumLabels: mwBasisLabels,
			get: str(func(r *R) string { return r.Basis })},
		{Name: "kind", Label: "Kind", Kind: ColumnString, Facetable: true, Default: true, Enum: MilestoneKinds,
			get: str(func(r *R) string { return r.Kind })},
		{Name: "status", Label: "Status", Kind: ColumnString, Facetable: true, Default: true, Enum: MilestoneStatuses, AsOf: "as_of",
			Description: "done, due, met, overdue or superseded, as of the date the list is read",
			get:         str(func(r *R) string { return r.Status })},
		{Name: "overdue", Label: "Overdue", Kind: ColumnBool, Facetable: true,
			get: flag(func(r *R) bool { return r.Overdue })},
		{Name: "days_overdue", Label: "Days overdue", Unit: "days", Kind: ColumnNumber,
			get: func(r any) cell {
				if d := r.(*R).DaysOverdue; d != nil {
					return numVal(float64(*d))
				}
				return cell{}
			}},
		{Name: "announced", Label: "Announced", Kind: ColumnDate,
			Description: "when the source reported it or gave the guidance",
			get:         date(func(r *R) Date { return r.Announced })},
		{Name: "settled_by", Label: "Settled by", Kind: ColumnString,
			Description: "the observed milestone that met it, or the guidance that superseded it",
			get:         str(func(r *R) string { return r.SettledBy })},
		{Name: "as_of", Label: "Status as of", Kind: ColumnDate, Detail: DetailHidden,
			get: date(func(r *R) Date { return r.AsOf })},
		{Name: "grade", Label: "Grade", Kind: ColumnString, Facetable: true, Enum: Grades, EnumNotes: gradeNotes,
			Description: "how well the milestone is sourced, from its best source's kind",
			get:         str(func(r *R) string { return r.Grade })},
		{Name: "note", Label: "Note", Kind: ColumnString, Detail: DetailText,
			get: str(func(r *R) string { return r.Note })},
		{Name: "sources", Label: "Sources", Kind: ColumnList, Format: FormatSources, Detail: DetailSources,
			get: strs(func(r *R) []string { return sourceURLs(r.Sources) })},
	}
}
