package dataset

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// KindMilestones is the row kind of site milestones in the query engine.
const KindMilestones = "milestones"

// Milestone stages: what a milestone reports reaching.
const (
	StageEnergized    = "energized"
	StageConstruction = "construction" // construction started or under way
	StagePipeline     = "pipeline"     // secured: land, power agreement, approval
)

// MilestoneStages lists the valid milestone stages.
var MilestoneStages = []string{StageEnergized, StageConstruction, StagePipeline}

// Milestone kinds.
const (
	MilestoneObserved = "observed" // reported as done
	MilestoneGuided   = "guided"   // a target the company gave
)

// MilestoneKinds lists the valid milestone kinds.
var MilestoneKinds = []string{MilestoneObserved, MilestoneGuided}

// Milestone is one dated step of a site: capacity reaching a stage, as
// reported done (observed) or as a target (guided). A quarter is dated by
// its last month ("2026-09" for Q3 2026), the note saying "Q3 2026".
type Milestone struct {
	Date  Date   `json:"date"`
	Stage string `json:"stage"` // one of MilestoneStages
	// MW is the capacity reaching the stage at this milestone, in Basis; nil when not disclosed.
	MW    *float64 `json:"mw"`
	Basis string   `json:"basis,omitempty"` // one of MWBases; required with MW
	Kind  string   `json:"kind"`            // one of MilestoneKinds
	// Label names the phase or building, so that a later guidance or an
	// observed milestone for the same phase can be compared with it.
	Label string `json:"label,omitempty"`
	// Announced is when the source reported it or gave the guidance.
	Announced Date     `json:"announced,omitempty"`
	Note      string   `json:"note,omitempty"`
	Sources   []Source `json:"sources"`
}

// Milestone statuses, derived against a date (see MilestoneRows).
const (
	MilestoneDone       = "done"       // observed
	MilestoneDue        = "due"        // guided, its date not yet past
	MilestoneMet        = "met"        // guided, an observed milestone of the same phase settles it
	MilestoneOverdue    = "overdue"    // guided, its date past, nothing observed
	MilestoneSuperseded = "superseded" // guided, a later guidance for the same phase replaced it
)

// MilestoneStatuses lists the derived milestone statuses.
var MilestoneStatuses = []string{MilestoneDone, MilestoneDue, MilestoneMet, MilestoneOverdue, MilestoneSuperseded}

// validateMilestones checks a site's milestones. verified is the site's
// verified date: nothing can have been observed after it was checked.
func (c checker) milestones(ms []Milestone, verified Date) {
	for i, m := range ms {
		f := fmt.Sprintf("milestones[%d]", i)
		c.date(f+".date", m.Date, true)
		c.oneOf(f+".stage", m.Stage, MilestoneStages)
		c.oneOf(f+".kind", m.Kind, MilestoneKinds)
		c.mw(f+".basis", m.Basis, map[string]*float64{f + ".mw": m.MW})
		c.date(f+".announced", m.Announced, false)
		c.sources(f+".sources", m.Sources)
		if m.Kind == MilestoneObserved && m.Announced != "" && dateStartsAfter(m.Date, m.Announced) {
			c.add(f+".announced", "%s is before the observed date %s: a milestone is reported once it happened", m.Announced, m.Date)
		}
		if m.Kind == MilestoneObserved && verified != "" && dateStartsAfter(m.Date, verified) {
			c.add(f+".date", "%s is after the site's verified date %s: an observed milestone cannot lie in the future", m.Date, verified)
		}
		for j := range i {
			o := ms[j]
			if o.Date == m.Date && o.Stage == m.Stage && o.Kind == m.Kind && o.Label == m.Label && o.Announced == m.Announced {
				c.add(f, "repeats milestones[%d] (same date, stage, kind, label and announcement)", j)
			}
		}
	}
}

// dateStartsAfter reports whether a's first day is after b's last day.
func dateStartsAfter(a, b Date) bool {
	ka, ok1 := dateKey(string(a))
	kb, ok2 := dateEndKey(string(b))
	return ok1 && ok2 && ka >= kb
}

