package dataset_test

import (
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
	"powerbrokers/dataset/seed"
)

// exposureSnapshot is a hand-computed fixture. Miner a's contracted deals:
//
//	a-x   colocation signed        6B initial-term  100 IT   tenant x
//	a-y   cloud      construction  3B initial-term   50 IT   tenant y
//	a-z   colocation energized     1B increment      10 IT   tenant z, end user x, guarantor g
//	a-y2  colocation signed        n/d               20 gross tenant y
//	a-rel colocation signed        5B relationship   n/d     tenant y (value not counted)
//
// and deals that do not count: a framework with x (9B), a terminated lease
// with z (4B). Miner b: one jv with x, 2B initial-term, 40 IT, 50 % share
// (counted at 100 %).
//
// Miner a by tenant: x 6B (0.6), y 3B (0.3), z 1B (0.1): HHI 3600+900+100 = 4600.
// By end user: x 7B (0.7), y 3B (0.3): HHI 4900+900 = 5800.
// Miner b: x 2B, share 1, HHI 10,000.
// Industry by tenant: x 8B, y 3B, z 1B of 12B: HHI (64+9+1)/144 × 10,000 = 5138.9.
func exposureSnapshot(t *testing.T) *dataset.Snapshot {
	t.Helper()
	d := &dataset.Dataset{Meta: dataset.Meta{Revision: 1, AsOf: "2026-06-30"}}
	d.Miners = []dataset.Miner{{ID: "a", Name: "Alpha", Status: dataset.MinerPivoting}, {ID: "b", Name: "Beta", Status: dataset.MinerPivoting}, {ID: "c", Name: "Gamma", Status: dataset.MinerMining}}
	d.Counterparties = []dataset.Counterparty{{ID: "x", Name: "Xeno", Kind: "hyperscaler"}, {ID: "y", Name: "Yotta", Kind: "neocloud"},
		{ID: "z", Name: "Zeta", Kind: "neocloud"}, {ID: "g", Name: "Guaranty", Kind: "hyperscaler"}}
	deal := func(id, miner, tenant, typ, status string, value float64, basis string, mw float64, mwBasis string) dataset.Deal {
		dl := dataset.Deal{ID: id, Title: id, Miner: miner, Tenant: tenant, Type: typ, Status: status, Announced: "2025-06"}
		if value > 0 {
			dl.ValueUSD, dl.ValueBasis = ptr(value), basis
		}
		if mw > 0 {
			dl.MW, dl.MWBasis = ptr(mw), mwBasis
		}
		return dl
	}
	z := deal("a-z", "a", "z", dataset.TypeColocation, dataset.StatusEnergized, 1e9, dataset.ValueIncrement, 10, dataset.BasisIT)
	z.EndUser, z.Guarantor = "x", "g"
	jv := deal("b-x", "b", "x", dataset.TypeJV, dataset.StatusSigned, 2e9, dataset.ValueInitialTerm, 40, dataset.BasisIT)
	jv.Share = ptr(0.5)
	d.Deals = []dataset.Deal{
		deal("a-x", "a", "x", dataset.TypeColocation, dataset.StatusSigned, 6e9, dataset.ValueInitialTerm, 100, dataset.BasisIT),
		deal("a-y", "a", "y", dataset.TypeCloud, dataset.StatusConstruction, 3e9, dataset.ValueInitialTerm, 50, dataset.BasisIT),
		z,
		deal("a-y2", "a", "y", dataset.TypeColocation, dataset.StatusSigned, 0, "", 20, dataset.BasisGross),
		deal("a-rel", "a", "y", dataset.TypeColocation, dataset.StatusSigned, 5e9, dataset.ValueRelationship, 0, ""),
		deal("a-frame", "a", "x", dataset.TypeFramework, dataset.StatusNonBinding, 9e9, dataset.ValueEstimate, 0, ""),
		deal("a-term", "a", "z", dataset.TypeColocation, dataset.StatusTerminated, 4e9, dataset.ValueInitialTerm, 30, dataset.BasisIT),
		jv,
	}
	s, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	return s
}

func TestExposureSharesAndHHI(t *testing.T) {
	e := exposureSnapshot(t).Exposure()
	assert.Contains(t, e.Covers, "100 %")
	require.Len(t, e.Miners, 2, "Gamma has no contracted deal")
	a, b := e.Miners[0], e.Miners[1]
	require.Equal(t, "a", a.Miner)
	eqNum(t, 10e9, a.ValueUSD, 1)
	assert.Equal(t, 2, a.ValueUndisclosed, "a-y2 (no value) and a-rel (relationship value)")
	eqNum(t, 160, a.ITMW, 1e-9)
	eqNum(t, 20, a.OtherMW, 1e-9)
	assert.Equal(t, 5, a.DealCount)
	require.Len(t, a.ByTenant, 3)
	assert.Equal(t, "x", a.ByTenant[0].ID)
	eqNum(t, 0.6, a.ByTenant[0].Share, 1e-12)
	assert.Equal(t, "y", a.ByTenant[1].ID)
	eqNum(t, 0.3, a.ByTenant[1].Share, 1e-12)
	assert.Equal(t, []string{"a-y", "a-y2", "a-rel"}, a.ByTenant[1].Deals)
	eqNum(t, 50, a.ByTenant[1].ITMW, 1e-9)
	eqNum(t, 20, a.ByTenant[1].OtherMW, 1e-9)
	eqNum(t, 0.1, a.ByTenant[2].Share, 1e-12)
	assert.Equal(t, "x", a.TopTenant)
	eqNum(t, 0.6, a.TopTenantShare, 1e-12)
	eqNum(t, 4600, a.HHI, 1e-6)
	require.Len(t, a.ByEndUser, 2)
	eqNum(t, 0.7, a.ByEndUser[0].Share, 1e-12)
	eqNum(t, 5800, a.HHIEndUser, 1e-6)
	require.Len(t, a.ByGuarantor, 2)
	assert.Equal(t, "", a.ByGuarantor[0].ID, "unguaranteed value comes first: 9B")
	eqNum(t, 0.9, a.ByGuarantor[0].Share, 1e-12)
	assert.Equal(t, "g", a.ByGuarantor[1].ID)
	eqNum(t, 0.1, a.ByGuarantor[1].Share, 1e-12)

	assert.Equal(t, "b", b.Miner)
	eqNum(t, 2e9, b.ValueUSD, 1, "a joint venture counts at 100 %")
	eqNum(t, 10000, b.HHI, 1e-6)

	eqNum(t, 12e9, e.Industry.ValueUSD, 1)
	eqNum(t, 74.0/144*10000, e.Industry.HHI, 1e-6)
}

