package dataset

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Reconciliation compares our bottom-up contracted total with a published
// aggregate (such as Bernstein's ">$90B covering ~3.7 GW") and explains the
// gap from the data. Steps is a waterfall: our total, less deals announced
// after the aggregate's date, less deals with companies outside a narrow
// "bitcoin miner" scope, giving the comparable total. JV and Extensions are
// further effects shown beside it, not subtracted.
type Reconciliation struct {
	Aggregate Aggregate `json:"aggregate"`
	// ValueCompared is false when the aggregate gives no ValueUSD: only MW is compared.
	ValueCompared bool `json:"value_compared"`
	// MWBasis is the basis of every MW figure below: critical-it when the
	// aggregate's MW is critical IT (our IT MW only), else "any" (our IT plus
	// gross/unspecified MW, since the aggregate does not say).
	MWBasis string `json:"mw_basis"`
	// CountedDeals lists the contracted capacity deals our total counts.
	CountedDeals          []string `json:"counted_deals"`
	UndisclosedValueCount int      `json:"undisclosed_value_count"`
	UndisclosedMWCount    int      `json:"undisclosed_mw_count"`
	// OtherBasisValueUSD sums counted deals' relationship or estimate values,
	// which are left out of OurValueUSD (OtherBasisCount deals).
	OtherBasisValueUSD float64  `json:"other_basis_value_usd"`
	OtherBasisCount    int      `json:"other_basis_count"`
	OurValueUSD        float64  `json:"our_value_usd"`
	OurMW              float64  `json:"our_mw"`
	TheirValueUSD      *float64 `json:"their_value_usd"`
	TheirMW            *float64 `json:"their_mw"`
	// DiffValueUSD and DiffMW are ours less theirs (nil when theirs is unknown).
	DiffValueUSD *float64 `json:"diff_value_usd"`
	DiffMW       *float64 `json:"diff_mw"`
	// Steps is the waterfall from OurValueUSD to ComparableValueUSD.
	Steps []ReconStep `json:"steps"`
	// ComparableValueUSD and ComparableMW cover deals announced by the
	// aggregate's date with companies inside the narrow scope.
	ComparableValueUSD     float64  `json:"comparable_value_usd"`
	ComparableMW           float64  `json:"comparable_mw"`
	ComparableDiffValueUSD *float64 `json:"comparable_diff_value_usd"`
	ComparableDiffMW       *float64 `json:"comparable_diff_mw"`
	// JV is the comparable value of joint-venture deals, which we count at
	// 100% although the miner owns only a share (not in the data).
	JV ReconStep `json:"jv"`
	// Extensions is the uplift of the comparable value if every disclosed
	// extension option were exercised; ComparableWithExtUSD is the total with it.
	Extensions           ReconStep `json:"extensions"`
	ComparableWithExtUSD float64   `json:"comparable_with_ext_usd"`
	// Explanation is the reconciliation in sentences, built from the figures above.
	Explanation []string `json:"explanation"`
}

// ReconStep is one line of a reconciliation: a value and MW and the deals behind them.
type ReconStep struct {
	Label    string   `json:"label"`
	ValueUSD float64  `json:"value_usd"`
	MW       float64  `json:"mw"`
	Deals    []string `json:"deals"`
	// Companies names the miners concerned, where the step is about companies.
	Companies []string `json:"companies,omitempty"`
}

// Reconcile compares our contracted total with the aggregate whose ID is
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

