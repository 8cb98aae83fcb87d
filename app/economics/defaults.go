package economics

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"powerbrokers/dataset"
)

// Aggregates the calculator's defaults are read from (dataset/seed/aggregates.json).
const (
	aggMiningEconomics = "coinshares-mining-economics"
	aggBuildCost       = "coinshares-build-cost"
	aggLeaseBenchmark  = "lease-rate-benchmark-2025-10"
)

// Provenance says where a default comes from: a published figure (Who,
// Date, Quote and its first source), our own deal records (Link to the
// deals list), or an assumption.
type Provenance struct {
	Note       string // how the default is read from the figure
	Who, Date  string
	Quote      string // the figure as published
	Source     *dataset.Source
	Link       string // an app path, for figures derived from our deals
	Assumption bool
}

// Quarter is a hashprice range of one quarter, as published.
type Quarter struct {
	Quarter string // "Q1 2026"
	Lo, Hi  float64
}

func (q Quarter) mid() float64 { return (q.Lo + q.Hi) / 2 }

// RatePick is a lease rate the user can pick in one click.
type RatePick struct {
	ID, Label string
	USD       float64
	Prov      Provenance
}

// Defaults are the calculator's starting inputs with their
// provenance, and the sourced figures offered as one-click picks.
type Defaults struct {
	Inputs     dataset.EconomicsInputs
	Prov       map[string]Provenance // by parameter
	Hashprices []Quarter             // oldest first
	HashProv   Provenance
	// CashCost is the industry's cash cost per BTC (context, not an input).
	CashCost     string
	CashCostProv Provenance
	Presets      []dataset.LeasePreset
	RatePicks    []RatePick
}

var (
	reQuarterRange = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\$(\d+(?:\.\d+)?)[–-](\d+(?:\.\d+)?)(?:/PH/s)? \((Q[1-4]) (\d{4})\)`)
	})
	reCashCost = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\$[\d,]+(?:\.\d+)?/BTC(?: \(Q[1-4] \d{4}\))?`)
	})
)

// defaultsOf reads the defaults from the snapshot's sourced
// figures and deals; snap may be nil (every default is then the dataset
// package's and marked as an assumption).
func defaultsOf(snap *dataset.Snapshot) Defaults {
	d := Defaults{Inputs: dataset.DefaultEconomicsInputs(), Prov: map[string]Provenance{}}
	for _, p := range params {
		d.Prov[p.Name] = Provenance{Assumption: true}
	}
	if snap == nil {
		return d
	}
	if a := aggregate(snap, aggMiningEconomics); a != nil {
		d.readMiningEconomics(a)
	}
	if a := aggregate(snap, aggBuildCost); a != nil {
		d.Prov["capex_usd_per_mw"] = fromAggregate(a, "the midpoint of TeraWulf's company-stated $8–10M per IT MW, cited there")
	}
	d.readDeals(snap)
	if a := aggregate(snap, aggLeaseBenchmark); a != nil {
		if v, ok := leadingMillions(a.Value); ok {
			d.RatePicks = append(d.RatePicks, RatePick{ID: "benchmark", Label: "Published benchmark", USD: v,
				Prov: fromAggregate(a, "headline revenue per MW-yr")})
		}
	}
	return d
}

// readMiningEconomics takes the hashprice by quarter (the latest quarter's
// midpoint is the default) and the cash cost per BTC from CoinShares' figure.
func (d *Defaults) readMiningEconomics(a *dataset.Aggregate) {
	if i := strings.Index(strings.ToLower(a.Value), "hashprice"); i >= 0 {
		for _, m := range reQuarterRange().FindAllStringSubmatch(a.Value[i:], -1) {
			lo, _ := strconv.ParseFloat(m[1], 64)
			hi, _ := strconv.ParseFloat(m[2], 64)
			d.Hashprices = append(d.Hashprices, Quarter{Quarter: m[3] + " " + m[4], Lo: lo, Hi: hi})
		}
	}
	sort.SliceStable(d.Hashprices, func(i, j int) bool {
		return quarterKey(d.Hashprices[i].Quarter) < quarterKey(d.Hashprices[j].Quarter)
	})
	if n := len(d.Hashprices); n > 0 {
		q := d.Hashprices[n-1]
		d.Inputs.HashpriceUSDPerPHDay = q.mid()
		d.HashProv = fromAggregate(a, "")
		d.Prov[paramHashprice] = fromAggregate(a, "the midpoint of the "+q.Quarter+" range, $"+formatInput(q.Lo)+"–"+formatInput(q.Hi))
	}
	if m := reCashCost().FindString(a.Value); m != "" {
		d.CashCost = m
		d.CashCostProv = fromAggregate(a, "weighted average cash cost per BTC")
	}
}

