package dataset

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// ReviewItem is one record that needs a curator's look, with what to look at.
type ReviewItem struct {
	// Record is "<kind>/<id>" (deals, sites, miners, aggregates).
	Record string   `json:"record"`
	Name   string   `json:"name"`
	Issues []string `json:"issues"`
}

// Review lists, per record, what needs a look as of today: guided
// milestones past their date with nothing observed, records not verified
// within the last days, records whose sources are only press or
// aggregators (no filing, company release or wire copy), and records still
// citing a denylisted source pending replacement. Records come in file
// order (deals, sites, miners, aggregates), each with its issues.
func (s *Snapshot) Review(today Date, days int) []ReviewItem {
	since := daysBefore(today, days)
	overdue := map[string][]MilestoneRow{}
	for _, m := range s.MilestoneRows(today) {
		if m.Overdue {
			overdue[m.Site] = append(overdue[m.Site], m)
		}
	}
	var out []ReviewItem
	add := func(kind, id, name string, verified Date, sources []Source, extra []string) {
		var issues []string
		issues = append(issues, extra...)
		if verified == "" {
			issues = append(issues, "never verified: set verified once its figures are checked against the sources")
		} else if since != "" && verified < since {
			issues = append(issues, fmt.Sprintf("not verified for %d days (checked on %s; the window is %d days)", daysBetweenDates(verified, today), verified, days))
		}
		switch GradeOf(sources) {
		case GradePress:
			issues = append(issues, "no primary source, the best is press ("+publishers(sources)+"): cite the filing, the company's release or the wire copy")
		case GradeSecondary:
			issues = append(issues, "no primary source, only aggregators or quoted notes ("+publishers(sources)+"): cite the filing, the company's release or the wire copy")
		}
		for _, src := range sources {
			if entry, _, _, ok := s.Data.Denylist.Match(src.URL); ok {
				issues = append(issues, "cites a denylisted source pending replacement: "+entry+" ("+src.URL+")")
			}
		}
		if len(issues) > 0 {
			out = append(out, ReviewItem{Record: kind + "/" + id, Name: name, Issues: issues})
		}
	}
	for i := range s.Deals {
		d := &s.Deals[i]
		add("deals", d.ID, d.Title, d.Verified, d.Sources, nil)
	}
	for i := range s.Sites {
		st := &s.Sites[i]
		var extra []string
		for _, m := range overdue[st.ID] {
			what := strings.TrimSpace(m.Label + " " + m.Stage)
			if m.MW != nil {
				what += " " + formatNumber(*m.MW) + " MW"
			}
			extra = append(extra, fmt.Sprintf("overdue milestone %s: %s guided for %s (announced %s), %d days past with nothing observed: add the outcome or the new guidance",
				m.ID, what, m.Date, orDash(m.Announced), derefInt(m.DaysOverdue)))
		}
		add("sites", st.ID, st.Name, st.Verified, st.Sources, extra)
	}
	for i := range s.Miners {
		m := &s.Miners[i]
		add("miners", m.ID, m.Name, m.Verified, m.Sources, nil)
	}
	for _, a := range s.Data.Aggregates {
		var issues []string
		for _, src := range a.Sources {
			if entry, _, _, ok := s.Data.Denylist.Match(src.URL); ok {
				issues = append(issues, "cites a denylisted source pending replacement: "+entry+" ("+src.URL+")")
			}
		}
		if len(issues) > 0 {
			out = append(out, ReviewItem{Record: "aggregates/" + a.ID, Name: a.Title, Issues: issues})
		}
	}
	return out
}

// WriteReview writes the review queue for people: a header, each record
// with its issues, and a summary line.
func (s *Snapshot) WriteReview(w io.Writer, today Date, days int) error {
	items := s.Review(today, days)
	var b strings.Builder
	fmt.Fprintf(&b, "Review queue as of %s (verified window: %d days, since %s)\n", today, days, daysBefore(today, days))
	if len(items) == 0 {
		b.WriteString("\nNothing needs a look.\n")
	}
	var nOverdue, nStale, nWeak, nDenied int
	for _, it := range items {
		fmt.Fprintf(&b, "\n%s — %s\n", it.Record, it.Name)
		for _, is := range it.Issues {
			fmt.Fprintf(&b, "  - %s\n", is)
			switch {
			case strings.HasPrefix(is, "overdue milestone"):
				nOverdue++
			case strings.HasPrefix(is, "not verified"), strings.HasPrefix(is, "never verified"):
				nStale++
			case strings.HasPrefix(is, "no primary source"):
				nWeak++
			case strings.HasPrefix(is, "cites a denylisted"):
				nDenied++
			}
		}
	}
	fmt.Fprintf(&b, "\n%d records need a look: %d overdue milestones, %d records not verified within %d days, %d records with no primary source, %d denylisted sources pending replacement.\n",
		len(items), nOverdue, nStale, days, nWeak, nDenied)
	_, err := io.WriteString(w, b.String())
	return err
}