// ReconcileWith compares our contracted total with a given aggregate figure,
// which need not be in the dataset.
func (s *Snapshot) ReconcileWith(a Aggregate) Reconciliation {
	r := Reconciliation{
		Aggregate: a, ValueCompared: a.ValueUSD != nil, MWBasis: "any",
		TheirValueUSD: a.ValueUSD, TheirMW: a.MW, CountedDeals: []string{},
	}
	if a.MWBasis == BasisIT {
		r.MWBasis = BasisIT
	}
	mwOf := func(d *Deal) (float64, bool) {
		it, unspec, known := dealMW(d)
		if r.MWBasis == BasisIT {
			return it, known
		}
		return it + unspec, known
	}
	after := ReconStep{Label: fmt.Sprintf("Announced after %s", a.Date), Deals: []string{}}
	scope := ReconStep{Label: "Companies outside a narrow bitcoin-miner scope (host or exited)", Deals: []string{}, Companies: []string{}}
	r.JV = ReconStep{Label: "Joint ventures counted at 100%", Deals: []string{}}
	r.Extensions = ReconStep{Label: "Extension options", Deals: []string{}}
	for i := range s.Deals {
		d := &s.Deals[i]
		if !d.IsContracted {
			continue
		}
		r.CountedDeals = append(r.CountedDeals, d.ID)
		v := 0.0
		switch {
		case d.ValueUSD == nil:
			r.UndisclosedValueCount++
		case contractValue(d.ValueBasis):
			v = *d.ValueUSD
		default:
			r.OtherBasisValueUSD += *d.ValueUSD
			r.OtherBasisCount++
		}
		mw, known := mwOf(&d.Deal)
		if !known {
			r.UndisclosedMWCount++
		}
		r.OurValueUSD += v
		r.OurMW += mw
		if !announcedBy(d.Announced, a.Date) {
			after.ValueUSD += v
			after.MW += mw
			after.Deals = append(after.Deals, d.ID)
			continue
		}
		if m, err := s.Miner(d.Miner); err == nil && outOfScope(m.Status) {
			scope.ValueUSD += v
			scope.MW += mw
			scope.Deals = append(scope.Deals, d.ID)
			if !slices.Contains(scope.Companies, m.Name) {
				scope.Companies = append(scope.Companies, m.Name)
			}
			continue
		}
		r.ComparableValueUSD += v
		r.ComparableMW += mw
		if d.Type == TypeJV {
			r.JV.ValueUSD += v
			r.JV.MW += mw
			r.JV.Deals = append(r.JV.Deals, d.ID)
		}
		if v > 0 && d.ValueWithExtUSD != nil && *d.ValueWithExtUSD > v {
			r.Extensions.ValueUSD += *d.ValueWithExtUSD - v
			r.Extensions.Deals = append(r.Extensions.Deals, d.ID)
		}
	}
	sort.Strings(scope.Companies)
	r.ComparableWithExtUSD = r.ComparableValueUSD + r.Extensions.ValueUSD
	r.Steps = []ReconStep{
		{Label: "Our contracted total", ValueUSD: r.OurValueUSD, MW: r.OurMW, Deals: r.CountedDeals},
		negate(after),
		negate(scope),
		{Label: "Comparable total", ValueUSD: r.ComparableValueUSD, MW: r.ComparableMW, Deals: comparableDeals(r.CountedDeals, after.Deals, scope.Deals)},
	}
	if a.ValueUSD != nil {
		r.DiffValueUSD = ptr(r.OurValueUSD - *a.ValueUSD)
		r.ComparableDiffValueUSD = ptr(r.ComparableValueUSD - *a.ValueUSD)
	}
	if a.MW != nil {
		r.DiffMW = ptr(r.OurMW - *a.MW)
		r.ComparableDiffMW = ptr(r.ComparableMW - *a.MW)
	}
	r.Explanation = r.explain(after, scope)
	return r
}

func negate(st ReconStep) ReconStep {
	st.ValueUSD, st.MW = -st.ValueUSD, -st.MW
	return st
}

func comparableDeals(all, after, scope []string) []string {
	out := []string{}
	for _, id := range all {
		if !slices.Contains(after, id) && !slices.Contains(scope, id) {
			out = append(out, id)
		}
	}
	return out
}

func ptr(v float64) *float64 { return &v }

