package app

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// freshnessDays is the window the overview counts recent checks over.
const freshnessDays = 90

// freshnessNote says plainly how much of the data was checked against its
// sources recently and how much rests on primary sources.
func freshnessNote(snap *dataset.Snapshot) app.UI {
	f := snap.Freshness(today(), freshnessDays)
	var w markup
	w.open("section", "id", "freshness", "aria-labelledby", "h-freshness")
	w.elem("h2", "How fresh, how sourced", "id", "h-freshness")
	w.elem("p", fmt.Sprintf("In the last %d days (since %s), %d of %d records (%d of %d figures) were checked against their sources.",
		f.Days, f.Since, f.CheckedCount, f.RecordCount, f.CheckedFigureCount, f.FigureCount), "id", "freshness-checked")
	w.elem("p", fmt.Sprintf("%d of %d deals and %d of %d sites cite a primary source (a filing, the company's release or the wire copy); the others rely on press reports or aggregators, and say so beside each figure.",
		f.PrimaryDealCount, len(snap.Deals), f.PrimarySiteCount, len(snap.Sites)), "id", "freshness-primary")
	w.close("section")
	return w.UI()
}

// correctionText says what a correction changed, each value clipped to a
// readable length (a list of sources or milestones is long JSON; the change
// log at /api/v1/changes has it whole).
func correctionText(c *dataset.Correction) string {
	clip := func(b []byte) string {
		s := strings.Join(strings.Fields(string(b)), " ")
		if r := []rune(s); len(r) > 60 {
			return string(r[:59]) + "…"
		}
		return s
	}
	return c.Field + ": " + clip(c.From) + " → " + clip(c.To)
}

// correctionsList lists the audit's corrections, newest first, each with
// what changed, why, and its sources.
func correctionsList(cs []dataset.Correction) app.UI {
	if len(cs) == 0 {
		return nil
	}
	var w markup
	w.open("div", "id", "corrections")
	w.elem("h3", fmt.Sprintf("Corrections (%d)", len(cs)))
	w.open("ul", "class", "changes corrections")
	for i := len(cs) - 1; i >= 0; i-- {
		c := &cs[i]
		w.open("li", "data-correction", c.Record+"#"+c.Field)
		w.elem("time", string(c.Date), "datetime", string(c.Date))
		w.text(" · " + c.Error + " · ")
		switch c.RecordKind() {
		case "deals":
			w.link("/deals/"+c.RecordID(), c.Record)
		case "miners":
			w.link("/miners/"+c.RecordID(), c.Record)
		case "sites":
			w.link("/sites?site="+c.RecordID(), c.Record)
		default:
			w.text(c.Record)
		}
		w.text(" " + correctionText(c) + " — " + c.Reason + " ")
		for j, s := range c.Sources {
			if j > 0 {
				w.text(", ")
			}
			w.elem("a", "["+s.Publisher+"]", "href", s.URL, "rel", "noopener noreferrer", "target", "_blank", "class", "source-"+s.Kind)
		}
		w.close("li")
	}
	w.close("ul")
	w.close("div")
	return w.UI()
}
