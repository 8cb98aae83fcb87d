package dataset

import (
	"net/url"
	"slices"
	"sort"
	"strings"
)

// Delivery timeline: one row per site phase (a milestone label; a site's
// unlabelled milestones form one row per stage), its guided dates as
// outlines and its observed dates as solid marks, and its slippage.

// Timeline row statuses.
const (
	PhaseDelivered = "delivered" // an observed milestone, no guided date missed
	PhaseOnTrack   = "on-track"  // guided, not yet due, never moved
	PhaseSlipped   = "slipped"   // a later guidance moved the date, or it was observed after the guided date
	PhaseOverdue   = "overdue"   // a guided date passed without an observed milestone
)

// PhaseStatuses lists the timeline row statuses.
var PhaseStatuses = []string{PhaseDelivered, PhaseOnTrack, PhaseSlipped, PhaseOverdue}

// TimelineRow is one site phase of the delivery timeline.
type TimelineRow struct {
	// ID is "<site>/<label>".
	ID        string   `json:"id"`
	Site      string   `json:"site"`
	SiteName  string   `json:"site_name"`
	Miner     string   `json:"miner"`
	MinerName string   `json:"miner_name"`
	ISO       string   `json:"iso,omitempty"`
	Tenants   []string `json:"tenants"`
	// Label is the phase; Stages the stages its milestones report.
	Label  string   `json:"label"`
	Stages []string `json:"stages"`
	// Marks are the phase's milestones, oldest first, with their status.
	Marks []MilestoneRow `json:"marks"`
	// FirstGuided and LatestGuided are the first and the latest guided date
	// (by announcement) of the stage that slipped most (of the first stage
	// guided when none did); Observed the latest observed date.
	FirstGuided  Date `json:"first_guided,omitempty"`
	LatestGuided Date `json:"latest_guided,omitempty"`
	Observed     Date `json:"observed,omitempty"`
	// SlipDays is how far the guided date of one stage moved (end of the
	// latest guided period less end of the first), plus, when that stage
	// was observed late, the days from the end of the last guided period to
	// the observed date; the largest over the stages; nil when none moved.
	SlipDays *int `json:"slip_days"`
	// DaysOverdue counts the days since a guided period ended with nothing
	// observed (see MilestoneRows); nil unless overdue.
	DaysOverdue *int   `json:"days_overdue"`
	Status      string `json:"status"` // one of PhaseStatuses
	// NextDue is the guided date still open (due, not met), if any.
	NextDue Date `json:"next_due,omitempty"`
	// DueSoon is true when NextDue ends within 90 days of the date.
	DueSoon bool `json:"due_soon"`
}

// TimelineFilter keeps the rows of one miner, tenant (any deal at the
// site), stage (any milestone of the phase), ISO, and those due within 90 days.
type TimelineFilter struct {
	Miner  string `json:"miner,omitempty"`
	Tenant string `json:"tenant,omitempty"`
	Stage  string `json:"stage,omitempty"`
	ISO    string `json:"iso,omitempty"`
	Due90  bool   `json:"due90,omitempty"`
}

// ParseTimelineFilter reads miner=, tenant=, stage=, iso= and due=90 (and
// as_of, theme, plain, transparent, which it ignores); anything else, or a
// stage that is not one, is an EINVALID error naming the parameter.
func ParseTimelineFilter(v url.Values) (TimelineFilter, error) {
	var f TimelineFilter
	for k, vals := range v {
		s := ""
		if len(vals) > 0 {
			s = strings.TrimSpace(vals[len(vals)-1])
		}
		switch k {
		case "miner":
			f.Miner = s
		case "tenant":
			f.Tenant = s
		case "iso":
			f.ISO = s
		case "stage":
			if s != "" && !slices.Contains(MilestoneStages, s) {
				return f, ParamErrorf(k, "%q is not a stage; accepted: %s", s, strings.Join(MilestoneStages, ", "))
			}
			f.Stage = s
		case "due":
			if s != "" && s != "90" {
				return f, ParamErrorf(k, "%q: due takes 90 (due within the next 90 days)", s)
			}
			f.Due90 = s == "90"
		case "as_of", "theme", "plain", "transparent":
		default:
			return f, ParamErrorf(k, "unknown parameter %q; the timeline takes miner, tenant, stage, iso, due=90 and as_of", k)
		}
	}
	return f, nil
}

