package dataset_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

func ptr(v float64) *float64 { return &v }
func nan() float64           { return math.NaN() }
func inf() float64           { return math.Inf(1) }

var src = []dataset.Source{{URL: "https://example.com/a", Publisher: "Example", Kind: dataset.SourceFiling}}

// none is the expected value of a sum that must be null (not disclosed).
var none = math.NaN()

// eqNum asserts a nullable figure: nil when want is none, else within delta of want.
func eqNum(t *testing.T, want float64, got *float64, delta float64, msg ...any) {
	t.Helper()
	if math.IsNaN(want) {
		assert.Nil(t, got, msg...)
		return
	}
	if assert.NotNil(t, got, msg...) {
		assert.InDelta(t, want, *got, delta, msg...)
	}
}

// richSnapshot is the small fixture plus records that exercise every rule of
// the statistics. Its deals, with what they count for:
//
//	#  id                              type      status        value (basis)        MW (basis)    announced   contracted
//	1  iren-microsoft-2025-11          cloud     signed        9.7B initial-term    200 IT        2025-11-03  yes
//	2  terawulf-fluidstack-2025-08     colo      construction  3.7B (ext 8.7B)      200 IT        2025-08-14  yes  guarantor google 1.8B
//	3  apld-coreweave-2025-06          colo      signed        7B initial, 15 y     250 IT        2025-06-02  yes  miner is a host
//	4  apld-coreweave-2026-06          colo      signed        5B increment, no term 300 IT       2026-06     yes
//	5  terawulf-fluidstack-jv-2025     jv        construction  9.5B initial, 25 y   168 unspec.   2025        yes  guarantor google, amount n/d
//	6  terawulf-core42-2024-10         colo      energized     n/d                  72.5 IT       2024-10     yes
//	7  iren-nvidia-2026-05             hardware  signed        3.4B price           -             2026-05-07  no
//	8  terawulf-google-2025-03         colo      terminated    1B initial, 5 y      100 IT        2025-03     no
//	9  iren-microsoft-2026-01          cloud     signed        2B estimate          n/d           2026-01     yes
func richSnapshot(t *testing.T) *dataset.Snapshot {
	t.Helper()
	d, err := dataset.Load(os.DirFS("testdata/small"))
	require.NoError(t, err)
	d.Miners = append(d.Miners, dataset.Miner{ID: "apld", Name: "Applied Digital", Status: dataset.MinerNonMiner,
		Verified: "2026-06-29", Sources: src})
	for i := range d.Miners {
		if d.Miners[i].ID == "terawulf" {
			d.Miners[i].Capacity = []dataset.CapacityPoint{
				{AsOf: "2024-12-31", EnergizedMW: ptr(245), Basis: dataset.BasisGross, Sources: src},
				{AsOf: "2025-08", EnergizedMW: ptr(245), ConstructionMW: ptr(200), PipelineMW: ptr(500), Basis: dataset.BasisGross, Sources: src},
				{AsOf: "2026", ContractedMW: ptr(522), Basis: dataset.BasisIT, Sources: src},
			}
		}
	}
	d.Sites = append(d.Sites,
		dataset.Site{ID: "ellendale", Miner: "apld", Name: "Polaris Forge 1", Country: "US", LocationPrecision: dataset.PrecisionRegion,
			Use: dataset.UseHPC, EnergizedMW: ptr(100), ConstructionMW: ptr(300), Basis: dataset.BasisIT, AsOf: "2026-01",
			Verified: "2026-06-29", Sources: src},
		dataset.Site{ID: "mystery", Miner: "apld", Name: "Undisclosed campus", Country: "US", LocationPrecision: dataset.PrecisionNone,
			Use: dataset.UseHPC, AsOf: "2026-01", Verified: "2026-06-29", Sources: src},
	)
	d.Counterparties = append(d.Counterparties,
		dataset.Counterparty{ID: "coreweave", Name: "CoreWeave", Kind: "neocloud"},
		dataset.Counterparty{ID: "nvidia", Name: "NVIDIA", Kind: "chipmaker"},
		dataset.Counterparty{ID: "core42", Name: "Core42", Kind: "neocloud"},
	)
	deal := func(id, miner, tenant, typ, status string, announced dataset.Date) dataset.Deal {
		return dataset.Deal{ID: id, Title: id, Miner: miner, Tenant: tenant, Type: typ, Status: status, Announced: announced,
			Verified: "2026-06-29", Sources: src}
	}
	d3 := deal("apld-coreweave-2025-06", "apld", "coreweave", dataset.TypeColocation, dataset.StatusSigned, "2025-06-02")
	d3.ValueUSD, d3.ValueBasis, d3.TermYears, d3.MW, d3.MWBasis = ptr(7e9), dataset.ValueInitialTerm, ptr(15), ptr(250), dataset.BasisIT
	d4 := deal("apld-coreweave-2026-06", "apld", "coreweave", dataset.TypeColocation, dataset.StatusSigned, "2026-06")
	d4.ValueUSD, d4.ValueBasis, d4.MW, d4.MWBasis = ptr(5e9), dataset.ValueIncrement, ptr(300), dataset.BasisIT
	d5 := deal("terawulf-fluidstack-jv-2025", "terawulf", "fluidstack", dataset.TypeJV, dataset.StatusConstruction, "2025")
	d5.ValueUSD, d5.ValueBasis, d5.TermYears, d5.MW, d5.MWBasis = ptr(9.5e9), dataset.ValueInitialTerm, ptr(25), ptr(168), dataset.BasisUnspecified
	d5.Guarantor = "google"
	d6 := deal("terawulf-core42-2024-10", "terawulf", "core42", dataset.TypeColocation, dataset.StatusEnergized, "2024-10")
	d6.TermYears, d6.MW, d6.MWBasis = ptr(10), ptr(72.5), dataset.BasisIT
	d7 := deal("iren-nvidia-2026-05", "iren", "nvidia", dataset.TypeHardware, dataset.StatusSigned, "2026-05-07")
	d7.ValueUSD, d7.ValueBasis = ptr(3.4e9), dataset.ValuePrice
	d8 := deal("terawulf-google-2025-03", "terawulf", "google", dataset.TypeColocation, dataset.StatusTerminated, "2025-03")
	d8.ValueUSD, d8.ValueBasis, d8.TermYears, d8.MW, d8.MWBasis = ptr(1e9), dataset.ValueInitialTerm, ptr(5), ptr(100), dataset.BasisIT
	d9 := deal("iren-microsoft-2026-01", "iren", "microsoft", dataset.TypeCloud, dataset.StatusSigned, "2026-01")
	d9.ValueUSD, d9.ValueBasis, d9.TermYears = ptr(2e9), dataset.ValueEstimate, ptr(5)
	d.Deals = append(d.Deals, d3, d4, d5, d6, d7, d8, d9)
	d.Aggregates = []dataset.Aggregate{
		{ID: "bernstein-2026-05", Title: "AI/HPC contracts signed by bitcoin miners", Value: ">$90B covering ~3.7 GW",
			ValueUSD: ptr(90e9), MW: ptr(3700), MWBasis: dataset.BasisUnspecified, Who: "Bernstein", Date: "2026-05-19", Sources: src},
		{ID: "jpm-2025-11", Title: "New HPC deals since late Sept 2025", Value: ">600 MW critical IT",
			MW: ptr(600), MWBasis: dataset.BasisIT, Who: "JPMorgan", Date: "2025-11-25", Sources: src},
	}
	require.NoError(t, d.Validate())
	s, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	return s
}

