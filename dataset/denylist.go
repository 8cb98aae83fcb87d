package dataset

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// FileDenylist is the seed file listing the source domains the lint refuses.
const FileDenylist = "denylist.txt"

// FileDenylistPending is the seed file naming the records allowed, for now,
// to keep citing a denylisted source because no other source is on record.
const FileDenylistPending = "denylist-pending.txt"

// Denylist is a list of domains (optionally with a path) that no source may
// cite: content farms, spam, casino and meme-coin blogs, exchange social
// feeds and user-post sites. Build one with ParseDenylist.
//
// Pending names records ("deals/<id>") that may keep their denylisted
// sources until replaced; a pending record that no longer cites one is
// itself a problem, so the list can only shrink.
type Denylist struct {
	entries []denyEntry
	pending map[string]int // record ref -> line in denylist-pending.txt
}

type denyEntry struct {
	host, path string // lowercase; path "" or "/square"
	reason     string // the entry's comment, or the heading comment above it
	line       int
}

// ParseDenylist reads a denylist: one entry a line, "domain" or
// "domain/path", "#" starting a comment. A comment line names the reason
// for the entries below it until the next blank line; a comment after an
// entry is that entry's reason. A malformed line is a Problem of
// denylist.txt naming the line.
func ParseDenylist(text string) (*Denylist, error) {
	var dl Denylist
	var ps Problems
	heading := ""
	for i, raw := range strings.Split(text, "\n") {
		n := i + 1
		line, comment, _ := strings.Cut(raw, "#")
		line, comment = strings.TrimSpace(line), strings.TrimSpace(comment)
		if line == "" {
			switch {
			case comment != "":
				heading = comment
			case strings.TrimSpace(raw) == "":
				heading = ""
			}
			continue
		}
		e := denyEntry{line: n, reason: heading}
		if comment != "" {
			e.reason = comment
		}
		entry := strings.ToLower(line)
		host, path, _ := strings.Cut(entry, "/")
		switch {
		case strings.Contains(entry, "://"):
			ps = append(ps, Problem{FileDenylist, fmt.Sprintf("line %d", n), "-", fmt.Sprintf("%q: give the domain without a scheme, e.g. example.com or example.com/path", line)})
			continue
		case strings.ContainsAny(entry, " \t?*") || host == "" || !strings.Contains(host, ".") || strings.HasPrefix(host, ".") || strings.HasSuffix(host, "."):
			ps = append(ps, Problem{FileDenylist, fmt.Sprintf("line %d", n), "-", fmt.Sprintf("%q is not a domain (example.com) or a domain with a path (example.com/square)", line)})
			continue
		}
		e.host = strings.TrimPrefix(host, "www.")
		if path != "" {
			e.path = "/" + strings.TrimSuffix(path, "/")
		}
		dl.entries = append(dl.entries, e)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return &dl, nil
}

// ParsePending reads denylist-pending.txt: one record ref a line
// ("deals/<id>", "sites/<id>", "miners/<id>", "aggregates/<id>"), "#"
// starting a comment, and adds it to the denylist.
func (dl *Denylist) ParsePending(text string) error {
	var ps Problems
	dl.pending = map[string]int{}
	for i, raw := range strings.Split(text, "\n") {
		line, _, _ := strings.Cut(raw, "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		kind, id, ok := strings.Cut(line, "/")
		if !ok || !containsString([]string{"deals", "sites", "miners", "aggregates"}, kind) || !slugRE().MatchString(id) {
			ps = append(ps, Problem{FileDenylistPending, fmt.Sprintf("line %d", i+1), "-", fmt.Sprintf("%q is not a record (deals/<id>, sites/<id>, miners/<id> or aggregates/<id>)", line)})
			continue
		}
		dl.pending[line] = i + 1
	}
	if len(ps) > 0 {
		return ps
	}
	return nil
}

// Pending returns the records allowed to keep a denylisted source, sorted.
func (dl *Denylist) Pending() []string {
	if dl == nil {
		return nil
	}
	out := make([]string, 0, len(dl.pending))
	for r := range dl.pending {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// Len returns the number of entries.
func (dl *Denylist) Len() int {
	if dl == nil {
		return 0
	}
	return len(dl.entries)
}

// Match returns the denylist entry a URL falls under ("binance.com/square")
// with its reason and line, or ok false. A domain entry covers its
// subdomains; a path entry covers the path and everything under it, also
// behind a leading language segment (binance.com/it/square/post/1).
func (dl *Denylist) Match(rawURL string) (entry, reason string, line int, ok bool) {
	if dl == nil {
		return "", "", 0, false
	}
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return "", "", 0, false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	path := strings.ToLower(u.EscapedPath())
	for _, e := range dl.entries {
		if host != e.host && !strings.HasSuffix(host, "."+e.host) {
			continue
		}
		if e.path != "" && !pathUnder(path, e.path) && !pathUnder(dropLanguage(path), e.path) {
			continue
		}
		return e.host + e.path, e.reason, e.line, true
	}
	return "", "", 0, false
}

// pathUnder reports whether path is prefix or lies below it.
func pathUnder(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// dropLanguage removes a leading language segment ("/it", "/en-in", "/pt-pt") from a path.
func dropLanguage(path string) string {
	rest := strings.TrimPrefix(path, "/")
	seg, after, found := strings.Cut(rest, "/")
	if !found || len(seg) < 2 || len(seg) > 5 {
		return path
	}
	for _, r := range seg {
		if (r < 'a' || r > 'z') && r != '-' {
			return path
		}
	}
	return "/" + after
}

// fileKinds maps a seed file to the record kind of its refs ("deals/<id>").
var fileKinds = map[string]string{FileDeals: "deals", FileSites: "sites", FileMiners: "miners", FileAggregates: "aggregates"}

// denied checks one source URL against the dataset's denylist.
func (c checker) denied(field, rawURL string, dl *Denylist) {
	if entry, reason, line, ok := dl.Match(rawURL); ok {
		if _, pending := dl.pending[fileKinds[c.file]+"/"+c.record]; pending {
			return
		}
		why := ""
		if reason != "" {
			why = reason + "; "
		}
		c.add(field, "%q is on the denylist (%s: %s%s line %d); cite the filing, the company's release or a named outlet instead",
			rawURL, entry, why, FileDenylist, line)
	}
}

// checkPending reports pending records that no longer need their place:
// gone, or citing no denylisted source any more.
func (d *Dataset) checkPending(ps *Problems) {
	dl := d.Denylist
	if dl == nil {
		return
	}
	cites := map[string]bool{}
	mark := func(kind, id string, ss []Source) {
		for _, s := range ss {
			if _, _, _, ok := dl.Match(s.URL); ok {
				cites[kind+"/"+id] = true
			}
		}
	}
	for i := range d.Deals {
		mark("deals", d.Deals[i].ID, d.Deals[i].Sources)
	}
	for i := range d.Sites {
		mark("sites", d.Sites[i].ID, d.Sites[i].Sources)
	}
	for i := range d.Miners {
		mark("miners", d.Miners[i].ID, d.Miners[i].Sources)
	}
	for i := range d.Aggregates {
		mark("aggregates", d.Aggregates[i].ID, d.Aggregates[i].Sources)
	}
	for _, ref := range dl.Pending() {
		if !cites[ref] {
			*ps = append(*ps, Problem{FileDenylistPending, fmt.Sprintf("line %d", dl.pending[ref]), ref,
				"no longer cites a denylisted source (or does not exist): remove the line"})
		}
	}
}
