package dataset

import (
	"strings"
	"unicode/utf8"
)

type term struct {
	s     string
	ascii bool
}

// searchTerms splits search text into lowercased terms; "double quotes"
// keep a phrase together.
func searchTerms(s string) []term {
	var out []term
	add := func(t string) {
		if t = strings.TrimSpace(t); t != "" {
			t = strings.ToLower(t)
			ascii := true
			for i := 0; i < len(t); i++ {
				if t[i] >= utf8.RuneSelf {
					ascii = false
					break
				}
			}
			out = append(out, term{s: t, ascii: ascii})
		}
	}
	for s != "" {
		s = strings.TrimLeft(s, " \t\r\n")
		if rest, ok := strings.CutPrefix(s, `"`); ok {
			phrase, after, _ := strings.Cut(rest, `"`)
			add(phrase)
			s = after
			continue
		}
		i := strings.IndexAny(s, " \t\r\n\"")
		if i < 0 {
			i = len(s)
		}
		add(s[:i])
		s = s[i:]
	}
	return out
}

// in reports whether t occurs in s, ignoring case.
func (t term) in(s string) bool {
	if !t.ascii {
		return strings.Contains(strings.ToLower(s), t.s)
	}
	n := len(t.s)
	first := t.s[0]
	for i := 0; i+n <= len(s); i++ {
		if lowerASCII(s[i]) != first {
			continue
		}
		j := 1
		for j < n && lowerASCII(s[i+j]) == t.s[j] {
			j++
		}
		if j == n {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// anyIn reports whether t occurs in one of fields.
func (t term) anyIn(fields ...string) bool {
	for _, f := range fields {
		if t.in(f) {
			return true
		}
	}
	return false
}

// dealSearch reports whether every term occurs in the deal's text: id,
// title, the names (and ids) of its miner, tenant, end user, guarantor and
// site, their former names, the miner's ticker, the site's city and
// region, extensions and notes.
func (s *Snapshot) dealSearch(r *DealRow, terms []term) bool {
	var city, region, ticker string
	if i, ok := s.site[r.Site]; ok && r.Site != "" {
		city, region = s.Data.Sites[i].City, s.Data.Sites[i].Region
	}
	if i, ok := s.miner[r.Miner]; ok {
		ticker = s.Data.Miners[i].Ticker
	}
	for _, t := range terms {
		if !t.anyIn(r.Title, r.ID, r.MinerName, r.TenantName, r.EndUserName, r.GuarantorName, r.SiteName,
			r.Miner, r.Tenant, r.EndUser, r.Guarantor, ticker, city, region, r.Extensions, r.Notes) && !s.inFormerNames(t, r) {
			return false
		}
	}
	return true
}

// minerSearch: id, name, ticker, former names, HQ, strategy, tenants, notes.
func minerSearch(_ *Snapshot, r *MinerRow, terms []term) bool {
	for _, t := range terms {
		if !t.anyIn(r.ID, r.Name, r.Ticker, r.HQ, r.Strategy, r.Notes) &&
			!t.anyIn(r.FormerNames...) && !t.anyIn(r.Tenants...) {
			return false
		}
	}
	return true
}

// siteSearch: id, name, miner, city, region, country, grid, prior use, milestones, tenants, notes.
func siteSearch(_ *Snapshot, r *SiteRow, terms []term) bool {
	for _, t := range terms {
		if !t.anyIn(r.ID, r.Name, r.MinerName, r.Miner, r.City, r.Region, r.Country, r.ISO, r.PowerSource, r.PriorUse, r.Notes) &&
			!t.anyIn(r.Tenants...) && !t.inMilestones(r.Milestones) {
			return false
		}
	}
	return true
}
