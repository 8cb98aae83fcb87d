package dataset

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// The seed files, one per kind of record. Problems name these files.
const (
	FileMeta           = "meta.json"
	FileMiners         = "miners.json"
	FileSites          = "sites.json"
	FileDeals          = "deals.json"
	FileCounterparties = "counterparties.json"
	FileAggregates     = "aggregates.json"
)

// slugRE is compiled on first use, not at package init: the browser's copy
// of the dataset arrives validated, and init runs in the start-up's first task.
var slugRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`) })

// checker accumulates problems for one record.
type checker struct {
	file, record string
	problems     *Problems
	deny         *Denylist // source domains refused (nil: none)
}

func (c checker) add(field, format string, args ...any) {
	*c.problems = append(*c.problems, Problem{File: c.file, Record: c.record, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (c checker) required(field, v string) {
	if strings.TrimSpace(v) == "" {
		c.add(field, "is required")
	}
}

func (c checker) oneOf(field, v string, allowed []string) {
	if !slices.Contains(allowed, v) {
		c.add(field, "%q is not one of %s", v, strings.Join(allowed, ", "))
	}
}

func (c checker) date(field string, d Date, required bool) {
	if d == "" {
		if required {
			c.add(field, "is required")
		}
		return
	}
	if _, err := d.Time(); err != nil {
		c.add(field, "%v", err)
	}
}

// Plausible ranges of figures: beyond them a value is a typo (or an attack)
// that would overflow derived metrics such as $/MW-yr.
const (
	maxUSD      = 1e13 // ten trillion dollars
	maxMW       = 1e6  // a terawatt
	minMW       = 1e-3 // a kilowatt
	maxHashrate = 1e4  // EH/s
	minTerm     = 0.01 // years
	maxTerm     = 100  // years
)

// nonNegative checks that a figure is 0 or positive and within the
// plausible range its field name implies (*_usd, *mw, *eh_s).
func (c checker) nonNegative(field string, v *float64) {
	if v == nil {
		return
	}
	hi, lo := math.MaxFloat64, 0.0
	switch {
	case strings.HasSuffix(field, "_usd"):
		hi = maxUSD
	case strings.HasSuffix(field, "mw"):
		hi, lo = maxMW, minMW
	case strings.HasSuffix(field, "eh_s"):
		hi = maxHashrate
	}
	switch x := *v; {
	case math.IsNaN(x):
		c.add(field, "is not a number")
	case x < 0:
		c.add(field, "must not be negative (got %g)", x)
	case x > hi:
		c.add(field, "%g is implausibly large (at most %g)", x, hi)
	case x > 0 && x < lo:
		c.add(field, "%g is implausibly small (0, or at least %g)", x, lo)
	}
}

// mw checks a set of MW figures measured on one basis.
func (c checker) mw(basisField, basis string, figures map[string]*float64) {
	any := false
	for f, v := range figures {
		c.nonNegative(f, v)
		any = any || v != nil
	}
	if basis == "" {
		if any {
			c.add(basisField, "is required when a MW figure is given (one of %s)", strings.Join(MWBases, ", "))
		}
		return
	}
	c.oneOf(basisField, basis, MWBases)
}

func (c checker) sources(field string, ss []Source) {
	if len(ss) == 0 {
		c.add(field, "at least one source is required")
	}
	for i, s := range ss {
		f := fmt.Sprintf("%s[%d]", field, i)
		u, err := url.Parse(s.URL)
		switch {
		case strings.TrimSpace(s.URL) == "":
			c.add(f+".url", "is required")
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			c.add(f+".url", "%q is not an http(s) URL", s.URL)
		}
		c.required(f+".publisher", s.Publisher)
		c.date(f+".date", s.Date, false)
		if s.Kind == "" {
			c.add(f+".kind", "is required (one of %s)", strings.Join(SourceKinds, ", "))
		} else {
			c.oneOf(f+".kind", s.Kind, SourceKinds)
		}
		c.denied(f+".url", s.URL, c.deny)
	}
}

// verified checks a record's verified date: required, a full date, and not
// before the newest of its sources (a record cannot have been checked
// against a document not yet published).
func (c checker) verified(v Date, sources []Source) {
	c.date("verified", v, true)
	if v == "" {
		return
	}
	if len(v) != 10 {
		c.add("verified", "%s: give the full date the figures were checked (YYYY-MM-DD)", v)
		return
	}
	for i, s := range sources {
		if s.Date != "" && dateStartsAfter(s.Date, v) {
			c.add("verified", "%s is before sources[%d]'s date %s: the record cannot have been checked against it yet", v, i, s.Date)
			return
		}
	}
}

// ids checks that every id is a well-formed slug and unique within its file.
func ids(file string, problems *Problems, n int, id func(int) string) map[string]bool {
	seen := make(map[string]bool, n)
	for i := 0; i < n; i++ {
		v := id(i)
		c := checker{file, recordName(v, i), problems, nil}
		switch {
		case v == "":
			c.add("id", "is required")
		case !slugRE().MatchString(v):
			c.add("id", "%q is not a lowercase slug (a-z, 0-9 and single hyphens)", v)
		case seen[v]:
			c.add("id", "duplicate id %q", v)
		}
		seen[v] = true
	}
	return seen
}

func recordName(id string, i int) string {
	if id == "" {
		return fmt.Sprintf("#%d", i+1)
	}
	return clipName(id)
}

// Validate checks every record of d and every reference between records.
// It returns nil or a Problems listing each problem as "file: record: field: message".
func (d *Dataset) Validate() error { return d.validate(false) }

// ValidateSeed is Validate for a curated seed directory (lint, the seed
// loader, import): it also holds the corrections log to the records — each
// names a record that exists, and the latest correction of a field holds
// the record's value. A store edited by curated writes is checked by
// Validate only: a curator may edit or delete a corrected record, and the
// log stays as history.
func (d *Dataset) ValidateSeed() error { return d.validate(true) }

func (d *Dataset) validate(seed bool) error {
	var ps Problems
	if checkLimits(d, &ps) { // limits.go: sizes first, so no message quotes a huge value
		return ps
	}
	miners := ids(FileMiners, &ps, len(d.Miners), func(i int) string { return d.Miners[i].ID })
	sites := ids(FileSites, &ps, len(d.Sites), func(i int) string { return d.Sites[i].ID })
	deals := ids(FileDeals, &ps, len(d.Deals), func(i int) string { return d.Deals[i].ID })
	cps := ids(FileCounterparties, &ps, len(d.Counterparties), func(i int) string { return d.Counterparties[i].ID })
	ids(FileAggregates, &ps, len(d.Aggregates), func(i int) string { return d.Aggregates[i].ID })

	meta := checker{FileMeta, "meta", &ps, nil}
	if d.Meta.Revision < 1 {
		meta.add("revision", "must be a positive integer")
	}
	meta.date("as_of", d.Meta.AsOf, true)

	for i := range d.Miners {
		d.Miners[i].validate(checker{FileMiners, recordName(d.Miners[i].ID, i), &ps, d.Denylist})
	}
	for i := range d.Sites {
		s := &d.Sites[i]
		c := checker{FileSites, recordName(s.ID, i), &ps, d.Denylist}
		s.validate(c)
		if s.Miner != "" && !miners[s.Miner] {
			c.add("miner", "unknown miner %q", s.Miner)
		}
	}
	for i := range d.Deals {
		dl := &d.Deals[i]
		c := checker{FileDeals, recordName(dl.ID, i), &ps, d.Denylist}
		dl.validate(c)
		if dl.Miner != "" && !miners[dl.Miner] {
			c.add("miner", "unknown miner %q", dl.Miner)
		}
		for field, ref := range map[string]string{"tenant": dl.Tenant, "end_user": dl.EndUser, "guarantor": dl.Guarantor} {
			if ref != "" && !cps[ref] {
				c.add(field, "unknown counterparty %q", ref)
			}
		}
		if dl.Site != "" && !sites[dl.Site] {
			c.add("site", "unknown site %q", dl.Site)
		}
	}
	for i := range d.Counterparties {
		cp := &d.Counterparties[i]
		c := checker{FileCounterparties, recordName(cp.ID, i), &ps, d.Denylist}
		c.required("name", cp.Name)
		c.oneOf("kind", cp.Kind, CounterpartyKinds)
		for j, n := range cp.FormerNames {
			if strings.TrimSpace(n) == "" || strings.EqualFold(strings.TrimSpace(n), strings.TrimSpace(cp.Name)) {
				c.add(fmt.Sprintf("former_names[%d]", j), "%q is empty or the current name", n)
			}
		}
	}
	for i := range d.Aggregates {
		a := &d.Aggregates[i]
		c := checker{FileAggregates, recordName(a.ID, i), &ps, d.Denylist}
		c.required("title", a.Title)
		c.required("value", a.Value)
		c.required("who", a.Who)
		c.date("date", a.Date, true)
		c.nonNegative("value_usd", a.ValueUSD)
		c.mw("mw_basis", a.MWBasis, map[string]*float64{"mw": a.MW})
		c.sources("sources", a.Sources)
	}
	d.validateEquity(&ps, miners, cps, deals)
	d.validateFinancing(&ps, miners, sites, deals)
	d.validateEvents(&ps, miners, deals)
	d.validateCorrections(&ps, seed)
	d.checkPending(&ps)
	if len(ps) == 0 {
		return nil
	}
	return ps
}

func (m *Miner) validate(c checker) {
	c.required("name", m.Name)
	c.oneOf("status", m.Status, MinerStatuses)
	c.sources("sources", m.Sources)
	c.verified(m.Verified, m.Sources)
	c.claim("confidence", m.Confidence, m.Sources)
	if h := m.Hashrate; h != nil {
		c.nonNegative("hashrate.eh_s", h.EHs)
		c.date("hashrate.as_of", h.AsOf, true)
		c.sources("hashrate.sources", h.Sources)
	}
	for i, p := range m.Capacity {
		f := fmt.Sprintf("capacity[%d]", i)
		c.date(f+".as_of", p.AsOf, true)
		c.mw(f+".basis", p.Basis, map[string]*float64{
			f + ".energized_mw": p.EnergizedMW, f + ".construction_mw": p.ConstructionMW,
			f + ".pipeline_mw": p.PipelineMW, f + ".contracted_mw": p.ContractedMW,
		})
		c.sources(f+".sources", p.Sources)
		if i > 0 && p.AsOf < m.Capacity[i-1].AsOf {
			c.add(f+".as_of", "%s is before the previous point's %s; keep capacity points oldest first", p.AsOf, m.Capacity[i-1].AsOf)
		}
	}
}

func (s *Site) validate(c checker) {
	c.required("miner", s.Miner)
	c.required("name", s.Name)
	c.required("country", s.Country)
	c.oneOf("use", s.Use, SiteUses)
	c.oneOf("location_precision", s.LocationPrecision, Precisions)
	c.mw("basis", s.Basis, map[string]*float64{
		"energized_mw": s.EnergizedMW, "construction_mw": s.ConstructionMW, "pipeline_mw": s.PipelineMW,
		"unstaged_mw": s.UnstagedMW,
	})
	c.nonNegative("it_mw", s.ITMW)
	c.date("as_of", s.AsOf, true)
	if s.Lat != nil && (*s.Lat < -90 || *s.Lat > 90) {
		c.add("lat", "%g is out of range [-90, 90]", *s.Lat)
	}
	if s.Lon != nil && (*s.Lon < -180 || *s.Lon > 180) {
		c.add("lon", "%g is out of range [-180, 180]", *s.Lon)
	}
	if (s.Lat == nil) != (s.Lon == nil) {
		c.add("lat", "lat and lon must be given together")
	}
	if s.LocationPrecision == PrecisionNone && s.Lat != nil {
		c.add("location_precision", `is "none" but lat/lon are given`)
	}
	if s.LocationPrecision != PrecisionNone && s.LocationPrecision != PrecisionRegion && s.Lat == nil && slices.Contains(Precisions, s.LocationPrecision) {
		c.add("lat", "is required when location_precision is %q", s.LocationPrecision)
	}
	c.sources("sources", s.Sources)
	c.verified(s.Verified, s.Sources)
	c.claim("confidence", s.Confidence, s.Sources)
	c.milestones(s.Milestones, s.Verified)
	s.validatePower(c)
}

func (d *Deal) validate(c checker) {
	c.required("title", d.Title)
	c.required("miner", d.Miner)
	c.required("tenant", d.Tenant)
	c.oneOf("type", d.Type, DealTypes)
	c.oneOf("status", d.Status, DealStatuses)
	c.date("announced", d.Announced, true)
	c.date("status_as_of", d.StatusAsOf, false)
	c.nonNegative("value_usd", d.ValueUSD)
	c.nonNegative("value_with_ext_usd", d.ValueWithExtUSD)
	c.nonNegative("guarantee_usd", d.GuaranteeUSD)
	c.nonNegative("prepayment_usd", d.PrepaymentUSD)
	if d.ValueUSD != nil || d.ValueWithExtUSD != nil {
		if d.ValueBasis == "" {
			c.add("value_basis", "is required when a value is given (one of %s)", strings.Join(ValueBases, ", "))
		} else {
			c.oneOf("value_basis", d.ValueBasis, ValueBases)
		}
	} else if d.ValueBasis != "" {
		c.oneOf("value_basis", d.ValueBasis, ValueBases)
	}
	if d.ValueUSD != nil && d.ValueWithExtUSD != nil && *d.ValueWithExtUSD < *d.ValueUSD {
		c.add("value_with_ext_usd", "%g is less than value_usd %g", *d.ValueWithExtUSD, *d.ValueUSD)
	}
	if d.TermYears != nil && *d.TermYears <= 0 {
		c.add("term_years", "must be positive (got %g); leave it out when not disclosed", *d.TermYears)
	} else if d.TermYears != nil && (*d.TermYears < minTerm || *d.TermYears > maxTerm) {
		c.add("term_years", "%g is out of range [%g, %g]", *d.TermYears, float64(minTerm), float64(maxTerm))
	}
	c.mw("mw_basis", d.MWBasis, map[string]*float64{"mw": d.MW})
	c.nonNegative("gross_mw", d.GrossMW)
	if d.GrossMW != nil && d.MW != nil && d.MWBasis == BasisIT && *d.GrossMW < *d.MW {
		c.add("gross_mw", "%g is less than the critical-IT mw %g", *d.GrossMW, *d.MW)
	}
	if d.Share != nil {
		switch {
		case d.Type != TypeJV:
			c.add("share", "applies only to a joint venture (type %q); leave it out", TypeJV)
		case !(*d.Share > 0 && *d.Share <= 1):
			c.add("share", "%g is not a share in (0, 1] (51%% is 0.51)", *d.Share)
		}
	}
	c.sources("sources", d.Sources)
	c.verified(d.Verified, d.Sources)
	c.claim("confidence", d.Confidence, d.Sources)
	d.validateTerms(c)
}
