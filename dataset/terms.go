package dataset

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Lease structures: who bears the operating costs under a lease.
const (
	LeaseNNN           = "nnn"            // triple net: the tenant pays power, taxes, insurance, maintenance
	LeaseModifiedGross = "modified-gross" // costs split between landlord and tenant
	LeaseGross         = "gross"          // the landlord bears the operating costs
	LeaseTakeOrPay     = "take-or-pay"    // the tenant pays for capacity whether used or not
	LeaseCloud         = "cloud-services" // not a lease: GPU cloud services billed by use or reservation
	LeaseOther         = "other"
)

// LeaseStructures lists the valid lease structures.
var LeaseStructures = []string{LeaseNNN, LeaseModifiedGross, LeaseGross, LeaseTakeOrPay, LeaseCloud, LeaseOther}

// Option kinds: what right a tenant holds on further capacity.
const (
	OptionOption = "option" // a right to lease more MW on set terms
	OptionROFO   = "rofo"   // right of first offer
	OptionROFR   = "rofr"   // right of first refusal
)

// OptionKinds lists the valid option kinds.
var OptionKinds = []string{OptionOption, OptionROFO, OptionROFR}

// DealTerms are the terms of a deal beyond value, term and MW, each given
// only when a source discloses it (nil or "" otherwise), with their own
// sources. The JV share is Deal.Share (a fraction, 0.501 for 50.1 %).
type DealTerms struct {
	// LeaseStructure is one of LeaseStructures.
	LeaseStructure string `json:"lease_structure,omitempty"`
	// EscalatorPct is the annual rent escalator in percent (3 for 3 %).
	EscalatorPct *float64 `json:"escalator_pct,omitempty"`
	// RenewalCount renewal options of RenewalYears years each.
	RenewalCount *int     `json:"renewal_count,omitempty"`
	RenewalYears *float64 `json:"renewal_years,omitempty"`
	// OptionMW is the capacity under option, ROFO or ROFR (OptionKind).
	OptionMW   *float64 `json:"option_mw,omitempty"`
	OptionKind string   `json:"option_kind,omitempty"`
	// Currency is the ISO 4217 code of the original terms when not USD;
	// ValueOrig is the value in it, converted to ValueUSD at FXRate (USD per
	// unit) on FXDate.
	Currency  string   `json:"currency,omitempty"`
	ValueOrig *float64 `json:"value_orig,omitempty"`
	FXRate    *float64 `json:"fx_rate,omitempty"`
	FXDate    Date     `json:"fx_date,omitempty"`
	// TermsNote says what each term rests on and its basis.
	TermsNote string `json:"terms_note,omitempty"`
	// TermsSources are the documents the terms come from (the deal's
	// Sources count too); TermsVerified is when the terms were checked.
	TermsSources  []Source `json:"terms_sources,omitempty"`
	TermsVerified Date     `json:"terms_verified,omitempty"`
}

// hasTerms reports whether any term figure is given.
func (t *DealTerms) hasTerms() bool {
	return t.LeaseStructure != "" || t.EscalatorPct != nil || t.RenewalCount != nil || t.RenewalYears != nil ||
		t.OptionMW != nil || t.OptionKind != "" || t.Currency != "" || t.ValueOrig != nil || t.FXRate != nil || t.FXDate != ""
}

var currencyRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Z]{3}$`) })

// pctRange checks a percentage in [0, 100].
func (c checker) pctRange(field string, v *float64) {
	if v == nil {
		return
	}
	if math.IsNaN(*v) || *v < 0 || *v > 100 {
		c.add(field, "%g is not a percentage from 0 to 100 (3 %% is 3)", *v)
	}
}

// fx checks an original-currency figure and its conversion to USD.
func (c checker) fx(currency string, orig, rate *float64, date Date, usd *float64, origField, usdField string) {
	c.nonNegative(origField, orig)
	if currency == "" {
		if orig != nil || rate != nil || date != "" {
			c.add("currency", "is required when %s, fx_rate or fx_date is given", origField)
		}
		return
	}
	if !currencyRE().MatchString(currency) {
		c.add("currency", "%q is not an ISO 4217 code such as EUR", currency)
		return
	}
	if currency == "USD" {
		if orig != nil || rate != nil {
			c.add("currency", "is USD: give the figure in %s and leave %s and fx_rate out", usdField, origField)
		}
		return
	}
	if orig == nil {
		c.add(origField, "is required with currency %s (the figure in the original currency)", currency)
	}
	if rate == nil || *rate <= 0 || math.IsNaN(*rate) {
		c.add("fx_rate", "is required with currency %s: USD per unit, positive", currency)
	}
	c.date("fx_date", date, true)
	if orig != nil && rate != nil && usd != nil && *usd > 0 && *rate > 0 {
		if d := math.Abs(*orig**rate-*usd) / *usd; d > 0.05 {
			c.add(usdField, "%g is not %s %g × %g (off by %.0f%%)", *usd, origField, *orig, *rate, d*100)
		}
	}
}

// validateTerms checks a deal's terms.
func (d *Deal) validateTerms(c checker) {
	t := &d.DealTerms
	c.nonNegative("prepayment_usd", d.PrepaymentUSD)
	if t.LeaseStructure != "" {
		c.oneOf("lease_structure", t.LeaseStructure, LeaseStructures)
	}
	c.pctRange("escalator_pct", t.EscalatorPct)
	if t.RenewalCount != nil && (*t.RenewalCount < 0 || *t.RenewalCount > 20) {
		c.add("renewal_count", "%d is not a count of renewal options from 0 to 20", *t.RenewalCount)
	}
	if t.RenewalYears != nil && (*t.RenewalYears <= 0 || *t.RenewalYears > maxTerm) {
		c.add("renewal_years", "%g is out of range (0, %g]", *t.RenewalYears, float64(maxTerm))
	}
	if (t.RenewalYears != nil) && t.RenewalCount == nil {
		c.add("renewal_count", "is required with renewal_years")
	}
	c.nonNegative("option_mw", t.OptionMW)
	if t.OptionKind != "" {
		c.oneOf("option_kind", t.OptionKind, OptionKinds)
	} else if t.OptionMW != nil {
		c.add("option_kind", "is required with option_mw (one of %s)", strings.Join(OptionKinds, ", "))
	}
	c.fx(t.Currency, t.ValueOrig, t.FXRate, t.FXDate, d.ValueUSD, "value_orig", "value_usd")
	if t.hasTerms() || d.PrepaymentUSD != nil || len(t.TermsSources) > 0 {
		if len(t.TermsSources) == 0 && len(d.Sources) == 0 {
			c.add("terms_sources", "at least one source is required for the terms")
		}
	}
	if len(t.TermsSources) > 0 {
		c.sources("terms_sources", t.TermsSources)
		if t.TermsVerified == "" {
			c.add("terms_verified", "is required with terms_sources (the date the terms were checked)")
		} else {
			c.verifiedAt("terms_verified", t.TermsVerified, t.TermsSources)
		}
	} else if t.TermsVerified != "" {
		c.add("terms_verified", "is given without terms_sources")
	}
}

// verifiedAt is verified for a field other than "verified".
func (c checker) verifiedAt(field string, v Date, sources []Source) {
	c.date(field, v, true)
	if v == "" {
		return
	}
	if len(v) != 10 {
		c.add(field, "%s: give the full date the figures were checked (YYYY-MM-DD)", v)
		return
	}
	for i, s := range sources {
		if s.Date != "" && dateStartsAfter(s.Date, v) {
			c.add(field, "%s is before sources[%d]'s date %s: the figures cannot have been checked against it yet", v, i, s.Date)
			return
		}
	}
}

// Power sources of a site.
const (
	PowerGrid      = "grid"
	PowerOnSiteGas = "on-site-gas"
	PowerHydro     = "hydro"
	PowerNuclear   = "nuclear"
	PowerWind      = "wind"
	PowerSolar     = "solar"
	PowerMixed     = "mixed"
)

// PowerSources lists the valid power sources.
var PowerSources = []string{PowerGrid, PowerOnSiteGas, PowerHydro, PowerNuclear, PowerWind, PowerSolar, PowerMixed}

// Interconnection statuses of a site.
const (
	InterconnectEnergized    = "energized"     // some of the grid connection serves load
	InterconnectApproved     = "approved"      // an interconnection or service agreement is executed
	InterconnectUnderStudy   = "under-study"   // awaiting the grid operator's or regulator's approval
	InterconnectQueued       = "queued"        // in the operator's queue
	InterconnectNotDisclosed = "not-disclosed" // the sources do not say
)

// Interconnections lists the valid interconnection statuses.
var Interconnections = []string{InterconnectEnergized, InterconnectApproved, InterconnectUnderStudy, InterconnectQueued, InterconnectNotDisclosed}

// PowerShare is one power source's share of a site's supply, as disclosed.
type PowerShare struct {
	Source   string   `json:"source"` // one of PowerSources except mixed
	SharePct *float64 `json:"share_pct"`
}

// RegulatoryFlag is a rule that bears on a site's power, with its sources
// (the rule itself; whether it bites on the site is said in Note).
type RegulatoryFlag struct {
	Flag    string   `json:"flag"` // a slug, e.g. "tx-sb6", "bc-mining-pause"
	Note    string   `json:"note"`
	Sources []Source `json:"sources"`
}

// SitePower is where a site's power comes from: the power source (with
// shares when disclosed), the grid operator or ISO, the interconnection
// status and the rules that bear on it, with their own sources.
type SitePower struct {
	PowerSource string       `json:"power_source,omitempty"` // one of PowerSources
	PowerMix    []PowerShare `json:"power_mix,omitempty"`
	// ISO is the grid operator, ISO/RTO or utility: ERCOT, PJM, NYISO,
	// MISO, SPP, BC Hydro… ("" when not disclosed). It replaces the former
	// "grid" field.
	ISO             string           `json:"iso,omitempty"`
	Interconnection string           `json:"interconnection,omitempty"` // one of Interconnections
	Regulatory      []RegulatoryFlag `json:"regulatory,omitempty"`
	PowerNote       string           `json:"power_note,omitempty"`
	PowerSources    []Source         `json:"power_sources,omitempty"`
	PowerVerified   Date             `json:"power_verified,omitempty"`
}

// RegulatoryFlags returns the flag slugs of the site.
func (p *SitePower) RegulatoryFlags() []string {
	out := make([]string, 0, len(p.Regulatory))
	for _, r := range p.Regulatory {
		out = append(out, r.Flag)
	}
	return out
}

func (s *Site) validatePower(c checker) {
	p := &s.SitePower
	if p.PowerSource != "" {
		c.oneOf("power_source", p.PowerSource, PowerSources)
	}
	if p.Interconnection != "" {
		c.oneOf("interconnection", p.Interconnection, Interconnections)
	}
	if p.ISO != "" && strings.TrimSpace(p.ISO) != p.ISO {
		c.add("iso", "%q has leading or trailing spaces", p.ISO)
	}
	total := 0.0
	for i, m := range p.PowerMix {
		f := fmt.Sprintf("power_mix[%d]", i)
		if m.Source == PowerMixed || !slices.Contains(PowerSources, m.Source) {
			c.add(f+".source", "%q is not one of %s (not mixed)", m.Source, strings.Join(PowerSources[:len(PowerSources)-1], ", "))
		}
		c.pctRange(f+".share_pct", m.SharePct)
		if m.SharePct != nil {
			total += *m.SharePct
		}
	}
	if total > 100.5 {
		c.add("power_mix", "shares add up to %g %%, more than 100", total)
	}
	if len(p.PowerMix) > 0 && p.PowerSource != PowerMixed {
		c.add("power_source", "is %q but power_mix is given: use mixed", p.PowerSource)
	}
	seen := map[string]bool{}
	for i, r := range p.Regulatory {
		f := fmt.Sprintf("regulatory[%d]", i)
		switch {
		case !slugRE().MatchString(r.Flag):
			c.add(f+".flag", "%q is not a lowercase slug", r.Flag)
		case seen[r.Flag]:
			c.add(f+".flag", "duplicate flag %q", r.Flag)
		}
		seen[r.Flag] = true
		c.required(f+".note", r.Note)
		c.sources(f+".sources", r.Sources)
	}
	given := p.PowerSource != "" || len(p.PowerMix) > 0 || p.ISO != "" || p.Interconnection != "" || len(p.Regulatory) > 0
	switch {
	case len(p.PowerSources) > 0:
		c.sources("power_sources", p.PowerSources)
		if p.PowerVerified == "" {
			c.add("power_verified", "is required with power_sources (the date the power block was checked)")
		} else {
			c.verifiedAt("power_verified", p.PowerVerified, p.PowerSources)
		}
	case p.PowerVerified != "":
		c.add("power_verified", "is given without power_sources")
	case given && len(s.Sources) == 0:
		c.add("power_sources", "at least one source is required for the power block")
	}
}

// JV counting modes of the deals totals (the jv= query parameter).
const (
	JVFull  = "100"   // a joint venture counts at 100 % (the default)
	JVShare = "share" // a joint venture counts at the miner's disclosed share
)

// parseJV parses jv=100|share.
func (q *Query) parseJV(vals []string) error {
	v, err := single("jv", vals)
	if err != nil {
		return err
	}
	switch v {
	case "", JVFull:
		q.JV = ""
	case JVShare:
		q.JV = JVShare
	default:
		return ParamErrorf("jv", "%q is not 100 or share: joint ventures count at 100 %% (jv=100, the default) or at the miner's share (jv=share)", v)
	}
	return nil
}

// atShare scales a deal's totals by its JV share when q counts JVs at
// share: it returns the factor, or ok false when the share is not disclosed.
func jvFactor(d *DealRow, mode string) (float64, bool) {
	if mode != JVShare || d.Type != TypeJV {
		return 1, true
	}
	if d.Share == nil {
		return 0, false
	}
	return *d.Share, true
}

// scaled returns p times f (p itself when f is 1).
func scaled(p *float64, f float64) *float64 {
	if p == nil || f == 1 {
		return p
	}
	v := *p * f
	return &v
}

// spliceAfter inserts extra after the column named name (at the end when absent).
func spliceAfter(cols []Column, name string, extra []Column) []Column {
	at := len(cols)
	for i, c := range cols {
		if c.Name == name {
			at = i + 1
			break
		}
	}
	return slices.Concat(cols[:at:at], extra, cols[at:])
}

// dealTermColumns are the deal-term columns, shown after guarantee_usd.
func dealTermColumns() []Column {
	d := func(row any) *DealRow { return row.(*DealRow) }
	cols := []Column{
		{Name: "lease_structure", Label: "Lease structure", Kind: ColumnString, Facetable: true, Enum: LeaseStructures,
			get: func(r any) cell { return strCell(d(r).LeaseStructure) }},
		{Name: "escalator_pct", Label: "Escalator", Unit: "%/yr", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(d(r).EscalatorPct) }},
		{Name: "renewal_count", Label: "Renewals", Kind: ColumnNumber,
			get: func(r any) cell {
				if n := d(r).RenewalCount; n != nil {
					return numVal(float64(*n))
				}
				return cell{}
			}},
		{Name: "renewal_years", Label: "Renewal length", Unit: "years", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(d(r).RenewalYears) }},
		{Name: "option_mw", Label: "Option MW", Unit: "MW", Kind: ColumnNumber, Basis: "option_kind",
			get: func(r any) cell { return numCell(d(r).OptionMW) }},
		{Name: "option_kind", Label: "Option kind", Kind: ColumnString, Facetable: true, Enum: OptionKinds,
			get: func(r any) cell { return strCell(d(r).OptionKind) }},
		{Name: "share", Label: "JV share", Unit: "share", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(d(r).Share) }},
		{Name: "currency", Label: "Currency", Kind: ColumnString, Facetable: true,
			get: func(r any) cell { return strCell(d(r).Currency) }},
		{Name: "value_orig", Label: "Value (original currency)", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(d(r).ValueOrig) }},
		{Name: "fx_rate", Label: "FX rate", Unit: "USD per unit", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(d(r).FXRate) }},
		{Name: "fx_date", Label: "FX date", Kind: ColumnDate,
			get: func(r any) cell { return dateCell(d(r).FXDate) }},
		{Name: "terms_note", Label: "Terms note", Kind: ColumnString,
			get: func(r any) cell { return strCell(d(r).TermsNote) }},
		{Name: "terms_sources", Label: "Terms sources", Kind: ColumnList, Format: FormatSources, Detail: DetailHidden,
			get: func(r any) cell { return listCell(sourceURLs(d(r).TermsSources)) }},
		{Name: "terms_verified", Label: "Terms checked on", Kind: ColumnDate, Detail: DetailHidden,
			get: func(r any) cell { return dateCell(d(r).TermsVerified) }},
	}
	// The terms are sourced on their own: their provenance is the terms'
	// sources, and a deal's page shows them in their own block.
	for i := range cols {
		cols[i].Section = "terms"
		if cols[i].Provenance == "" {
			cols[i].Provenance, cols[i].AsOf = "terms_sources", "terms_verified"
		}
	}
	return cols
}

// sitePowerColumns are the power columns of sites, shown after country.
func sitePowerColumns() []Column {
	s := func(row any) *SiteRow { return row.(*SiteRow) }
	cols := []Column{
		{Name: "iso", Label: "ISO / grid", Kind: ColumnString, Facetable: true, Default: true,
			get: func(r any) cell { return strCell(s(r).ISO) }},
		{Name: "power_source", Label: "Power source", Kind: ColumnString, Facetable: true, Enum: PowerSources,
			get: func(r any) cell { return strCell(s(r).PowerSource) }},
		{Name: "interconnection", Label: "Interconnection", Kind: ColumnString, Facetable: true, Enum: Interconnections,
			get: func(r any) cell { return strCell(s(r).Interconnection) }},
		{Name: "regulatory", Label: "Regulatory flags", Kind: ColumnList, Facetable: true,
			get: func(r any) cell { return listCell(s(r).RegulatoryFlags()) }},
		{Name: "power_note", Label: "Power note", Kind: ColumnString,
			get: func(r any) cell { return strCell(s(r).PowerNote) }},
		{Name: "power_mix", Label: "Power mix", Kind: ColumnList,
			get: func(r any) cell {
				var mix []string
				for _, p := range s(r).PowerMix {
					share := "share not disclosed"
					if p.SharePct != nil {
						share = formatNumber(*p.SharePct) + " %"
					}
					mix = append(mix, p.Source+" "+share)
				}
				return listCell(mix)
			}},
		{Name: "power_sources", Label: "Power sources", Kind: ColumnList, Format: FormatSources, Detail: DetailHidden,
			get: func(r any) cell { return listCell(sourceURLs(s(r).PowerSources)) }},
		{Name: "power_verified", Label: "Power checked on", Kind: ColumnDate, Detail: DetailHidden,
			get: func(r any) cell { return dateCell(s(r).PowerVerified) }},
	}
	// The power block is sourced on its own, and shown on its own.
	for i := range cols {
		cols[i].Section = "power"
		cols[i].Provenance, cols[i].AsOf = "power_sources", "power_verified"
	}
	return cols
}

// MinerTerms are a miner's equity and financing figures: the dilution from
// the warrants it granted and the debt it raised for AI/HPC. Sums are nil
// when no record gives the figure; the counts say how many leave it out.
type MinerTerms struct {
	WarrantCount int `json:"warrant_count"`
	// WarrantShares sums the shares under warrants the miner granted.
	WarrantShares *float64 `json:"warrant_shares"`
	// WarrantPct sums the disclosed percentages of the issuer under those
	// warrants (each on its record's percent_basis, usually pro forma).
	WarrantPct            *float64 `json:"warrant_pct"`
	WarrantPctUndisclosed int      `json:"warrant_pct_undisclosed"`
	FinancingCount        int      `json:"financing_count"`
	// DebtUSD sums the counted debt (Financing.Counts); HPCDebtUSD the part
	// tied to an AI/HPC site or deal.
	DebtUSD    *float64 `json:"debt_usd"`
	HPCDebtUSD *float64 `json:"hpc_debt_usd"`
}

// minerTerms fills the MinerTerms of the miner rows.
func minerTerms(miners []MinerRow, eq []EquityRow, fin []FinancingRow) {
	idx := map[string]int{}
	for i := range miners {
		idx[miners[i].ID] = i
	}
	for _, e := range eq {
		i, ok := idx[e.Issuer]
		if !ok || e.Instrument != InstrumentWarrant {
			continue
		}
		t := &miners[i].MinerTerms
		t.WarrantCount++
		addTo(&t.WarrantShares, e.Shares)
		addTo(&t.WarrantPct, e.Percent)
		if e.Percent == nil {
			t.WarrantPctUndisclosed++
		}
	}
	for _, f := range fin {
		i, ok := idx[f.Issuer]
		if !ok {
			continue
		}
		t := &miners[i].MinerTerms
		t.FinancingCount++
		if f.Counted && f.Debt {
			addTo(&t.DebtUSD, f.AmountUSD)
			if f.HPC {
				addTo(&t.HPCDebtUSD, f.AmountUSD)
			}
		}
	}
}

// minerTermColumns are the equity and financing columns of miners.
func minerTermColumns() []Column {
	m := func(row any) *MinerRow { return row.(*MinerRow) }
	cols := []Column{
		{Name: "warrant_count", Label: "Warrants granted", Kind: ColumnNumber,
			get: func(r any) cell { return numVal(float64(m(r).WarrantCount)) }},
		{Name: "warrant_shares", Label: "Shares under warrants", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(m(r).WarrantShares) }},
		{Name: "warrant_pct", Label: "Dilution from warrants", Unit: "%", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(m(r).WarrantPct) }},
		{Name: "warrant_pct_undisclosed", Label: "Warrants giving no %", Kind: ColumnNumber,
			get: func(r any) cell { return numVal(float64(m(r).WarrantPctUndisclosed)) }},
		{Name: "debt_usd", Label: "Debt raised", Unit: "USD", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(m(r).DebtUSD) }},
		{Name: "hpc_debt_usd", Label: "Debt raised for HPC", Unit: "USD", Kind: ColumnNumber,
			get: func(r any) cell { return numCell(m(r).HPCDebtUSD) }},
		{Name: "financing_count", Label: "Financings", Kind: ColumnNumber,
			get: func(r any) cell { return numVal(float64(m(r).FinancingCount)) }},
	}
	return cols
}

// ZeroDisclosed names the figures whose 0 is itself a disclosure: a
// zero-coupon convertible's coupon_pct is 0 because the note says 0.00 %.
// An unknown coupon (floating-rate or unpriced debt) is null.
var ZeroDisclosed = map[string]bool{"coupon_pct": true}