// readDeals takes the lease presets, and the median colocation rate and
// term of our deals as the default lease.
func (d *Defaults) readDeals(snap *dataset.Snapshot) {
	lp := snap.LeaseRatePresets()
	d.Presets = lp.Presets
	asOf := string(snap.Data.Meta.AsOf)
	for _, t := range []struct{ typ, id, label string }{
		{dataset.TypeColocation, "colocation", "Colocation, median"},
		{dataset.TypeCloud, "cloud", "GPU cloud, median"},
	} {
		var rates, terms []float64
		for _, p := range lp.Presets {
			if p.Type == t.typ {
				rates, terms = append(rates, p.USDPerMWYear), append(terms, p.TermYears)
			}
		}
		if len(rates) == 0 {
			continue
		}
		rate, term := math.Round(median(rates)), median(terms)
		note := "median of " + plural(len(rates), "deal") + " with a known $/MW-yr"
		label := t.label
		if len(rates) == 1 {
			// A median of one deal is that deal: say so.
			note = "the one deal with a known $/MW-yr"
			label = strings.TrimSuffix(label, ", median") + ", one deal"
		}
		if t.typ == dataset.TypeCloud {
			note += "; cloud contracts include the GPUs, which the conversion capex does not"
		}
		prov := Provenance{Note: note, Who: "Powerbrokers deal records", Date: asOf, Link: "/deals?type=" + t.typ}
		d.RatePicks = append(d.RatePicks, RatePick{ID: t.id, Label: label, USD: rate, Prov: prov})
		if t.typ == dataset.TypeColocation {
			d.Inputs.LeaseRateUSDPerMWYear, d.Inputs.TermYears = rate, term
			d.Prov[paramLeaseRate] = prov
			sort.Float64s(terms)
			termNote := "median term of the same deals (" + formatInput(terms[0]) + "–" + formatInput(terms[len(terms)-1]) + " years)"
			if len(terms) == 1 {
				termNote = "the term of the same deal"
			}
			d.Prov[paramTerm] = Provenance{Who: prov.Who, Date: asOf, Link: prov.Link, Note: termNote}
		}
	}
}

// preset returns the lease preset of deal id, or nil.
func (d Defaults) preset(id string) *dataset.LeasePreset {
	for i := range d.Presets {
		if d.Presets[i].DealID == id {
			return &d.Presets[i]
		}
	}
	return nil
}

func aggregate(snap *dataset.Snapshot, id string) *dataset.Aggregate {
	for i := range snap.Data.Aggregates {
		if snap.Data.Aggregates[i].ID == id {
			return &snap.Data.Aggregates[i]
		}
	}
	return nil
}

func fromAggregate(a *dataset.Aggregate, note string) Provenance {
	p := Provenance{Note: note, Who: a.Who, Date: string(a.Date), Quote: a.Value}
	if len(a.Sources) > 0 {
		p.Source = &a.Sources[0]
	}
	return p
}

// quarterKey orders "Q1 2026" after "Q4 2025".
func quarterKey(q string) int {
	var n, y int
	if len(q) == 7 {
		n, _ = strconv.Atoi(q[1:2])
		y, _ = strconv.Atoi(q[3:])
	}
	return y*4 + n
}

// leadingMillions reads the first "$1.85M" of a published value.
func leadingMillions(s string) (float64, bool) {
	m := regexp.MustCompile(`\$(\d+(?:\.\d+)?)M`).FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(m[1], 64)
	return v * 1e6, err == nil
}

// median is the median of vs (which it does not reorder); vs must not be empty.
func median(vs []float64) float64 {
	s := slices.Clone(vs)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