// MilestoneRow is one milestone with its site, miner and derived status
// against a date: what GET /api/v1/milestones lists.
type MilestoneRow struct {
	Milestone
	// ID is "<site>-<n>", n counting the site's milestones from 1 in order.
	ID        string `json:"id"`
	Site      string `json:"site"`
	SiteName  string `json:"site_name"`
	Miner     string `json:"miner"`
	MinerName string `json:"miner_name"`
	// Status is one of MilestoneStatuses as of AsOf.
	Status  string `json:"status"`
	Overdue bool   `json:"overdue"`
	// DaysOverdue counts the days since the guided period ended, for overdue milestones.
	DaysOverdue *int `json:"days_overdue,omitempty"`
	// SettledBy is the id of the observed milestone that met it, or of the guidance that superseded it.
	SettledBy string `json:"settled_by,omitempty"`
	// Grade is the grade of the milestone's own sources.
	Grade string `json:"grade"`
	// AsOf is the date the status is computed against.
	AsOf Date `json:"as_of"`
}

// MilestoneRows returns every site milestone with its status as of today
// ("YYYY-MM-DD"), in site order then the site's order. A guided milestone
// is overdue when its whole period (a month for "2026-09") ended before
// today and nothing settles it: an observed milestone of the same site with
// the same label and stage (the same stage when it has no label) dated on
// or after the guidance was given (any date when the guidance gives no
// announced date) meets it; a later guidance of the same label and stage
// supersedes it (kept to show the slip).
func (s *Snapshot) MilestoneRows(today Date) []MilestoneRow {
	var out []MilestoneRow
	todayKey, todayOK := dateKey(string(today))
	for i := range s.Data.Sites {
		site := &s.Data.Sites[i]
		minerName := ""
		if m, err := s.Miner(site.Miner); err == nil {
			minerName = m.Name
		}
		ids := make([]string, len(site.Milestones))
		for j := range site.Milestones {
			ids[j] = site.ID + "-" + strconv.Itoa(j+1)
		}
		for j, m := range site.Milestones {
			r := MilestoneRow{Milestone: m, ID: ids[j], Site: site.ID, SiteName: site.Name, Miner: site.Miner,
				MinerName: minerName, Grade: GradeOf(m.Sources), AsOf: today}
			r.Sources = slices.Clone(m.Sources)
			r.MW = clonePtr(m.MW)
			if m.Kind == MilestoneObserved {
				r.Status = MilestoneDone
				out = append(out, r)
				continue
			}
			r.Status = MilestoneDue
			if k := settledBy(site.Milestones, j); k >= 0 {
				r.SettledBy = ids[k]
				r.Status = MilestoneMet
				if site.Milestones[k].Kind == MilestoneGuided {
					r.Status = MilestoneSuperseded
				}
			} else if end, ok := dateEndKey(string(m.Date)); ok && todayOK && end <= todayKey {
				r.Status, r.Overdue = MilestoneOverdue, true
				days := daysBetween(end, todayKey) + 1
				r.DaysOverdue = &days
			}
			out = append(out, r)
		}
	}
	return out
}

// settledBy returns the index of the milestone that settles guided
// milestone j of ms (an observed one first, else a later guidance), or -1.
func settledBy(ms []Milestone, j int) int {
	g := ms[j]
	same := func(o Milestone) bool {
		if g.Label != "" {
			return o.Label == g.Label && o.Stage == g.Stage
		}
		return o.Stage == g.Stage && o.Label == ""
	}
	for k, o := range ms {
		if k == j || o.Kind != MilestoneObserved || !same(o) {
			continue
		}
		if g.Announced == "" || !dateStartsAfter(g.Announced, o.Date) {
			return k
		}
	}
	for k, o := range ms {
		if k == j || o.Kind != MilestoneGuided || !same(o) {
			continue
		}
		// A later guidance: announced after this one, or (without
		// announcement dates) listed after it with another date.
		later := g.Announced != "" && o.Announced != "" && dateStartsAfter(o.Announced, g.Announced)
		if !later && (g.Announced == "" || o.Announced == "") && k > j && o.Date != g.Date {
			later = true
		}
		if later {
			return k
		}
	}
	return -1
}