func TestExposureChainsAndLinks(t *testing.T) {
	e := exposureSnapshot(t).Exposure()
	var chain *dataset.ExposureChain
	for i := range e.Chains {
		if e.Chains[i].Tenant == "z" {
			chain = &e.Chains[i]
		}
	}
	require.NotNil(t, chain)
	assert.Equal(t, "x", chain.EndUser)
	assert.Equal(t, "Guaranty", chain.GuarantorName)
	eqNum(t, 1e9, chain.ValueUSD, 1)
	eqNum(t, 1.0/12, chain.Share, 1e-12)
	assert.Equal(t, []string{"a-z"}, chain.Deals)
	// Tenant x → end user x carries a-x and b-x: 8B.
	found := false
	for _, l := range e.Links {
		if l.FromLayer == dataset.LayerTenant && l.From == "x" && l.To == "x" {
			found = true
			eqNum(t, 8e9, l.ValueUSD, 1)
			assert.ElementsMatch(t, []string{"a-x", "b-x"}, l.Deals)
		}
		assert.NotEqual(t, dataset.LayerGuarantor, l.FromLayer)
	}
	assert.True(t, found)
	// Every link out of the miner layer sums to the miners' totals.
	var sum float64
	for _, l := range e.Links {
		if l.FromLayer == dataset.LayerMiner && l.ValueUSD != nil {
			sum += *l.ValueUSD
		}
	}
	assert.InDelta(t, 12e9, sum, 1)
}

func TestMinerExposureWithoutDeals(t *testing.T) {
	s := exposureSnapshot(t)
	me, err := s.MinerExposure("c")
	require.NoError(t, err)
	assert.Nil(t, me.HHI, "no contracted value: the index is unknown, not 0")
	assert.Nil(t, me.ValueUSD)
	assert.Empty(t, me.ByTenant)
	_, err = s.MinerExposure("nope")
	require.Error(t, err)
}

func seedSnapshot(t *testing.T) *dataset.Snapshot {
	t.Helper()
	d, err := dataset.Load(seed.FS)
	require.NoError(t, err)
	s, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	return s
}

func TestExposureSeed(t *testing.T) {
	s := seedSnapshot(t)
	e := s.Exposure()
	require.NotEmpty(t, e.Miners)
	for _, m := range e.Miners {
		if m.HHI != nil {
			assert.GreaterOrEqual(t, *m.HHI, 0.0)
			assert.LessOrEqual(t, *m.HHI, 10000.0+1e-6, m.Miner)
		}
		var sum float64
		for _, g := range m.ByTenant {
			if g.Share != nil {
				sum += *g.Share
			}
		}
		if m.ValueUSD != nil {
			assert.InDelta(t, 1, sum, 1e-9, m.Miner)
		}
	}
}

func seedFS() fs.FS { return seed.FS }

// One miner's view sums each link over that miner's deals alone: a tenant
// shared with other miners carries only this miner's value onward.
func TestExposureForMinerLinks(t *testing.T) {
	all := seedSnapshot(t).Exposure()
	for _, m := range all.Miners {
		one := all.ForMiner(m.Miner)
		require.Len(t, one.Miners, 1)
		mine := map[string]bool{}
		for _, c := range one.Chains {
			for _, d := range c.Deals {
				mine[d] = true
			}
		}
		assert.Len(t, mine, m.DealCount, m.Miner)
		out := map[string]float64{} // value out of each tenant
		var fromMiner float64
		for _, l := range one.Links {
			for _, d := range l.Deals {
				assert.True(t, mine[d], "%s: link %s→%s carries another miner's deal %s", m.Miner, l.From, l.To, d)
			}
			v := 0.0
			if l.ValueUSD != nil {
				v = *l.ValueUSD
			}
			switch l.FromLayer {
			case dataset.LayerMiner:
				fromMiner += v
			case dataset.LayerTenant:
				out[l.From] += v
			}
		}
		if m.ValueUSD != nil {
			assert.InDelta(t, *m.ValueUSD, fromMiner, 1, m.Miner)
		}
		for _, l := range one.Links {
			if l.FromLayer == dataset.LayerMiner && l.ValueUSD != nil {
				assert.InDelta(t, *l.ValueUSD, out[l.To], 1, "%s: what reaches tenant %s leaves it", m.Miner, l.To)
			}
		}
	}
}
