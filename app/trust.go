package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// serverNow is the server's clock while prerendering (see ServeClock).
var serverNow func() time.Time

// ServeClock gives the prerender the server's clock, so that what is
// overdue and what was checked recently are judged as the API judges them.
func ServeClock(now func() time.Time) { serverNow = now }

// today is the date overdue milestones and recent checks are judged
// against: the server's clock while prerendering, the browser's otherwise.
func today() dataset.Date {
	t := time.Now()
	if app.IsServer && serverNow != nil {
		t = serverNow()
	}
	return dataset.Date(t.UTC().Format("2006-01-02"))
}

// currentSnapshotMilestones returns the milestones of one site (or, with
// minerID, of one miner's sites) as of today, oldest first.
func currentSnapshotMilestones(siteID, minerID string) []dataset.MilestoneRow {
	snap := currentSnapshot()
	if snap == nil {
		return nil
	}
	if minerID != "" {
		return snap.MinerMilestones(minerID, today())
	}
	return snap.SiteMilestones(siteID, today())
}

// gradeLabel says what a grade means, for people.
func gradeLabel(g string) string {
	switch g {
	case dataset.GradePrimary:
		return "primary (a filing, the company's release or the wire copy)"
	case dataset.GradePress:
		return "press (a named outlet's reporting; no primary source on record)"
	case dataset.GradeSecondary:
		return "secondary (aggregators or quoted notes only)"
	}
	return g
}

// trustLine is a record's provenance: its grade (from its best source) and
// the date its figures were last checked.
func trustLine(grade string, verified dataset.Date, sources []dataset.Source) app.UI {
	var w markup
	w.open("p", "class", "trust")
	w.elem("span", "Grade: "+grade, "class", "grade grade-"+grade, "title", gradeLabel(grade))
	w.text(fmt.Sprintf(" · %d sources", len(sources)))
	if verified != "" {
		w.text(" · ")
		w.elem("span", "checked on "+string(verified), "class", "checked")
	}
	w.close("p")
	return w.UI()
}

// milestoneSection lists dated milestones, overdue ones flagged; withSite
// adds the site's name (a miner's list). It renders nothing when there are none.
func milestoneSection(id, title string, rows []dataset.MilestoneRow, withSite bool) app.UI {
	if len(rows) == 0 {
		return nil
	}
	return app.Elem("section").ID(id).Class("milestones").Body(app.Raw(milestoneTable(title, rows, withSite)))
}

func milestoneTable(title string, rows []dataset.MilestoneRow, withSite bool) string {
	overdue := 0
	for _, r := range rows {
		if r.Overdue {
			overdue++
		}
	}
	var w markup
	w.open("div")
	h := title
	if overdue > 0 {
		h += fmt.Sprintf(" (%d overdue)", overdue)
	}
	w.elem("h3", h)
	w.table("data-table milestones-table", "")
	heads := []string{"Date", "Phase", "Stage", "#MW", "Kind", "Status", "Grade"}
	if withSite {
		heads = append([]string{"Site"}, heads...)
	}
	w.head(heads...)
	for _, r := range rows {
		class := "ms-" + r.Status
		w.open("tr", "data-milestone", r.ID, "class", class)
		if withSite {
			w.elem("td", r.SiteName)
		}
		w.open("th", "scope", "row")
		w.elem("time", string(r.Date), "datetime", string(r.Date))
		w.close("th")
		label := r.Label
		if r.Note != "" {
			label = strings.TrimSpace(label + " — " + r.Note)
		}
		w.elem("td", label)
		w.elem("td", r.Stage)
		mwText := mw(r.MW)
		if r.MW != nil && r.Basis != "" {
			mwText += " " + basisLabel(r.Basis)
		}
		w.elem("td", mwText, "class", "num")
		w.elem("td", r.Kind)
		w.open("td")
		status := r.Status
		if r.Overdue && r.DaysOverdue != nil {
			status = fmt.Sprintf("overdue by %d days", *r.DaysOverdue)
			w.elem("strong", status, "class", "overdue-flag")
		} else {
			w.text(status)
		}
		w.close("td")
		w.elem("td", r.Grade, "class", "grade grade-"+r.Grade)
		w.close("tr")
	}
	w.end()
	w.close("div")
	return w.String()
}

// overdueList is the overview's short list of overdue milestones, most
// overdue first, each linked to its site.
func overdueList(snap *dataset.Snapshot) app.UI {
	q, _ := dataset.ParseQuery(dataset.KindMilestones, map[string][]string{"overdue": {"true"}, "sort": {"-days_overdue"}})
	rows := snap.MatchMilestones(q, today())
	var w markup
	w.open("section", "id", "overdue", "aria-labelledby", "h-overdue")
	w.elem("h2", "Overdue milestones", "id", "h-overdue")
	if len(rows) == 0 {
		w.elem("p", "No guided milestone is past its date without an outcome on record.", "class", "muted")
		w.close("section")
		return w.UI()
	}
	w.elem("p", fmt.Sprintf("%d guided milestones are past their date with no outcome on record (as of %s): the explorer does not know whether they happened.", len(rows), today()), "class", "lede-small")
	w.open("ul", "class", "overdue-list")
	for i, r := range rows {
		if i == 10 {
			break
		}
		w.open("li", "data-milestone", r.ID)
		w.link("/sites?site="+r.Site, r.SiteName)
		what := fmt.Sprintf(" (%s) — %s %s", r.MinerName, strings.TrimSpace(r.Label+" "+r.Stage), mw(r.MW))
		if r.MW == nil {
			what = fmt.Sprintf(" (%s) — %s", r.MinerName, strings.TrimSpace(r.Label+" "+r.Stage))
		}
		w.text(what + ", guided for " + string(r.Date) + " ")
		if r.DaysOverdue != nil {
			w.elem("strong", fmt.Sprintf("overdue by %d days", *r.DaysOverdue), "class", "overdue-flag")
		}
		w.close("li")
	}
	w.close("ul")
	w.close("section")
	return w.UI()
}

// kindSuffix names a source's kind after its publisher: " (filing)".
func kindSuffix(kind string) string {
	if kind == "" {
		return ""
	}
	return " (" + kind + ")"
}

// parseMinerGrade reads the miners view's ?grade=: a grade, or "" for all.
func parseMinerGrade(s string) string {
	for _, g := range dataset.Grades {
		if strings.EqualFold(s, g) {
			return g
		}
	}
	return ""
}

// minerGradeFilter is the miners view's grade filter: a link per grade with
// its count, the current one marked (markup: links work before the WASM).
func minerGradeFilter(miners []dataset.MinerRow, current string) app.UI {
	counts := map[string]int{}
	for _, m := range miners {
		counts[m.Grade]++
	}
	var w markup
	w.open("p", "id", "grade-filter", "class", "grade-filter")
	w.text("Grade: ")
	all := "all"
	if current == "" {
		all = "all ✓"
	}
	w.link("/miners", all, "data-key", "grade:all")
	for _, g := range dataset.Grades {
		w.text(" · ")
		label := fmt.Sprintf("%s (%d)", g, counts[g])
		if g == current {
			label += " ✓"
			w.link("/miners?grade="+g, label, "aria-current", "true", "data-key", "grade:"+g)
			continue
		}
		w.link("/miners?grade="+g, label, "data-key", "grade:"+g)
	}
	w.close("p")
	return w.UI()
}