// Values encodes f as URL parameters.
func (f TimelineFilter) Values() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"miner": f.Miner, "tenant": f.Tenant, "stage": f.Stage, "iso": f.ISO} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.Due90 {
		v.Set("due", "90")
	}
	return v
}

// Timeline is the delivery timeline as of a date.
type Timeline struct {
	AsOf   Date           `json:"as_of"`
	Rows   []TimelineRow  `json:"rows"`
	Totals TimelineTotals `json:"totals"`
	// Options are the values each filter offers (over all rows).
	Options struct {
		Miners  []string `json:"miners"`
		Tenants []string `json:"tenants"`
		ISOs    []string `json:"isos"`
	} `json:"options"`
}

// TimelineTotals counts the rows shown by status.
type TimelineTotals struct {
	Rows      int `json:"rows"`
	Delivered int `json:"delivered"`
	OnTrack   int `json:"on_track"`
	Slipped   int `json:"slipped"`
	Overdue   int `json:"overdue"`
	DueSoon   int `json:"due_soon"`
	// SlipDaysTotal sums SlipDays over the slipped rows.
	SlipDaysTotal int `json:"slip_days_total"`
}

// Timeline builds the delivery timeline as of today (YYYY-MM-DD), the rows
// sorted by their next or latest date, filtered by f.
func (s *Snapshot) Timeline(today Date, f TimelineFilter) Timeline {
	out := Timeline{AsOf: today, Rows: []TimelineRow{}}
	todayKey, _ := dateKey(string(today))
	soon := ""
	if t, err := today.Time(); err == nil {
		soon = t.AddDate(0, 0, 90).Format("2006-01-02")
	}
	soonKey, _ := dateKey(soon)
	tenantIDs := map[string][]string{} // site → tenants of the deals there
	for _, d := range s.Deals {
		if d.Site != "" && !slices.Contains(tenantIDs[d.Site], d.Tenant) {
			tenantIDs[d.Site] = append(tenantIDs[d.Site], d.Tenant)
		}
	}
	var all []TimelineRow
	byKey := map[string]int{}
	for _, r := range s.MilestoneRows(today) {
		label := r.Label
		if label == "" {
			label = r.Stage
		}
		k := r.Site + "/" + label
		i, ok := byKey[k]
		if !ok {
			st, _ := s.Site(r.Site)
			row := TimelineRow{ID: k, Site: r.Site, SiteName: r.SiteName, Miner: r.Miner, MinerName: r.MinerName, Label: label,
				Tenants: orNoStrings(tenantIDs[r.Site]), Stages: []string{}}
			if st != nil {
				row.ISO = st.ISO
			}
			all = append(all, row)
			i = len(all) - 1
			byKey[k] = i
		}
		row := &all[i]
		row.Marks = append(row.Marks, r)
		if !slices.Contains(row.Stages, r.Stage) {
			row.Stages = append(row.Stages, r.Stage)
		}
	}
	for i := range all {
		phaseStatus(&all[i], todayKey, soonKey)
	}
	miners, tnts, isos := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, r := range all {
		miners[r.Miner] = true
		for _, t := range r.Tenants {
			tnts[t] = true
		}
		if r.ISO != "" {
			isos[r.ISO] = true
		}
	}
	out.Options.Miners, out.Options.Tenants, out.Options.ISOs = sortedKeys(miners), sortedKeys(tnts), sortedKeys(isos)
	for _, r := range all {
		if (f.Miner != "" && r.Miner != f.Miner) || (f.Tenant != "" && !slices.Contains(r.Tenants, f.Tenant)) ||
			(f.Stage != "" && !slices.Contains(r.Stages, f.Stage)) || (f.ISO != "" && r.ISO != f.ISO) || (f.Due90 && !r.DueSoon) {
			continue
		}
		out.Rows = append(out.Rows, r)
	}
	sort.SliceStable(out.Rows, func(i, j int) bool {
		a, b := rowKey(&out.Rows[i]), rowKey(&out.Rows[j])
		if a != b {
			return a < b
		}
		return out.Rows[i].ID < out.Rows[j].ID
	})
	t := &out.Totals
	for _, r := range out.Rows {
		t.Rows++
		switch r.Status {
		case PhaseDelivered:
			t.Delivered++
		case PhaseOnTrack:
			t.OnTrack++
		case PhaseSlipped:
			t.Slipped++
		case PhaseOverdue:
			t.Overdue++
		}
		if r.SlipDays != nil {
			t.SlipDaysTotal += *r.SlipDays
		}
		if r.DueSoon {
			t.DueSoon++
		}
	}
	return out
}

