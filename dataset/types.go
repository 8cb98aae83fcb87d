// Package dataset is the domain of Powerbrokers: the records (miners, sites,
// deals, counterparties, aggregates), their validation, the derived metrics
// and the query engine. It imports only the standard library, because it is
// compiled both into the server and into the WebAssembly client, which must
// compute exactly the same answers offline.
//
// Units are fixed by field name: *_usd in US dollars, *_mw in megawatts,
// *_years in years, dates as "YYYY", "YYYY-MM" or "YYYY-MM-DD". A nil pointer
// means "not disclosed" and is never the same as zero.
package dataset

// Source is one public document a figure comes from.
type Source struct {
	URL       string `json:"url"`
	Publisher string `json:"publisher"`
	Title     string `json:"title,omitempty"`
	// Date is the publication date of the document ("" when the page gives none).
	Date Date `json:"date,omitempty"`
	// Kind says what the document is: one of SourceKinds (filing, company,
	// newswire, press, research, aggregator). A record's grade derives from it.
	Kind string `json:"kind"`
	// Note says what the source supports when a record cites several.
	Note string `json:"note,omitempty"`
}

// MW bases: what a megawatt figure measures.
const (
	BasisIT          = "critical-it" // power delivered to IT equipment; what leases are priced on
	BasisGross       = "gross"       // utility / interconnect / site power, IT plus cooling and losses
	BasisGeneration  = "generation"  // on-site generation capacity
	BasisUnspecified = "unspecified" // the source does not say
)

// MWBases lists the valid MW bases.
var MWBases = []string{BasisIT, BasisGross, BasisGeneration, BasisUnspecified}

// Miner statuses: where a company stands in its move away from Bitcoin mining.
const (
	MinerMining   = "mining"   // mines Bitcoin, AI/HPC plans at most
	MinerPivoting = "pivoting" // mines and runs or builds AI/HPC capacity
	MinerExited   = "exited"   // former miner, no longer mines Bitcoin
	MinerNonMiner = "host"     // hosting/data-center operator with a mining past but no own fleet
)

// MinerStatuses lists the valid miner statuses.
var MinerStatuses = []string{MinerMining, MinerPivoting, MinerExited, MinerNonMiner}

// Miner is a company that mines, or used to mine, Bitcoin (or another coin)
// and now supplies power and data-center capacity for AI/HPC.
type Miner struct {
	// ID is a short, stable, lowercase slug of the common name ("iren", "core-scientific").
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Ticker      string   `json:"ticker,omitempty"`
	Exchange    string   `json:"exchange,omitempty"`
	HQ          string   `json:"hq,omitempty"`
	Country     string   `json:"country,omitempty"` // ISO 3166-1 alpha-2 of the HQ
	FormerNames []string `json:"former_names,omitempty"`
	Status      string   `json:"status"` // one of MinerStatuses
	Strategy    string   `json:"strategy,omitempty"`
	// Hashrate is the latest sourced Bitcoin hashrate, if any.
	Hashrate *Hashrate `json:"hashrate,omitempty"`
	// Capacity holds dated power disclosures of the whole company, oldest first.
	Capacity []CapacityPoint `json:"capacity,omitempty"`
	// Verified is the date the record's figures were last checked against its sources.
	Verified Date `json:"verified"`
	// Confidence is an optional grade claim; the grade is derived from the
	// sources (see GradeOf) and a claim above it is refused.
	Confidence string   `json:"confidence,omitempty"`
	Notes      string   `json:"notes,omitempty"`
	Sources    []Source `json:"sources"`
}

// Hashrate is a Bitcoin hashrate disclosure.
type Hashrate struct {
	EHs *float64 `json:"eh_s"`
	// Basis is "realized", "installed", "operating" or "target".
	Basis   string   `json:"basis,omitempty"`
	AsOf    Date     `json:"as_of"`
	Note    string   `json:"note,omitempty"`
	Sources []Source `json:"sources"`
}

// CapacityPoint is a company's power capacity by stage at one date, as disclosed.
type CapacityPoint struct {
	AsOf           Date     `json:"as_of"`
	EnergizedMW    *float64 `json:"energized_mw"`
	ConstructionMW *float64 `json:"construction_mw"`
	PipelineMW     *float64 `json:"pipeline_mw"`
	// ContractedMW is AI/HPC capacity under contract at that date, as the company reported it.
	ContractedMW *float64 `json:"contracted_mw,omitempty"`
	Basis        string   `json:"basis"` // one of MWBases
	Note         string   `json:"note,omitempty"`
	Sources      []Source `json:"sources"`
}

// Site uses.
const (
	UseMining = "mining"
	UseHPC    = "hpc"
	UseMixed  = "mixed"
)

// SiteUses lists the valid site uses.
var SiteUses = []string{UseMining, UseHPC, UseMixed}

