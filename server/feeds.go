package server

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"powerbrokers/dataset"
)

// The change log as Atom 1.0 feeds (RFC 4287): GET /changes.atom for every
// change, GET /miners/{id}/changes.atom for those of one miner's records
// (the miner, its deals, sites, equity and financing). Each entry is one
// curated write or one correction of the audit, linking to the record and
// to its sources.

// feedEntries is how many entries a feed holds, newest first.
const feedEntries = 100

// atomNS is the Atom namespace.
const atomNS = "http://www.w3.org/2005/Atom"

type (
	atomFeed struct {
		XMLName  xml.Name    `xml:"feed"`
		NS       string      `xml:"xmlns,attr"`
		ID       string      `xml:"id"`
		Title    string      `xml:"title"`
		Subtitle string      `xml:"subtitle"`
		Updated  string      `xml:"updated"`
		Author   atomPerson  `xml:"author"`
		Rights   string      `xml:"rights"`
		Links    []atomLink  `xml:"link"`
		Entries  []atomEntry `xml:"entry"`
	}
	atomPerson struct {
		Name string `xml:"name"`
		URI  string `xml:"uri,omitempty"`
	}
	atomLink struct {
		Rel   string `xml:"rel,attr,omitempty"`
		Href  string `xml:"href,attr"`
		Type  string `xml:"type,attr,omitempty"`
		Title string `xml:"title,attr,omitempty"`
	}
	atomText struct {
		Type string `xml:"type,attr"`
		Text string `xml:",chardata"`
	}
	atomEntry struct {
		ID       string         `xml:"id"`
		Title    atomText       `xml:"title"`
		Updated  string         `xml:"updated"`
		Summary  atomText       `xml:"summary"`
		Category []atomCategory `xml:"category"`
		Links    []atomLink     `xml:"link"`
	}
	atomCategory struct {
		Term string `xml:"term,attr"`
	}
)

// changeKinds maps the change log's kinds ("deal") to kinds of records.
var changeKinds = func() map[string]string {
	m := map[string]string{}
	for plural, one := range correctionKinds {
		m[one] = plural
	}
	for _, k := range writableKinds {
		m[singular(k)] = k
	}
	return m
}()

// actionWords name a change's action in an entry's title.
var actionWords = map[string]string{"create": "Added", "update": "Updated", "delete": "Deleted", "correct": "Corrected",
	"seed": "Loaded", "reseed": "Reloaded", "import": "Imported"}

// recordFacts are what a feed needs of a current record: its miner and sources.
type recordFacts struct {
	miner   string
	sources []dataset.Source
}

// factsOf reads the miner and the sources of every record of snap, keyed
// "kind/id", through the column registry.
func factsOf(snap *dataset.Snapshot, today dataset.Date) map[string]recordFacts {
	out := map[string]recordFacts{}
	for _, kind := range writableKinds {
		id, _ := dataset.ColumnByName(kind, "id")
		src, hasSrc := dataset.ColumnByName(kind, "sources")
		miner, hasMiner := dataset.ColumnByName(kind, "miner")
		if !hasMiner {
			miner, hasMiner = dataset.ColumnByName(kind, "issuer")
		}
		snap.EachRow(kind, today, func(row any) {
			f := recordFacts{}
			rid := id.Text(row)
			if hasSrc {
				f.sources = src.Sources(row)
			}
			if kind == dataset.KindMiners {
				f.miner = rid
			} else if hasMiner {
				f.miner, _ = miner.Value(row).(string)
			}
			out[kind+"/"+rid] = f
		})
	}
	return out
}

// minerOf returns the miner a change belongs to: its record's now, or for
// a record no longer there, the one its last version named.
func minerOf(c dataset.Change, facts map[string]recordFacts) string {
	kind := changeKinds[c.Kind]
	if f, ok := facts[kind+"/"+c.ID]; ok {
		return f.miner
	}
	if kind == dataset.KindMiners {
		return c.ID
	}
	for _, raw := range []json.RawMessage{c.Before, c.After} {
		var rec struct {
			Miner  string `json:"miner"`
			Issuer string `json:"issuer"`
		}
		if json.Unmarshal(raw, &rec) == nil && (rec.Miner != "" || rec.Issuer != "") {
			return rec.Miner + rec.Issuer
		}
	}
	return ""
}

// feedChanges returns the newest changes (the store's log and the
// corrections) that keep accepts, at most feedEntries.
func (s *Server) feedChanges(keep func(dataset.Change) bool) ([]dataset.Change, error) {
	log, _, err := s.store.ChangesPage(0, maxChanges, 4*maxChangesBytes)
	if err != nil {
		return nil, err
	}
	all := mergeChanges(log, correctionChanges(s.currentSnapshot().Data.Corrections), len(log)+len(s.currentSnapshot().Data.Corrections))
	var out []dataset.Change
	for _, c := range all {
		if keep(c) {
			out = append(out, c)
			if len(out) == feedEntries {
				break
			}
		}
	}
	return out, nil
}

// getChangesFeed handles "GET /changes.atom": every change, newest first.
func (s *Server) getChangesFeed(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.Query()) > 0 {
		writeError(w, r, dataset.ParamErrorf(firstParam(r.URL.Query()), "the feed takes no parameters; one miner's changes are at /miners/{id}/changes.atom"))
		return
	}
	changes, err := s.feedChanges(func(dataset.Change) bool { return true })
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.serveFeed(w, r, "/changes.atom", "/", "Powerbrokers: what changed", changes)
}