func TestStatsHeadline(t *testing.T) {
	st := richSnapshot(t).Stats()
	h := st.Headline
	assert.Equal(t, dataset.Date("2026-06-29"), st.AsOf)
	assert.Equal(t, 9, h.DealCount)
	assert.Equal(t, 7, h.ContractedDealCount, "all but the hardware purchase and the terminated lease")
	assert.Equal(t, 3, h.MinerCount)
	assert.Equal(t, 4, h.SiteCount)
	assert.Equal(t, 6, h.CounterpartyCount)
	// 9.7 + 3.7 + 7 + 5 + 9.5; the estimate and the undisclosed value are not in it.
	eqNum(t, 34.9e9, h.ContractedValueUSD, 1)
	// Same with TeraWulf–Fluidstack at 8.7B.
	eqNum(t, 39.9e9, h.ContractedValueWithExtUSD, 1)
	assert.Equal(t, 1, h.UndisclosedValueCount)
	eqNum(t, 2e9, h.OtherBasisValueUSD, 1)
	assert.Equal(t, 1, h.OtherBasisValueCount)
	// 200 + 200 + 250 + 300 + 72.5 IT; the JV's 168 unspecified kept apart.
	eqNum(t, 1022.5, h.ContractedITMW, 1e-9)
	eqNum(t, 168, h.ContractedUnspecifiedMW, 1e-9)
	assert.Equal(t, 1, h.UndisclosedMWCount)

	// Sites: Childress 750 energized, Lake Mariner 750 pipeline (gross);
	// Ellendale 100 energized + 300 construction (IT); one site gives nothing.
	eqNum(t, 850, h.EnergizedMW, 1e-9)
	eqNum(t, 300, h.ConstructionMW, 1e-9)
	eqNum(t, 750, h.PipelineMW, 1e-9)
	eqNum(t, 1900, h.TotalMW, 1e-9)
	assert.Nil(t, h.UnstagedMW, "no site gives unstaged MW: null, not 0")
	assert.Equal(t, 1, h.UndisclosedCapacityCount)
	assert.Equal(t, 2, h.EnergizedMWUndisclosed, "Lake Mariner and the mystery site")
	assert.Equal(t, 3, h.ConstructionMWUndisclosed)
	assert.Equal(t, 3, h.PipelineMWUndisclosed)
	assert.Equal(t, []dataset.BasisCapacity{
		{Basis: dataset.BasisIT, SiteCount: 1, EnergizedMW: ptr(100), ConstructionMW: ptr(300), TotalMW: ptr(400)},
		{Basis: dataset.BasisGross, SiteCount: 2, EnergizedMW: ptr(750), PipelineMW: ptr(750), TotalMW: ptr(1500)},
	}, h.ByBasis)
	// IREN 750 − 200 = 550; TeraWulf 750 − 272.5 − 168 = 309.5; Applied Digital 400 − 550 → 0.
	eqNum(t, 859.5, h.UncontractedMW, 1e-9)
	assert.Equal(t, 3, h.UncontractedMinerCount)

	// The headline agrees with the miner rows.
	var it, unspec, value float64
	for _, m := range richSnapshot(t).Miners {
		it += val(m.ContractedMW)
		unspec += val(m.ContractedUnspecifiedMW)
		value += val(m.ContractedValueUSD)
	}
	eqNum(t, it, h.ContractedITMW, 1e-9)
	eqNum(t, unspec, h.ContractedUnspecifiedMW, 1e-9)
	eqNum(t, value, h.ContractedValueUSD, 1)
}

