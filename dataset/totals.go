package dataset

// Totals of a list query. Unknown stays unknown: a sum is null when no
// figure of the matching rows went into it (never 0 for "none disclosed"),
// and a count beside it says how many rows it leaves out.

// DealTotals sums figures of the deals matching a query.
type DealTotals struct {
	// ValueUSD sums value_usd of rows valued on an initial-term or
	// increment basis; nil when no row is (ValueCount 0).
	ValueUSD *float64 `json:"value_usd"`
	// ValueCount counts the rows in ValueUSD.
	ValueCount int `json:"value_count"`
	// OtherBasisValueCount counts rows whose value is on another basis
	// (relationship, price, estimate), left out of ValueUSD.
	OtherBasisValueCount int `json:"other_basis_value_count"`
	// UndisclosedValueCount counts rows with no value.
	UndisclosedValueCount int `json:"undisclosed_value_count"`
	// MW sums the MW of rows on a critical-IT basis; nil when no row is (MWCount 0).
	MW      *float64 `json:"mw"`
	MWCount int      `json:"mw_count"`
	// OtherBasisMWCount counts rows whose MW is gross, generation or unspecified, left out of MW.
	OtherBasisMWCount int `json:"other_basis_mw_count"`
	// UndisclosedMWCount counts rows with no MW.
	UndisclosedMWCount int `json:"undisclosed_mw_count"`
	// JV is "share" when joint ventures count at the miner's share
	// (jv=share), "" when at 100 %; JVShareUnknownCount counts the joint
	// ventures left out because their share is not disclosed.
	JV                  string `json:"jv,omitempty"`
	JVShareUnknownCount int    `json:"jv_share_unknown_count,omitempty"`
}

// MinerTotals sums the capacity and contracted figures of the miners
// matching a query. Site capacity mixes bases (see MinerRow.CapacityBasis).
// Each sum is nil when no matching miner gives the figure.
type MinerTotals struct {
	EnergizedMW    *float64 `json:"energized_mw"`
	ConstructionMW *float64 `json:"construction_mw"`
	PipelineMW     *float64 `json:"pipeline_mw"`
	UnstagedMW     *float64 `json:"unstaged_mw"`
	TotalMW        *float64 `json:"total_mw"`
	// The *Undisclosed counts add up the miners' counts of sites leaving a stage out.
	EnergizedMWUndisclosed    int `json:"energized_mw_undisclosed"`
	ConstructionMWUndisclosed int `json:"construction_mw_undisclosed"`
	PipelineMWUndisclosed     int `json:"pipeline_mw_undisclosed"`
	TotalMWUndisclosed        int `json:"total_mw_undisclosed"`
	// ContractedDealCount counts the miners' contracted deals; the
	// contracted sums are 0 when it is 0.
	ContractedDealCount     int      `json:"contracted_deal_count"`
	ContractedMW            *float64 `json:"contracted_mw"`
	ContractedMWUndisclosed int      `json:"contracted_mw_undisclosed"`
	UncontractedMW          *float64 `json:"uncontracted_mw"`
	ContractedValueUSD      *float64 `json:"contracted_value_usd"`
	// ContractedValueUndisclosed counts contracted deals with no initial-term or increment value.
	ContractedValueUndisclosed int `json:"contracted_value_undisclosed"`
	// UndisclosedCapacityCount counts miners none of whose sites gives MW (or with no site).
	UndisclosedCapacityCount int `json:"undisclosed_capacity_count"`
}

// SiteTotals sums the capacity of the sites matching a query, whatever
// each site's MW basis. Each sum is nil when no matching site gives the figure.
type SiteTotals struct {
	EnergizedMW    *float64 `json:"energized_mw"`
	ConstructionMW *float64 `json:"construction_mw"`
	PipelineMW     *float64 `json:"pipeline_mw"`
	UnstagedMW     *float64 `json:"unstaged_mw"`
	TotalMW        *float64 `json:"total_mw"`
	ITMW           *float64 `json:"it_mw"`
	// The *Undisclosed counts are the matching sites that leave the figure out.
	EnergizedMWUndisclosed    int `json:"energized_mw_undisclosed"`
	ConstructionMWUndisclosed int `json:"construction_mw_undisclosed"`
	PipelineMWUndisclosed     int `json:"pipeline_mw_undisclosed"`
	ITMWUndisclosed           int `json:"it_mw_undisclosed"`
	// ContractedDealCount counts the contracted deals at the sites; ContractedMW is 0 when it is 0.
	ContractedDealCount     int      `json:"contracted_deal_count"`
	ContractedMW            *float64 `json:"contracted_mw"`
	ContractedMWUndisclosed int      `json:"contracted_mw_undisclosed"`
	// UndisclosedCapacityCount counts sites that give no MW for any stage.
	UndisclosedCapacityCount int `json:"undisclosed_capacity_count"`
}

