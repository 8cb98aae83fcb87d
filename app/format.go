package app

import (
	"fmt"
	"strings"

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
	return dataset.Percent(*v)
}

// basisLabel names an MW basis for people.
func basisLabel(b string) string {
	switch b {
	case dataset.BasisIT:
		return "critical IT"
	case dataset.BasisGross:
		return "gross"
	case dataset.BasisGeneration:
		return "generation"
	case dataset.BasisUnspecified:
		return "basis not stated"
	case "mixed":
		return "mixed bases"
	}
	return b
}

// valueBasisLabel names a value basis for people.
func valueBasisLabel(b string) string {
	switch b {
	case dataset.ValueInitialTerm:
		return "initial term"
	case dataset.ValueIncrement:
		return "increment (derived)"
	case dataset.ValueRelationship:
		return "whole relationship"
	case dataset.ValuePrice:
		return "price"
	case dataset.ValueEstimate:
		return "press estimate"
	}
	return b
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
func thousands(v float64) string { return dataset.Thousands(v) }

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
