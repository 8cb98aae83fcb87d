package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/markup"
	"powerbrokers/app/ui"
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

// snapshotMilestones returns the milestones of one site (or, with
// minerID, of one miner's sites) of snap as of today, oldest first.
func snapshotMilestones(snap *dataset.Snapshot, siteID, minerID string) []dataset.MilestoneRow {
	if snap == nil {
		return nil
	}
	if minerID != "" {
		return snap.MinerMilestones(minerID, today())
	}
	return snap.SiteMilestones(siteID, today())
}

// gradeLabel says what a grade means, for people (the registry's note of
// the grade value).
func gradeLabel(g string) string {
	if c, ok := column(dataset.KindDeals, "grade"); ok {
		if n := c.EnumNotes[g]; n != "" {
			return n
		}
	}
	return g
}

// trustLine is a record's provenance: its grade (from its best source) and
// the date its figures were last checked.
func trustLine(grade string, verified dataset.Date, sources []dataset.Source) app.UI {
	var w markup.Writer
	w.Open("p", "class", "trust")
	w.Elem("span", "Grade: "+grade, "class", "grade grade-"+grade, "title", gradeLabel(grade))
	w.Text(fmt.Sprintf(" · %d sources", len(sources)))
	if verified != "" {
		w.Text(" · ")
		w.Elem("span", "checked on "+string(verified), "class", "checked")
	}
	w.Close("p")
	return w.UI()
}

// milestoneSection lists dated milestones, overdue ones flagged; withSite
// adds the site's name (a miner's list). It renders nothing when there are none.
func milestoneSection(id, title string, rows []dataset.MilestoneRow, withSite bool) app.UI {
	if len(rows) == 0 {
		return nil
	}
	return app.Elem("section").ID(id).Class("milestones").Body(milestoneTable(title, rows, withSite).UI())
}

// milestoneTable is a table of milestones, each row classed by its status
// and an overdue one flagged with its days (markup: see markup).
func milestoneTable(title string, rows []dataset.MilestoneRow, withSite bool) markup.HTML {
	overdue := 0
	for _, r := range rows {
		if r.Overdue {
			overdue++
		}
	}
	var w markup.Writer
	w.Open("div")
	h := title
	if overdue > 0 {
		h += fmt.Sprintf(" (%d overdue)", overdue)
	}
	w.Elem("h3", h)
	w.Table("data-table milestones-table", "")
	heads := []string{"Date", "Phase", "Stage", "#MW", "Kind", "Status", "Grade"}
	if withSite {
		heads = append([]string{"Site"}, heads...)
	}
	w.Head(heads...)
	for _, r := range rows {
		class := "ms-" + r.Status
		w.Open("tr", "data-milestone", r.ID, "class", class)
		if withSite {
			w.Elem("td", r.SiteName)
		}
		w.Open("th", "scope", "row")
		w.Elem("time", string(r.Date), "datetime", string(r.Date))
		w.Close("th")
		label := r.Label
		if r.Note != "" {
			label = strings.TrimSpace(label + " — " + r.Note)
		}
		w.Elem("td", label)
		w.Elem("td", r.Stage)
		mwText := mw(r.MW)
		if r.MW != nil && r.Basis != "" {
			mwText += " " + basisLabel(r.Basis)
		}
		w.Elem("td", mwText, "class", "num")
		w.Elem("td", r.Kind)
		w.Open("td")
		status := r.Status
		if r.Overdue && r.DaysOverdue != nil {
			status = fmt.Sprintf("overdue by %d days", *r.DaysOverdue)
			w.Elem("strong", status, "class", "overdue-flag")
		} else {
			w.Text(status)
		}
		w.Close("td")
		w.Elem("td", r.Grade, "class", "grade grade-"+r.Grade)
		w.Close("tr")
	}
	w.End()
	w.Close("div")
	return w.HTML()
}

// overdueList is the overview's short list of overdue milestones, most
// overdue first, each linked to its site.
func overdueList(snap *dataset.Snapshot) markup.HTML {
	q, _ := dataset.ParseQuery(dataset.KindMilestones, map[string][]string{"overdue": {"true"}, "sort": {"-days_overdue"}})
	rows := snap.MatchMilestones(q, today())
	var w markup.Writer
	w.Open("section", "id", "overdue", "aria-labelledby", "h-overdue")
	w.Elem("h2", "Overdue milestones", "id", "h-overdue")
	if len(rows) == 0 {
		w.Elem("p", "No guided milestone is past its date without an outcome on record.", "class", "muted")
		w.Close("section")
		return w.HTML()
	}
	w.Elem("p", fmt.Sprintf("%d guided milestones are past their date with no outcome on record (as of %s): the explorer does not know whether they happened.", len(rows), today()), "class", "lede-small")
	w.Open("ul", "class", "overdue-list")
	for i, r := range rows {
		if i == 10 {
			break
		}
		w.Open("li", "data-milestone", r.ID)
		w.Link(ui.Href("/sites?site="+r.Site), r.SiteName)
		what := fmt.Sprintf(" (%s) — %s %s", r.MinerName, strings.TrimSpace(r.Label+" "+r.Stage), mw(r.MW))
		if r.MW == nil {
			what = fmt.Sprintf(" (%s) — %s", r.MinerName, strings.TrimSpace(r.Label+" "+r.Stage))
		}
		w.Text(what + ", guided for " + string(r.Date) + " ")
		if r.DaysOverdue != nil {
			w.Elem("strong", fmt.Sprintf("overdue by %d days", *r.DaysOverdue), "class", "overdue-flag")
		}
		w.Close("li")
	}
	w.Close("ul")
	w.Close("section")
	return w.HTML()
}

// kindSuffix names a source's kind after its publisher: " (filing)".
func kindSuffix(kind string) string {
	if kind == "" {
		return ""
	}
	return " (" + kind + ")"
}
