package dataset

import (
	"slices"
	"strings"
	"sync"
)

// As of a date: the dataset as it stood then.
//
// Snapshot.AsOf(at) keeps only what had been announced or observed by the
// end of the period at names ("2025-06" is the end of June 2025), with the
// same benefit of the doubt as announcedBy: a record dated only to a month
// or a year counts from the first day of it. The rules, record by record:
//
//   - Deals announced after at are left out. The dataset keeps no status
//     history: a deal whose status (construction, energizing, energized,
//     terminated) is dated after at (status_as_of) is taken as signed at
//     at, a rejected one as announced; otherwise its status is as recorded.
//   - A site counts from its first sourced date: the earliest of its
//     sources' dates, its milestones' dates and announcement dates and its
//     deals' announcement dates (a site with none of them counts at every
//     date). Milestones announced after at (or, without an announcement
//     date, observed after it) are left out.
//   - A site's capacity by stage is what its milestones say at at. Figures
//     dated (as_of) on or before at stand as recorded. Otherwise, when the
//     site has observed energized milestones with MW, energized at at is
//     their sum up to at (never more than the recorded figure) and the
//     rest of the recorded energized MW counts as under construction;
//     where milestones are missing the recorded figures stand from the
//     site's first sourced date (the sources say nothing earlier).
//   - A miner's capacity points and hashrate dated after at are left out;
//     the miner itself is always listed (miners are not announced).
//   - Equity, financing, aggregates and events dated after at are left out.
//   - The dataset's as-of date becomes at when at is earlier.

// ParseAsOf checks an as_of value: YYYY-MM or YYYY-MM-DD. "" is no date.
func ParseAsOf(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	d := Date(s)
	if (len(s) != 7 && len(s) != 10) || !d.Valid() {
		return "", ParamErrorf("as_of", "%q is not a date of the form YYYY-MM or YYYY-MM-DD", s)
	}
	return d, nil
}

// AsOfDay is the last day of the period at names ("2025-06" → "2025-06-30"),
// the day milestone statuses are judged against; at itself when it is a day.
func AsOfDay(at Date) Date {
	if len(at) == 10 || at == "" {
		return at
	}
	end, ok := dateEndKey(string(at))
	if !ok {
		return at
	}
	t, _ := Date(keyDate(end)).Time()
	return Date(t.AddDate(0, 0, -1).Format("2006-01-02"))
}

// asOfCache keeps the last few as-of snapshots: building one re-derives
// every row, and a page asks for the same date many times.
var asOfCache struct {
	mu sync.Mutex
	m  map[asOfKey]*Snapshot
}

type asOfKey struct {
	s  *Snapshot
	at Date
}

// AsOf returns the snapshot as it stood at at (see the rules above), or s
// itself when at is "" or not earlier than the dataset's own date. The
// result is cached; like every snapshot it must not be modified.
func (s *Snapshot) AsOf(at Date) *Snapshot {
	if at == "" || !at.Valid() {
		return s
	}
	if end, ok := dateEndKey(string(at)); ok {
		if k, ok := dateEndKey(string(s.Data.Meta.AsOf)); ok && k <= end {
			return s // nothing in the dataset is newer than at
		}
	}
	key := asOfKey{s, at}
	asOfCache.mu.Lock()
	if p, ok := asOfCache.m[key]; ok {
		asOfCache.mu.Unlock()
		return p
	}
	asOfCache.mu.Unlock()
	p := NewSnapshotVersion(DatasetAsOf(s.Data, at), s.Version+"@"+string(at))
	asOfCache.mu.Lock()
	if asOfCache.m == nil || len(asOfCache.m) >= 16 {
		asOfCache.m = map[asOfKey]*Snapshot{}
	}
	asOfCache.m[key] = p
	asOfCache.mu.Unlock()
	return p
}

