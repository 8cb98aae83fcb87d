package app

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"powerbrokers/app/markup"
	"powerbrokers/dataset"
)

// exposureLayers are the diagram's columns, left to right.
var exposureLayers = []struct{ key, label string }{
	{dataset.LayerMiner, "Miners"},
	{dataset.LayerTenant, "Tenants"},
	{dataset.LayerEndUser, "End users"},
	{dataset.LayerGuarantor, "Guarantors"},
}

// exposureNode is one box of the layered diagram.
type exposureNode struct {
	layer, id, name string
	value           float64 // disclosed contracted value through it
	y, h            float64
	inOff, outOff   float64 // where the next link attaches, from y
}

// exposureDiagram draws the chains miner → tenant → end user → guarantor
// as a layered (Sankey-like) diagram: one column per layer, boxes sized by
// the disclosed contracted value through them, links as bands as wide as
// the value they carry (a hairline where no value is disclosed).
func exposureDiagram(id string, e dataset.Exposure) markup.HTML {
	if len(e.Links) == 0 {
		return ""
	}
	nodes := map[string]*exposureNode{}
	key := func(layer, id string) string { return layer + "\x00" + id }
	node := func(layer, id, name string) *exposureNode {
		k := key(layer, id)
		if n := nodes[k]; n != nil {
			return n
		}
		n := &exposureNode{layer: layer, id: id, name: name}
		nodes[k] = n
		return n
	}
	in, out := map[string]float64{}, map[string]float64{}
	for _, l := range e.Links {
		v := val(l.ValueUSD)
		node(l.FromLayer, l.From, l.FromName)
		node(l.ToLayer, l.To, l.ToName)
		out[key(l.FromLayer, l.From)] += v
		in[key(l.ToLayer, l.To)] += v
	}
	cols := make([][]*exposureNode, len(exposureLayers))
	for k, n := range nodes {
		n.value = max(in[k], out[k])
		for i, L := range exposureLayers {
			if L.key == n.layer {
				cols[i] = append(cols[i], n)
			}
		}
	}
	maxTotal, maxN := 0.0, 0
	for _, c := range cols {
		sort.SliceStable(c, func(i, j int) bool {
			if c[i].value != c[j].value {
				return c[i].value > c[j].value
			}
			return c[i].name < c[j].name
		})
		t := 0.0
		for _, n := range c {
			t += n.value
		}
		maxTotal, maxN = max(maxTotal, t), max(maxN, len(c))
	}
	const (
		top, gap, minH, boxW = 40.0, 10.0, 6.0, 14.0
		left, right          = 20.0, 150.0
	)
	plotH := max(320.0, float64(maxN)*(minH+gap)+120)
	scale := 0.0
	if maxTotal > 0 {
		scale = (plotH - float64(maxN)*(minH+gap)) / maxTotal
	}
	width := float64(chartWideWidth)
	colX := func(i int) float64 { return left + float64(i)*(width-left-right-boxW)/float64(len(exposureLayers)-1) }
	for _, c := range cols {
		y := top
		for _, n := range c {
			n.y, n.h = y, max(minH, n.value*scale)
			y += n.h + gap
		}
	}
	height := top + plotH + 20
	var w svgWriter
	w.begin(id, "Contracted value from miners through tenants to end users and guarantors", width, height)
	w.group()
	for i, L := range exposureLayers {
		w.text(colX(i)+boxW/2, 18, "middle", "chart-panel-title", L.label)
	}
	links := append([]dataset.ExposureLink(nil), e.Links...)
	sort.SliceStable(links, func(i, j int) bool { return val(links[i].ValueUSD) > val(links[j].ValueUSD) })
	layerIndex := map[string]int{}
	for i, L := range exposureLayers {
		layerIndex[L.key] = i
	}
	for _, l := range links {
		a, b := nodes[key(l.FromLayer, l.From)], nodes[key(l.ToLayer, l.To)]
		v := val(l.ValueUSD)
		bw := max(1.5, v*scale)
		y0 := a.y + a.outOff + bw/2
		y1 := b.y + b.inOff + bw/2
		a.outOff += v * scale
		b.inOff += v * scale
		x0 := colX(layerIndex[l.FromLayer]) + boxW
		x1 := colX(layerIndex[l.ToLayer])
		mid := (x0 + x1) / 2
		tip := fmt.Sprintf("%s → %s: %s, %s critical IT, %d deals", l.FromName, l.ToName, money(l.ValueUSD), mw(l.ITMW), len(l.Deals))
		d := "M" + chartNum(x0) + "," + chartNum(y0) + " C" + chartNum(mid) + "," + chartNum(y0) + " " + chartNum(mid) + "," + chartNum(y1) + " " + chartNum(x1) + "," + chartNum(y1)
		w.Open("path", "class", "exposure-link exposure-link-"+l.FromLayer, "d", d, "fill", "none", "stroke", exposureColor(l.FromLayer),
			"stroke-opacity", "0.35", "stroke-width", chartNum(bw))
		w.Elem("title", tip)
		w.Close("path")
	}
	for i, c := range cols {
		for _, n := range c {
			x := colX(i)
			w.Open("rect", "class", "exposure-node", "x", chartNum(x), "y", chartNum(n.y), "width", chartNum(boxW), "height", chartNum(n.h),
				"fill", exposureColor(n.layer))
			w.Elem("title", n.name+": "+moneyF(n.value)+" disclosed")
			w.Close("rect")
			label := n.name
			if r := []rune(label); len(r) > 26 {
				label = string(r[:25]) + "…"
			}
			if n.value > 0 {
				label += " " + moneyF(n.value)
			}
			w.text(x+boxW+4, n.y+min(n.h, 16)/2+4, "start", "chart-label", label)
		}
	}
	w.Close("g")
	w.finish()
	return w.HTML()
}

func exposureColor(layer string) string {
	switch layer {
	case dataset.LayerMiner:
		return "#2563eb"
	case dataset.LayerTenant:
		return "#d97706"
	case dataset.LayerEndUser:
		return "#059669"
	}
	return "#7c3aed"
}

// exposureSummary is the text alternative of the diagram.
func exposureSummary(e dataset.Exposure) string {
	ind := e.Industry
	if ind.DealCount == 0 {
		return "No contracted capacity deal on record: nothing to show."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d contracted capacity deals of %d miners add up to %s of disclosed value (%d without a disclosed value) and %s critical IT.",
		ind.DealCount, len(e.Miners), money(ind.ValueUSD), ind.ValueUndisclosed, mw(ind.ITMW))
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
		m.Link(href("/miners/"+c.Miner+"#exposure"), c.MinerName)
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
			m.Link(href("/deals/"+d), d, "class", "chain-deal")
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
		m.Link(href("/miners/"+me.Miner+"#exposure"), me.MinerName)
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
			m.Link(href("/deals/"+d), d)
		}
		m.Close("td")
		m.Close("tr")
	}
	m.End()
	return m.HTML()
}

// exposureFigure is the diagram with its summary and chains table, as one figure (markup).
func exposureFigure(id string, e dataset.Exposure) markup.HTML {
	title := "Who depends on whom: contracted value by chain"
	return chartFigure(id, title, "contracted capacity deals; initial-term and increment values; joint ventures at 100 %",
		exposureSummary(e), exposureDiagram(id, e), "", chainsTable(e))
}

// exposureQuery reads ?miner= of the exposure views.
func exposureQuery(v url.Values) string { return strings.TrimSpace(v.Get("miner")) }
