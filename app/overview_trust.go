package app

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/markup"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// freshnessDays is the window the overview counts recent checks over.
const freshnessDays = 90

// freshnessNote says plainly how much of the data was checked against its
// sources recently and how much rests on primary sources.
func freshnessNote(snap *dataset.Snapshot) markup.HTML {
	f := snap.Freshness(today(), freshnessDays)
	var w markup.Writer
	w.Open("section", "id", "freshness", "aria-labelledby", "h-freshness")
	w.Elem("h2", "How fresh, how sourced", "id", "h-freshness")
	w.Elem("p", fmt.Sprintf("In the last %d days (since %s), %d of %d records (%d of %d figures) were checked against their sources.",
		f.Days, f.Since, f.CheckedCount, f.RecordCount, f.CheckedFigureCount, f.FigureCount), "id", "freshness-checked")
	w.Elem("p", fmt.Sprintf("%d of %d deals and %d of %d sites cite a primary source (a filing, the company's release or the wire copy); the others rely on press reports or aggregators, and say so beside each figure.",
		f.PrimaryDealCount, len(snap.Deals), f.PrimarySiteCount, len(snap.Sites)), "id", "freshness-primary")
	w.Close("section")
	return w.HTML()
}

// correctionsList lists the audit's corrections, newest first, each with
// what changed, why, and its sources: the newest n and a link to the
// others when n > 0 (the overview), all of them otherwise (/changes).
func correctionsList(cs []dataset.Correction, n int) app.UI {
	if len(cs) == 0 {
		return nil
	}
	shown := cs
	if n > 0 && len(cs) > n {
		shown = cs[len(cs)-n:]
	}
	var w markup.Writer
	w.Open("div", "id", "corrections")
	if len(shown) < len(cs) {
		w.Elem("h3", fmt.Sprintf("Corrections (%d): the latest %d", len(cs), len(shown)))
	} else {
		w.Elem("h3", fmt.Sprintf("Corrections (%d)", len(cs)))
	}
	w.Open("ul", "class", "changes corrections")
	for i := len(shown) - 1; i >= 0; i-- {
		c := &shown[i]
		w.Open("li", "data-correction", c.Record+"#"+c.Field)
		w.Elem("time", string(c.Date), "datetime", string(c.Date))
		w.Text(" · " + c.Error + " · ")
		switch c.RecordKind() {
		case "deals":
			w.Link(ui.Href("/deals/"+c.RecordID()), c.Record)
		case "miners":
			w.Link(ui.Href("/miners/"+c.RecordID()), c.Record)
		case "sites":
			w.Link(ui.Href("/sites?site="+c.RecordID()), c.Record)
		default:
			w.Text(c.Record)
		}
		w.Text(" " + c.Summary() + " — " + c.Reason + " ")
		for j, s := range c.Sources {
			if j > 0 {
				w.Text(", ")
			}
			w.Elem("a", "["+s.Publisher+"]", "href", s.URL, "rel", "noopener noreferrer", "target", "_blank", "class", "source-"+s.Kind)
		}
		w.Close("li")
	}
	w.Close("ul")
	if len(shown) < len(cs) {
		w.Open("p")
		w.Link(ui.Href("/changes#corrections"), fmt.Sprintf("All %d corrections, with their sources →", len(cs)))
		w.Close("p")
	}
	w.Close("div")
	return w.UI()
}
