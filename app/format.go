package app

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"powerbrokers/dataset"
)

// notDisclosed is shown for every unknown figure, never 0.
const notDisclosed = "not disclosed"

// money formats US dollars compactly: $9.7B, $311M, $70.6K.
func money(v *float64) string {
	if v == nil {
		return notDisclosed
	}
	return moneyF(*v)
}

func moneyF(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return "$" + trim(v/1e9, 2) + "B"
	case a >= 1e6:
		return "$" + trim(v/1e6, 1) + "M"
	case a >= 1e3:
		return "$" + trim(v/1e3, 1) + "K"
	}
	return "$" + trim(v, 0)
}

// rate formats a $/MW-yr figure: $1.46M/MW-yr.
func rate(v *float64) string {
	if v == nil {
		return notDisclosed
	}
	return "$" + trim(*v/1e6, 2) + "M/MW-yr"
}

// mw formats megawatts: 1,400 MW.
func mw(v *float64) string {
	if v == nil {
		return notDisclosed
	}
	return mwF(*v)
}

func mwF(v float64) string {
	return thousands(v) + " MW"
}

// years formats a term.
func years(v *float64) string {
	if v == nil {
		return notDisclosed
	}
	if *v == 1 {
		return "1 year"
	}
	return trim(*v, 1) + " years"
}

// pct formats a share as a percentage.
func pct(v *float64) string {
	if v == nil {
		return notDisclosed
	}
	return trim(*v*100, 0) + "%"
}

// basisLabel names an MW basis for people.
func basisLabel(b string) string { return enumLabel(dataset.KindMiners, "capacity_basis", b) }

// valueBasisLabel names a value basis for people.
func valueBasisLabel(b string) string { return enumLabel(dataset.KindDeals, "value_basis", b) }

// dealTypeLabel names a deal type for people.
func dealTypeLabel(t string) string { return enumLabel(dataset.KindDeals, "type", t) }

// useLabel names a site use for people.
func useLabel(u string) string { return enumLabel(dataset.KindSites, "use", u) }

// enumLabel is the registry's label of a value of a kind's column.
func enumLabel(kind, col, v string) string {
	if c, ok := column(kind, col); ok {
		return c.ValueLabel(v)
	}
	return v
}

// registry holds the dataset's columns of every kind, in order and by
// name, read once: a table asks for them in every cell.
var registry = sync.OnceValue(func() (r struct {
	ordered map[string][]dataset.Column
	named   map[string]map[string]dataset.Column
}) {
	r.ordered, r.named = map[string][]dataset.Column{}, map[string]map[string]dataset.Column{}
	for _, kind := range dataset.Kinds {
		r.ordered[kind] = dataset.Columns(kind)
		r.named[kind] = map[string]dataset.Column{}
		for _, c := range r.ordered[kind] {
			r.named[kind][c.Name] = c
		}
	}
	return r
})

// column returns a kind's column by name (shared: do not change it).
func column(kind, name string) (dataset.Column, bool) {
	c, ok := registry().named[kind][name]
	return c, ok
}

// kindColumns returns a kind's columns in display order (shared: do not change them).
func kindColumns(kind string) []dataset.Column {
	return registry().ordered[kind]
}

// formatValue formats a column's value in row for people, with its unit:
// money compactly, MW with separators, enums by their labels, references by
// the record's name, "none" for a sum with nothing to add (see
// dataset.ZeroBacking); "not disclosed" (and false) when there is none.
func formatValue(c dataset.Column, row any) (string, bool) {
	v := c.Value(row)
	if v == nil {
		return notDisclosed, false
	}
	// A sum with nothing to add (no contracted deal) is none, not "0 MW".
	for _, b := range dataset.ZeroBacking[c.Name] {
		if bc, ok := column(c.RowKind(), b); ok && bc.Value(row) == 0.0 {
			return "none", true
		}
	}
	f, _ := v.(float64)
	switch c.Format {
	case dataset.FormatMoney:
		return moneyF(f), true
	case dataset.FormatMW:
		return mwF(f), true
	case dataset.FormatRate:
		return rate(&f), true
	case dataset.FormatYears:
		return years(&f), true
	case dataset.FormatShare:
		return pct(&f), true
	case dataset.FormatPercent:
		return trim(f, 2) + "%", true
	case dataset.FormatEHs:
		return trim(f, 2) + " EH/s", true
	case dataset.FormatDegrees:
		return trim(f, 4) + "°", true
	case dataset.FormatNumber:
		s := trim(f, 2)
		if f == float64(int64(f)) {
			s = strconv.FormatInt(int64(f), 10)
		}
		if c.Unit != "" {
			s += " " + c.Unit
		}
		return s, true
	case dataset.FormatYesNo:
		if v.(bool) {
			return "yes", true
		}
		return "no", true
	case dataset.FormatSources:
		return plural(len(v.([]string)), "source", "sources"), true
	}
	if s, ok := v.(string); ok && len(c.Enum) > 0 {
		return c.ValueLabel(s), true
	}
	return c.Text(row), true
}

// trim formats v with at most prec decimals and no trailing zeros.
func trim(v float64, prec int) string {
	s := fmt.Sprintf("%.*f", prec, v)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// thousands formats v rounded to a whole number with thousands separators.
func thousands(v float64) string {
	n := int64(math.Round(v))
	neg := n < 0
	if neg {
		n = -n
	}
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// sitesBasis says what a miner's summed site stage covers: the sites'
// basis and how many of its sites do not give the stage.
func sitesBasis(m *dataset.MinerRow, undisclosed int) string {
	s := "sites"
	if m.CapacityBasis != "" {
		s += ", " + basisLabel(m.CapacityBasis)
	}
	switch {
	case m.SiteCount == 0:
		return "no site on record"
	case undisclosed > 0:
		s += fmt.Sprintf("; %d of %d sites not disclosed", undisclosed, m.SiteCount)
	}
	return s
}

// contractedMW formats a contracted sum: "none" when there is no
// contracted deal to add (a true 0, not an unknown), else mw.
func contractedMW(v *float64, deals int) string {
	if deals == 0 {
		return "none"
	}
	return mw(v)
}

// contractedMoney is contractedMW for dollars.
func contractedMoney(v *float64, deals int) string {
	if deals == 0 {
		return "none"
	}
	return money(v)
}