// getMinerFeed handles "GET /miners/{id}/changes.atom": the changes of one
// miner's records; 404 for a miner the data does not hold.
func (s *Server) getMinerFeed(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	snap := s.currentSnapshot()
	m, err := snap.Miner(id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	facts := factsOf(snap, s.today())
	changes, err := s.feedChanges(func(c dataset.Change) bool { return minerOf(c, facts) == id })
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.serveFeed(w, r, "/miners/"+id+"/changes.atom", "/miners/"+id, "Powerbrokers: what changed for "+m.Name, changes)
}

func firstParam(q url.Values) string {
	for k := range q {
		return k
	}
	return ""
}

// serveFeed writes changes as an Atom feed whose own path is self and whose
// page is page (both app paths).
func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request, self, page, title string, changes []dataset.Change) {
	base := s.publicOrigin(r) + s.cfg.BasePath
	snap := s.currentSnapshot()
	facts := factsOf(snap, s.today())
	feed := atomFeed{NS: atomNS, ID: base + self, Title: title,
		Subtitle: "Curated writes and the audit's corrections of the Powerbrokers dataset, newest first.",
		Author:   atomPerson{Name: dataset.Publisher, URI: base + "/"},
		Rights:   dataset.LicenceNotice,
		Links: []atomLink{{Rel: "self", Href: base + self, Type: "application/atom+xml"},
			{Rel: "alternate", Href: base + page, Type: "text/html"},
			{Rel: "license", Href: dataset.LicenceURL}},
	}
	updated := time.Time{}
	if at, err := snap.Data.Meta.AsOf.Time(); err == nil {
		updated = at
	}
	for _, c := range changes {
		if c.At.After(updated) {
			updated = c.At
		}
		feed.Entries = append(feed.Entries, s.feedEntry(base, c, facts))
	}
	feed.Updated = updated.UTC().Format(time.RFC3339)
	var b bytes.Buffer
	b.WriteString(xml.Header)
	if err := xml.NewEncoder(&b).Encode(feed); err != nil {
		writeError(w, r, err)
		return
	}
	serveDynamic(w, r, b.Bytes(), "application/atom+xml; charset=utf-8")
}

// feedEntry is one change as an entry.
func (s *Server) feedEntry(base string, c dataset.Change, facts map[string]recordFacts) atomEntry {
	kind := changeKinds[c.Kind]
	e := atomEntry{Updated: c.At.UTC().Format(time.RFC3339), Category: []atomCategory{{Term: c.Action}}}
	if c.Seq > 0 {
		e.ID = "urn:powerbrokers:change:" + strconv.FormatUint(c.Seq, 10)
	} else {
		e.ID = "urn:powerbrokers:correction:" + url.PathEscape(kind) + ":" + url.PathEscape(c.ID) + ":" +
			url.PathEscape(c.Field) + ":" + c.At.UTC().Format("2006-01-02")
	}
	word := actionWords[c.Action]
	if word == "" {
		word = c.Action
	}
	title := word + " " + c.Kind
	if c.ID != "" {
		title += " " + c.ID
	}
	if c.Field != "" {
		title += ": " + c.Field
	}
	e.Title = atomText{Type: "text", Text: title}
	summary := c.Summary
	if c.Reason != "" {
		summary = strings.TrimSpace(summary + " " + c.Reason)
	}
	if summary == "" {
		summary = title + "."
	}
	if c.Who != "" {
		summary += " (by " + c.Who + ")"
	}
	e.Summary = atomText{Type: "text", Text: summary}
	if path := recordPage(kind, c.ID); path != "" && c.Action != "delete" {
		e.Links = append(e.Links, atomLink{Rel: "alternate", Href: base + path, Type: "text/html"})
	} else {
		e.Links = append(e.Links, atomLink{Rel: "alternate", Href: base + "/", Type: "text/html"})
	}
	sources := c.Sources
	if len(sources) == 0 {
		sources = facts[kind+"/"+c.ID].sources
	}
	for _, src := range sources {
		if !strings.HasPrefix(src.URL, "https://") && !strings.HasPrefix(src.URL, "http://") {
			continue
		}
		t := src.Publisher
		if src.Title != "" {
			t = strings.TrimPrefix(t+": "+src.Title, ": ")
		}
		e.Links = append(e.Links, atomLink{Rel: "related", Href: src.URL, Title: t})
	}
	return e
}

// recordPage is the app path of a record's page, "" when it has none.
func recordPage(kind, id string) string {
	if id == "" {
		return ""
	}
	if kind == "counterparties" {
		return dataset.RefPath(dataset.RefCounterparty, id)
	}
	return dataset.RecordPath(kind, id)
}

// minerPagePath matches a miner's page, whose feed its head links to.
var minerPagePath = regexp.MustCompile(`^/miners/([a-z0-9-]+)$`)

// feedLinks adds the <link rel="alternate"> of the change feeds to a
// page's head: every page links the whole log, a miner's page its own.
func (s *Server) feedLinks(page []byte, path string) []byte {
	bp := html.EscapeString(s.cfg.BasePath)
	links := `<link rel="alternate" type="application/atom+xml" title="Powerbrokers: what changed" href="` + bp + `/changes.atom">`
	if m := minerPagePath.FindStringSubmatch(path); m != nil {
		if miner, err := s.currentSnapshot().Miner(m[1]); err == nil {
			links += `<link rel="alternate" type="application/atom+xml" title="` + html.EscapeString("What changed for "+miner.Name) +
				`" href="` + bp + "/miners/" + m[1] + `/changes.atom">`
		}
	}
	return bytes.Replace(page, charsetMeta, append(append([]byte{}, charsetMeta...), links...), 1)
}