func val(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func TestStatsByMonth(t *testing.T) {
	st := richSnapshot(t).Stats()
	type row struct {
		month                 string
		yearOnly              bool
		value, mw, unspec     float64
		cumValue, cumMW       float64
		undisclosedV, undisMW int
	}
	want := []row{
		// Unknown is null, never 0: the Core42 lease gives no value, and no
		// value has been added up yet.
		{"2024-10", false, none, 72.5, none, none, 72.5, 1, 0},
		// The year-only JV opens 2025, before any 2025 month.
		{"2025", true, 9.5e9, none, 168, 9.5e9, 72.5, 0, 0},
		{"2025-06", false, 7e9, 250, none, 16.5e9, 322.5, 0, 0},
		{"2025-08", false, 3.7e9, 200, none, 20.2e9, 522.5, 0, 0},
		{"2025-11", false, 9.7e9, 200, none, 29.9e9, 722.5, 0, 0},
		// The estimate adds no value and is not "undisclosed" either; its MW is.
		{"2026-01", false, none, none, none, 29.9e9, 722.5, 0, 1},
		{"2026-06", false, 5e9, 300, none, 34.9e9, 1022.5, 0, 0},
	}
	require.Len(t, st.ByMonth, len(want))
	for i, w := range want {
		g := st.ByMonth[i]
		assert.Equal(t, w.month, g.Month)
		assert.Equal(t, w.yearOnly, g.YearOnly, w.month)
		eqNum(t, w.value, g.ValueUSD, 1, w.month)
		eqNum(t, w.mw, g.MW, 1e-9, w.month)
		eqNum(t, w.unspec, g.UnspecifiedMW, 1e-9, w.month)
		eqNum(t, w.cumValue, g.CumValueUSD, 1, w.month)
		eqNum(t, w.cumMW, g.CumMW, 1e-9, w.month)
		assert.Equal(t, w.undisclosedV, g.UndisclosedValueCount, w.month)
		assert.Equal(t, w.undisMW, g.UndisclosedMWCount, w.month)
		assert.Len(t, g.Deals, 1, w.month)
	}
	last := st.ByMonth[len(st.ByMonth)-1]
	eqNum(t, *st.Headline.ContractedValueUSD, last.CumValueUSD, 1)
	eqNum(t, *st.Headline.ContractedITMW, last.CumMW, 1e-9)
	eqNum(t, *st.Headline.ContractedUnspecifiedMW, last.CumUnspecifiedMW, 1e-9)
	assert.Zero(t, st.UndatedCount)
}

func TestStatsGroups(t *testing.T) {
	st := richSnapshot(t).Stats()
	type row struct {
		key              string
		count, contr     int
		value, contrV    float64
		mw               float64
		undisclosedValue int
	}
	check := func(name string, got []dataset.GroupTotal, want []row) {
		t.Helper()
		require.Len(t, got, len(want), name)
		for i, w := range want {
			g := got[i]
			assert.Equal(t, w.key, g.Key, "%s[%d]", name, i)
			assert.Equal(t, w.count, g.Count, "%s %s count", name, w.key)
			assert.Equal(t, w.contr, g.ContractedCount, "%s %s contracted", name, w.key)
			eqNum(t, w.value, g.ValueUSD, 1, "%s %s value", name, w.key)
			eqNum(t, w.contrV, g.ContractedValueUSD, 1, "%s %s contracted value", name, w.key)
			eqNum(t, w.mw, g.MW, 1e-9, "%s %s MW", name, w.key)
			assert.Equal(t, w.undisclosedValue, g.UndisclosedValueCount, "%s %s undisclosed", name, w.key)
		}
	}
	check("tenant", st.ByTenant, []row{
		{"fluidstack", 2, 2, 13.2e9, 13.2e9, 200, 0}, // 3.7 + 9.5 (JV); the JV's MW is unspecified
		{"coreweave", 2, 2, 12e9, 12e9, 550, 0},
		{"microsoft", 2, 2, 9.7e9, 9.7e9, 200, 0}, // the 2B estimate is not added
		// No contracted deal: the contracted value is a true 0 (contracted_count 0);
		// no MW given: null.
		{"nvidia", 1, 0, 3.4e9, 0, none, 0},
		{"google", 1, 0, 1e9, 0, 100, 0},
		{"core42", 1, 1, none, none, 72.5, 1},
	})
	assert.Equal(t, "Microsoft", st.ByTenant[2].Name)
	assert.Equal(t, 1, st.ByTenant[2].OtherBasisValueCount)
	eqNum(t, 168, st.ByTenant[0].UnspecifiedMW, 1e-9)

	check("guarantor", st.ByGuarantor, []row{{"google", 2, 2, 13.2e9, 13.2e9, 200, 0}})
	eqNum(t, 1.8e9, st.ByGuarantor[0].GuaranteeUSD, 1)
	assert.Equal(t, 1, st.ByGuarantor[0].UndisclosedGuaranteeCount)
	assert.Equal(t, "Google", st.ByGuarantor[0].Name)

	check("type", st.ByType, []row{
		{dataset.TypeColocation, 5, 4, 16.7e9, 15.7e9, 922.5, 1},
		{dataset.TypeCloud, 2, 2, 9.7e9, 9.7e9, 200, 0},
		{dataset.TypeJV, 1, 1, 9.5e9, 9.5e9, none, 0},
		{dataset.TypeHardware, 1, 0, 3.4e9, 0, none, 0},
	})
	eqNum(t, 822.5, st.ByType[0].ContractedMW, 1e-9)
	assert.Nil(t, st.ByType[2].ContractedMW, "the JV's MW is not critical IT: its contracted IT MW is not disclosed")

	check("miner", st.ByMiner, []row{
		{"terawulf", 4, 3, 14.2e9, 13.2e9, 372.5, 1},
		{"iren", 3, 2, 13.1e9, 9.7e9, 200, 0},
		{"apld", 2, 2, 12e9, 12e9, 550, 0},
	})
	assert.Equal(t, "Applied Digital", st.ByMiner[2].Name)

	check("status", st.ByStatus, []row{
		{dataset.StatusSigned, 5, 4, 25.1e9, 21.7e9, 750, 0},
		{dataset.StatusConstruction, 2, 2, 13.2e9, 13.2e9, 200, 0},
		{dataset.StatusTerminated, 1, 0, 1e9, 0, 100, 0},
		{dataset.StatusEnergized, 1, 1, none, none, 72.5, 1},
	})
}

func TestStatsRates(t *testing.T) {
	st := richSnapshot(t).Stats()
	require.Len(t, st.Rates, 3)
	colo, cloud, jv := st.Rates[0], st.Rates[1], st.Rates[2]

	// 3.7B/10/200 = 1.85M; 7B/15/250 = 1.8667M; 1B/5/100 = 2M (terminated, still a price).
	// The expansion has no term and the Core42 lease no value.
	assert.Equal(t, dataset.TypeColocation, colo.Type)
	assert.Equal(t, 3, colo.Count)
	assert.InDelta(t, 1.85e6, *colo.Min, 0.01)
	assert.InDelta(t, 7e9/15/250, *colo.Median, 0.01)
	assert.InDelta(t, 2e6, *colo.Max, 0.01)
	assert.Equal(t, "terawulf-fluidstack-2025-08", colo.Points[0].DealID)

	assert.Equal(t, dataset.TypeCloud, cloud.Type)
	assert.Equal(t, 1, cloud.Count)
	assert.InDelta(t, 9.7e6, *cloud.Median, 0.01)

	// The JV's MW is not critical IT: no rate, and no made-up statistics.
	assert.Equal(t, dataset.TypeJV, jv.Type)
	assert.Zero(t, jv.Count)
	assert.Nil(t, jv.Min)
	assert.Nil(t, jv.Median)
	assert.Nil(t, jv.Max)
	assert.NotNil(t, jv.Points)
}

func TestStatsSmallFixtureJSON(t *testing.T) {
	d, err := dataset.Load(os.DirFS("testdata/small"))
	require.NoError(t, err)
	s, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	st := s.Stats()
	eqNum(t, 13.4e9, st.Headline.ContractedValueUSD, 1)
	eqNum(t, 400, st.Headline.ContractedITMW, 1e-9)
	assert.Equal(t, 2, st.Headline.ContractedDealCount)
	require.Len(t, st.Rates, 3)
	assert.InDelta(t, 1.85e6, *st.Rates[0].Median, 0.01)
	assert.InDelta(t, 9.7e6, *st.Rates[1].Median, 0.01)

	b, err := json.Marshal(st)
	require.NoError(t, err)
	var back map[string]any
	require.NoError(t, json.Unmarshal(b, &back))
	head := back["headline"].(map[string]any)
	assert.Contains(t, head, "undisclosed_value_count")
	assert.Contains(t, head, "contracted_value_usd")
	assert.Contains(t, back, "by_month")
	g := back["by_guarantor"].([]any)[0].(map[string]any)
	assert.Equal(t, "google", g["key"])
	assert.InDelta(t, 1.8e9, g["guarantee_usd"], 1)
}

func TestReconcileBernsteinScopes(t *testing.T) {
	s := richSnapshot(t)
	r, err := s.Reconcile("bernstein-2026-05")
	require.NoError(t, err)
	assert.Equal(t, dataset.BasisUnspecified, r.MWBasis)
	assert.Equal(t, []dataset.ReconCompany{{ID: "apld", Name: "Applied Digital", Status: dataset.MinerNonMiner}}, r.Disputed)
	scope := map[string]dataset.ReconScope{}
	var ids []string
	for _, sc := range r.Scopes {
		scope[sc.ID] = sc
		ids = append(ids, sc.ID)
	}
	assert.Equal(t, []string{"all", "by-date", "by-date-without-apld", "by-date-jv-share", "by-date-miners-only-jv-share", "by-date-with-extensions"}, ids)

	all := scope["all"]
	assert.Equal(t, 7, all.DealCount)
	assert.Equal(t, 1, all.UndisclosedValueCount)
	assert.Equal(t, 1, all.OtherBasisValueCount)
	assert.Equal(t, 1, all.UndisclosedMWCount)
	eqNum(t, 34.9e9, all.ValueUSD, 1)
	eqNum(t, 1022.5, all.MWIT, 1e-9)
	eqNum(t, 1022.5+168, all.MWAny, 1e-9)
	eqNum(t, 34.9e9-90e9, all.DiffValueUSD, 1)
	eqNum(t, 1190.5-3700, all.DiffMW, 1e-9, "the aggregate's basis is unspecified: compared with MW of any basis")

	// The June 2026 expansion came after the 2026-05-19 note.
	byDate := scope["by-date"]
	assert.NotContains(t, byDate.Deals, "apld-coreweave-2026-06")
	eqNum(t, 29.9e9, byDate.ValueUSD, 1)
	eqNum(t, 890.5, byDate.MWAny, 1e-9)

	// Applied Digital is a host, not a miner.
	without := scope["by-date-without-apld"]
	assert.NotContains(t, without.Deals, "apld-coreweave-2025-06")
	eqNum(t, 22.9e9, without.ValueUSD, 1)
	eqNum(t, 640.5, without.MWAny, 1e-9)

	// The JV's share is not disclosed in this fixture: left out and counted.
	share := scope["by-date-jv-share"]
	assert.Equal(t, 1, share.ShareUnknownCount)
	eqNum(t, 29.9e9-9.5e9, share.ValueUSD, 1)
	eqNum(t, 890.5-168, share.MWAny, 1e-9)

	ext := scope["by-date-with-extensions"]
	eqNum(t, 29.9e9+5e9, ext.ValueUSD, 1)

	// With a disclosed share, the JV counts at it.
	s2 := richSnapshot(t)
	d := *s2.Data
	d.Deals = append([]dataset.Deal(nil), d.Deals...)
	for i := range d.Deals {
		if d.Deals[i].ID == "terawulf-fluidstack-jv-2025" {
			d.Deals[i].Share = ptr(0.51)
		}
	}
	s3, err := dataset.NewSnapshot(&d)
	require.NoError(t, err)
	r3, err := s3.Reconcile("bernstein-2026-05")
	require.NoError(t, err)
	for _, sc := range r3.Scopes {
		if sc.ID == "by-date-jv-share" {
			assert.Zero(t, sc.ShareUnknownCount)
			eqNum(t, 29.9e9-9.5e9*0.49, sc.ValueUSD, 1)
			eqNum(t, 890.5-168*0.49, sc.MWAny, 1e-9)
		}
	}
}

func TestReconcileMWOnly(t *testing.T) {
	s := richSnapshot(t)
	r, err := s.Reconcile("jpm-2025-11")
	require.NoError(t, err)
	assert.Equal(t, dataset.BasisIT, r.MWBasis)
	var byDate dataset.ReconScope
	for _, sc := range r.Scopes {
		assert.Nil(t, sc.DiffValueUSD, "the aggregate gives no value: %s", sc.ID)
		if sc.ID == dataset.ScopeByDate {
			byDate = sc
		}
	}
	// By 2025-11-25: 200 + 200 + 250 + 72.5 IT (the JV's MW is not IT).
	eqNum(t, 722.5, byDate.MWIT, 1e-9)
	eqNum(t, 722.5-600, byDate.DiffMW, 1e-9, "compared on critical IT")

	// An aggregate passed in, dated in the month of a deal: the month-only
	// deal gets the benefit of the doubt and counts as announced by then.
	r = s.ReconcileWith(dataset.Aggregate{ID: "x", Who: "X", Value: "?", Date: "2024-10-15"})
	assert.Equal(t, []string{"terawulf-core42-2024-10"}, r.Scopes[1].Deals)
	assert.Nil(t, r.Scopes[1].ValueUSD, "its only deal gives no value: null, not 0")

	// No deal by the date: an empty scope sums to a true 0 (deal_count 0).
	r = s.ReconcileWith(dataset.Aggregate{ID: "y", Who: "Y", Value: "?", Date: "2020-01-01"})
	assert.Zero(t, r.Scopes[1].DealCount)
	eqNum(t, 0, r.Scopes[1].ValueUSD, 0)

	_, err = s.Reconcile("nope")
	require.Error(t, err)
	assert.Equal(t, dataset.ENOTFOUND, dataset.ErrorCode(err))
}

func TestCapacitySeries(t *testing.T) {
	s := richSnapshot(t)
	pts, err := s.CapacitySeries("terawulf")
	require.NoError(t, err)
	require.Len(t, pts, 3)

	// End of 2024: only the Core42 lease (2024-10). The year-only JV ("2025")
	// starts on 2025-01-01, after the point.
	assert.Equal(t, dataset.Date("2024-12-31"), pts[0].AsOf)
	assert.Equal(t, []string{"terawulf-core42-2024-10"}, pts[0].DealsContracted)
	assert.InDelta(t, 72.5, pts[0].DealsContractedITMW, 1e-9)
	require.NotNil(t, pts[0].ContractedShare)
	assert.InDelta(t, 72.5/245, *pts[0].ContractedShare, 1e-9)

	// August 2025 (to its last day): plus the JV and the 2025-08-14 lease;
	// never the terminated lease.
	assert.ElementsMatch(t, []string{"terawulf-fluidstack-2025-08", "terawulf-fluidstack-jv-2025", "terawulf-core42-2024-10"}, pts[1].DealsContracted)
	assert.InDelta(t, 272.5, pts[1].DealsContractedITMW, 1e-9)
	assert.InDelta(t, 168, pts[1].DealsContractedUnspecifiedMW, 1e-9)
	assert.InDelta(t, 13.2e9, pts[1].DealsContractedValueUSD, 1)
	require.NotNil(t, pts[1].TotalMW)
	assert.InDelta(t, 945, *pts[1].TotalMW, 1e-9)
	assert.InDelta(t, 272.5/945, *pts[1].ContractedShare, 1e-9)

	// 2026 discloses only the company's contracted MW: total and share unknown.
	assert.Nil(t, pts[2].TotalMW)
	assert.Nil(t, pts[2].ContractedShare)
	assert.InDelta(t, 522, *pts[2].ContractedMW, 1e-9)
	assert.InDelta(t, 272.5, pts[2].DealsContractedITMW, 1e-9)

	pts, err = s.CapacitySeries("apld")
	require.NoError(t, err)
	assert.NotNil(t, pts)
	assert.Empty(t, pts)

	_, err = s.CapacitySeries("nope")
	assert.Equal(t, dataset.ENOTFOUND, dataset.ErrorCode(err))
}
