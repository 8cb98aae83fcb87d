package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"strings"

	"powerbrokers/dataset"
)

// dealTable renders deals as a native table (markup: see markup); full adds
// the guarantor and status columns.
func dealTable(rows []dataset.DealRow, full bool) app.UI {
	var m markup
	m.table("data-table deals-table", "")
	heads := []string{"Announced", "Miner", "Tenant", "Guarantor", "Type", "#Value", "#Term", "#MW", "#$/MW-yr", "Status"}
	if !full {
		heads = []string{"Announced", "Miner", "Tenant", "Type", "#Value", "#Term", "#MW", "#$/MW-yr"}
	}
	m.head(heads...)
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
		trust := " · grade " + d.Grade + " · checked on " + string(d.Verified)
		m.elem("td", money(d.ValueUSD), "class", "num", "title", strings.TrimPrefix(valueBasisLabel(d.ValueBasis)+trust, " · "))
		m.elem("td", years(d.TermYears), "class", "num")
		m.open("td", "class", "num", "title", strings.TrimPrefix(basisLabel(d.MWBasis)+trust, " · "))
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
	m.end()
	return m.UI()
}
