package dataset

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
)

// Citations: every view can be cited as text, BibTeX and CSL-JSON, naming
// the view's URL (with its query, as_of included), the dataset's revision
// and content version, and the date its figures were last checked. The
// server's GET /api/v1/citation and the app's Cite control both build them
// here, so the two give the same words.

// Citation formats: the values of GET /api/v1/citation's format.
const (
	CiteText   = "text"
	CiteBibTeX = "bibtex"
	CiteCSL    = "csl"
)

// CiteFormats lists the citation formats.
var CiteFormats = []string{CiteText, CiteBibTeX, CiteCSL}

// Citation is what a view is cited by, with its three renderings.
type Citation struct {
	// URL is the view's absolute URL, its query in canonical order.
	URL   string `json:"url"`
	Title string `json:"title"`
	// Revision is the published revision the view shows (the dataset's
	// Meta.Revision where the store keeps no revisions) and Version its
	// content hash (Snapshot.Version): together they name what was read.
	Revision int    `json:"revision"`
	Version  string `json:"version"`
	// Permalink is the view's URL under /v/{revision}/, which keeps showing
	// what the citation names after the data changes ("" without a
	// published revision).
	Permalink string `json:"permalink,omitempty"`
	// Checked is the latest date a record's figures were checked against
	// their sources (the dataset's as-of date when none says).
	Checked Date    `json:"checked"`
	Licence Licence `json:"licence"`
	Text    string  `json:"text"`
	BibTeX  string  `json:"bibtex"`
	// CSL is the CSL-JSON (one item in an array), as text.
	CSL string `json:"csl"`
}

// Format returns the citation in format f (CiteText, CiteBibTeX, CiteCSL),
// "" for another.
func (c Citation) Format(f string) string {
	switch f {
	case CiteText:
		return c.Text
	case CiteBibTeX:
		return c.BibTeX
	case CiteCSL:
		return c.CSL
	}
	return ""
}

// CanonicalURL returns raw with its query re-encoded in key order (so a
// citation names one URL for one view) and no fragment; raw must be an
// absolute http(s) URL, else an EINVALID error on "url".
func CanonicalURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, ParamErrorf("url", "%q is not an absolute http(s) URL of a view", clip(raw, 200))
	}
	u.Fragment, u.RawFragment = "", ""
	u.RawQuery = u.Query().Encode()
	u.ForceQuery = false
	return u, nil
}

// Cite builds the citation of the view at viewURL (an absolute URL, see
// CanonicalURL) whose app path, without the base path or /v/{revision}, is
// path, showing the published revision (0 when the store keeps none: the
// dataset's Meta.Revision is named). The title is the view's (ViewTitle).
func (s *Snapshot) Cite(viewURL *url.URL, path string, revision int) Citation {
	c := Citation{URL: viewURL.String(), Title: s.ViewTitle(path), Version: s.Version, Licence: DataLicence(), Revision: revision}
	if s.Data != nil {
		c.Checked = s.Data.Meta.AsOf
		if revision == 0 {
			c.Revision = s.Data.Meta.Revision
		}
	}
	if revision > 0 {
		c.Permalink = permalink(viewURL, path, revision)
	}
	if d := s.lastChecked(); d > c.Checked {
		c.Checked = d
	}
	c.Text, c.BibTeX, c.CSL = c.text(), c.bibtex(path), c.csl(path)
	return c
}

// lastChecked is the latest verified date among the records of every kind
// with such a column.
func (s *Snapshot) lastChecked() Date {
	var last Date
	for _, kind := range Kinds {
		col, ok := lookupColumn(kind, "verified")
		if !ok {
			continue
		}
		t := tableOf(kind)
		if t.dated {
			continue
		}
		rs := s.rowsOf(t, "")
		for i := range rs.n {
			if d, ok := col.Value(rs.at(i)).(Date); ok && d > last {
				last = d
			}
		}
	}
	return last
}

// edition names the revision and version: "revision 6 (version 3f2a…)".
func (c Citation) edition() string {
	e := "revision " + strconv.Itoa(c.Revision)
	if c.Version != "" {
		e += ", version " + c.Version
	}
	return e
}

// year is the year of the check date, "n.d." without one.
func (c Citation) year() string {
	if len(c.Checked) >= 4 {
		return string(c.Checked[:4])
	}
	return "n.d."
}

// permalink is viewURL under /v/{revision}/: its path is the base path
// followed by path (or by /v/{n} and path already).
func permalink(viewURL *url.URL, path string, revision int) string {
	u := *viewURL
	base := strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), strings.TrimSuffix(path, "/"))
	if n, _, ok := SplitRevisionPath(strings.TrimPrefix(u.Path, base)); ok && n > 0 {
		return u.String() // already a revision's URL
	}
	if i := strings.LastIndex(base, "/v/"); i >= 0 {
		if n, _, ok := SplitRevisionPath(base[i:]); ok && n > 0 {
			return u.String()
		}
	}
	u.Path = base + "/v/" + strconv.Itoa(revision) + path
	u.RawPath = ""
	return u.String()
}

// also is the permanent URL when it differs from the view's.
func (c Citation) also() string {
	if c.Permalink == "" || c.Permalink == c.URL {
		return ""
	}
	return c.Permalink
}

func (c Citation) text() string {
	t := Publisher + " (" + c.year() + "). " + c.Title + " [Data set; " + c.edition() +
		"; figures checked against their sources up to " + string(c.Checked) + "]. Licensed " +
		"CC BY 4.0. " + c.URL
	if p := c.also(); p != "" {
		t += " (this revision: " + p + ")"
	}
	return t
}