// daysBetween counts the days from key a to key b (yyyymmdd), b after a.
func daysBetween(a, b int) int {
	ta, _ := Date(keyDate(a)).Time()
	tb, _ := Date(keyDate(b)).Time()
	return int(tb.Sub(ta).Hours() / 24)
}

func keyDate(k int) string {
	return fmt.Sprintf("%04d-%02d-%02d", k/10000, k/100%100, k%100)
}

// MilestoneResult is one page of a milestones query.
type MilestoneResult struct {
	Total  int             `json:"total"`
	Rows   []MilestoneRow  `json:"rows"`
	Facets []Facet         `json:"facets"`
	Totals MilestoneTotals `json:"totals"`
	Next   string          `json:"next,omitempty"`
}

// MilestoneTotals counts the milestones matching a query by status.
type MilestoneTotals struct {
	OverdueCount  int `json:"overdue_count"`
	DueCount      int `json:"due_count"`
	ObservedCount int `json:"observed_count"`
}

// QueryMilestones runs q over the milestones as of today (see
// MilestoneRows and QueryDeals).
func (s *Snapshot) QueryMilestones(q *Query, today Date) MilestoneResult {
	q = orDefault(q, KindMilestones)
	rows := s.MilestoneRows(today)
	m := run(q, rows, func(r *MilestoneRow) string { return r.ID }, milestoneSearch)
	res := MilestoneResult{Total: len(m.idx), Facets: m.facets, Rows: make([]MilestoneRow, 0, len(m.page)), Next: m.next}
	for _, i := range m.page {
		res.Rows = append(res.Rows, rows[i])
	}
	for _, i := range m.idx {
		switch rows[i].Status {
		case MilestoneOverdue:
			res.Totals.OverdueCount++
		case MilestoneDue:
			res.Totals.DueCount++
		case MilestoneDone:
			res.Totals.ObservedCount++
		}
	}
	return res
}

// MatchMilestones returns every milestone matching q as of today, in q's order.
func (s *Snapshot) MatchMilestones(q *Query, today Date) []MilestoneRow {
	rows := s.MilestoneRows(today)
	m := run(orDefault(q, KindMilestones).all(), rows, func(r *MilestoneRow) string { return r.ID }, milestoneSearch)
	out := make([]MilestoneRow, len(m.idx))
	for j, i := range m.idx {
		out[j] = rows[i]
	}
	return out
}

// WriteMilestonesCSV writes every milestone matching q as of today, as
// Snapshot.WriteCSV does for the other kinds.
func (s *Snapshot) WriteMilestonesCSV(w io.Writer, q *Query, today Date) error {
	if q == nil || q.Kind != KindMilestones {
		return Errorf(EINVALID, "not a milestones query")
	}
	cs, err := csvColumns(q.Kind, q.Cols)
	if err != nil {
		return err
	}
	rows := s.MatchMilestones(q, today)
	return writeCSV(w, cs, len(rows), func(i int) any { return &rows[i] })
}

// milestoneSearch: id, site, miner, label, note, stage, kind.
func milestoneSearch(r *MilestoneRow, terms []term) bool {
	for _, t := range terms {
		if !t.anyIn(r.ID, r.Site, r.SiteName, r.Miner, r.MinerName, r.Label, r.Note, r.Stage, r.Kind, r.Status) {
			return false
		}
	}
	return true
}

// SiteMilestones returns the milestone rows of one site as of today, oldest first.
func (s *Snapshot) SiteMilestones(siteID string, today Date) []MilestoneRow {
	var out []MilestoneRow
	for _, r := range s.MilestoneRows(today) {
		if r.Site == siteID {
			out = append(out, r)
		}
	}
	sortMilestones(out)
	return out
}

