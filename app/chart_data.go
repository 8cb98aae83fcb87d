package app

import (
	"fmt"
	"sort"

	"powerbrokers/app/chart"
	"powerbrokers/app/markup"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// This file turns dataset rows and stats into charts.

// stageSegments are the capacity stages, left to right.
var stageSegments = []chart.Segment{
	{Label: "Energized", Class: "c-energized", Pattern: chart.Solid},
	{Label: "Under construction", Class: "c-construction", Pattern: chart.Hatch},
	{Label: "Pipeline", Class: "c-pipeline", Pattern: chart.Dots},
	{Label: "Stage not disclosed", Class: "c-unstaged", Pattern: chart.Hatch, Optional: true},
}

// contractSegments split capacity into contracted and uncontracted.
var contractSegments = []chart.Segment{
	{Label: "Contracted (critical IT)", Class: "c-contracted", Pattern: chart.Solid},
	{Label: "Contracted (gross or unspecified)", Class: "c-contracted-other", Pattern: chart.Hatch},
	{Label: "Uncontracted", Class: "c-uncontracted", Pattern: chart.Dots},
}

func fptr(v float64) *float64 { return &v }

// capacityByBasisChart is the site capacity by stage, one bar per MW basis:
// gross and critical-IT megawatts are never added in one bar.
func capacityByBasisChart(h dataset.StatsHeadline) chart.Stack {
	rows := make([]chart.Row, len(h.ByBasis))
	for i, b := range h.ByBasis {
		rows[i] = chart.Row{
			Label:  capitalize(basisLabel(b.Basis)),
			Values: []*float64{b.EnergizedMW, b.ConstructionMW, b.PipelineMW},
			Note:   plural(b.SiteCount, "site", "sites"),
		}
	}
	return chart.Stack{
		ID: "chart-capacity", Title: "Site capacity by stage and MW basis", Unit: chart.MW, Noun: "MW bases",
		Basis:    "sum over sites, one bar per MW basis; " + plural(h.UndisclosedCapacityCount, "site gives", "sites give") + " no MW",
		Segments: stageSegments, Rows: rows, NoteHead: "Sites",
	}
}

// contractedChart is one bar of capacity split into contracted (critical IT,
// gross or unspecified) and uncontracted MW.
// A part that is not known (nil) is left out of the bar, never drawn as 0.
func contractedChart(id, label, title string, it, other, uncontracted *float64, basis string) chart.Stack {
	return chart.Stack{
		ID: id, Title: title, Basis: basis, Unit: chart.MW, Segments: contractSegments,
		Rows: []chart.Row{{Label: label, Values: []*float64{it, other, uncontracted}}},
	}
}

// minerStages returns a miner's site MW by stage (energized, construction,
// pipeline, not staged), each nil when no site of the miner gives it.
func minerStages(m *dataset.MinerRow) []*float64 {
	out := make([]*float64, 4)
	for i, name := range []string{"energized_mw", "construction_mw", "pipeline_mw", "unstaged_mw"} {
		c, _ := column(dataset.KindMiners, name)
		if v, ok := c.Value(m).(float64); ok {
			out[i] = &v
		}
	}
	return out
}

// ladderChart is the capacity ladder of several miners, one bar each.
func ladderChart(id, title, basis string, miners []dataset.MinerRow) chart.Stack {
	rows := make([]chart.Row, len(miners))
	for i := range miners {
		m := &miners[i]
		rows[i] = chart.Row{Label: m.Name, Values: minerStages(m), Note: basisLabel(m.CapacityBasis)}
		if m.CapacityBasis == "" {
			rows[i].Note = "no site MW"
		}
	}
	return chart.Stack{ID: id, Title: title, Basis: basis, Unit: chart.MW, Noun: "miners",
		Segments: stageSegments, Rows: rows, NoteHead: "MW basis"}
}

// cumulativeChart is the contracted value and MW by announcement month.
func cumulativeChart(st dataset.Stats) chart.Steps {
	var value, it, other []chart.Point
	for _, m := range st.ByMonth {
		value = append(value, chart.Point{X: m.Month, Y: m.CumValueUSD})
		it = append(it, chart.Point{X: m.Month, Y: m.CumMW})
		other = append(other, chart.Point{X: m.Month, Y: m.CumUnspecifiedMW})
	}
	basis := "binding capacity deals by announcement month, initial-term and increment values; a deal dated by year only counts from January"
	if st.UndatedCount > 0 {
		basis += fmt.Sprintf("; %d undated deals left out", st.UndatedCount)
	}
	c := chart.Steps{
		ID: "chart-cumulative", Title: "Cumulative contracted value and MW", Basis: basis,
		XLabel: "Announcement month", End: string(st.AsOf),
		Panels: []chart.Panel{
			{Label: "Contracted value", Unit: chart.USD, Series: []chart.Series{{Label: "Initial-term value", Class: "c-value", Points: value}}},
			{Label: "Contracted MW", Unit: chart.MW, Series: []chart.Series{
				{Label: "Critical IT", Class: "c-mw", Points: it},
				{Label: "Gross or unspecified", Class: "c-mw-other", Dashed: true, Points: other},
			}},
		},
	}
	if n := len(st.ByMonth); n > 0 {
		first, last := st.ByMonth[0], st.ByMonth[n-1]
		big := st.ByMonth[0]
		for _, m := range st.ByMonth {
			if val(m.ValueUSD) > val(big.ValueUSD) {
				big = m
			}
		}
		c.Summary = fmt.Sprintf("From %s to %s, contracted value rose to %s and critical-IT capacity to %s (plus %s gross or unspecified), over %d months with deals; the largest month was %s (+%s).",
			first.Month, last.Month, money(last.CumValueUSD), mw(last.CumMW), mw(last.CumUnspecifiedMW), n, big.Month, money(big.ValueUSD))
		c.Table = monthTable(st.ByMonth, c.Title)
	}
	return c
}

// monthTable is the data of the cumulative chart, with the deals of each
// month (markup: see markup).
func monthTable(ms []dataset.MonthTotal, caption string) markup.HTML {
	var w markup.Writer
	w.Table("data-table chart-data", caption)
	w.Head("Month", "#Value added (USD)", "#Cumulative value (USD)", "#Critical-IT MW added", "#Cumulative critical-IT MW",
		"#Cumulative gross or unspecified MW", "Deals")
	for _, m := range ms {
		month := m.Month
		if m.YearOnly {
			month += " (year only)"
		}
		added := money(m.ValueUSD)
		if m.UndisclosedValueCount > 0 {
			added += fmt.Sprintf(" (+%d not disclosed)", m.UndisclosedValueCount)
		}
		w.Open("tr")
		w.Elem("th", month, "scope", "row")
		for _, v := range []string{added, money(m.CumValueUSD), mw(m.MW), mw(m.CumMW), mw(m.CumUnspecifiedMW)} {
			w.Elem("td", v, "class", "num")
		}
		w.Open("td")
		for j, id := range m.Deals {
			if j > 0 {
				w.Text(", ")
			}
			w.Link(ui.Href("/deals/"+id), id)
		}
		w.Close("td")
		w.Close("tr")
	}
	w.End()
	return w.HTML()
}

// tenantChart is the contracted value by tenant, largest first (top 10).
func tenantChart(st dataset.Stats) chart.Bars {
	var gs []dataset.GroupTotal
	for _, g := range st.ByTenant {
		if g.ContractedCount > 0 {
			gs = append(gs, g)
		}
	}
	sort.SliceStable(gs, func(i, j int) bool {
		a, b := &gs[i], &gs[j]
		switch {
		case val(a.ContractedValueUSD) != val(b.ContractedValueUSD):
			return val(a.ContractedValueUSD) > val(b.ContractedValueUSD)
		case val(a.ContractedMW) != val(b.ContractedMW):
			return val(a.ContractedMW) > val(b.ContractedMW)
		}
		return a.Name < b.Name
	})
	basis := "binding capacity deals, initial-term and increment values"
	if len(gs) > 10 {
		basis += fmt.Sprintf("; top 10 of %d tenants", len(gs))
		gs = gs[:10]
	}
	bars := make([]chart.Bar, len(gs))
	for i, g := range gs {
		bars[i] = chart.Bar{Label: dataset.ShortName(g.Name), Detail: fmt.Sprintf("%d contracted deals; %s critical IT", g.ContractedCount, mw(g.ContractedMW)),
			Value: g.ContractedValueUSD}
	}
	return chart.Bars{ID: "chart-tenants", Title: "Contracted value by tenant", Basis: basis, Unit: chart.USD,
		Noun: "tenants", Bars: bars, Detail: "Deals and MW"}
}

// typeChart is the value of every deal on record by deal type.
func typeChart(st dataset.Stats) chart.Bars {
	bars := make([]chart.Bar, len(st.ByType))
	for i, g := range st.ByType {
		bars[i] = chart.Bar{Label: dealTypeLabel(g.Key), Detail: fmt.Sprintf("%d deals (%d contracted); %d with no value disclosed, %d valued on another basis",
			g.Count, g.ContractedCount, g.UndisclosedValueCount, g.OtherBasisValueCount)}
		bars[i].Value = g.ValueUSD
	}
	return chart.Bars{ID: "chart-types", Title: "Deal value by type", Unit: chart.USD, Noun: "deal types", Bars: bars,
		Basis:  "every deal on record, any status; contract (initial-term, increment) and price values; relationship and estimate values left out",
		Detail: "Deals"}
}

// plural writes n with the singular or plural noun: "1 site", "3 sites".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