// explain writes the reconciliation as sentences.
func (r *Reconciliation) explain(after, scope ReconStep) []string {
	a := r.Aggregate
	mwWord := "(critical IT, gross and unspecified together)"
	if r.MWBasis == BasisIT {
		mwWord = "(critical IT)"
	}
	var out []string
	who := strings.TrimSpace(a.Who)
	if who == "" {
		who = a.ID
	}
	theirs := fmt.Sprintf("%s (%s) published %q", who, a.Date, a.Value)
	switch {
	case a.ValueUSD == nil && a.MW == nil:
		theirs += "; it gives neither a dollar nor a MW figure, so there is nothing to compare."
	case a.ValueUSD == nil:
		theirs += fmt.Sprintf("; it gives no dollar figure, so only MW is compared (%s).", mwText(*a.MW))
	case a.MW == nil:
		theirs += fmt.Sprintf(" (%s; no MW figure).", usdText(*a.ValueUSD))
	default:
		theirs += fmt.Sprintf(" (%s, %s).", usdText(*a.ValueUSD), mwText(*a.MW))
	}
	out = append(out, theirs)
	ours := fmt.Sprintf("We count %d contracted capacity deals (colocation, cloud services and JVs that are signed, under construction, energizing or energized; initial-term or increment values only): %s and %s %s.",
		len(r.CountedDeals), usdText(r.OurValueUSD), mwText(r.OurMW), mwWord)
	if r.UndisclosedValueCount > 0 || r.UndisclosedMWCount > 0 {
		ours += fmt.Sprintf(" Of these, %d give no value and %d no MW, so both totals are lower bounds.", r.UndisclosedValueCount, r.UndisclosedMWCount)
	}
	if r.OtherBasisCount > 0 {
		ours += fmt.Sprintf(" %d more carry only a relationship or estimate value (%s), left out because it is not a contract value.", r.OtherBasisCount, usdText(r.OtherBasisValueUSD))
	}
	out = append(out, ours)
	if len(after.Deals) > 0 {
		out = append(out, fmt.Sprintf("%s and %s of that were announced after %s (%s), so the aggregate cannot include them.",
			usdText(after.ValueUSD), mwText(after.MW), a.Date, strings.Join(after.Deals, ", ")))
	}
	if len(scope.Deals) > 0 {
		out = append(out, fmt.Sprintf("%s and %s are with companies a narrow \"bitcoin miner\" scope may leave out because they host rather than mine or have exited mining (%s).",
			usdText(scope.ValueUSD), mwText(scope.MW), strings.Join(scope.Companies, ", ")))
	}
	comp := fmt.Sprintf("On the same date and scope we count %s and %s", usdText(r.ComparableValueUSD), mwText(r.ComparableMW))
	var gaps []string
	if r.ComparableDiffValueUSD != nil {
		gaps = append(gaps, fmt.Sprintf("%s in value", signedUSD(*r.ComparableDiffValueUSD)))
	}
	if r.ComparableDiffMW != nil {
		gaps = append(gaps, signedMW(*r.ComparableDiffMW))
	}
	if len(gaps) > 0 {
		comp += "; ours less theirs: " + strings.Join(gaps, " and ")
	}
	out = append(out, comp+".")
	if len(r.JV.Deals) > 0 {
		out = append(out, fmt.Sprintf("Joint-venture deals are counted at 100%% (%s, %s: %s); counting only the miner's share would lower our total.",
			usdText(r.JV.ValueUSD), mwText(r.JV.MW), strings.Join(r.JV.Deals, ", ")))
	}
	if len(r.Extensions.Deals) > 0 {
		out = append(out, fmt.Sprintf("Counting extension options (%s) would raise the comparable value by %s to %s.",
			strings.Join(r.Extensions.Deals, ", "), usdText(r.Extensions.ValueUSD), usdText(r.ComparableWithExtUSD)))
	}
	return out
}

// usdText formats dollars as "$9.7B", "$450M" or "$12,000".
func usdText(v float64) string {
	switch {
	case v >= 1e9 || v <= -1e9:
		return fmt.Sprintf("$%.1fB", v/1e9)
	case v >= 1e6 || v <= -1e6:
		return fmt.Sprintf("$%.0fM", v/1e6)
	}
	return fmt.Sprintf("$%.0f", v)
}

func signedUSD(v float64) string {
	if v < 0 {
		return "-" + usdText(-v)
	}
	return "+" + usdText(v)
}

// mwText formats MW to one decimal at most: "1190.5 MW", "3700 MW".
func mwText(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + " MW"
}

func signedMW(v float64) string {
	if v < 0 {
		return "-" + mwText(-v)
	}
	return "+" + mwText(v)
}
