package app

import (
	"sync"

	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// The number style is dataset's (dataset/numfmt.go), one formatter for
// every page, chart, embed and input; these are its short local names.

// notDisclosed is shown for every unknown figure, never 0.
const notDisclosed = dataset.NotDisclosed

// money formats US dollars with three significant figures: $102B, $27.0B, $311M.
func money(v *float64) string { return dataset.MoneyOf(v) }

func moneyF(v float64) string { return dataset.Money(v) }

// rate formats a $/MW-yr figure: $1.46M/MW-yr.
func rate(v *float64) string {
	if v == nil {
		return notDisclosed
	}
	return dataset.Rate(*v)
}

// mw formats megawatts: 1,400 MW.
func mw(v *float64) string { return dataset.MWOf(v) }

func mwF(v float64) string { return dataset.MW(v) }

// pct formats a share as a percentage.
func pct(v *float64) string {
	if v == nil {
		return notDisclosed
	}
	return dataset.Percent(*v)
}

// basisLabel names an MW basis for people.
func basisLabel(b string) string { return enumLabel(dataset.KindMiners, "capacity_basis", b) }

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

// registry holds the dataset's columns of each kind, in order and by name,
// read on the kind's first use: a table asks for them in every cell.
var registry = sync.OnceValue(func() map[string]func() kindRegistry {
	out := map[string]func() kindRegistry{}
	for _, kind := range dataset.Kinds {
		out[kind] = sync.OnceValue(func() kindRegistry {
			r := kindRegistry{ordered: dataset.Columns(kind), named: map[string]dataset.Column{}}
			for _, c := range r.ordered {
				r.named[c.Name] = c
			}
			return r
		})
	}
	return out
})

// kindRegistry is one kind's columns, in display order and by name.
type kindRegistry struct {
	ordered []dataset.Column
	named   map[string]dataset.Column
}

// registryOf returns kind's columns, copied on the kind's first use (a
// page's start-up needs one or two of the seven kinds).
func registryOf(kind string) kindRegistry {
	if build := registry()[kind]; build != nil {
		return build()
	}
	return kindRegistry{}
}

// column returns a kind's column by name (shared: do not change it).
func column(kind, name string) (dataset.Column, bool) {
	c, ok := registryOf(kind).named[name]
	return c, ok
}

// kindColumns returns a kind's columns in display order (shared: do not change them).
func kindColumns(kind string) []dataset.Column {
	return registryOf(kind).ordered
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
		return ui.Years(&f), true
	case dataset.FormatShare:
		return pct(&f), true
	case dataset.FormatPercent:
		return ui.Trim(f, 3) + "%", true // a coupon of 7.125%
	case dataset.FormatEHs:
		return ui.Trim(f, 2) + " EH/s", true
	case dataset.FormatDegrees:
		return ui.Trim(f, 4) + "°", true
	case dataset.FormatNumber:
		s := ui.Trim(f, 2)
		if f == float64(int64(f)) {
			s = dataset.Thousands(f)
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
	case dataset.FormatNames:
		return tenantList(v.([]string)), true
	case dataset.FormatSources:
		return plural(len(v.([]string)), "source", "sources"), true
	}
	if s, ok := v.(string); ok && len(c.Enum) > 0 {
		if l := c.ValueLabel(s); l != s {
			return l, true
		}
		return dataset.CodeLabel(s), true // a word, never the code
	}
	return c.Text(row), true
}

// thousands formats v rounded to a whole number with thousands separators.
func thousands(v float64) string { return dataset.Thousands(v) }

// clip shortens s to at most n runes, with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
