package chart

import (
	"fmt"
	"strings"

	"powerbrokers/app/markup"
	"powerbrokers/dataset"
)

// Layout of FlowNarrow, in SVG units at 340 wide.
const (
	flowPad     = 4.0  // margin left and right
	flowIndent  = 16.0 // chains under their miner
	flowLine    = 16.0 // one line of text
	flowBar     = 10.0 // a bar's thickness
	flowMaxRows = 4    // lines of names a chain may take before they are cut
)

// FlowNarrow is Flow laid out for a phone's width: one block per miner,
// its disclosed total and under it each of its chains (tenant → end user,
// and the guarantor when there is one), each with a bar as long as its
// disclosed value and the value written out, "not disclosed" when unknown.
// Names wrap rather than being cut; each name has its layer's colour, as
// in Flow. The chart's ids take the phone layout's suffix.
func FlowNarrow(id string, e dataset.Exposure) markup.HTML {
	if len(e.Chains) == 0 {
		return ""
	}
	byMiner := map[string][]dataset.ExposureChain{}
	for _, c := range e.Chains {
		byMiner[c.Miner] = append(byMiner[c.Miner], c)
	}
	// Miners in the order of e.Miners (largest first), then any miner only
	// the chains name, in their order.
	var miners []dataset.MinerExposure
	seen := map[string]bool{}
	for _, m := range e.Miners {
		if len(byMiner[m.Miner]) > 0 && !seen[m.Miner] {
			seen[m.Miner] = true
			miners = append(miners, m)
		}
	}
	for _, c := range e.Chains {
		if !seen[c.Miner] {
			seen[c.Miner] = true
			miners = append(miners, dataset.MinerExposure{Miner: c.Miner, MinerName: c.MinerName, ValueUSD: sumChains(byMiner[c.Miner])})
		}
	}
	width := float64(chartNarrowWidth)
	// One scale for every bar, so that bars compare across miners; room is
	// kept right of the longest bar for its value.
	maxV, valueW := 0.0, 0.0
	for _, m := range miners {
		if m.ValueUSD != nil {
			maxV = max(maxV, *m.ValueUSD)
			valueW = max(valueW, flowValueW(dataset.Money(*m.ValueUSD)))
		}
		for _, c := range byMiner[m.Miner] {
			if c.ValueUSD != nil {
				maxV = max(maxV, *c.ValueUSD)
				valueW = max(valueW, flowValueW(dataset.Money(*c.ValueUSD)))
			}
		}
	}
	scale := func(v float64) float64 {
		if maxV <= 0 {
			return 0
		}
		return max(1, v/maxV*(width-flowPad-valueW-6-(flowPad+flowIndent)))
	}
	body := svgWriter{narrow: true}
	body.group()
	y := body.flowLegend()
	for i, m := range miners {
		if i > 0 {
			y += 6
			body.line("chart-grid", flowPad, y, width-flowPad, y, "stroke", "currentColor", "stroke-opacity", "0.15")
			y += 4
		}
		body.Open("g", "class", "exposure-miner")
		body.Elem("title", m.MinerName+": "+dataset.MoneyOf(m.ValueUSD)+" disclosed")
		y = body.flowNames(flowPad, y+flowLine, width-flowPad, "chart-panel-title", []flowRun{{text: m.MinerName, layer: dataset.LayerMiner}})
		y = body.flowValue(flowPad, y, width-flowPad, m.ValueUSD, 0, dataset.LayerMiner, scale(val(m.ValueUSD)))
		body.Close("g")
		for _, c := range byMiner[m.Miner] {
			x := flowPad + flowIndent
			body.Open("g", "class", "exposure-chain")
			body.Elem("title", flowTip(c))
			runs := []flowRun{{text: c.TenantName, layer: dataset.LayerTenant}}
			if c.EndUser != c.Tenant {
				runs = append(runs, flowRun{text: "→"}, flowRun{text: c.EndUserName, layer: dataset.LayerEndUser})
			}
			if c.Guarantor != "" {
				runs = append(runs, flowRun{text: "guarantor", muted: true, newLine: true}, flowRun{text: c.GuarantorName, layer: dataset.LayerGuarantor})
			}
			y = body.flowNames(x, y+flowLine+2, width-flowPad, "chart-label", runs)
			y = body.flowValue(x, y, width-flowPad, c.ValueUSD, c.ValueUndisclosed, dataset.LayerTenant, scale(val(c.ValueUSD)))
			body.Close("g")
		}
	}
	body.Close("g")
	height := y + 8
	w := svgWriter{narrow: true, class: "exposure-narrow"}
	w.begin(id, "Contracted value from miners through tenants to end users and guarantors", width, height)
	w.Insert(body.HTML())
	w.finish()
	return w.HTML()
}

