package dataset

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The one number style of the explorer, shared by every page, chart, embed
// and input (and usable by the server):
//
//   - money: three significant figures and a unit, "$102B", "$27.0B",
//     "$311M", "$1.46M", "$950K", "$12.5";
//   - megawatts: whole numbers with thousands separators, "1,400 MW" (one
//     decimal under 100 when the figure has one: "4.5 MW");
//   - dates: as precise as they are known, "2026", "2026-05", "2026-05-26";
//   - inputs: "1B", "1.79M", "$1,500,000", "1e9", "95 %" all parse.

// NotDisclosed is shown for every unknown figure, never 0.
const NotDisclosed = "not disclosed"

// moneyUnits are the compact units, largest first.
var moneyUnits = []struct {
	div  float64
	unit string
}{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"}, {1, ""}}

// Compact formats v with three significant figures and a K, M, B or T
// suffix: 1785714 → "1.79M", 27.03e9 → "27.0B", 950 → "950", 0.5 → "0.5".
// It is also how an input shows a number it parsed.
func Compact(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	if v == 0 {
		return "0"
	}
	for i, u := range moneyUnits {
		if v < u.div && u.div != 1 {
			continue
		}
		s := sigFigs(v/u.div, 3)
		// 999.6M rounds to 1000M: that is 1.00B.
		if i > 0 && strings.HasPrefix(s, "1000") {
			return sign + sigFigs(v/moneyUnits[i-1].div, 3) + moneyUnits[i-1].unit
		}
		if u.unit == "" {
			s = trimZeros(s)
		}
		return sign + s + u.unit
	}
	return sign + trimZeros(sigFigs(v, 3))
}

// sigFigs formats v (> 0) with n significant figures, keeping trailing
// zeros ("27.0", "2.00") since they state the precision; whole numbers of
// n digits or more print without decimals ("102", "1234").
func sigFigs(v float64, n int) string {
	if v == 0 {
		return "0"
	}
	digits := int(math.Floor(math.Log10(v))) + 1
	// Rounding may add a digit (9.996 → 10.0).
	if r := roundSig(v, n); r >= math.Pow(10, float64(digits)) {
		digits++
	}
	dec := max(0, n-digits)
	return strconv.FormatFloat(roundSig(v, n), 'f', dec, 64)
}

func roundSig(v float64, n int) float64 {
	p := math.Pow(10, float64(n-int(math.Floor(math.Log10(v)))-1))
	return math.Round(v*p) / p
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Money formats US dollars: "$102B", "$27.0B", "$311M", "-$1.20B".
func Money(v float64) string {
	s := Compact(v)
	if strings.HasPrefix(s, "-") {
		return "-$" + s[1:]
	}
	return "$" + s
}

// MoneyOf is Money for a figure that may be unknown.
func MoneyOf(v *float64) string {
	if v == nil {
		return NotDisclosed
	}
	return Money(*v)
}

// Rate formats a $/MW-yr figure: "$1.46M/MW-yr".
func Rate(v float64) string { return Money(v) + "/MW-yr" }

// MW formats megawatts with thousands separators: "1,400 MW", "4.5 MW".
func MW(v float64) string { return Number(v) + " MW" }

// MWOf is MW for a figure that may be unknown.
func MWOf(v *float64) string {
	if v == nil {
		return NotDisclosed
	}
	return MW(*v)
}

// Number formats a count or a quantity with thousands separators: whole
// from 100 up, with at most one decimal below ("1,400", "4.5", "12").
func Number(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	if math.Abs(v) < 100 && math.Round(v*10) != math.Round(v)*10 {
		return strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64)
	}
	return Thousands(v)
}

// Thousands formats v rounded to a whole number with thousands separators.
func Thousands(v float64) string {
	n := int64(math.Round(v))
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Percent formats a share (0.95) as "95%", with one decimal under 10%.
func Percent(share float64) string {
	p := share * 100
	if math.Abs(p) < 10 && math.Round(p) != math.Round(p*10)/10 {
		return strconv.FormatFloat(math.Round(p*10)/10, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(math.Round(p), 'f', 0, 64) + "%"
}

// DateText shows a date with its precision: "2026", "2026-05" or
// "2026-05-26"; "date not disclosed" when empty.
func DateText(d Date) string {
	if d == "" {
		return "date not disclosed"
	}
	return string(d)
}

// DatePrecision names how precise a date is: "year", "month" or "day".
func DatePrecision(d Date) string {
	switch len(d) {
	case 4:
		return "year"
	case 7:
		return "month"
	case 10:
		return "day"
	}
	return ""
}

// ParseNumber reads a number as people type it: "1B", "1.79M", "950k",
// "$1,500,000", "1_000", "1e9", "2.5 bn"; a trailing "%" divides by 100
// ("95 %" is 0.95). It explains what it could not read.
func ParseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("empty: type a number such as 1.5M or 95%%")
	}
	t = strings.NewReplacer(",", "", "_", "", " ", "", "\u00a0", "", "\u202f", "").Replace(t)
	t = strings.TrimPrefix(t, "$")
	if strings.HasPrefix(t, "-$") {
		t = "-" + t[2:]
	}
	mult := 1.0
	lower := strings.ToLower(t)
	switch {
	case strings.HasSuffix(lower, "%"):
		mult, lower = 0.01, lower[:len(lower)-1]
	case strings.HasSuffix(lower, "bn"):
		mult, lower = 1e9, lower[:len(lower)-2]
	case strings.HasSuffix(lower, "k"):
		mult, lower = 1e3, lower[:len(lower)-1]
	case strings.HasSuffix(lower, "m"):
		mult, lower = 1e6, lower[:len(lower)-1]
	case strings.HasSuffix(lower, "b"):
		mult, lower = 1e9, lower[:len(lower)-1]
	case strings.HasSuffix(lower, "t"):
		mult, lower = 1e12, lower[:len(lower)-1]
	}
	v, err := strconv.ParseFloat(lower, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a number: type digits with an optional K, M, B or %% (1.5M, 2B, 95%%)", s)
	}
	return v * mult, nil
}
