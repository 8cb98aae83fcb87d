package chart

import (
	"fmt"
	"sort"

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

// Flow draws the chains miner → tenant → end user → guarantor
// as a layered (Sankey-like) diagram: one column per layer, boxes sized by
// the disclosed contracted value through them, links as bands as wide as
// the value they carry (a hairline where no value is disclosed).
func Flow(id string, e dataset.Exposure) markup.HTML {
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
		tip := fmt.Sprintf("%s → %s: %s, %s critical IT, %d deal", l.FromName, l.ToName, dataset.MoneyOf(l.ValueUSD), dataset.MWOf(l.ITMW), len(l.Deals))
		if len(l.Deals) != 1 {
			tip += "s"
		}
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
			w.Elem("title", n.name+": "+dataset.Money(n.value)+" disclosed")
			w.Close("rect")
			full, short := n.name, clip(n.name, 26)
			if n.value > 0 {
				full += " " + dataset.Money(n.value)
				short += " " + dataset.Money(n.value)
			}
			w.labelAs(x+boxW+4, n.y+min(n.h, 16)/2+4, "start", "chart-label", full, short)
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

// val is a disclosed value, 0 when not disclosed.
func val(v *float64) float64 {
	if v == nil {
		return 0
	}
	return *v
}
