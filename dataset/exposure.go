package dataset

import (
	"cmp"
	"slices"
	"sort"
)

// ExposureCovers says what the exposure figures count; the API and the
// pages show it next to every concentration index.
const ExposureCovers = "Contracted capacity deals only (colocation, GPU cloud services and joint-venture leases that are signed, " +
	"under construction, energizing or energized; not frameworks, letters of intent, terminated or rejected deals). " +
	"Values are initial-term or increment contract values (relationship values, estimates, prices and extension options are left out); " +
	"joint ventures count at 100 %. MW is critical IT; MW on a gross or unspecified basis is kept apart as other MW. " +
	"Shares and the Herfindahl–Hirschman index are over disclosed values only: a deal whose value is not disclosed counts in MW and deals, not in shares."

// ExposureGroup is the contracted value and MW one miner (or the industry)
// has with one party: a tenant, an end user or a guarantor.
type ExposureGroup struct {
	// ID is the counterparty id; "" for "no guarantor" in a by-guarantor list.
	ID   string `json:"id"`
	Name string `json:"name"`
	// ValueUSD sums the disclosed contract values; nil when no deal discloses one.
	ValueUSD *float64 `json:"value_usd"`
	// ValueUndisclosed counts deals whose value is not disclosed.
	ValueUndisclosed int `json:"value_undisclosed"`
	// ITMW sums critical-IT MW; nil when no deal gives IT MW.
	ITMW *float64 `json:"it_mw"`
	// OtherMW sums MW on a gross or unspecified basis; nil when none.
	OtherMW *float64 `json:"other_mw"`
	// Share is ValueUSD over the miner's disclosed contracted value; nil
	// when either is unknown.
	Share *float64 `json:"share"`
	Deals []string `json:"deals"`
}

// MinerExposure is one miner's contracted exposure to its counterparties.
type MinerExposure struct {
	Miner     string `json:"miner"`
	MinerName string `json:"miner_name"`
	// ValueUSD is the miner's disclosed contracted value; nil when no deal discloses one.
	ValueUSD         *float64 `json:"value_usd"`
	ValueUndisclosed int      `json:"value_undisclosed"`
	ITMW             *float64 `json:"it_mw"`
	OtherMW          *float64 `json:"other_mw"`
	DealCount        int      `json:"deal_count"`
	// ByTenant, ByEndUser and ByGuarantor are sorted by value, then IT MW, then name.
	// The end user is the deal's end user, or its tenant when none is named.
	ByTenant    []ExposureGroup `json:"by_tenant"`
	ByEndUser   []ExposureGroup `json:"by_end_user"`
	ByGuarantor []ExposureGroup `json:"by_guarantor"`
	// TopTenant is the tenant with the largest disclosed value, TopTenantShare its share.
	TopTenant      string   `json:"top_tenant,omitempty"`
	TopTenantName  string   `json:"top_tenant_name,omitempty"`
	TopTenantShare *float64 `json:"top_tenant_share"`
	// HHI is the Herfindahl–Hirschman index of the tenants' shares of the
	// disclosed value, on the 0–10,000 scale (10,000: one tenant); nil
	// when no deal discloses a value.
	HHI *float64 `json:"hhi"`
	// HHIEndUser is the same index over end users.
	HHIEndUser *float64 `json:"hhi_end_user"`
}

// ExposureChain is one path miner → tenant → end user → guarantor with the
// contracted deals that follow it.
type ExposureChain struct {
	Miner         string `json:"miner"`
	MinerName     string `json:"miner_name"`
	Tenant        string `json:"tenant"`
	TenantName    string `json:"tenant_name"`
	EndUser       string `json:"end_user"`
	EndUserName   string `json:"end_user_name"`
	Guarantor     string `json:"guarantor,omitempty"`
	GuarantorName string `json:"guarantor_name,omitempty"`
	ExposureGroup
}

// Exposure layers, from left to right.
const (
	LayerMiner     = "miner"
	LayerTenant    = "tenant"
	LayerEndUser   = "end_user"
	LayerGuarantor = "guarantor"
)