// sumChains is the disclosed value of chains, nil when none discloses one.
func sumChains(cs []dataset.ExposureChain) *float64 {
	var out *float64
	for _, c := range cs {
		if c.ValueUSD != nil {
			if out == nil {
				out = new(float64)
			}
			*out += *c.ValueUSD
		}
	}
	return out
}

// flowTip is a chain's tooltip: its full names and figures.
func flowTip(c dataset.ExposureChain) string {
	s := c.MinerName + " → " + c.TenantName
	if c.EndUser != c.Tenant {
		s += " → " + c.EndUserName
	}
	if c.Guarantor != "" {
		s += " (guarantor " + c.GuarantorName + ")"
	}
	s += fmt.Sprintf(": %s, %s critical IT, %d deal", dataset.MoneyOf(c.ValueUSD), dataset.MWOf(c.ITMW), len(c.Deals))
	if len(c.Deals) != 1 {
		s += "s"
	}
	return s
}

// flowLegend writes the layers' colour keys on one line at the top and
// returns the y under it.
func (w *svgWriter) flowLegend() float64 {
	const y = 14.0
	w.Open("text", "x", chartNum(flowPad), "y", chartNum(y), "class", "chart-legend", "fill", "currentColor")
	for i, L := range exposureLayers {
		w.flowKey(L.key, i > 0)
		w.Elem("tspan", " "+strings.TrimSuffix(L.label, "s"))
	}
	w.Close("text")
	return y + 4
}

// flowKey writes a layer's colour key as a square glyph in the text; gap
// sets it apart from what precedes it.
func (w *svgWriter) flowKey(layer string, gap bool) {
	attrs := []string{"class", "exposure-key exposure-key-" + layer, "fill", exposureColor(layer)}
	if gap {
		attrs = append(attrs, "dx", "12")
	}
	w.Elem("tspan", "■", attrs...)
}

// flowRun is a piece of the names of a block: a name with its layer's
// colour key, or plain words ("→"). newLine starts it on a line of its own.
type flowRun struct {
	text, layer    string
	muted, newLine bool
}

// flowTok is one piece of a line: a layer's colour key, or words of a class.
type flowTok struct{ layer, text, class string }

// flowCharW is the width a character is given when wrapping names: wide
// enough for the widest fallback font, so that a line never overruns.
const flowCharW = 7.0

// flowValueW is the width of a value in bold figures, which are wider
// than letters.
func flowValueW(s string) float64 { return float64(len([]rune(s))) * flowCharW * 1.2 }

