package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// dealTable renders deals as a native table (markup: see markup); full adds
// the guarantor and status columns.
func dealTable(rows []dataset.DealRow, full bool) app.UI {
	var m markup
	m.open("div", "class", "table-wrap")
	m.open("table", "class", "data-table deals-table")
	m.open("thead")
	m.open("tr")
	for _, h := range []struct {
		label, class string
		full         bool
	}{
		{"Announced", "", false}, {"Miner", "", false}, {"Tenant", "", false}, {"Guarantor", "", true},
		{"Type", "", false}, {"Value", "num", false}, {"Term", "num", false}, {"MW", "num", false},
		{"$/MW-yr", "num", false}, {"Status", "", true},
	} {
		if full || !h.full {
			m.elem("th", h.label, "scope", "col", "class", h.class)
		}
	}
	m.close("tr")
	m.close("thead")
	m.open("tbody")
	for i := range rows {
		d := &rows[i]
		m.open("tr", "data-deal", d.ID)
		m.open("td")
		m.elem("time", string(d.Announced), "datetime", string(d.Announced))
		m.close("td")
		m.open("td")
		m.link("/miners/"+d.Miner, d.MinerName)
		m.close("td")
		m.open("th", "scope", "row")
		m.link("/deals/"+d.ID, d.TenantName)
		m.close("th")
		if full {
			m.elem("td", d.GuarantorName)
		}
		m.elem("td", d.Type)
		m.elem("td", money(d.ValueUSD), "class", "num", "title", valueBasisLabel(d.ValueBasis))
		m.elem("td", years(d.TermYears), "class", "num")
		m.open("td", "class", "num", "title", basisLabel(d.MWBasis))
		m.text(mw(d.MW))
		if d.MW != nil && d.MWBasis != dataset.BasisIT {
			m.elem("span", " "+basisLabel(d.MWBasis), "class", "basis-tag")
		}
		m.close("td")
		m.elem("td", rate(d.USDPerMWYear), "class", "num")
		if full {
			m.elem("td", d.Status)
		}
		m.close("tr")
	}
	m.close("tbody")
	m.close("table")
	m.close("div")
	return m.UI()
}