func dealTotals(rows []DealRow, idx []int32, jv string) DealTotals {
	t := DealTotals{JV: jv}
	for _, i := range idx {
		d := &rows[i]
		f, ok := jvFactor(d, jv)
		if !ok {
			t.JVShareUnknownCount++
			continue
		}
		switch {
		case d.ValueUSD == nil:
			t.UndisclosedValueCount++
		case contractValue(d.ValueBasis):
			addTo(&t.ValueUSD, scaled(d.ValueUSD, f))
			t.ValueCount++
		default:
			t.OtherBasisValueCount++
		}
		switch {
		case d.MW == nil:
			t.UndisclosedMWCount++
		case d.MWBasis == BasisIT:
			addTo(&t.MW, scaled(d.MW, f))
			t.MWCount++
		default:
			t.OtherBasisMWCount++
		}
	}
	return t
}

func minerTotals(rows []MinerRow, idx []int32) MinerTotals {
	var t MinerTotals
	for _, i := range idx {
		r := &rows[i]
		if r.TotalMW == nil {
			t.UndisclosedCapacityCount++
		}
		addTo(&t.EnergizedMW, r.EnergizedMW)
		addTo(&t.ConstructionMW, r.ConstructionMW)
		addTo(&t.PipelineMW, r.PipelineMW)
		addTo(&t.UnstagedMW, r.UnstagedMW)
		addTo(&t.TotalMW, r.TotalMW)
		t.EnergizedMWUndisclosed += r.EnergizedMWUndisclosed
		t.ConstructionMWUndisclosed += r.ConstructionMWUndisclosed
		t.PipelineMWUndisclosed += r.PipelineMWUndisclosed
		t.TotalMWUndisclosed += r.TotalMWUndisclosed
		t.ContractedDealCount += r.ContractedDealCount
		if r.ContractedDealCount > 0 {
			addTo(&t.ContractedMW, r.ContractedMW)
			addTo(&t.ContractedValueUSD, r.ContractedValueUSD)
		}
		t.ContractedMWUndisclosed += r.ContractedMWUndisclosed
		t.ContractedValueUndisclosed += r.ContractedValueUndisclosed
		addTo(&t.UncontractedMW, r.UncontractedMW)
	}
	t.ContractedMW = zeroIfNone(t.ContractedMW, t.ContractedDealCount)
	t.ContractedValueUSD = zeroIfNone(t.ContractedValueUSD, t.ContractedDealCount)
	return t
}

func siteTotals(rows []SiteRow, idx []int32) SiteTotals {
	var t SiteTotals
	for _, i := range idx {
		r := &rows[i]
		if r.TotalMW == nil {
			t.UndisclosedCapacityCount++
		}
		for _, f := range []struct {
			v   *float64
			sum **float64
			n   *int
		}{
			{r.EnergizedMW, &t.EnergizedMW, &t.EnergizedMWUndisclosed},
			{r.ConstructionMW, &t.ConstructionMW, &t.ConstructionMWUndisclosed},
			{r.PipelineMW, &t.PipelineMW, &t.PipelineMWUndisclosed},
			{r.ITMW, &t.ITMW, &t.ITMWUndisclosed},
		} {
			if f.v == nil {
				*f.n++
			}
			addTo(f.sum, f.v)
		}
		addTo(&t.UnstagedMW, r.UnstagedMW)
		addTo(&t.TotalMW, r.TotalMW)
		t.ContractedDealCount += r.ContractedDealCount
		t.ContractedMWUndisclosed += r.ContractedMWUndisclosed
		if r.ContractedDealCount > 0 {
			addTo(&t.ContractedMW, r.ContractedMW)
		}
	}
	t.ContractedMW = zeroIfNone(t.ContractedMW, t.ContractedDealCount)
	return t
}

// ZeroBacking names, for each sum that is 0 when there is nothing to add,
// the count beside it that says so: a 0 in such a field is a true 0 only
// when one of these counts, in the same object (or CSV row), is 0.
// Every other 0 in the API is a disclosed zero or a count; an unknown
// figure, or a sum of unknown figures, is null (see the OpenAPI description).
var ZeroBacking = map[string][]string{
	"contracted_mw":                 {"contracted_deal_count", "contracted_count"},
	"contracted_value_usd":          {"contracted_deal_count", "contracted_count"},
	"contracted_it_mw":              {"contracted_deal_count"},
	"contracted_value_with_ext_usd": {"contracted_deal_count"},
	"other_basis_value_usd":         {"other_basis_value_count"},
	"value_usd":                     {"deal_count", "value_count"},
	"mw_it":                         {"deal_count"},
	"mw_any":                        {"deal_count"},
}

// ZeroDerived names the figures computed from disclosed ones (a difference
// floored at 0, a gap, a share) with the figure they derive from: such a 0
// is a result, not an unknown, when that figure is disclosed.
var ZeroDerived = map[string]string{
	"uncontracted_mw":  "total_mw",
	"contracted_share": "contracted_mw",
	"diff_value_usd":   "value_usd",
	"diff_mw":          "mw_any",
}
