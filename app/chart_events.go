package app

import (
	"slices"
	"strconv"
	"strings"

	"powerbrokers/dataset"
)

// chartEvent is an event marked on a time chart: a numbered vertical rule
// at its date, listed as text under the chart.
type chartEvent struct {
	ID, X, Title, Value, Kind string
	Unverified                bool
	Source                    string // URL of its first source
}

// chartEvents returns the events of s (all of them, or those bearing on
// miner when it is not ""), oldest first.
func chartEvents(s *dataset.Snapshot, miner string) []chartEvent {
	if s == nil {
		return nil
	}
	var out []chartEvent
	for _, e := range s.Events() {
		if miner != "" && !slices.Contains(e.Miners, miner) {
			continue
		}
		ce := chartEvent{ID: e.ID, X: string(e.Date), Title: e.Title, Value: e.Value, Kind: e.Kind, Unverified: e.Unverified}
		if len(e.Sources) > 0 {
			ce.Source = e.Sources[0].URL
		}
		out = append(out, ce)
	}
	return out
}

// drawEvents writes the event rules of the chart's domain between y0 and
// y1, numbered in the order of eventList.
func drawEvents(w *svgWriter, evs []chartEvent, lo, hi float64, xOf func(float64) float64, y0, y1 float64) {
	for i, e := range evs {
		m, ok := chartMonth(e.X)
		if !ok || m < lo || m > hi {
			continue
		}
		x := xOf(m)
		class := "chart-event"
		if e.Unverified {
			class += " chart-event-unverified"
		}
		tip := e.X + ": " + e.Title
		if e.Unverified {
			tip += " (unverified)"
		}
		w.f(`<g class="%s"><title>%s</title><line x1="%s" y1="%s" x2="%s" y2="%s" stroke="currentColor" stroke-opacity="0.55" stroke-dasharray="2 3"/>`,
			class, chartEsc(tip), chartNum(x), chartNum(y0), chartNum(x), chartNum(y1))
		w.f(`<circle cx="%s" cy="%s" r="7" fill="currentColor" fill-opacity="0.12" stroke="currentColor" stroke-opacity="0.5"/>`, chartNum(x), chartNum(y1-9))
		w.text(x, y1-5, "middle", "chart-event-num", strconv.Itoa(i+1))
		w.WriteString(`</g>`)
	}
}

// eventList is the text of the events a chart marks (markup).
func eventList(id string, evs []chartEvent) string {
	if len(evs) == 0 {
		return ""
	}
	var m markup
	m.open("div", "class", "chart-events", "id", id+"-events")
	m.elem("p", "Events marked on the chart (numbered rules):", "class", "chart-events-head")
	m.open("ol")
	for _, e := range evs {
		m.open("li", "data-event", e.ID)
		m.elem("time", e.X, "datetime", e.X)
		m.text(" — ")
		if e.Source != "" {
			m.elem("a", e.Title, "href", e.Source, "rel", "noopener noreferrer", "target", "_blank")
		} else {
			m.text(e.Title)
		}
		if e.Value != "" {
			m.text(" (" + e.Value + ")")
		}
		if e.Unverified {
			m.elem("span", "unverified: no citable source confirms it", "class", "badge badge-unverified")
		}
		m.close("li")
	}
	m.close("ol")
	m.close("div")
	return m.String()
}

// withEvents puts the event list inside a chart figure's markup.
func withEvents(fig, id string, evs []chartEvent) string {
	list := eventList(id, evs)
	if list == "" {
		return fig
	}
	if i := strings.LastIndex(fig, "</figure>"); i >= 0 {
		return fig[:i] + list + fig[i:]
	}
	return fig + list
}