// key is the BibTeX key and CSL id: "powerbrokers-r6-deals".
func (c Citation) key(path string) string {
	var b strings.Builder
	b.WriteString("powerbrokers-r" + strconv.Itoa(c.Revision))
	dash := true
	for _, r := range strings.ToLower(path) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
		if b.Len() > 60 {
			break
		}
	}
	return b.String()
}

func (c Citation) bibtex(path string) string {
	var b strings.Builder
	field := func(name, v string) { b.WriteString("  " + name + " = {" + v + "},\n") }
	b.WriteString("@misc{" + c.key(path) + ",\n")
	field("author", "{"+Publisher+"}")
	field("title", "{"+bibEscape(c.Title)+"}")
	field("year", c.year())
	field("howpublished", `\url{`+bibURL(c.URL)+"}")
	field("url", bibURL(c.URL))
	field("version", bibEscape(c.edition()))
	note := "Data set. Figures checked against their sources up to " + string(c.Checked) + ". Licensed CC BY 4.0 (" + LicenceURL + ")"
	if p := c.also(); p != "" {
		note += ". This revision: " + bibURL(p)
	}
	field("note", bibEscape(note))
	b.WriteString("}\n")
	return b.String()
}

// bibEscape escapes the characters TeX treats specially.
func bibEscape(s string) string {
	r := strings.NewReplacer(`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "%", `\%`, "&", `\&`,
		"#", `\#`, "$", `\$`, "_", `\_`, "^", `\^{}`, "~", `\~{}`, "\n", " ", "\r", " ")
	return r.Replace(s)
}

// bibURL keeps a URL's braces and backslashes from ending the field (a
// canonical URL has none; the percent signs \url takes as they are).
func bibURL(s string) string {
	return strings.NewReplacer("{", "%7B", "}", "%7D", `\`, "%5C", " ", "%20").Replace(s)
}

// cslItem is one CSL-JSON item (citationstyles.org, CSL 1.0.2).
type cslItem struct {
	ID        string           `json:"id"`
	Type      string           `json:"type"`
	Title     string           `json:"title"`
	Author    []map[string]any `json:"author"`
	Publisher string           `json:"publisher"`
	Issued    map[string]any   `json:"issued"`
	Version   string           `json:"version"`
	URL       string           `json:"URL"`
	Medium    string           `json:"medium"`
	Note      string           `json:"note"`
}

func (c Citation) csl(path string) string {
	issued := map[string]any{"literal": c.year()}
	if parts := dateParts(c.Checked); len(parts) > 0 {
		issued = map[string]any{"date-parts": [][]int{parts}}
	}
	item := cslItem{ID: c.key(path), Type: "dataset", Title: c.Title,
		Author: []map[string]any{{"literal": Publisher}}, Publisher: Publisher, Issued: issued,
		Version: c.edition(), URL: c.URL, Medium: "Data set",
		Note: "Figures checked against their sources up to " + string(c.Checked) + ". Licensed CC BY 4.0 (" + LicenceURL + ")."}
	if p := c.also(); p != "" {
		item.Note += " This revision: " + p
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // JSON escapes what it must; "&" in a URL stays readable
	enc.SetIndent("", "  ")
	enc.Encode([]cslItem{item}) // plain strings and numbers cannot fail
	return b.String()
}

// dateParts splits "2026-05-26" into [2026 5 26] (fewer parts when less precise).
func dateParts(d Date) []int {
	var out []int
	for p := range strings.SplitSeq(string(d), "-") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil
		}
		out = append(out, n)
	}
	return out
}

// viewTitles are the titles of the views that hold no one record.
var viewTitles = map[string]string{
	"/": "Bitcoin miners' AI/HPC deals and power capacity", "/deals": "AI/HPC deals", "/miners": "Miners",
	"/sites": "Sites", "/equity": "Equity and warrants", "/financing": "Financing", "/compare": "Compare miners",
	"/economics": "Pivot economics", "/timeline": "Delivery timeline", "/exposure": "Exposure",
	"/embed/capacity": "Power capacity by stage", "/embed/map": "Sites",
}

// ViewTitle returns the title of the view at an app path (no base path, no
// query): a record's name for a record's page, a fixed title for the
// others (an embed's is its full view's), "Powerbrokers" for a path it
// does not know.
func (s *Snapshot) ViewTitle(path string) string {
	path = strings.TrimSuffix(path, "/")
	if path == "" {
		path = "/"
	}
	full := strings.TrimPrefix(path, "/embed")
	if full == "" {
		full = "/"
	}
	if strings.HasPrefix(full, "/miner/") {
		full = "/miners/" + strings.TrimPrefix(full, "/miner/")
	}
	if t, ok := viewTitles[path]; ok {
		return t
	}
	if t, ok := viewTitles[full]; ok {
		return t
	}
	kind, id, _ := strings.Cut(strings.TrimPrefix(full, "/"), "/")
	if id == "" || strings.Contains(id, "/") {
		return Publisher
	}
	switch kind {
	case KindDeals:
		if d, err := s.Deal(id); err == nil {
			return d.Title
		}
	case KindMiners:
		if m, err := s.Miner(id); err == nil {
			return m.Name
		}
	case KindEquity:
		if e, err := s.EquityByID(id); err == nil {
			return e.HolderName + " in " + e.IssuerName + ": " + e.Instrument
		}
	case KindFinancing:
		if f, err := s.FinancingByID(id); err == nil {
			return f.IssuerName + ": " + f.Kind
		}
	case "counterparties":
		if c, err := s.Counterparty(id); err == nil {
			return c.Name
		}
	}
	return Publisher
}

// clip shortens s to n bytes for an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
