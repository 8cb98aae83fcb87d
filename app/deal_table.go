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
		// The row's header: the deal, by its date.
		m.open("th", "scope", "row")
		m.open("a", "href", href("/deals/"+d.ID), "title", d.Title)
		m.elem("time", dataset.DateText(d.Announced), "datetime", string(d.Announced))
		m.close("a")
		m.close("th")
		m.open("td")
		m.link("/miners/"+d.Miner, d.MinerName)
		m.close("td")
		counterpartyCell(&m, d.Tenant, d.TenantName)
		if full {
			counterpartyCell(&m, d.Guarantor, d.GuarantorName)
		}
		m.elem("td", dataset.CodeLabel(d.Type))
		trust := " · grade " + d.Grade + " · checked on " + string(d.Verified)
		m.elem("td", money(d.ValueUSD), "class", "num", "title", strings.TrimPrefix(valueBasisLabel(d.ValueBasis)+trust, " · "))
		m.elem("td", years(d.TermYears), "class", "num")
		m.open("td", "class", "num", "title", strings.TrimPrefix(basisLabel(d.MWBasis)+trust, " · "))
		m.text(mw(d.MW))
		if d.MW != nil && d.MWBasis != dataset.BasisIT {
			m.elem("span", " "+basisLabel(d.MWBasis), "class", "basis-tag")
		}
		m.close("td")
		if d.USDPerMWYear != nil {
			m.elem("td", moneyF(*d.USDPerMWYear), "class", "num")
		} else {
			m.elem("td", notDisclosed, "class", "num nd")
		}
		if full {
			m.elem("td", dataset.CodeLabel(d.Status))
		}
		m.close("tr")
	}
	m.end()
	return m.UI()
}

// counterpartyCell is a cell naming a counterparty: its short display name
// linking to its page, the long name on hover; empty when there is none.
func counterpartyCell(m *markup, id, name string) {
	m.open("td")
	switch {
	case id == "":
		m.elem("span", notDisclosed, "class", "nd")
	case dataset.ShortName(name) != name:
		m.link("/counterparties/"+id, dataset.ShortName(name), "title", name)
	default:
		m.link("/counterparties/"+id, name)
	}
	m.close("td")
}