// ExposureLink is one edge of the layered diagram: from a node of one layer
// to a node of the next, with the totals of the chains through it.
type ExposureLink struct {
	FromLayer string `json:"from_layer"`
	From      string `json:"from"`
	FromName  string `json:"from_name"`
	ToLayer   string `json:"to_layer"`
	To        string `json:"to"`
	ToName    string `json:"to_name"`
	ExposureGroup
}

// Exposure is what GET /api/v1/exposure returns.
type Exposure struct {
	Covers string          `json:"covers"`
	Miners []MinerExposure `json:"miners"`
	Chains []ExposureChain `json:"chains"`
	Links  []ExposureLink  `json:"links"`
	// Industry is the whole industry as one "miner": its tenants, end users,
	// guarantors, top tenant and HHI.
	Industry MinerExposure `json:"industry"`
}

// exposureAcc accumulates one group.
type exposureAcc struct {
	g ExposureGroup
}

func (a *exposureAcc) add(d *DealRow) {
	if d.ValueUSD != nil && contractValue(d.ValueBasis) {
		addTo(&a.g.ValueUSD, d.ValueUSD)
	} else {
		a.g.ValueUndisclosed++
	}
	it, other := dealMWParts(&d.Deal)
	addTo(&a.g.ITMW, it)
	addTo(&a.g.OtherMW, other)
	a.g.Deals = append(a.g.Deals, d.ID)
}

// groups keeps accumulators by key in first-seen order.
type groups struct {
	keys []string
	m    map[string]*exposureAcc
}

func (gs *groups) get(key, name string) *exposureAcc {
	if gs.m == nil {
		gs.m = map[string]*exposureAcc{}
	}
	a := gs.m[key]
	if a == nil {
		a = &exposureAcc{g: ExposureGroup{ID: key, Name: name, Deals: []string{}}}
		gs.m[key] = a
		gs.keys = append(gs.keys, key)
	}
	return a
}

func (gs *groups) list(total *float64) []ExposureGroup {
	out := make([]ExposureGroup, 0, len(gs.keys))
	for _, k := range gs.keys {
		g := gs.m[k].g
		if g.ValueUSD != nil && total != nil && *total > 0 {
			g.Share = ptr(*g.ValueUSD / *total)
		}
		out = append(out, g)
	}
	sortGroups(out)
	return out
}

func sortGroups(gs []ExposureGroup) {
	sort.SliceStable(gs, func(i, j int) bool {
		a, b := gs[i], gs[j]
		if c := cmp.Compare(val(b.ValueUSD), val(a.ValueUSD)); c != 0 {
			return c < 0
		}
		if c := cmp.Compare(val(b.ITMW), val(a.ITMW)); c != 0 {
			return c < 0
		}
		return compareFold(a.Name, b.Name) < 0
	})
}

// HHI returns the Herfindahl–Hirschman index of the groups' shares on the
// 0–10,000 scale, or nil when no group has a share.
func HHI(gs []ExposureGroup) *float64 {
	var h float64
	any := false
	for _, g := range gs {
		if g.Share != nil {
			any = true
			h += *g.Share * *g.Share * 10000
		}
	}
	if !any {
		return nil
	}
	return &h
}

