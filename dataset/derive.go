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
	// Grade is derived from the deal's best source (see GradeOf).
	Grade string `json:"grade"`
}

// MinerRow is a miner with its capacity by stage (summed over its sites),
// its contracted AI/HPC capacity and value, and its counterparties.
//
// Unknown is never 0: a capacity sum is nil when none of the miner's sites
// discloses that stage (and when it has no site on record), and each
// *Undisclosed count says how many of its sites leave the figure out. The
// contracted sums are 0 only when ContractedDealCount is 0 (nothing to
// add), nil when there are contracted deals but none gives the figure.
type MinerRow struct {
	Miner
	EnergizedMW    *float64 `json:"energized_mw"`
	ConstructionMW *float64 `json:"construction_mw"`
	PipelineMW     *float64 `json:"pipeline_mw"`
	// UnstagedMW is site power whose stage the sources do not give.
	UnstagedMW *float64 `json:"unstaged_mw"`
	TotalMW    *float64 `json:"total_mw"`
	// EnergizedMWUndisclosed and the others count the sites that do not
	// give that stage; TotalMWUndisclosed those that give no MW at all.
	EnergizedMWUndisclosed    int `json:"energized_mw_undisclosed"`
	ConstructionMWUndisclosed int `json:"construction_mw_undisclosed"`
	PipelineMWUndisclosed     int `json:"pipeline_mw_undisclosed"`
	TotalMWUndisclosed        int `json:"total_mw_undisclosed"`
	// CapacityBasis is the MW basis shared by all its sites, or "mixed".
	CapacityBasis string `json:"capacity_basis"`
	// ContractedDealCount counts its contracted deals (Deal.Contracted).
	ContractedDealCount int `json:"contracted_deal_count"`
	// ContractedMW sums the critical-IT MW of its contracted deals.
	ContractedMW *float64 `json:"contracted_mw"`
	// ContractedMWUndisclosed counts contracted deals that give no MW.
	ContractedMWUndisclosed int `json:"contracted_mw_undisclosed"`
	// ContractedUnspecifiedMW sums contracted MW given on a gross or
	// unspecified basis; nil when no contracted deal gives MW on such a basis.
	ContractedUnspecifiedMW *float64 `json:"contracted_unspecified_mw"`
	// ContractedShare is ContractedMW over TotalMW (nil when either is unknown or TotalMW is 0).
	ContractedShare *float64 `json:"contracted_share"`
	// UncontractedMW is TotalMW less all contracted MW, floored at 0; nil when TotalMW is.
	UncontractedMW *float64 `json:"uncontracted_mw"`
	// ContractedValueUSD sums the initial-term and increment values of its contracted deals.
	ContractedValueUSD *float64 `json:"contracted_value_usd"`
	// ContractedValueUndisclosed counts contracted deals with no such value.
	ContractedValueUndisclosed int      `json:"contracted_value_undisclosed"`
	DealCount                  int      `json:"deal_count"`
	SiteCount                  int      `json:"site_count"`
	Tenants                    []string `json:"tenants"`
	// MinerTerms are the warrant and financing figures (terms.go).
	MinerTerms
	// Grade is derived from the miner's best source (see GradeOf).
	Grade string `json:"grade"`
}

// SiteRow is a site with its owner's name and the deals placed at it.
type SiteRow struct {
	Site
	MinerName string `json:"miner_name"`
	// TotalMW sums the stages the site discloses; nil when it discloses none.
	TotalMW *float64 `json:"total_mw"`
	// ContractedDealCount counts the contracted deals placed at the site.
	ContractedDealCount int `json:"contracted_deal_count"`
	// ContractedMW sums their MW, whatever the basis: 0 when there is no
	// contracted deal, nil when there are some but none gives MW.
	ContractedMW *float64 `json:"contracted_mw"`
	// ContractedMWUndisclosed counts contracted deals at the site that give no MW.
	ContractedMWUndisclosed int      `json:"contracted_mw_undisclosed"`
	DealCount               int      `json:"deal_count"`
	Tenants                 []string `json:"tenants"`
	// Grade is derived from the site's best source (see GradeOf).
	Grade string `json:"grade"`
}

