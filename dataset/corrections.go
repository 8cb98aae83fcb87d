package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// FileCorrections is the seed file logging the audit's corrections.
const FileCorrections = "corrections.json"

// Kinds of error a correction fixes.
var CorrectionErrors = []string{"date", "name", "tenant", "basis", "scope", "status", "value", "mw", "source", "other"}

// CorrectionKinds lists the record kinds a correction can name, as in "deals/<id>".
var CorrectionKinds = []string{"deals", "sites", "miners", "counterparties", "aggregates"}

// Correction is one figure an audit changed: which record and field, the
// value before and after, the kind of error, why, when, and the sources
// that show the right value.
type Correction struct {
	// Record is "<kind>/<id>", kind one of CorrectionKinds.
	Record string `json:"record"`
	// Field is the JSON field name, dotted for nested fields ("hashrate.eh_s").
	Field string `json:"field"`
	// From and To are the JSON values before and after (null allowed).
	From json.RawMessage `json:"from"`
	To   json.RawMessage `json:"to"`
	// Error is one of CorrectionErrors.
	Error   string   `json:"error"`
	Reason  string   `json:"reason"`
	Date    Date     `json:"date"`
	Sources []Source `json:"sources"`
}

// RecordKind and RecordID split Record ("deals/x" gives "deals", "x").
func (c *Correction) RecordKind() string { k, _, _ := strings.Cut(c.Record, "/"); return k }

// RecordID is the id part of Record.
func (c *Correction) RecordID() string { _, id, _ := strings.Cut(c.Record, "/"); return id }

// validateCorrections checks the corrections log against the records:
// each names an existing record, a kind of error, a reason, a full date and
// sources; and the latest correction of a top-level field must hold the
// value the record now has. Those last two hold only for a seed (strict);
// after curated writes the log is history.
func (d *Dataset) validateCorrections(ps *Problems, strict bool) {
	records := map[string]map[string]any{} // "<kind>/<id>" -> record as JSON object
	add := func(kind, id string, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			return
		}
		var m map[string]any
		if json.Unmarshal(b, &m) == nil {
			records[kind+"/"+id] = m
		}
	}
	// Marshalling every record costs a few milliseconds: only a seed's check
	// (strict) compares corrections with the records; a curated write skips it.
	if strict {
		for i := range d.Deals {
			add("deals", d.Deals[i].ID, &d.Deals[i])
		}
		for i := range d.Sites {
			add("sites", d.Sites[i].ID, &d.Sites[i])
		}
		for i := range d.Miners {
			add("miners", d.Miners[i].ID, &d.Miners[i])
		}
		for i := range d.Counterparties {
			add("counterparties", d.Counterparties[i].ID, &d.Counterparties[i])
		}
		for i := range d.Aggregates {
			add("aggregates", d.Aggregates[i].ID, &d.Aggregates[i])
		}
	}
	latest := map[string]int{} // record + field -> index of the latest correction
	for i := range d.Corrections {
		k := d.Corrections[i].Record + "\x00" + d.Corrections[i].Field
		if j, ok := latest[k]; !ok || d.Corrections[j].Date <= d.Corrections[i].Date {
			latest[k] = i
		}
	}
	for i := range d.Corrections {
		cr := &d.Corrections[i]
		c := checker{FileCorrections, fmt.Sprintf("#%d %s", i+1, cr.Record), ps, d.Denylist}
		kind, id, ok := strings.Cut(cr.Record, "/")
		rec, exists := records[cr.Record]
		switch {
		case !ok || id == "" || !containsString(CorrectionKinds, kind):
			c.add("record", "%q is not <kind>/<id> with kind one of %s", cr.Record, strings.Join(CorrectionKinds, ", "))
		case strict && !exists && cr.Field != "record":
			c.add("record", "no record %s (a correction that removed a record has field \"record\" and to null)", cr.Record)
		}
		c.required("field", cr.Field)
		if len(bytes.TrimSpace(cr.From)) == 0 {
			c.add("from", "is required (the value before, JSON; null when there was none)")
		}
		if len(bytes.TrimSpace(cr.To)) == 0 {
			c.add("to", "is required (the value after, JSON; null when removed)")
		}
		c.oneOf("error", cr.Error, CorrectionErrors)
		c.required("reason", cr.Reason)
		c.date("date", cr.Date, true)
		if cr.Date != "" && len(cr.Date) != 10 {
			c.add("date", "%s: give the full date the correction was made (YYYY-MM-DD)", cr.Date)
		}
		c.sources("sources", cr.Sources)
		if strict && cr.Field == "record" && len(cr.To) > 0 && exists && string(bytes.TrimSpace(cr.To)) == "null" {
			c.add("to", "is null (record removed) but %s is still in the dataset", cr.Record)
		}
		// The latest correction of a top-level field must match the record.
		if !strict || !exists || strings.Contains(cr.Field, ".") || latest[cr.Record+"\x00"+cr.Field] != i || len(cr.To) == 0 {
			continue
		}
		var want any
		if err := json.Unmarshal(cr.To, &want); err != nil {
			c.add("to", "is not JSON: %v", err)
			continue
		}
		got, has := rec[cr.Field]
		if !has {
			if _, known := fieldsOf(kind)[cr.Field]; !known {
				c.add("field", "%q is not a field of %s", cr.Field, kind)
				continue
			}
		}
		if !reflect.DeepEqual(got, want) && !(got == nil && want == nil) {
			gb, _ := json.Marshal(got)
			c.add("to", "%s but the record's %s is %s: the latest correction must hold the record's value", compactJSON(cr.To), cr.Field, gb)
		}
	}
}

// fieldsOf lists the JSON field names of a record kind.
func fieldsOf(kind string) map[string]bool {
	var t reflect.Type
	switch kind {
	case "deals":
		t = reflect.TypeOf(Deal{})
	case "sites":
		t = reflect.TypeOf(Site{})
	case "miners":
		t = reflect.TypeOf(Miner{})
	case "counterparties":
		t = reflect.TypeOf(Counterparty{})
	case "aggregates":
		t = reflect.TypeOf(Aggregate{})
	default:
		return nil
	}
	out := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = true
		}
	}
	return out
}

func compactJSON(b []byte) string {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return string(b)
	}
	return buf.String()
}

// clipText shortens s to at most n characters, ending a cut one with "…".
func clipText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Summary is one line saying what a correction changed:
// `announced: "2025-11-04" → "2025-11-03"`.
//
// Each value is clipped to 60 characters: a list of sources or milestones
// is long JSON, and From and To carry it whole.
func (c *Correction) Summary() string {
	return fmt.Sprintf("%s: %s → %s", c.Field, clipText(compactJSON(c.From), 60), clipText(compactJSON(c.To), 60))
}