// MinerMilestones returns the milestone rows of one miner's sites as of today, oldest first.
func (s *Snapshot) MinerMilestones(minerID string, today Date) []MilestoneRow {
	var out []MilestoneRow
	for _, r := range s.MilestoneRows(today) {
		if r.Miner == minerID {
			out = append(out, r)
		}
	}
	sortMilestones(out)
	return out
}

func sortMilestones(rs []MilestoneRow) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, _ := dateKey(string(rs[i].Date))
		b, _ := dateKey(string(rs[j].Date))
		if a != b {
			return a < b
		}
		return strings.Compare(rs[i].ID, rs[j].ID) < 0
	})
}

func milestoneColumns() []Column {
	m := func(row any) *MilestoneRow { return row.(*MilestoneRow) }
	cols := []Column{
		{Name: "id", Label: "ID", Kind: ColumnString,
			get: func(r any) cell { return strCell(m(r).ID) }},
		{Name: "date", Label: "Date", Kind: ColumnDate, Default: true,
			get: func(r any) cell { return dateCell(m(r).Date) }},
		{Name: "site", Label: "Site", Kind: ColumnString, Facetable: true, Default: true, Ref: RefSite,
			get:  func(r any) cell { return strCell(m(r).Site) },
			name: func(r any) string { return m(r).SiteName }},
		{Name: "miner", Label: "Miner", Kind: ColumnString, Facetable: true, Default: true, Ref: RefMiner,
			get:  func(r any) cell { return strCell(m(r).Miner) },
			name: func(r any) string { return m(r).MinerName }},
		{Name: "label", Label: "Phase", Kind: ColumnString, Default: true,
			get: func(r any) cell { return strCell(m(r).Label) }},
		{Name: "stage", Label: "Stage", Kind: ColumnString, Facetable: true, Default: true, Enum: MilestoneStages,
			get: func(r any) cell { return strCell(m(r).Stage) }},
		{Name: "mw", Label: "MW", Unit: "MW", Kind: ColumnNumber, Default: true, Basis: "basis",
			get: func(r any) cell { return numCell(m(r).MW) }},
		{Name: "basis", Label: "MW basis", Kind: ColumnString, Facetable: true, Enum: MWBases,
			get: func(r any) cell { return strCell(m(r).Basis) }},
		{Name: "kind", Label: "Kind", Kind: ColumnString, Facetable: true, Default: true, Enum: MilestoneKinds,
			get: func(r any) cell { return strCell(m(r).Kind) }},
		{Name: "status", Label: "Status", Kind: ColumnString, Facetable: true, Default: true, Enum: MilestoneStatuses,
			get: func(r any) cell { return strCell(m(r).Status) }},
		{Name: "overdue", Label: "Overdue", Kind: ColumnBool, Facetable: true,
			get: func(r any) cell { return boolCell(m(r).Overdue) }},
		{Name: "days_overdue", Label: "Days overdue", Unit: "days", Kind: ColumnNumber,
			get: func(r any) cell {
				if d := m(r).DaysOverdue; d != nil {
					return numVal(float64(*d))
				}
				return cell{}
			}},
		{Name: "announced", Label: "Announced", Kind: ColumnDate,
			get: func(r any) cell { return dateCell(m(r).Announced) }},
		{Name: "settled_by", Label: "Settled by", Kind: ColumnString,
			get: func(r any) cell { return strCell(m(r).SettledBy) }},
		{Name: "grade", Label: "Grade", Kind: ColumnString, Facetable: true, Enum: Grades,
			get: func(r any) cell { return strCell(m(r).Grade) }},
		{Name: "note", Label: "Note", Kind: ColumnString,
			get: func(r any) cell { return strCell(m(r).Note) }},
		{Name: "sources", Label: "Sources", Kind: ColumnList,
			get: func(r any) cell { return listCell(sourceURLs(m(r).Sources)) }},
	}
	return withTable(KindMilestones, cols)
}

// inMilestones reports whether t occurs in a milestone's label or note.
func (t term) inMilestones(ms []Milestone) bool {
	for i := range ms {
		if t.anyIn(ms[i].Label, ms[i].Note) {
			return true
		}
	}
	return false
}
