package chart

import (
	"slices"
	"strconv"

	"powerbrokers/app/markup"
	"powerbrokers/dataset"
)

// Event is an event marked on a time chart: a numbered vertical rule
// at its date, listed as text under the chart.
type Event struct {
	ID, X, Title, Value, Kind string
	Unverified                bool
	Source                    string // URL of its first source
}

// Events returns the events of s (all of them, or those bearing on
// miner when it is not ""), oldest first.
func Events(s *dataset.Snapshot, miner string) []Event {
	if s == nil {
		return nil
	}
	var out []Event
	for _, e := range s.Events() {
		if miner != "" && !slices.Contains(e.Miners, miner) {
			continue
		}
		ce := Event{ID: e.ID, X: string(e.Date), Title: e.Title, Value: e.Value, Kind: e.Kind, Unverified: e.Unverified}
		if len(e.Sources) > 0 {
			ce.Source = e.Sources[0].URL
		}
		out = append(out, ce)
	}
	return out
}

// drawEvents writes the event rules of the chart's domain between y0 and
// y1, numbered in the order of EventList.
func drawEvents(w *svgWriter, evs []Event, lo, hi float64, xOf func(float64) float64, y0, y1 float64) {
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
		w.Open("g", "class", class)
		w.Elem("title", tip)
		w.Void("line", "x1", chartNum(x), "y1", chartNum(y0), "x2", chartNum(x), "y2", chartNum(y1),
			"stroke", "currentColor", "stroke-opacity", "0.55", "stroke-dasharray", "2 3")
		w.Void("circle", "cx", chartNum(x), "cy", chartNum(y1-9), "r", "7", "fill", "currentColor", "fill-opacity", "0.12",
			"stroke", "currentColor", "stroke-opacity", "0.5")
		w.text(x, y1-5, "middle", "chart-event-num", strconv.Itoa(i+1))
		w.Close("g")
	}
}

// EventList is the text of the events a chart marks.
func EventList(id string, evs []Event) markup.HTML {
	if len(evs) == 0 {
		return ""
	}
	var m markup.Writer
	m.Open("div", "class", "chart-events", "id", id+"-events")
	m.Elem("p", "Events marked on the chart (numbered rules):", "class", "chart-events-head")
	m.Open("ol")
	for _, e := range evs {
		m.Open("li", "data-event", e.ID)
		m.Elem("time", e.X, "datetime", e.X)
		m.Text(" — ")
		if e.Source != "" {
			m.Link(e.Source, e.Title, "rel", "noopener noreferrer", "target", "_blank")
		} else {
			m.Text(e.Title)
		}
		if e.Value != "" {
			m.Text(" (" + e.Value + ")")
		}
		if e.Unverified {
			m.Elem("span", "unverified: no citable source confirms it", "class", "badge badge-unverified")
		}
		m.Close("li")
	}
	m.Close("ol")
	m.Close("div")
	return m.HTML()
}