// flowWrap breaks runs into lines of at most room units; a word longer than
// a line is broken, and past flowMaxRows lines the last ends with an
// ellipsis (the block's tooltip has the text whole).
func flowWrap(runs []flowRun, class string, room, charW float64) [][]flowTok {
	wid := func(s string) float64 { return float64(len([]rune(s))) * charW }
	keyW := 1.2 * charW // the key glyph and its space
	var lines [][]flowTok
	var cur []flowTok
	x := 0.0
	newLine := func() {
		lines = append(lines, cur)
		cur, x = nil, 0
	}
	add := func(t flowTok, w float64) {
		if n := len(cur); n > 0 && t.layer == "" && cur[n-1].layer == "" && cur[n-1].class == t.class {
			cur[n-1].text += t.text
		} else {
			cur = append(cur, t)
		}
		x += w
	}
	for _, r := range runs {
		cls := class
		if r.muted {
			cls = "chart-detail"
		}
		if r.newLine && x > 0 {
			newLine()
		}
		for i, word := range strings.Fields(r.text) {
			sep := ""
			if x > 0 {
				sep = " "
			}
			need := wid(sep + word)
			if i == 0 && r.layer != "" {
				need += keyW
			}
			if x > 0 && x+need > room && need-wid(sep) <= room {
				newLine()
				sep = ""
			}
			if i == 0 && r.layer != "" {
				if sep != "" {
					add(flowTok{class: cls, text: sep}, wid(sep))
					sep = ""
				}
				cur = append(cur, flowTok{layer: r.layer})
				x += keyW
				sep = " "
			}
			for word != "" {
				rs := []rune(sep + word)
				n := min(len(rs), max(1, int((room-x)/charW)))
				if x > 0 && n <= len([]rune(sep)) {
					newLine()
					sep = ""
					continue
				}
				add(flowTok{class: cls, text: string(rs[:n])}, wid(string(rs[:n])))
				word = string(rs[n:])
				sep = ""
				if word != "" {
					newLine()
				}
			}
		}
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	if len(lines) > flowMaxRows {
		lines = lines[:flowMaxRows]
		last := lines[flowMaxRows-1]
		if n := len(last); n > 0 && last[n-1].layer == "" {
			// The ellipsis takes the place of the last character.
			rs := []rune(last[n-1].text)
			last[n-1].text = string(rs[:len(rs)-1]) + "…"
		} else {
			lines[flowMaxRows-1] = append(last, flowTok{class: class, text: "…"})
		}
	}
	return lines
}

// flowNames writes runs wrapped between x0 and right, the first baseline
// at y, and returns the last baseline.
func (w *svgWriter) flowNames(x0, y, right float64, class string, runs []flowRun) float64 {
	charW := flowCharW
	if class == "chart-panel-title" {
		charW *= 1.1 // bold text is wider
	}
	for i, line := range flowWrap(runs, class, right-x0, charW) {
		if i > 0 {
			y += flowLine
		}
		w.Open("text", "x", chartNum(x0), "y", chartNum(y), "class", class, "fill", "currentColor")
		for _, t := range line {
			if t.layer != "" {
				w.flowKey(t.layer, false)
				continue
			}
			if t.class == class {
				w.Text(t.text)
			} else {
				w.Elem("tspan", t.text, "class", t.class)
			}
		}
		w.Close("text")
	}
	return y
}

// flowValue writes a bar of bw in a layer's colour under the names (the
// baseline y) and the value after it, "not disclosed" when unknown and a
// count of the deals without a disclosed value; it returns the last
// baseline.
func (w *svgWriter) flowValue(x0, y, right float64, v *float64, undisclosed int, layer string, bw float64) float64 {
	y += flowLine
	if v == nil {
		w.text(x0, y, "start", "chart-nd", notDisclosed)
		return y
	}
	w.Void("rect", "class", "exposure-bar exposure-bar-"+layer, "x", chartNum(x0), "y", chartNum(y-flowBar), "width", chartNum(bw), "height", chartNum(flowBar),
		"fill", exposureColor(layer))
	s := dataset.Money(*v)
	x := x0 + bw + 6
	w.Open("text", "x", chartNum(x), "y", chartNum(y), "class", "chart-value", "fill", "currentColor")
	w.Text(s)
	more := ""
	if undisclosed > 0 {
		more = fmt.Sprintf("and %d deal", undisclosed)
		if undisclosed != 1 {
			more += "s"
		}
		more += " not disclosed"
	}
	if more != "" && x+flowValueW(s)+flowCharW*float64(1+len(more)) <= right {
		w.Elem("tspan", " "+more, "class", "chart-nd", "font-weight", "400")
		more = ""
	}
	w.Close("text")
	if more != "" {
		y += flowLine
		w.text(x0, y, "start", "chart-nd", more)
	}
	return y
}