// Location precisions of a site's lat/lon.
const (
	PrecisionSite   = "site"   // the site itself
	PrecisionTown   = "town"   // town centroid
	PrecisionCounty = "county" // county centroid
	PrecisionRegion = "region" // state or province only; no pin is placed exactly
	PrecisionNone   = "none"   // location not disclosed
)

// Precisions lists the valid location precisions.
var Precisions = []string{PrecisionSite, PrecisionTown, PrecisionCounty, PrecisionRegion, PrecisionNone}

// Site is one campus or facility, with its power by stage.
type Site struct {
	ID      string   `json:"id"`
	Miner   string   `json:"miner"` // Miner.ID of the owner or operator
	Name    string   `json:"name"`
	City    string   `json:"city,omitempty"`
	Region  string   `json:"region,omitempty"` // state or province, e.g. "TX"
	Country string   `json:"country"`          // ISO 3166-1 alpha-2
	Lat     *float64 `json:"lat"`
	Lon     *float64 `json:"lon"`
	// LocationPrecision says how exact Lat/Lon are (town centroids are the norm).
	LocationPrecision string `json:"location_precision"`
	Use               string `json:"use"` // one of SiteUses
	// Power by stage, all in Basis.
	EnergizedMW    *float64 `json:"energized_mw"`
	ConstructionMW *float64 `json:"construction_mw"`
	PipelineMW     *float64 `json:"pipeline_mw"`
	// UnstagedMW is power the sources give without saying which stage it is
	// in; it counts in totals but never as energized, construction or pipeline.
	UnstagedMW *float64 `json:"unstaged_mw,omitempty"`
	Basis      string   `json:"basis"` // one of MWBases
	// ITMW is the critical-IT capacity planned or leased at the site, when disclosed.
	ITMW *float64 `json:"it_mw,omitempty"`
	AsOf Date     `json:"as_of"`
	// Milestones are the site's dated steps, observed or guided, oldest first.
	Milestones []Milestone `json:"milestones,omitempty"`
	PriorUse   string      `json:"prior_use,omitempty"`
	// SitePower is the power source, ISO, interconnection and rules (terms.go).
	SitePower
	// Verified is the date the record's figures were last checked against its sources.
	Verified Date `json:"verified"`
	// Confidence is an optional grade claim (see Miner.Confidence).
	Confidence string   `json:"confidence,omitempty"`
	Notes      string   `json:"notes,omitempty"`
	Sources    []Source `json:"sources"`
}

// Deal types.
const (
	TypeColocation  = "colocation"     // lease / hosting of powered shell or data hall
	TypeCloud       = "cloud-services" // GPU cloud services, the miner owns the GPUs
	TypeHardware    = "hardware"       // GPU / server purchase
	TypeEquity      = "equity"         // equity, warrants, strategic investment
	TypeJV          = "jv"             // joint venture
	TypeAcquisition = "acquisition"    // M&A, takeover offer, stake purchase
	TypeDivestiture = "divestiture"    // sale of a business
	TypeFramework   = "framework"      // partnership, MOU, LOI, non-binding
)

// DealTypes lists the valid deal types.
var DealTypes = []string{TypeColocation, TypeCloud, TypeHardware, TypeEquity, TypeJV, TypeAcquisition, TypeDivestiture, TypeFramework}

// Deal statuses, roughly in lifecycle order.
const (
	StatusAnnounced    = "announced"
	StatusNonBinding   = "non-binding"
	StatusSigned       = "signed"
	StatusConstruction = "construction"
	StatusEnergizing   = "energizing"
	StatusEnergized    = "energized"
	StatusTerminated   = "terminated"
	StatusRejected     = "rejected"
)

// DealStatuses lists the valid deal statuses.
var DealStatuses = []string{StatusAnnounced, StatusNonBinding, StatusSigned, StatusConstruction, StatusEnergizing, StatusEnergized, StatusTerminated, StatusRejected}

// Value bases: what ValueUSD measures.
const (
	ValueInitialTerm  = "initial-term" // base-term total contract value
	ValueIncrement    = "increment"    // the increment an expansion adds (derived by difference)
	ValueRelationship = "relationship" // cumulative value of a relationship
	ValuePrice        = "price"        // price paid (M&A, equity, hardware)
	ValueEstimate     = "estimate"     // press estimate, not a company TCV
)

// ValueBases lists the valid value bases.
var ValueBases = []string{ValueInitialTerm, ValueIncrement, ValueRelationship, ValuePrice, ValueEstimate}

