package dataset

import (
	"io"
	"sort"
	"strconv"
)

// KindEvents is the row kind of events in the query engine.
const KindEvents = "events"

// FileEvents is the seed file of events.
const FileEvents = "events.json"

// Event kinds.
const (
	EventHalving      = "halving"       // a Bitcoin block-subsidy halving
	EventRuleChange   = "rule-change"   // a law, regulation or moratorium
	EventMarket       = "market"        // a market move or industry deal outside the dataset
	EventCorporate    = "corporate"     // a vote, rename or other corporate action
	EventResearchNote = "research-note" // a bank or research note
)

// EventKinds lists the valid event kinds.
var EventKinds = []string{EventHalving, EventRuleChange, EventMarket, EventCorporate, EventResearchNote}

// Event is a dated, sourced happening that explains the time charts: a
// halving, a rule change, a hashprice low, a research note. Deals are not
// repeated as events: they are in deals.json with their dates.
type Event struct {
	ID      string `json:"id"`
	Date    Date   `json:"date"`
	Kind    string `json:"kind"` // one of EventKinds
	Title   string `json:"title"`
	Summary string `json:"summary,omitempty"`
	// Value is the event's figure as published ("6.25 -> 3.125 BTC per block").
	Value string `json:"value,omitempty"`
	// Miners are the Miner.IDs the event bears on.
	Miners []string `json:"miners,omitempty"`
	// Deal is the Deal.ID the event concerns, if any.
	Deal string `json:"deal,omitempty"`
	// Unverified marks an event no citable primary or press source confirms:
	// its figures are as reported, not verified. The UI says so next to it.
	Unverified bool     `json:"unverified,omitempty"`
	Verified   Date     `json:"verified"`
	Notes      string   `json:"notes,omitempty"`
	Sources    []Source `json:"sources"`
}

// EventRow is an event with its grade and the names it points to.
type EventRow struct {
	Event
	Year       string   `json:"year"`
	MinerNames []string `json:"miner_names"`
	DealTitle  string   `json:"deal_title,omitempty"`
	Grade      string   `json:"grade"`
}

func (r *EventRow) trust() (string, Date) { return r.Grade, r.Verified }

// validateEvents checks the events: ids, dates, kinds, references and sources.
func (d *Dataset) validateEvents(ps *Problems, miners, deals map[string]bool) {
	ids(FileEvents, ps, len(d.Events), func(i int) string { return d.Events[i].ID })
	for i := range d.Events {
		e := &d.Events[i]
		c := checker{FileEvents, recordName(e.ID, i), ps, d.Denylist}
		c.date("date", e.Date, true)
		c.oneOf("kind", e.Kind, EventKinds)
		c.required("title", e.Title)
		for j, m := range e.Miners {
			if !miners[m] {
				c.add("miners["+strconv.Itoa(j)+"]", "unknown miner %q", m)
			}
		}
		if e.Deal != "" && !deals[e.Deal] {
			c.add("deal", "unknown deal %q", e.Deal)
		}
		c.sources("sources", e.Sources)
		c.verified(e.Verified, e.Sources)
		if !e.Unverified && onlyAggregators(e.Sources) {
			c.add("unverified", "must be true: the event rests only on aggregator copies")
		}
	}
}

// eventRows derives the event rows, oldest first.
func eventRows(d *Dataset) []EventRow {
	miner, _, deal := names(d)
	out := make([]EventRow, len(d.Events))
	for i, e := range d.Events {
		r := EventRow{Event: e, Year: e.Date.Year(), DealTitle: deal[e.Deal], Grade: GradeOf(e.Sources), MinerNames: []string{}}
		for _, m := range e.Miners {
			r.MinerNames = append(r.MinerNames, miner[m])
		}
		out[i] = r
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, _ := dateKey(string(out[i].Date))
		b, _ := dateKey(string(out[j].Date))
		return a < b
	})
	return out
}

// Events returns every event row, oldest first (copies the caller owns).
func (s *Snapshot) Events() []EventRow { return eventRows(s.Data) }

// EventResult is one page of an events query.
type EventResult struct {
	Total  int         `json:"total"`
	Rows   []EventRow  `json:"rows"`
	Facets []Facet     `json:"facets"`
	Totals EventTotals `json:"totals"`
	Next   string      `json:"next,omitempty"`
}