// Freshness says how much of the data was checked against its sources recently.
type Freshness struct {
	// Since is the first day of the window (today less Days).
	Since Date `json:"since"`
	Days  int  `json:"days"`
	// RecordCount counts deals, sites and miners; CheckedCount those verified on or after Since.
	RecordCount  int `json:"record_count"`
	CheckedCount int `json:"checked_count"`
	// FigureCount counts their disclosed figures (values, MW, terms,
	// hashrates, capacity points, milestone MW); CheckedFigureCount those of
	// records verified on or after Since.
	FigureCount        int `json:"figure_count"`
	CheckedFigureCount int `json:"checked_figure_count"`
	// OverdueMilestoneCount counts guided milestones past their date with nothing observed.
	OverdueMilestoneCount int `json:"overdue_milestone_count"`
	// PrimaryDealCount and PrimarySiteCount count deals and sites with a filing, company or newswire source.
	PrimaryDealCount int `json:"primary_deal_count"`
	PrimarySiteCount int `json:"primary_site_count"`
}

// Freshness counts the records and figures verified within days of today.
func (s *Snapshot) Freshness(today Date, days int) Freshness {
	f := Freshness{Since: daysBefore(today, days), Days: days}
	count := func(verified Date, figures int) {
		f.RecordCount++
		f.FigureCount += figures
		if f.Since != "" && verified >= f.Since {
			f.CheckedCount++
			f.CheckedFigureCount += figures
		}
	}
	n := func(ps ...*float64) int {
		c := 0
		for _, p := range ps {
			if p != nil {
				c++
			}
		}
		return c
	}
	for i := range s.Data.Deals {
		d := &s.Data.Deals[i]
		count(d.Verified, n(d.ValueUSD, d.ValueWithExtUSD, d.TermYears, d.MW, d.GrossMW, d.GuaranteeUSD, d.Share))
		if HasPrimarySource(d.Sources) {
			f.PrimaryDealCount++
		}
	}
	for i := range s.Data.Sites {
		st := &s.Data.Sites[i]
		c := n(st.EnergizedMW, st.ConstructionMW, st.PipelineMW, st.UnstagedMW, st.ITMW)
		for _, m := range st.Milestones {
			c += n(m.MW)
		}
		count(st.Verified, c)
		if HasPrimarySource(st.Sources) {
			f.PrimarySiteCount++
		}
	}
	for i := range s.Data.Miners {
		m := &s.Data.Miners[i]
		c := 0
		if m.Hashrate != nil {
			c += n(m.Hashrate.EHs)
		}
		for _, p := range m.Capacity {
			c += n(p.EnergizedMW, p.ConstructionMW, p.PipelineMW, p.ContractedMW)
		}
		count(m.Verified, c)
	}
	for _, r := range s.MilestoneRows(today) {
		if r.Overdue {
			f.OverdueMilestoneCount++
		}
	}
	return f
}

// daysBefore returns the date days before today ("" when today is not a full date).
func daysBefore(today Date, days int) Date {
	t, err := time.Parse("2006-01-02", string(today))
	if err != nil {
		return ""
	}
	return Date(t.AddDate(0, 0, -days).Format("2006-01-02"))
}

// daysBetweenDates counts the days from a to b (full dates; 0 when either is not).
func daysBetweenDates(a, b Date) int {
	ta, err1 := time.Parse("2006-01-02", string(a))
	tb, err2 := time.Parse("2006-01-02", string(b))
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(tb.Sub(ta).Hours() / 24)
}

func publishers(ss []Source) string {
	var out []string
	for _, s := range ss {
		p := s.Publisher + " (" + s.Kind + ")"
		if !containsString(out, p) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

func orDash(d Date) string {
	if d == "" {
		return "date not given"
	}
	return string(d)
}

func derefInt(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}