// Deal is one AI/HPC agreement a miner signed (or was offered, or terminated).
type Deal struct {
	// ID is a stable slug: "<miner>-<tenant>-<yyyy-mm>[-n]".
	ID    string `json:"id"`
	Title string `json:"title"`
	Miner string `json:"miner"` // Miner.ID of the landlord / provider
	// Tenant is the Counterparty.ID of the customer, buyer, investor or partner.
	Tenant string `json:"tenant"`
	// EndUser is the Counterparty.ID of the party that uses the capacity, when it differs from Tenant.
	EndUser string `json:"end_user,omitempty"`
	// Guarantor is the Counterparty.ID of the party backstopping the tenant's obligations.
	Guarantor    string   `json:"guarantor,omitempty"`
	GuaranteeUSD *float64 `json:"guarantee_usd,omitempty"`
	// PrepaymentUSD is the rent the tenant pays in advance, when disclosed.
	PrepaymentUSD *float64 `json:"prepayment_usd,omitempty"`
	Type          string   `json:"type"` // one of DealTypes
	Announced     Date     `json:"announced"`
	// ValueUSD is the contract value, measured as ValueBasis.
	ValueUSD   *float64 `json:"value_usd"`
	ValueBasis string   `json:"value_basis,omitempty"` // one of ValueBases; required with ValueUSD
	// ValueWithExtUSD is the value if every extension or renewal option is exercised.
	ValueWithExtUSD *float64 `json:"value_with_ext_usd,omitempty"`
	TermYears       *float64 `json:"term_years"`
	Extensions      string   `json:"extensions,omitempty"` // e.g. "2 x 5 years"
	// MW is the deal's capacity in MWBasis; for expansions, the increment.
	MW      *float64 `json:"mw"`
	MWBasis string   `json:"mw_basis,omitempty"` // one of MWBases; required with MW
	// GrossMW is the gross/utility power when MW is critical IT and both are disclosed.
	GrossMW *float64 `json:"gross_mw,omitempty"`
	// Share is the miner's ownership share of a joint venture (0 to 1), when
	// disclosed; Value and MW are the whole JV's (100%).
	Share      *float64 `json:"share,omitempty"`
	Site       string   `json:"site,omitempty"` // Site.ID
	Status     string   `json:"status"`         // one of DealStatuses
	StatusAsOf Date     `json:"status_as_of,omitempty"`
	// DealTerms are the lease, option, renewal and currency terms (terms.go).
	DealTerms
	// Verified is the date the record's figures were last checked against its sources.
	Verified Date `json:"verified"`
	// Confidence is an optional grade claim (see Miner.Confidence).
	Confidence string   `json:"confidence,omitempty"`
	Notes      string   `json:"notes,omitempty"`
	Sources    []Source `json:"sources"`
}

// Counterparty kinds.
var CounterpartyKinds = []string{"hyperscaler", "neocloud", "ai-lab", "chipmaker", "financier", "supplier", "miner", "undisclosed", "other"}

// Counterparty is a tenant, guarantor, buyer, investor or partner in a deal.
type Counterparty struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Kind   string `json:"kind"` // one of CounterpartyKinds
	Parent string `json:"parent,omitempty"`
	// FormerNames lists earlier names of a renamed company (Name is the current one).
	FormerNames []string `json:"former_names,omitempty"`
	Notes       string   `json:"notes,omitempty"`
}

// Aggregate is an industry-level figure published by a third party
// (a bank note, a research house), kept as its own record.
type Aggregate struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Value    string   `json:"value"` // as published, e.g. ">$90B covering ~3.7 GW"
	ValueUSD *float64 `json:"value_usd,omitempty"`
	MW       *float64 `json:"mw,omitempty"`
	MWBasis  string   `json:"mw_basis,omitempty"`
	Who      string   `json:"who"`
	Date     Date     `json:"date"`
	Notes    string   `json:"notes,omitempty"`
	Sources  []Source `json:"sources"`
}

// Meta describes a dataset as a whole.
type Meta struct {
	// Revision increases with every published edit of the seed; the server
	// reloads its store when the embedded seed's revision is higher.
	Revision int `json:"revision"`
	// AsOf is the date of the newest source the dataset reflects.
	AsOf  Date   `json:"as_of"`
	Title string `json:"title,omitempty"`
	Notes string `json:"notes,omitempty"`
}

// Dataset is every record of the explorer.
type Dataset struct {
	Meta           Meta           `json:"meta"`
	Miners         []Miner        `json:"miners"`
	Sites          []Site         `json:"sites"`
	Deals          []Deal         `json:"deals"`
	Counterparties []Counterparty `json:"counterparties"`
	Aggregates     []Aggregate    `json:"aggregates"`
	// Equity and Financing are the equity/warrant and financing records (equity.go, financing.go).
	Equity    []Equity    `json:"equity"`
	Financing []Financing `json:"financing"`
	// Events are the dated, sourced happenings the time charts mark (events.go).
	Events []Event `json:"events"`
	// Corrections logs the figures an audit changed, with their sources.
	Corrections []Correction `json:"corrections,omitempty"`
	// Denylist holds the source domains Validate refuses (denylist.txt of
	// a seed directory); it is not part of the data and is not encoded.
	Denylist *Denylist `json:"-"`
}
