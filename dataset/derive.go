package dataset

import (
	"slices"
	"sort"
)

// Comparable reports whether the deal's $/MW-yr can be compared with other
// deals': capacity deals (colocation, GPU cloud services, JV leases) whose
// value is a contract value and whose MW is critical IT. Cloud-services deals
// include GPUs and compare only with each other; the UI shows the type beside
// the rate.
func (d *Deal) Comparable() bool {
	switch d.Type {
	case TypeColocation, TypeCloud, TypeJV:
	default:
		return false
	}
	return d.ValueBasis == ValueInitialTerm || d.ValueBasis == ValueIncrement
}

// Contracted reports whether the deal counts toward contracted capacity and
// value: a capacity deal (colocation, cloud services, JV) that is binding and
// not terminated or rejected.
func (d *Deal) Contracted() bool {
	switch d.Type {
	case TypeColocation, TypeCloud, TypeJV:
	default:
		return false
	}
	switch d.Status {
	case StatusSigned, StatusConstruction, StatusEnergizing, StatusEnergized:
		return true
	}
	return false
}

// AnnualValueUSD is the contract value per year of the initial term, or nil
// when the value, its basis or the term is not disclosed.
func (d *Deal) AnnualValueUSD() *float64 {
	if d.ValueUSD == nil || d.TermYears == nil || *d.TermYears <= 0 || !d.Comparable() {
		return nil
	}
	v := *d.ValueUSD / *d.TermYears
	return &v
}

// USDPerMWYear is the annual contract value per critical-IT MW, or nil unless
// the value, the term and the IT MW are known and the deal is Comparable.
func (d *Deal) USDPerMWYear() *float64 {
	a := d.AnnualValueUSD()
	if a == nil || d.MW == nil || *d.MW <= 0 || d.MWBasis != BasisIT {
		return nil
	}
	v := *a / *d.MW
	return &v
}

// DealRow is a deal with the names of the records it points to and its
// derived metrics: what the deals table shows and the query engine filters.
type DealRow struct {
	Deal
	MinerName      string   `json:"miner_name"`
	TenantName     string   `json:"tenant_name"`
	EndUserName    string   `json:"end_user_name,omitempty"`
	GuarantorName  string   `json:"guarantor_name,omitempty"`
	SiteName       string   `json:"site_name,omitempty"`
	Year           string   `json:"year"`
	IsContracted   bool     `json:"contracted"`
	AnnualValueUSD *float64 `json:"annual_value_usd"`
	USDPerMWYear   *float64 `json:"usd_per_mw_year"`
}

// MinerRow is a miner with its capacity by stage (summed over its sites),
// its contracted AI/HPC capacity and value, and its counterparties.
type MinerRow struct {
	Miner
	EnergizedMW    float64 `json:"energized_mw"`
	ConstructionMW float64 `json:"construction_mw"`
	PipelineMW     float64 `json:"pipeline_mw"`
	// UnstagedMW is site power whose stage the sources do not give.
	UnstagedMW float64 `json:"unstaged_mw"`
	TotalMW    float64 `json:"total_mw"`
	// CapacityBasis is the MW basis shared by all its sites, or "mixed".
	CapacityBasis string `json:"capacity_basis"`
	// ContractedMW sums the critical-IT MW of its contracted deals.
	ContractedMW float64 `json:"contracted_mw"`
	// ContractedUnspecifiedMW sums contracted MW whose basis the source does not give.
	ContractedUnspecifiedMW float64 `json:"contracted_unspecified_mw"`
	// ContractedShare is ContractedMW over TotalMW (nil when TotalMW is 0).
	ContractedShare *float64 `json:"contracted_share"`
	// UncontractedMW is TotalMW less all contracted MW, floored at 0.
	UncontractedMW     float64  `json:"uncontracted_mw"`
	ContractedValueUSD float64  `json:"contracted_value_usd"`
	DealCount          int      `json:"deal_count"`
	SiteCount          int      `json:"site_count"`
	Tenants            []string `json:"tenants"`

	// staged reports whether any site gives energized, construction,
	// pipeline or unstaged MW: a stage none gives is not disclosed, not 0.
	staged [4]bool
}

// SiteRow is a site with its owner's name and the deals placed at it.
type SiteRow struct {
	Site
	MinerName    string   `json:"miner_name"`
	TotalMW      float64  `json:"total_mw"`
	ContractedMW float64  `json:"contracted_mw"`
	DealCount    int      `json:"deal_count"`
	Tenants      []string `json:"tenants"`
}