// Exposure computes every miner's contracted exposure, the chains and the
// links of the layered diagram, over the contracted deals (see ExposureCovers).
func (s *Snapshot) Exposure() Exposure {
	out := Exposure{Covers: ExposureCovers, Miners: []MinerExposure{}, Chains: []ExposureChain{}, Links: []ExposureLink{}}
	type minerAcc struct {
		total                  exposureAcc
		tenant, user, guaranty groups
	}
	var order []string
	accs := map[string]*minerAcc{}
	var industry minerAcc
	var chains, links groups
	chainInfo := map[string]ExposureChain{}
	linkInfo := map[string]ExposureLink{}
	for i := range s.Deals {
		d := &s.Deals[i]
		if !d.IsContracted {
			continue
		}
		a := accs[d.Miner]
		if a == nil {
			a = &minerAcc{}
			accs[d.Miner] = a
			order = append(order, d.Miner)
		}
		user, userName := d.EndUser, d.EndUserName
		if user == "" {
			user, userName = d.Tenant, d.TenantName
		}
		gName := "No guarantor named"
		if d.Guarantor != "" {
			gName = d.GuarantorName
		}
		for _, m := range []*minerAcc{a, &industry} {
			m.total.add(d)
			m.tenant.get(d.Tenant, d.TenantName).add(d)
			m.user.get(user, userName).add(d)
			m.guaranty.get(d.Guarantor, gName).add(d)
		}
		ck := d.Miner + "\x00" + d.Tenant + "\x00" + user + "\x00" + d.Guarantor
		chains.get(ck, "").add(d)
		if _, ok := chainInfo[ck]; !ok {
			chainInfo[ck] = ExposureChain{Miner: d.Miner, MinerName: d.MinerName, Tenant: d.Tenant, TenantName: d.TenantName,
				EndUser: user, EndUserName: userName, Guarantor: d.Guarantor, GuarantorName: d.GuarantorName}
		}
		hops := []ExposureLink{
			{FromLayer: LayerMiner, From: d.Miner, FromName: d.MinerName, ToLayer: LayerTenant, To: d.Tenant, ToName: d.TenantName},
			{FromLayer: LayerTenant, From: d.Tenant, FromName: d.TenantName, ToLayer: LayerEndUser, To: user, ToName: userName},
		}
		if d.Guarantor != "" {
			hops = append(hops, ExposureLink{FromLayer: LayerEndUser, From: user, FromName: userName, ToLayer: LayerGuarantor, To: d.Guarantor, ToName: d.GuarantorName})
		}
		for _, h := range hops {
			k := h.FromLayer + "\x00" + h.From + "\x00" + h.To
			links.get(k, "").add(d)
			if _, ok := linkInfo[k]; !ok {
				linkInfo[k] = h
			}
		}
	}
	finish := func(id, name string, a *minerAcc) MinerExposure {
		t := a.total.g
		me := MinerExposure{Miner: id, MinerName: name, ValueUSD: t.ValueUSD, ValueUndisclosed: t.ValueUndisclosed,
			ITMW: t.ITMW, OtherMW: t.OtherMW, DealCount: len(t.Deals),
			ByTenant: a.tenant.list(t.ValueUSD), ByEndUser: a.user.list(t.ValueUSD), ByGuarantor: a.guaranty.list(t.ValueUSD)}
		if me.ByTenant == nil {
			me.ByTenant, me.ByEndUser, me.ByGuarantor = []ExposureGroup{}, []ExposureGroup{}, []ExposureGroup{}
		}
		if len(me.ByTenant) > 0 && me.ByTenant[0].Share != nil {
			me.TopTenant, me.TopTenantName, me.TopTenantShare = me.ByTenant[0].ID, me.ByTenant[0].Name, me.ByTenant[0].Share
		}
		me.HHI, me.HHIEndUser = HHI(me.ByTenant), HHI(me.ByEndUser)
		return me
	}
	for _, id := range order {
		name := id
		if m, err := s.Miner(id); err == nil {
			name = m.Name
		}
		out.Miners = append(out.Miners, finish(id, name, accs[id]))
	}
	sort.SliceStable(out.Miners, func(i, j int) bool {
		a, b := out.Miners[i], out.Miners[j]
		if c := cmp.Compare(val(b.ValueUSD), val(a.ValueUSD)); c != 0 {
			return c < 0
		}
		return compareFold(a.MinerName, b.MinerName) < 0
	})
	out.Industry = finish("", "All miners", &industry)
	for _, k := range chains.keys {
		c := chainInfo[k]
		c.ExposureGroup = chains.m[k].g
		c.ExposureGroup.ID, c.ExposureGroup.Name = "", ""
		if c.ValueUSD != nil && out.Industry.ValueUSD != nil && *out.Industry.ValueUSD > 0 {
			c.Share = ptr(*c.ValueUSD / *out.Industry.ValueUSD)
		}
		out.Chains = append(out.Chains, c)
	}
	slices.SortStableFunc(out.Chains, func(a, b ExposureChain) int {
		if c := cmp.Compare(val(b.ValueUSD), val(a.ValueUSD)); c != 0 {
			return c
		}
		if c := cmp.Compare(val(b.ITMW), val(a.ITMW)); c != 0 {
			return c
		}
		return compareFold(a.MinerName+a.TenantName+a.EndUserName, b.MinerName+b.TenantName+b.EndUserName)
	})
	for _, k := range links.keys {
		l := linkInfo[k]
		l.ExposureGroup = links.m[k].g
		l.ExposureGroup.ID, l.ExposureGroup.Name = "", ""
		out.Links = append(out.Links, l)
	}
	return out
}

