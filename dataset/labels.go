package dataset

import "strings"

// codeLabels are the words people read for the codes the data stores
// (deal types and statuses, bases, uses, confidence levels, kinds).
var codeLabels = map[string]string{
	TypeColocation: "Colocation", TypeCloud: "Cloud services", TypeHardware: "Hardware",
	TypeEquity: "Equity", TypeJV: "Joint venture", TypeAcquisition: "Acquisition",
	TypeDivestiture: "Divestiture", TypeFramework: "Framework",

	StatusAnnounced: "Announced", StatusNonBinding: "Non-binding", StatusSigned: "Signed",
	StatusConstruction: "Under construction", StatusEnergizing: "Energizing", StatusEnergized: "Energized",
	StatusTerminated: "Terminated", StatusRejected: "Rejected",

	ValueInitialTerm: "Initial term", ValueIncrement: "Increment", ValueRelationship: "Whole relationship",
	ValuePrice: "Price", ValueEstimate: "Press estimate",

	BasisIT: "Critical IT", BasisGross: "Gross", BasisGeneration: "Generation", BasisUnspecified: "Basis not stated",

	UseMining: "Mining", UseHPC: "AI/HPC", UseMixed: "Mixed",

	MinerPivoting: "Pivoting", MinerExited: "Exited", MinerNonMiner: "Host",

	PrecisionSite: "Site", PrecisionTown: "Town", PrecisionCounty: "County", PrecisionRegion: "Region", PrecisionNone: "Not disclosed",

	"hyperscaler": "Hyperscaler", "neocloud": "Neocloud", "ai-lab": "AI lab", "chipmaker": "Chipmaker",
	InstrumentWarrant: "Warrant", InstrumentShares: "Shares", InstrumentOption: "Option", InstrumentConvertible: "Convertible",

	FinSeniorSecured: "Senior secured notes", FinSeniorNotes: "Senior notes", FinConvertible: "Convertible notes",
	FinProjectLoan: "Project loan", FinTermLoan: "Term loan", FinCredit: "Credit facility",
	FinPreferred: "Preferred equity", FinEquityRaise: "Equity raise",

	AmountIssued: "Issued", AmountFacility: "Facility commitment", AmountDraw: "Draw", AmountProposed: "Proposed",

	"primary": "Primary", "press": "Press", "secondary": "Secondary",
	"approved": "Approved", "queued": "Queued", "under-study": "Under study", "not-disclosed": "Not disclosed",
	"halving": "Halving", "market": "Market", "corporate": "Corporate", "research-note": "Research note", "rule-change": "Rule change",
	"observed": "Observed", "guided": "Guided", "pipeline": "Pipeline",
	"done": "Done", "due": "Due", "met": "Met", "overdue": "Overdue", "superseded": "Superseded",
	"nnn": "Triple net (NNN)", "modified-gross": "Modified gross", "take-or-pay": "Take-or-pay",
	"rofo": "Right of first offer", "rofr": "Right of first refusal",
	"grid": "Grid", "on-site-gas": "On-site gas", "hydro": "Hydro", "nuclear": "Nuclear", "wind": "Wind", "solar": "Solar",

	"financier": "Financier", "supplier": "Supplier", "miner": "Miner", "undisclosed": "Undisclosed", "other": "Other",
}

// CodeLabel is the word for a stored code ("jv" → "Joint venture"); a
// value that is not a code is returned as it is.
func CodeLabel(code string) string {
	if l, ok := codeLabels[code]; ok {
		return l
	}
	return code
}

// IsCode reports whether s is one of the codes CodeLabel names.
func IsCode(s string) bool {
	_, ok := codeLabels[s]
	return ok
}

// ShortName is the display name of a counterparty in tables and charts.
// Undisclosed counterparties are recorded with a long descriptive name
// ("Undisclosed IG hyperscaler (Applied Digital, Delta Forge 1 / Polaris
// Forge 3 / Delta Forge 2)"); the short form keeps the description and the
// first thing that tells two of them apart, the site or project named
// after the miner ("Undisclosed IG hyperscaler (Delta Forge 1)"). Other
// names are returned as they are. The long form stays on hover and on the
// counterparty's page.
func ShortName(name string) string {
	open := strings.Index(name, " (")
	if open < 0 || !strings.HasPrefix(name, "Undisclosed") || !strings.HasSuffix(name, ")") {
		return name
	}
	base, inner := name[:open], name[open+2:len(name)-1]
	parts := strings.Split(inner, ", ")
	tag := parts[0]
	if len(parts) > 1 {
		tag = parts[1]
	}
	if i := strings.Index(tag, " / "); i >= 0 {
		tag = tag[:i]
	}
	return base + " (" + tag + ")"
}
