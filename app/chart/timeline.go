package chart

import (
	"fmt"
	"math"

	"powerbrokers/app/markup"
	"powerbrokers/dataset"
)

// Timeline draws one row per phase over a month axis, with a rule at the
// date: on a laptop the phase's name sits left of its row; on a phone
// (TimelineNarrow) above it, with the slippage in words at its right.
func Timeline(id string, tl dataset.Timeline) markup.HTML { return timeline(id, tl, false) }

// TimelineNarrow is Timeline laid out for a phone's width.
func TimelineNarrow(id string, tl dataset.Timeline) markup.HTML {
	return timeline(id+"-narrow", tl, true)
}

func timeline(id string, tl dataset.Timeline, narrow bool) markup.HTML {
	if len(tl.Rows) == 0 {
		return ""
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range tl.Rows {
		for _, m := range r.Marks {
			if x, ok := chartMonth(string(m.Date)); ok {
				lo, hi = min(lo, x), max(hi, x)
			}
		}
	}
	day, dayOK := chartMonth(string(tl.AsOf))
	if dayOK {
		lo, hi = min(lo, day), max(hi, day)
	}
	lo, hi = math.Floor(lo)-1, math.Ceil(hi)+1
	left, right, top, rowH, labelDY := 250.0, 20.0, 24.0, 22.0, 0.0
	width := float64(chartWideWidth)
	if narrow {
		// The name on its own line above the marks.
		left, right, top, rowH, labelDY = 10, 14, 30, 38, -13
		width = chartNarrowWidth
	}
	plotW := width - left - right
	xOf := func(m float64) float64 { return left + (m-lo)/(hi-lo)*plotW }
	height := top + float64(len(tl.Rows))*rowH + 40
	var w svgWriter
	w.begin(id, "Delivery timeline by site phase", width, height)
	w.group()
	axisY := top + float64(len(tl.Rows))*rowH
	ticks := monthTicks(lo, hi)
	for i, m := range ticks {
		if narrow && len(ticks) > 4 && i%2 == 1 {
			continue // every other tick fits a phone
		}
		x := xOf(float64(m.month))
		w.line("chart-grid", x, top-6, x, axisY, "stroke", "currentColor", "stroke-opacity", "0.12")
		if half := textWidth(m.label)/2 + 4; x-half < 0 || x+half > width {
			continue // its label would be cut by the edge: the grid line alone
		}
		w.text(x, axisY+16, "middle", "chart-tick", m.label)
	}
	if dayOK {
		x := xOf(day)
		w.line("timeline-today", x, top-10, x, axisY, "stroke", "currentColor", "stroke-width", "1.5", "stroke-dasharray", "4 3")
		anchor := "middle"
		if narrow && x > width-40 {
			anchor = "end"
		}
		w.text(x, top-12, anchor, "chart-tick", string(tl.AsOf))
	}
	for i, r := range tl.Rows {
		y := top + float64(i)*rowH + rowH/2
		if narrow {
			y += 6
		}
		full := r.SiteName + " · " + r.Label
		late := ""
		switch {
		case r.DaysOverdue != nil && dayOK:
			late = fmt.Sprintf("%dd overdue", *r.DaysOverdue)
		case r.SlipDays != nil:
			late = fmt.Sprintf("+%dd", *r.SlipDays)
		}
		w.Open("g", "class", "timeline-row timeline-"+r.Status, "data-row", r.ID)
		if narrow {
			room := width - 8
			if late != "" {
				room -= textWidth(late) + 10
				w.text(width-4, y+labelDY, "end", "timeline-slip-label", late, "fill", "#dc2626")
			}
			w.label(4, y+labelDY, "start", "chart-label", full, int(room/textWidth("a")))
		} else {
			w.label(left-8, y+4, "end", "chart-label", full, 34)
		}
		// Slippage: from the first guided date to the latest, or on to the observed date.
		if r.SlipDays != nil {
			a, okA := chartMonth(string(r.FirstGuided))
			b := a
			if x, ok := chartMonth(string(r.LatestGuided)); ok {
				b = x
			}
			if x, ok := chartMonth(string(r.Observed)); ok && x > b {
				b = x
			}
			if okA {
				w.Open("line", "class", "timeline-slip", "x1", chartNum(xOf(a)), "y1", chartNum(y), "x2", chartNum(xOf(b)), "y2", chartNum(y),
					"stroke", "#dc2626", "stroke-width", "3", "stroke-dasharray", "5 3")
				w.Elem("title", fmt.Sprintf("slipped %d days", *r.SlipDays))
				w.Close("line")
				if !narrow {
					w.text(xOf(b)+8, y-6, "start", "timeline-slip-label", fmt.Sprintf("+%dd", *r.SlipDays), "fill", "#dc2626")
				}
			}
		}
		if r.DaysOverdue != nil && dayOK {
			if a, ok := chartMonth(string(r.LatestGuided)); ok {
				w.Open("line", "class", "timeline-overdue", "x1", chartNum(xOf(a)), "y1", chartNum(y), "x2", chartNum(xOf(day)), "y2", chartNum(y),
					"stroke", "#dc2626", "stroke-width", "2", "stroke-opacity", "0.6")
				w.Elem("title", fmt.Sprintf("%d days overdue", *r.DaysOverdue))
				w.Close("line")
				if !narrow {
					w.text(xOf(day)+6, y+4, "start", "timeline-slip-label", fmt.Sprintf("%dd overdue", *r.DaysOverdue), "fill", "#dc2626")
				}
			}
		}
		for _, m := range r.Marks {
			x, ok := chartMonth(string(m.Date))
			if !ok {
				continue
			}
			tip := fmt.Sprintf("%s %s, %s: %s", m.Kind, m.Stage, m.Date, m.Status)
			if m.Announced != "" {
				tip += " (given " + string(m.Announced) + ")"
			}
			color := stageColor(m.Stage)
			if m.Kind == dataset.MilestoneObserved {
				w.Open("circle", "class", "timeline-mark timeline-observed", "cx", chartNum(xOf(x)), "cy", chartNum(y), "r", "6", "fill", color)
				w.Elem("title", tip)
				w.Close("circle")
			} else {
				op := "1"
				if m.Status == dataset.MilestoneSuperseded {
					op = "0.45"
				}
				w.Open("circle", "class", "timeline-mark timeline-guided timeline-"+m.Status, "cx", chartNum(xOf(x)), "cy", chartNum(y), "r", "6",
					"fill", "none", "stroke", color, "stroke-width", "2", "stroke-opacity", op)
				w.Elem("title", tip)
				w.Close("circle")
			}
		}
		w.Close("g")
	}
	w.Close("g")
	w.finish()
	return w.HTML()
}

func stageColor(stage string) string {
	switch stage {
	case dataset.StageEnergized:
		return "#16a34a"
	case dataset.StageConstruction:
		return "#d97706"
	}
	return "#2563eb"
}