// DatasetAsOf returns a copy of d holding what was known at at. It shares
// the records it keeps unchanged with d; neither may be modified.
func DatasetAsOf(d *Dataset, at Date) *Dataset {
	end, ok := dateEndKey(string(at))
	if !ok {
		return d
	}
	// by reports whether a date's first day is on or before at's last day;
	// an empty or unusable date counts.
	by := func(x Date) bool {
		k, ok := dateKey(string(x))
		return !ok || k < end
	}
	out := *d
	out.Meta.AsOf = at
	if k, ok := dateEndKey(string(d.Meta.AsOf)); ok && k <= end {
		out.Meta.AsOf = d.Meta.AsOf
	}
	firstDeal := map[string]int{} // site → earliest announced key of its deals
	out.Deals = make([]Deal, 0, len(d.Deals))
	for _, dl := range d.Deals {
		if dl.Announced == "" || !by(dl.Announced) {
			continue
		}
		if dl.StatusAsOf != "" && !by(dl.StatusAsOf) {
			switch dl.Status {
			case StatusConstruction, StatusEnergizing, StatusEnergized, StatusTerminated:
				dl.Status, dl.StatusAsOf = StatusSigned, ""
			case StatusRejected:
				dl.Status, dl.StatusAsOf = StatusAnnounced, ""
			}
		}
		if dl.Site != "" {
			if k, ok := dateKey(string(dl.Announced)); ok {
				if f, seen := firstDeal[dl.Site]; !seen || k < f {
					firstDeal[dl.Site] = k
				}
			}
		}
		out.Deals = append(out.Deals, dl)
	}
	out.Sites = make([]Site, 0, len(d.Sites))
	for _, st := range d.Sites {
		first, dated := 0, false
		note := func(x Date) {
			if k, ok := dateKey(string(x)); ok && (!dated || k < first) {
				first, dated = k, true
			}
		}
		for _, s := range st.Sources {
			note(s.Date)
		}
		for _, m := range st.Milestones {
			note(m.Date)
			note(m.Announced)
		}
		if k, ok := firstDeal[st.ID]; ok && (!dated || k < first) {
			first, dated = k, true
		}
		if dated && first >= end {
			continue
		}
		out.Sites = append(out.Sites, siteAsOf(st, by))
	}
	out.Miners = make([]Miner, len(d.Miners))
	for i, m := range d.Miners {
		if len(m.Capacity) > 0 {
			m.Capacity = slices.DeleteFunc(slices.Clone(m.Capacity), func(p CapacityPoint) bool { return !by(p.AsOf) })
		}
		if m.Hashrate != nil && !by(m.Hashrate.AsOf) {
			m.Hashrate = nil
		}
		out.Miners[i] = m
	}
	out.Equity = slices.DeleteFunc(slices.Clone(d.Equity), func(e Equity) bool { return !by(e.Date) })
	out.Financing = slices.DeleteFunc(slices.Clone(d.Financing), func(f Financing) bool { return !by(f.Date) })
	out.Aggregates = slices.DeleteFunc(slices.Clone(d.Aggregates), func(a Aggregate) bool { return !by(a.Date) })
	out.Events = slices.DeleteFunc(slices.Clone(d.Events), func(e Event) bool { return !by(e.Date) })
	return &out
}

// siteAsOf is st with the milestones known at the date and its capacity by
// stage as they say (see the rules above).
func siteAsOf(st Site, by func(Date) bool) Site {
	known := false // the site dates its energized MW with observed milestones
	for _, m := range st.Milestones {
		if m.Kind == MilestoneObserved && m.Stage == StageEnergized && m.MW != nil {
			known = true
		}
	}
	if len(st.Milestones) > 0 {
		st.Milestones = slices.DeleteFunc(slices.Clone(st.Milestones), func(m Milestone) bool {
			if m.Announced != "" {
				return !by(m.Announced)
			}
			return m.Kind == MilestoneObserved && !by(m.Date)
		})
	}
	if st.AsOf == "" || by(st.AsOf) || !known || st.EnergizedMW == nil {
		return st
	}
	var energized float64
	for _, m := range st.Milestones { // those known at the date
		if m.Kind == MilestoneObserved && m.Stage == StageEnergized && m.MW != nil && by(m.Date) {
			energized += *m.MW
		}
	}
	if energized >= *st.EnergizedMW {
		return st
	}
	moved := *st.EnergizedMW - energized
	st.EnergizedMW = ptr(energized)
	st.ConstructionMW = ptr(val(st.ConstructionMW) + moved)
	return st
}

// parseAsOf reads the as_of= parameter of a query.
func (q *Query) parseAsOf(vals []string) error {
	s, err := single("as_of", vals)
	if err != nil {
		return err
	}
	q.AsOf, err = ParseAsOf(s)
	return err
}