func val(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// rows computes the derived rows of a dataset.
func rows(d *Dataset) ([]DealRow, []MinerRow, []SiteRow) {
	minerName := map[string]string{}
	for _, m := range d.Miners {
		minerName[m.ID] = m.Name
	}
	cpName := map[string]string{}
	for _, c := range d.Counterparties {
		cpName[c.ID] = c.Name
	}
	siteName := map[string]string{}
	for _, s := range d.Sites {
		siteName[s.ID] = s.Name
	}

	deals := make([]DealRow, len(d.Deals))
	for i, dl := range d.Deals {
		deals[i] = DealRow{
			Deal: dl, MinerName: minerName[dl.Miner], TenantName: cpName[dl.Tenant],
			EndUserName: cpName[dl.EndUser], GuarantorName: cpName[dl.Guarantor],
			SiteName: siteName[dl.Site], Year: dl.Announced.Year(), IsContracted: dl.Contracted(),
			AnnualValueUSD: dl.AnnualValueUSD(), USDPerMWYear: dl.USDPerMWYear(),
		}
	}

	sites := make([]SiteRow, len(d.Sites))
	siteIdx := map[string]int{}
	for i, s := range d.Sites {
		sites[i] = SiteRow{Site: s, MinerName: minerName[s.Miner], Tenants: []string{},
			TotalMW: val(s.EnergizedMW) + val(s.ConstructionMW) + val(s.PipelineMW) + val(s.UnstagedMW)}
		siteIdx[s.ID] = i
	}

	miners := make([]MinerRow, len(d.Miners))
	minerIdx := map[string]int{}
	for i, m := range d.Miners {
		miners[i] = MinerRow{Miner: m, Tenants: []string{}}
		minerIdx[m.ID] = i
	}
	for _, s := range d.Sites {
		i, ok := minerIdx[s.Miner]
		if !ok {
			continue
		}
		r := &miners[i]
		r.SiteCount++
		r.EnergizedMW += val(s.EnergizedMW)
		r.ConstructionMW += val(s.ConstructionMW)
		r.PipelineMW += val(s.PipelineMW)
		r.UnstagedMW += val(s.UnstagedMW)
		for j, v := range []*float64{s.EnergizedMW, s.ConstructionMW, s.PipelineMW, s.UnstagedMW} {
			r.staged[j] = r.staged[j] || v != nil
		}
		if s.EnergizedMW != nil || s.ConstructionMW != nil || s.PipelineMW != nil || s.UnstagedMW != nil {
			switch r.CapacityBasis {
			case "":
				r.CapacityBasis = s.Basis
			case s.Basis:
			default:
				r.CapacityBasis = "mixed"
			}
		}
	}
	for _, dl := range deals {
		if i, ok := minerIdx[dl.Miner]; ok {
			r := &miners[i]
			r.DealCount++
			if dl.IsContracted {
				switch dl.MWBasis {
				case BasisIT:
					r.ContractedMW += val(dl.MW)
				case BasisUnspecified, BasisGross:
					r.ContractedUnspecifiedMW += val(dl.MW)
				}
				if dl.ValueBasis == ValueInitialTerm || dl.ValueBasis == ValueIncrement {
					r.ContractedValueUSD += val(dl.ValueUSD)
				}
			}
			if dl.TenantName != "" && !slices.Contains(r.Tenants, dl.TenantName) {
				r.Tenants = append(r.Tenants, dl.TenantName)
			}
		}
		if i, ok := siteIdx[dl.Site]; ok {
			s := &sites[i]
			s.DealCount++
			if dl.IsContracted {
				s.ContractedMW += val(dl.MW)
			}
			if dl.TenantName != "" && !slices.Contains(s.Tenants, dl.TenantName) {
				s.Tenants = append(s.Tenants, dl.TenantName)
			}
		}
	}
	for i := range miners {
		r := &miners[i]
		r.TotalMW = r.EnergizedMW + r.ConstructionMW + r.PipelineMW + r.UnstagedMW
		if r.TotalMW > 0 {
			share := r.ContractedMW / r.TotalMW
			r.ContractedShare = &share
		}
		r.UncontractedMW = max(0, r.TotalMW-r.ContractedMW-r.ContractedUnspecifiedMW)
		sort.Strings(r.Tenants)
	}
	for i := range sites {
		sort.Strings(sites[i].Tenants)
	}
	return deals, miners, sites
}