// MinerExposure returns one miner's exposure; a miner without contracted
// deals gets empty lists and nil figures. It returns an ENOTFOUND *Error
// for an unknown miner.
func (s *Snapshot) MinerExposure(id string) (MinerExposure, error) {
	m, err := s.Miner(id)
	if err != nil {
		return MinerExposure{}, err
	}
	for _, me := range s.Exposure().Miners {
		if me.Miner == id {
			return me, nil
		}
	}
	return MinerExposure{Miner: id, MinerName: m.Name, ByTenant: []ExposureGroup{}, ByEndUser: []ExposureGroup{}, ByGuarantor: []ExposureGroup{}}, nil
}

// ForMiner keeps one miner's exposure, its chains and the links of those
// chains, each link summed over that miner's deals alone (a tenant shared
// with other miners shows only this miner's value through it). Industry
// stays the whole industry's.
func (e Exposure) ForMiner(id string) Exposure {
	out := Exposure{Covers: e.Covers, Industry: e.Industry, Miners: []MinerExposure{}, Chains: []ExposureChain{}, Links: []ExposureLink{}}
	for _, m := range e.Miners {
		if m.Miner == id {
			out.Miners = append(out.Miners, m)
		}
	}
	at := map[string]int{} // link key → index in out.Links
	hop := func(l ExposureLink, g ExposureGroup) {
		k := l.FromLayer + "\x00" + l.From + "\x00" + l.To
		i, ok := at[k]
		if !ok {
			i = len(out.Links)
			at[k] = i
			l.Deals = []string{}
			out.Links = append(out.Links, l)
		}
		mergeGroup(&out.Links[i].ExposureGroup, g)
	}
	for _, c := range e.Chains {
		if c.Miner != id {
			continue
		}
		out.Chains = append(out.Chains, c)
		g := c.ExposureGroup
		g.Share = nil
		hop(ExposureLink{FromLayer: LayerMiner, From: c.Miner, FromName: c.MinerName, ToLayer: LayerTenant, To: c.Tenant, ToName: c.TenantName}, g)
		hop(ExposureLink{FromLayer: LayerTenant, From: c.Tenant, FromName: c.TenantName, ToLayer: LayerEndUser, To: c.EndUser, ToName: c.EndUserName}, g)
		if c.Guarantor != "" {
			hop(ExposureLink{FromLayer: LayerEndUser, From: c.EndUser, FromName: c.EndUserName, ToLayer: LayerGuarantor, To: c.Guarantor, ToName: c.GuarantorName}, g)
		}
	}
	return out
}

// mergeGroup adds src's deals and totals to dst (nil stays nil only when
// both are).
func mergeGroup(dst *ExposureGroup, src ExposureGroup) {
	addTo(&dst.ValueUSD, src.ValueUSD)
	addTo(&dst.ITMW, src.ITMW)
	addTo(&dst.OtherMW, src.OtherMW)
	dst.ValueUndisclosed += src.ValueUndisclosed
	dst.Deals = append(dst.Deals, src.Deals...)
}