func val(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// addTo adds a disclosed figure to a nullable sum: the sum stays nil until
// a figure is added. A nil v adds nothing.
func addTo(sum **float64, v *float64) {
	if v == nil {
		return
	}
	if *sum == nil {
		x := 0.0
		*sum = &x
	}
	**sum += *v
}

// zeroIfNone returns a pointer to 0 when count is 0 (nothing to add: the
// sum is truly 0), else p as it is.
func zeroIfNone(p *float64, count int) *float64 {
	if count == 0 && p == nil {
		return ptr(0)
	}
	return p
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
			AnnualValueUSD: dl.AnnualValueUSD(), USDPerMWYear: dl.USDPerMWYear(), Grade: GradeOf(dl.Sources),
		}
	}

	sites := make([]SiteRow, len(d.Sites))
	siteIdx := map[string]int{}
	for i, s := range d.Sites {
		sites[i] = SiteRow{Site: s, MinerName: minerName[s.Miner], Tenants: []string{}, Grade: GradeOf(s.Sources)}
		for _, v := range []*float64{s.EnergizedMW, s.ConstructionMW, s.PipelineMW, s.UnstagedMW} {
			addTo(&sites[i].TotalMW, v)
		}
		siteIdx[s.ID] = i
	}

	miners := make([]MinerRow, len(d.Miners))
	minerIdx := map[string]int{}
	for i, m := range d.Miners {
		miners[i] = MinerRow{Miner: m, Tenants: []string{}, Grade: GradeOf(m.Sources)}
		minerIdx[m.ID] = i
	}
	for _, s := range d.Sites {
		i, ok := minerIdx[s.Miner]
		if !ok {
			continue
		}
		r := &miners[i]
		r.SiteCount++
		addTo(&r.EnergizedMW, s.EnergizedMW)
		addTo(&r.ConstructionMW, s.ConstructionMW)
		addTo(&r.PipelineMW, s.PipelineMW)
		addTo(&r.UnstagedMW, s.UnstagedMW)
		for _, f := range []struct {
			v *float64
			n *int
		}{{s.EnergizedMW, &r.EnergizedMWUndisclosed}, {s.ConstructionMW, &r.ConstructionMWUndisclosed}, {s.PipelineMW, &r.PipelineMWUndisclosed}} {
			if f.v == nil {
				*f.n++
			}
		}
		if s.EnergizedMW != nil || s.ConstructionMW != nil || s.PipelineMW != nil || s.UnstagedMW != nil {
			switch r.CapacityBasis {
			case "":
				r.CapacityBasis = s.Basis
			case s.Basis:
			default:
				r.CapacityBasis = "mixed"
			}
		} else {
			r.TotalMWUndisclosed++
		}
	}
	for _, dl := range deals {
		if i, ok := minerIdx[dl.Miner]; ok {
			r := &miners[i]
			r.DealCount++
			if dl.IsContracted {
				r.ContractedDealCount++
				switch {
				case dl.MW == nil:
					r.ContractedMWUndisclosed++
				case dl.MWBasis == BasisIT:
					addTo(&r.ContractedMW, dl.MW)
				case dl.MWBasis == BasisUnspecified || dl.MWBasis == BasisGross:
					addTo(&r.ContractedUnspecifiedMW, dl.MW)
				}
				if dl.ValueUSD != nil && (dl.ValueBasis == ValueInitialTerm || dl.ValueBasis == ValueIncrement) {
					addTo(&r.ContractedValueUSD, dl.ValueUSD)
				} else {
					r.ContractedValueUndisclosed++
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
				s.ContractedDealCount++
				if dl.MW == nil {
					s.ContractedMWUndisclosed++
				}
				addTo(&s.ContractedMW, dl.MW)
			}
			if dl.TenantName != "" && !slices.Contains(s.Tenants, dl.TenantName) {
				s.Tenants = append(s.Tenants, dl.TenantName)
			}
		}
	}
	for i := range miners {
		r := &miners[i]
		for _, v := range []*float64{r.EnergizedMW, r.ConstructionMW, r.PipelineMW, r.UnstagedMW} {
			addTo(&r.TotalMW, v)
		}
		r.ContractedMW = zeroIfNone(r.ContractedMW, r.ContractedDealCount)
		r.ContractedValueUSD = zeroIfNone(r.ContractedValueUSD, r.ContractedDealCount)
		if r.TotalMW != nil {
			if *r.TotalMW > 0 && r.ContractedMW != nil {
				r.ContractedShare = ptr(*r.ContractedMW / *r.TotalMW)
			}
			r.UncontractedMW = ptr(max(0, *r.TotalMW-val(r.ContractedMW)-val(r.ContractedUnspecifiedMW)))
		}
		sort.Strings(r.Tenants)
	}
	for i := range sites {
		s := &sites[i]
		s.ContractedMW = zeroIfNone(s.ContractedMW, s.ContractedDealCount)
		sort.Strings(s.Tenants)
	}
	return deals, miners, sites
}
