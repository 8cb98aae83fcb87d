package app

import (
	"fmt"
	"net/url"
	"strings"

	"powerbrokers/app/chart"
	"powerbrokers/app/markup"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// exposureSummary is the text alternative of the diagram.
func exposureSummary(e dataset.Exposure) string {
	ind, one := exposureScope(e)
	if ind.DealCount == 0 {
		return "No contracted capacity deal on record: nothing to show."
	}
	var b strings.Builder
	if one {
		fmt.Fprintf(&b, "%s's %s add up to %s of disclosed value (%d without a disclosed value) and %s critical IT.",
			ind.MinerName, plural(ind.DealCount, "contracted capacity deal", "contracted capacity deals"), money(ind.ValueUSD), ind.ValueUndisclosed, mw(ind.ITMW))
	} else {
		fmt.Fprintf(&b, "%s of %s add up to %s of disclosed value (%d without a disclosed value) and %s critical IT.",
			plural(ind.DealCount, "contracted capacity deal", "contracted capacity deals"), plural(len(e.Miners), "miner", "miners"), money(ind.ValueUSD), ind.ValueUndisclosed, mw(ind.ITMW))
	}
	if ind.TopTenant != "" {
		fmt.Fprintf(&b, " The largest tenant, %s, holds %s of the value; the tenants' concentration index (HHI) is %s of 10,000.",
			ind.TopTenantName, pct(ind.TopTenantShare), hhiText(ind.HHI))
	}
	if len(ind.ByEndUser) > 0 && ind.ByEndUser[0].Share != nil {
		fmt.Fprintf(&b, " By end user, %s comes first with %s.", ind.ByEndUser[0].Name, pct(ind.ByEndUser[0].Share))
	}
	for _, g := range ind.ByGuarantor {
		if g.ID != "" && g.Share != nil {
			fmt.Fprintf(&b, " %s guarantees chains carrying %s of the value.", g.Name, pct(g.Share))
			break
		}
	}
	if len(e.Chains) > 0 {
		c := e.Chains[0]
		fmt.Fprintf(&b, " The largest chain is %s.", chainText(c)+" ("+money(c.ValueUSD)+")")
	}
	return b.String()
}

// exposureScope is what a view's figures sum: the industry's, or the one
// miner's of a ?miner= view (one is then true), whose chains alone it shows.
func exposureScope(e dataset.Exposure) (ind dataset.MinerExposure, one bool) {
	if len(e.Miners) == 1 && e.Miners[0].DealCount != e.Industry.DealCount {
		return e.Miners[0], true
	}
	return e.Industry, false
}

func hhiText(h *float64) string {
	if h == nil {
		return notDisclosed
	}
	return thousands(*h)
}

// chainText names a chain: "TeraWulf → Fluidstack → Anthropic (guarantor Google)".
func chainText(c dataset.ExposureChain) string {
	s := c.MinerName + " → " + c.TenantName
	if c.EndUser != c.Tenant {
		s += " → " + c.EndUserName
	}
	if c.Guarantor != "" {
		s += " (guarantor " + c.GuarantorName + ")"
	}
	return s
}

// chainsTable lists the chains with their totals and deals (markup).
func chainsTable(e dataset.Exposure) markup.HTML {
	var m markup.Writer
	m.Table("data-table exposure-chains", "Chains from miner to tenant, end user and guarantor")
	m.Head("Miner", "Tenant", "End user", "Guarantor", "#Contracted value", "#Share of all", "#Critical-IT MW", "#Other MW", "Deals")
	for _, c := range e.Chains {
		m.Open("tr")
		m.Open("th", "scope", "row")
		m.Link(ui.Href("/miners/"+c.Miner+"#exposure"), c.MinerName)
		m.Close("th")
		m.Elem("td", c.TenantName)
		m.Elem("td", c.EndUserName)
		g := "none named"
		if c.Guarantor != "" {
			g = c.GuarantorName
		}
		m.Elem("td", g)
		m.Elem("td", money(c.ValueUSD), "class", "num")
		m.Elem("td", pct(c.Share), "class", "num")
		m.Elem("td", mw(c.ITMW), "class", "num")
		m.Elem("td", mw(c.OtherMW), "class", "num")
		m.Open("td", "class", "chain-deals")
		for i, d := range c.Deals {
			if i > 0 {
				m.Text(", ")
			}
			m.Link(ui.Href("/deals/"+d), d, "class", "chain-deal")
		}
		if c.ValueUndisclosed > 0 {
			m.Elem("span", fmt.Sprintf(" (%d without a disclosed value)", c.ValueUndisclosed), "class", "muted")
		}
		m.Close("td")
		m.Close("tr")
	}
	m.End()
	return m.HTML()
}

// minersExposureTable lists each miner's concentration (markup).
func minersExposureTable(e dataset.Exposure) markup.HTML {
	var m markup.Writer
	m.Table("data-table exposure-miners", "Concentration by miner")
	m.Head("Miner", "#Contracted value", "#Critical-IT MW", "Top tenant", "#Top tenant's share", "#HHI, tenants", "#HHI, end users", "#Deals", "#Without value")
	for _, me := range e.Miners {
		m.Open("tr")
		m.Open("th", "scope", "row")
		m.Link(ui.Href("/miners/"+me.Miner+"#exposure"), me.MinerName)
		m.Close("th")
		m.Elem("td", money(me.ValueUSD), "class", "num")
		m.Elem("td", mw(me.ITMW), "class", "num")
		top := notDisclosed
		if me.TopTenant != "" {
			top = me.TopTenantName
		}
		m.Elem("td", top)
		m.Elem("td", pct(me.TopTenantShare), "class", "num")
		m.Elem("td", hhiText(me.HHI), "class", "num")
		m.Elem("td", hhiText(me.HHIEndUser), "class", "num")
		m.Elem("td", fmt.Sprint(me.DealCount), "class", "num")
		m.Elem("td", fmt.Sprint(me.ValueUndisclosed), "class", "num")
		m.Close("tr")
	}
	m.End()
	return m.HTML()
}

// groupTable lists one miner's (or the industry's) exposure by tenant, end
// user or guarantor (markup).
func groupTable(class, caption, who string, gs []dataset.ExposureGroup) markup.HTML {
	var m markup.Writer
	m.Table("data-table "+class, caption)
	m.Head(who, "#Contracted value", "#Share", "#Critical-IT MW", "#Other MW", "Deals")
	for _, g := range gs {
		m.Open("tr")
		name := g.Name
		if name == "" {
			name = g.ID
		}
		m.Elem("th", name, "scope", "row")
		m.Elem("td", money(g.ValueUSD), "class", "num")
		m.Elem("td", pct(g.Share), "class", "num")
		m.Elem("td", mw(g.ITMW), "class", "num")
		m.Elem("td", mw(g.OtherMW), "class", "num")
		m.Open("td")
		for i, d := range g.Deals {
			if i > 0 {
				m.Text(", ")
			}
			m.Link(ui.Href("/deals/"+d), d)
		}
		m.Close("td")
		m.Close("tr")
	}
	m.End()
	return m.HTML()
}

// exposureChartID is the exposure view's chart.
const exposureChartID = "chart-exposure"

// exposureFigure is the diagram with its summary, chains table and download
// links, if any, as one figure (markup).
func exposureFigure(id string, e dataset.Exposure, links chart.LinksFunc) markup.HTML {
	img := exposureImage(id, e)
	return chart.Figure(id, img.Title, img.Basis, exposureSummary(e), img.SVG, chart.FlowNarrow(id, e), chainsTable(e), links.Of(img.SVG))
}

// exposureImage is the exposure diagram for export.
func exposureImage(id string, e dataset.Exposure) chart.Image {
	return chart.Image{Title: "Who depends on whom: contracted value by chain", Units: "USD", SVG: chart.Flow(id, e),
		Basis: "contracted capacity deals; initial-term and increment values; joint ventures at 100 %"}
}

// exposureQuery reads ?miner= of the exposure views.
func exposureQuery(v url.Values) string { return strings.TrimSpace(v.Get("miner")) }