// rowKey orders rows by the date they are judged on: next due, else the
// latest observed, else the latest guided.
func rowKey(r *TimelineRow) int {
	for _, d := range []Date{r.NextDue, r.Observed, r.LatestGuided} {
		if k, ok := dateKey(string(d)); ok {
			return k
		}
	}
	return 99999999
}

// phaseStatus derives a row's dates, slippage and status from its marks.
func phaseStatus(r *TimelineRow, todayKey, soonKey int) {
	var guided []MilestoneRow
	for _, m := range r.Marks {
		switch m.Kind {
		case MilestoneObserved:
			if r.Observed == "" || dateLater(m.Date, r.Observed) {
				r.Observed = m.Date
			}
		case MilestoneGuided:
			guided = append(guided, m)
		}
	}
	// Guidance in the order it was given: by announcement, else as listed.
	sort.SliceStable(guided, func(i, j int) bool {
		a, okA := dateKey(string(guided[i].Announced))
		b, okB := dateKey(string(guided[j].Announced))
		return okA && okB && a < b
	})
	// Slippage is measured within a stage: a phase guided to start
	// construction in one year and to energize in the next has not slipped.
	slip := 0
	for _, stage := range MilestoneStages {
		var gs []MilestoneRow
		var observed Date
		for _, m := range guided {
			if m.Stage == stage {
				gs = append(gs, m)
			}
		}
		for _, m := range r.Marks {
			if m.Kind == MilestoneObserved && m.Stage == stage && (observed == "" || dateLater(m.Date, observed)) {
				observed = m.Date
			}
		}
		if len(gs) == 0 {
			continue
		}
		firstG, lastG := gs[0].Date, gs[len(gs)-1].Date
		d := 0
		first, ok1 := dateEndKey(string(firstG))
		last, ok2 := dateEndKey(string(lastG))
		if ok1 && ok2 && last > first {
			d += daysBetween(first, last)
		}
		if obs, ok3 := dateKey(string(observed)); ok2 && ok3 && obs >= last {
			d += daysBetween(last, obs) + 1
		}
		if r.FirstGuided == "" || d > slip {
			r.FirstGuided, r.LatestGuided = firstG, lastG
		}
		slip = max(slip, d)
	}
	for _, m := range guided {
		if m.Status == MilestoneOverdue && m.DaysOverdue != nil {
			if r.DaysOverdue == nil || *m.DaysOverdue > *r.DaysOverdue {
				d := *m.DaysOverdue
				r.DaysOverdue = &d
			}
		}
		if m.Status == MilestoneDue {
			if r.NextDue == "" || dateLater(r.NextDue, m.Date) {
				r.NextDue = m.Date
			}
		}
	}
	if r.NextDue != "" {
		if k, ok := dateKey(string(r.NextDue)); ok && k <= soonKey && k >= todayKey/100*100 {
			r.DueSoon = true
		}
	}
	if slip > 0 {
		r.SlipDays = &slip
	}
	switch {
	case r.DaysOverdue != nil:
		r.Status = PhaseOverdue
	case r.SlipDays != nil:
		r.Status = PhaseSlipped
	case r.Observed != "" && r.NextDue == "":
		r.Status = PhaseDelivered
	default:
		r.Status = PhaseOnTrack
	}
}

// dateLater reports whether a starts after b starts.
func dateLater(a, b Date) bool {
	ka, ok1 := dateKey(string(a))
	kb, ok2 := dateKey(string(b))
	return ok1 && ok2 && ka > kb
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func orNoStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return slices.Clone(s)
}