// EventTotals counts the events matching a query that no citable source confirms.
type EventTotals struct {
	Unverified int `json:"unverified_count"`
}

func eventTotals(rows []EventRow, idx []int32) EventTotals {
	var t EventTotals
	for _, i := range idx {
		if rows[i].Unverified {
			t.Unverified++
		}
	}
	return t
}

func eventID(r *EventRow) string { return r.ID }

// QueryEvents runs q over the events (see QueryDeals).
func (s *Snapshot) QueryEvents(q *Query) EventResult {
	q = orDefault(q, KindEvents)
	m := s.rowsOf(tableOf(KindEvents), "").run(q)
	return EventResult{Total: len(m.idx), Facets: m.facets, Rows: copyRows(s.eventRows, m.page), Totals: eventTotals(s.eventRows, m.idx), Next: m.next}
}

// WriteEventsCSV writes every event matching q as CSV.
func (s *Snapshot) WriteEventsCSV(w io.Writer, q *Query) error {
	if q == nil || q.Kind != KindEvents {
		return Errorf(EINVALID, "not an events query")
	}
	return s.WriteCSV(w, q)
}

// eventSearch: id, title, summary, value, kind, miners, deal, notes.
func eventSearch(_ *Snapshot, r *EventRow, terms []term) bool {
	for _, t := range terms {
		ok := t.anyIn(r.ID, r.Title, r.Summary, r.Value, r.Kind, r.Deal, r.DealTitle, r.Notes)
		for _, m := range r.Miners {
			ok = ok || t.in(m)
		}
		for _, m := range r.MinerNames {
			ok = ok || t.in(m)
		}
		if !ok {
			return false
		}
	}
	return true
}

func eventColumns() []Column {
	e := func(row any) *EventRow {
		switch r := row.(type) {
		case *EventRow:
			return r
		case EventRow:
			return &r
		}
		return &EventRow{}
	}
	cols := []Column{
		{Name: "id", Label: "ID", Kind: ColumnString, Detail: DetailHidden,
			get: func(r any) cell { return strCell(e(r).ID) }},
		{Name: "date", Label: "Date", Kind: ColumnDate, Default: true,
			get: func(r any) cell { return dateCell(e(r).Date) }},
		{Name: "year", Label: "Year", Kind: ColumnNumber, Facetable: true, Detail: DetailHidden,
			get: func(r any) cell { return yearCell(e(r).Year) }},
		{Name: "kind", Label: "Kind", Kind: ColumnString, Facetable: true, Default: true, Enum: EventKinds,
			get: func(r any) cell { return strCell(e(r).Kind) }},
		{Name: "title", Label: "Event", Kind: ColumnString, Default: true,
			get: func(r any) cell { return strCell(e(r).Title) }},
		{Name: "value", Label: "Figure", Kind: ColumnString, Default: true,
			get: func(r any) cell { return strCell(e(r).Value) }},
		{Name: "miners", Label: "Miners", Kind: ColumnList, Facetable: true, Ref: RefMiner, NamePath: "miner_names",
			get:   func(r any) cell { return listCell(e(r).Miners) },
			names: func(r any) []string { return e(r).MinerNames }},
		{Name: "deal", Label: "Deal", Kind: ColumnString, Ref: RefDeal, NamePath: "deal_title",
			get:  func(r any) cell { return strCell(e(r).Deal) },
			name: func(r any) string { return e(r).DealTitle }},
		{Name: "unverified", Label: "Unverified", Kind: ColumnBool, Facetable: true, Default: true,
			get: func(r any) cell { return boolCell(e(r).Unverified) }},
		{Name: "summary", Label: "Summary", Kind: ColumnString,
			get: func(r any) cell { return strCell(e(r).Summary) }},
		{Name: "notes", Label: "Notes", Kind: ColumnString, Detail: DetailText,
			get: func(r any) cell { return strCell(e(r).Notes) }},
		{Name: "sources", Label: "Sources", Kind: ColumnList, Format: FormatSources, Detail: DetailSources,
			get: func(r any) cell { return listCell(sourceURLs(e(r).Sources)) }},
	}
	return cols
}

// onlyAggregators reports whether every source is an aggregator copy.
func onlyAggregators(ss []Source) bool {
	for _, s := range ss {
		if s.Kind != SourceAggregator {
			return false
		}
	}
	return len(ss) > 0
}
