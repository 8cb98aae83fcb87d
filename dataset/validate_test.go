package dataset_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

func loadFixture(t *testing.T) *dataset.Dataset {
	t.Helper()
	d, err := dataset.Load(os.DirFS("testdata/small"))
	require.NoError(t, err)
	return d
}

func TestValidateRules(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(d *dataset.Dataset)
		want   string
	}{
		{"unknown miner", func(d *dataset.Dataset) { d.Deals[0].Miner = "nobody" }, `deals.json: iren-microsoft-2025-11: miner: unknown miner "nobody"`},
		{"unknown tenant", func(d *dataset.Dataset) { d.Deals[0].Tenant = "acme" }, `deals.json: iren-microsoft-2025-11: tenant: unknown counterparty "acme"`},
		{"unknown guarantor", func(d *dataset.Dataset) { d.Deals[1].Guarantor = "acme" }, `guarantor: unknown counterparty "acme"`},
		{"unknown site", func(d *dataset.Dataset) { d.Deals[0].Site = "atlantis" }, `deals.json: iren-microsoft-2025-11: site: unknown site "atlantis"`},
		{"site of unknown miner", func(d *dataset.Dataset) { d.Sites[0].Miner = "nobody" }, `sites.json: childress: miner: unknown miner "nobody"`},
		{"duplicate id", func(d *dataset.Dataset) { d.Deals[1].ID = d.Deals[0].ID }, `deals.json: iren-microsoft-2025-11: id: duplicate id "iren-microsoft-2025-11"`},
		{"id not a slug", func(d *dataset.Dataset) { d.Miners[0].ID = "IREN Ltd" }, `miners.json: IREN Ltd: id: "IREN Ltd" is not a lowercase slug`},
		{"missing id", func(d *dataset.Dataset) { d.Counterparties[0].ID = "" }, `counterparties.json: #1: id: is required`},
		{"bad date", func(d *dataset.Dataset) { d.Deals[0].Announced = "2025-13-03" }, `deals.json: iren-microsoft-2025-11: announced: "2025-13-03" is not a valid date`},
		{"bad date form", func(d *dataset.Dataset) { d.Deals[0].Announced = "Nov 2025" }, `announced: "Nov 2025" is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD`},
		{"missing date", func(d *dataset.Dataset) { d.Deals[0].Announced = "" }, `announced: is required`},
		{"negative MW", func(d *dataset.Dataset) { d.Deals[0].MW = ptr(-5) }, `deals.json: iren-microsoft-2025-11: mw: must not be negative (got -5)`},
		{"negative site MW", func(d *dataset.Dataset) { d.Sites[0].EnergizedMW = ptr(-1) }, `sites.json: childress: energized_mw: must not be negative`},
		{"MW without basis", func(d *dataset.Dataset) { d.Deals[0].MWBasis = "" }, `mw_basis: is required when a MW figure is given`},
		{"value without basis", func(d *dataset.Dataset) { d.Deals[0].ValueBasis = "" }, `deals.json: iren-microsoft-2025-11: value_basis: is required when a value is given`},
		{"unknown value basis", func(d *dataset.Dataset) { d.Deals[0].ValueBasis = "eur" }, `value_basis: "eur" is not one of`},
		{"extension below base", func(d *dataset.Dataset) { d.Deals[1].ValueWithExtUSD = ptr(1) }, `value_with_ext_usd: 1 is less than value_usd`},
		{"zero term", func(d *dataset.Dataset) { d.Deals[0].TermYears = ptr(0) }, `term_years: must be positive (got 0); leave it out when not disclosed`},
		{"missing source", func(d *dataset.Dataset) { d.Deals[0].Sources = nil }, `deals.json: iren-microsoft-2025-11: sources: at least one source is required`},
		{"non-http URL", func(d *dataset.Dataset) { d.Deals[0].Sources[0].URL = "ftp://example.com/x" }, `sources[0].url: "ftp://example.com/x" is not an http(s) URL`},
		{"relative URL", func(d *dataset.Dataset) { d.Miners[0].Sources[0].URL = "/news/1" }, `miners.json: iren: sources[0].url: "/news/1" is not an http(s) URL`},
		{"missing publisher", func(d *dataset.Dataset) { d.Deals[0].Sources[0].Publisher = "" }, `sources[0].publisher: is required`},
		{"latitude out of range", func(d *dataset.Dataset) { d.Sites[0].Lat = ptr(134.4) }, `sites.json: childress: lat: 134.4 is out of range [-90, 90]`},
		{"longitude out of range", func(d *dataset.Dataset) { d.Sites[0].Lon = ptr(-200) }, `sites.json: childress: lon: -200 is out of range [-180, 180]`},
		{"lat without lon", func(d *dataset.Dataset) { d.Sites[0].Lon = nil }, `lat: lat and lon must be given together`},
		{"unknown type", func(d *dataset.Dataset) { d.Deals[0].Type = "lease" }, `type: "lease" is not one of colocation, cloud-services`},
		{"unknown status", func(d *dataset.Dataset) { d.Deals[0].Status = "done" }, `status: "done" is not one of`},
		{"unknown confidence", func(d *dataset.Dataset) { d.Miners[1].Confidence = "press-release" }, `miners.json: terawulf: confidence: "press-release" is not a grade (primary, press, secondary)`},
		{"confidence above the sources", func(d *dataset.Dataset) { d.Miners[1].Confidence = "primary" },
			`miners.json: terawulf: confidence: claims "primary" but the best source supports only "secondary" (aggregator)`},
		{"deal claiming primary on press", func(d *dataset.Dataset) { d.Deals[0].Confidence = "primary" }, `deals.json: iren-microsoft-2025-11: confidence: claims "primary" but the best source supports only "press" (press)`},
		{"missing source kind", func(d *dataset.Dataset) { d.Deals[0].Sources[0].Kind = "" }, `deals.json: iren-microsoft-2025-11: sources[0].kind: is required (one of filing, company, newswire, press, research, aggregator)`},
		{"unknown source kind", func(d *dataset.Dataset) { d.Sites[0].Sources[0].Kind = "blog" }, `sites.json: childress: sources[0].kind: "blog" is not one of filing`},
		{"nested source kind", func(d *dataset.Dataset) { d.Miners[0].Hashrate.Sources[0].Kind = "" }, `miners.json: iren: hashrate.sources[0].kind: is required`},
		{"denylisted source", func(d *dataset.Dataset) {
			d.Deals[0].Sources[0].URL = "https://www.binance.com/it/square/post/16789785342705"
		},
			`deals.json: iren-microsoft-2025-11: sources[0].url: "https://www.binance.com/it/square/post/16789785342705" is on the denylist (binance.com/square: Exchange social feeds; denylist.txt line 4)`},
		{"denylisted subdomain", func(d *dataset.Dataset) {
			d.Miners[0].Capacity[0].Sources[0].URL = "https://app.level-up-casino-app.com/x"
		},
			`miners.json: iren: capacity[0].sources[0].url: "https://app.level-up-casino-app.com/x" is on the denylist (level-up-casino-app.com`},
		{"missing verified", func(d *dataset.Dataset) { d.Deals[0].Verified = "" }, `deals.json: iren-microsoft-2025-11: verified: is required`},
		{"partial verified", func(d *dataset.Dataset) { d.Sites[0].Verified = "2025-11" }, `sites.json: childress: verified: 2025-11: give the full date the figures were checked (YYYY-MM-DD)`},
		{"verified before a source", func(d *dataset.Dataset) { d.Deals[1].Verified = "2025-08-01" }, `deals.json: terawulf-fluidstack-2025-08: verified: 2025-08-01 is before sources[0]'s date 2025-08-14`},
		{"milestone stage", func(d *dataset.Dataset) { d.Sites[0].Milestones[0].Stage = "live" }, `sites.json: childress: milestones[0].stage: "live" is not one of energized, construction, pipeline`},
		{"milestone kind", func(d *dataset.Dataset) { d.Sites[0].Milestones[1].Kind = "" }, `sites.json: childress: milestones[1].kind: "" is not one of observed, guided`},
		{"milestone MW without basis", func(d *dataset.Dataset) { d.Sites[0].Milestones[0].Basis = "" }, `sites.json: childress: milestones[0].basis: is required when a MW figure is given`},
		{"milestone date", func(d *dataset.Dataset) { d.Sites[0].Milestones[0].Date = "Q3 2026" }, `sites.json: childress: milestones[0].date: "Q3 2026" is not a valid date of the form YYYY-MM`},
		{"milestone sources", func(d *dataset.Dataset) { d.Sites[0].Milestones[0].Sources = nil }, `sites.json: childress: milestones[0].sources: at least one source is required`},
		{"observed in the future", func(d *dataset.Dataset) {
			d.Sites[0].Milestones[0].Date = "2026-01"
			d.Sites[0].Milestones[0].Announced = ""
		},
			`sites.json: childress: milestones[0].date: 2026-01 is after the site's verified date 2025-11-03`},
		{"observed reported before it happened", func(d *dataset.Dataset) { d.Sites[0].Milestones[0].Announced = "2025-03-01" },
			`sites.json: childress: milestones[0].announced: 2025-03-01 is before the observed date 2025-04`},
		{"former name is the name", func(d *dataset.Dataset) { d.Counterparties[1].FormerNames = []string{"fluidstack"} }, `counterparties.json: fluidstack: former_names[0]: "fluidstack" is empty or the current name`},
		{"share outside a JV", func(d *dataset.Dataset) { d.Deals[0].Share = ptr(0.5) }, `deals.json: iren-microsoft-2025-11: share: applies only to a joint venture`},
		{"correction of an unknown record", func(d *dataset.Dataset) { d.Corrections[0].Record = "deals/nope" }, `corrections.json: #1 deals/nope: record: no record deals/nope`},
		{"correction kind", func(d *dataset.Dataset) { d.Corrections[0].Error = "typo" }, `corrections.json: #1 deals/iren-microsoft-2025-11: error: "typo" is not one of date, name`},
		{"correction without sources", func(d *dataset.Dataset) { d.Corrections[0].Sources = nil }, `corrections.json: #1 deals/iren-microsoft-2025-11: sources: at least one source is required`},
		{"correction out of step", func(d *dataset.Dataset) { d.Deals[0].Announced = "2025-11-05" },
			`corrections.json: #1 deals/iren-microsoft-2025-11: to: "2025-11-03" but the record's announced is "2025-11-05": the latest correction must hold the record's value`},
		{"correction of an unknown field", func(d *dataset.Dataset) { d.Corrections[0].Field = "anounced" }, `corrections.json: #1 deals/iren-microsoft-2025-11: field: "anounced" is not a field of deals`},
		{"stale pending", func(d *dataset.Dataset) { d.Sites[1].Sources = d.Sites[1].Sources[1:] }, `denylist-pending.txt: line 3: sites/lake-mariner: no longer cites a denylisted source`},
		{"unknown site use", func(d *dataset.Dataset) { d.Sites[0].Use = "farm" }, `sites.json: childress: use: "farm" is not one of mining, hpc, mixed`},
		{"capacity points out of order", func(d *dataset.Dataset) {
			p := d.Miners[0].Capacity[0]
			p.AsOf = "2024-01"
			d.Miners[0].Capacity = append(d.Miners[0].Capacity, p)
		}, `miners.json: iren: capacity[1].as_of: 2024-01 is before the previous point's 2026-05-01`},
		{"meta revision", func(d *dataset.Dataset) { d.Meta.Revision = 0 }, `meta.json: meta: revision: must be a positive integer`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := loadFixture(t)
			tt.mutate(d)
			err := d.ValidateSeed()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// After curated writes, the corrections log is history: a curator may
// edit a corrected field or delete a corrected record; the seed may not.
func TestCorrectionsBindTheSeedOnly(t *testing.T) {
	d := loadFixture(t)
	require.NotEmpty(t, d.Corrections)
	rec := d.Corrections[0].Record
	kind, id, _ := strings.Cut(rec, "/")
	require.Equal(t, "deals", kind, "the fixture's first correction is of a deal")
	for i := range d.Deals {
		if d.Deals[i].ID == id {
			d.Deals = append(d.Deals[:i], d.Deals[i+1:]...)
			break
		}
	}
	require.NoError(t, d.Validate(), "a store may delete a corrected record")
	err := d.ValidateSeed()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no record "+rec)
}

func TestValidFixtureHasNoProblems(t *testing.T) {
	require.NoError(t, loadFixture(t).Validate())
}

func TestLoadReportsDecodeProblemsWithFileRecordAndField(t *testing.T) {
	base := fstest.MapFS{}
	for _, f := range []string{"meta.json", "miners.json", "sites.json", "deals.json", "counterparties.json", "aggregates.json"} {
		b, err := os.ReadFile("testdata/small/" + f)
		require.NoError(t, err)
		base[f] = &fstest.MapFile{Data: b}
	}
	tests := []struct {
		name, file, content, want string
	}{
		{"wrong type", "deals.json", `[{"id": "d1", "mw": "200"}]`, `deals.json: d1: mw: expected float64, got JSON string (line 1)`},
		{"unknown field", "miners.json", `[{"id": "m1", "colour": "red"}]`, `miners.json: m1: colour: unknown field`},
		{"malformed JSON", "sites.json", "[\n{\"id\": \"s1\",,}\n]", `sites.json: -: -: malformed JSON at line 2`},
		{"missing file", "aggregates.json", "", `aggregates.json: -: -: file is missing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range base {
				fsys[k] = v
			}
			if tt.content == "" {
				delete(fsys, tt.file)
			} else {
				fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.content)}
			}
			_, err := dataset.Load(fsys)
			require.Error(t, err)
			var ps dataset.Problems
			require.ErrorAs(t, err, &ps)
			found := false
			for _, p := range ps {
				found = found || strings.Contains(p.String(), tt.want)
			}
			assert.True(t, found, "want a problem containing %q, got:\n%v", tt.want, err)
		})
	}
}

func TestDerivedMetricsAbsentWhenUnknown(t *testing.T) {
	d := loadFixture(t)
	noTerm := d.Deals[0]
	noTerm.TermYears = nil
	assert.Nil(t, noTerm.USDPerMWYear(), "unknown term: no $/MW-yr")
	assert.Nil(t, noTerm.AnnualValueUSD())

	hardware := d.Deals[0]
	hardware.Type = dataset.TypeHardware
	assert.Nil(t, hardware.USDPerMWYear(), "hardware purchases are not comparable")

	gross := d.Deals[1]
	gross.MWBasis = dataset.BasisUnspecified
	assert.Nil(t, gross.USDPerMWYear(), "MW of unknown basis gives no $/MW-yr")
	require.NotNil(t, gross.AnnualValueUSD())
	assert.InDelta(t, 3.7e8, *gross.AnnualValueUSD(), 1)

	lease := d.Deals[1]
	require.NotNil(t, lease.USDPerMWYear())
	assert.InDelta(t, 1.85e6, *lease.USDPerMWYear(), 1)
	assert.True(t, lease.Contracted())
	lease.Status = dataset.StatusTerminated
	assert.False(t, lease.Contracted(), "terminated deals are not contracted")
}
