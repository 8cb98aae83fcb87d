package dataset

import (
	"slices"
	"strings"
)

// Source kinds: what a document is. The order of SourceKinds is the order
// of strength, best first.
const (
	SourceFiling     = "filing"     // SEC/SEDAR/ASX text: 8-K, 6-K, 10-Q, 424B, exhibit 99.1 as filed
	SourceCompany    = "company"    // the company's own release or IR page
	SourceNewswire   = "newswire"   // the release as distributed, verbatim (GlobeNewswire, Business Wire, mirrors)
	SourcePress      = "press"      // a named news outlet's own reporting
	SourceResearch   = "research"   // a bank or analyst note, as quoted
	SourceAggregator = "aggregator" // a re-publisher or summary site
)

// SourceKinds lists the valid source kinds, strongest first.
var SourceKinds = []string{SourceFiling, SourceCompany, SourceNewswire, SourcePress, SourceResearch, SourceAggregator}

// Grades: how well a record is sourced, derived from its best source.
const (
	GradePrimary   = "primary"   // a filing, company or newswire source
	GradePress     = "press"     // the best source is a named outlet's reporting
	GradeSecondary = "secondary" // only research notes as quoted, or aggregators
)

// Grades lists the grades, best first.
var Grades = []string{GradePrimary, GradePress, GradeSecondary}

// SourceGrade is the grade a single source of the given kind earns: primary
// for filing, company and newswire, press for press, secondary otherwise
// (research, aggregator, or an unknown kind).
func SourceGrade(kind string) string {
	switch kind {
	case SourceFiling, SourceCompany, SourceNewswire:
		return GradePrimary
	case SourcePress:
		return GradePress
	}
	return GradeSecondary
}

// GradeOf is the grade of a record citing sources: the grade of its best
// source, secondary when it cites none.
func GradeOf(sources []Source) string {
	best := GradeSecondary
	for _, s := range sources {
		if g := SourceGrade(s.Kind); gradeRank(g) < gradeRank(best) {
			best = g
		}
	}
	return best
}

// gradeRank is the position of a grade in Grades (0 is best), len(Grades) when unknown.
func gradeRank(g string) int {
	if i := slices.Index(Grades, g); i >= 0 {
		return i
	}
	return len(Grades)
}

// GradeAtLeast reports whether grade g is as good as min or better.
func GradeAtLeast(g, min string) bool { return gradeRank(g) <= gradeRank(min) }

// HasPrimarySource reports whether any source is a filing, company or newswire document.
func HasPrimarySource(sources []Source) bool { return GradeOf(sources) == GradePrimary }

// claim checks an optional stored grade claim against the grade the
// sources support: the claim must be a grade and must not exceed it.
func (c checker) claim(field, claim string, sources []Source) {
	if claim == "" {
		return
	}
	if !slices.Contains(Grades, claim) {
		c.add(field, "%q is not a grade (%s); the grade is derived from the sources' kinds, so leave the field out",
			claim, strings.Join(Grades, ", "))
		return
	}
	if g := GradeOf(sources); !GradeAtLeast(g, claim) {
		c.add(field, "claims %q but the best source supports only %q (%s); cite a %s source or leave the field out",
			claim, g, kindsOf(sources), claimNeeds(claim))
	}
}

func claimNeeds(grade string) string {
	if grade == GradePrimary {
		return "filing, company or newswire"
	}
	return "press"
}

// kindsOf lists the distinct kinds of sources, for messages: "press, aggregator".
func kindsOf(sources []Source) string {
	var ks []string
	for _, s := range sources {
		k := s.Kind
		if k == "" {
			k = "no kind"
		}
		if !slices.Contains(ks, k) {
			ks = append(ks, k)
		}
	}
	if len(ks) == 0 {
		return "no sources"
	}
	return strings.Join(ks, ", ")
}

func (r *DealRow) trust() (string, Date)  { return r.Grade, r.Verified }
func (r *MinerRow) trust() (string, Date) { return r.Grade, r.Verified }
func (r *SiteRow) trust() (string, Date)  { return r.Grade, r.Verified }
