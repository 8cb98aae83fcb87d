package dataset

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Size limits of records. Validate enforces them like every other rule, so
// the seed, an import and a curated write meet the same ones, and a problem
// reads "file: record: field: message". Text lengths are in characters
// (Unicode code points); the seed's longest values are far below them.
const (
	// MaxIDLength bounds every id and every reference to one.
	MaxIDLength = 64
	// MaxRecordBytes bounds a whole record, encoded as JSON.
	MaxRecordBytes = 64 << 10
	// MaxTextLength is the limit of a text field not listed in textLimits.
	MaxTextLength = 1000
	// MaxListLength is the limit of a list not listed in listLimits.
	MaxListLength = 100
)

// textLimits are the longest values of text fields, by JSON name, either
// "Type.field" or "field" for that name in every record type.
var textLimits = map[string]int{
	// ids and references to records
	"id": MaxIDLength, "miner": MaxIDLength, "tenant": MaxIDLength, "end_user": MaxIDLength,
	"guarantor": MaxIDLength, "site": MaxIDLength,
	// names and titles
	"title": 200, "name": 200, "former_names": 200, "parent": 200, "who": 200, "hq": 200,
	"Source.title": 300, "Source.publisher": 200,
	// codes and places
	"ticker": 16, "exchange": 64, "country": 64, "region": 100, "city": 100, "grid": 100,
	// enumerations (validated against their lists as well)
	"type": 64, "status": 64, "confidence": 64, "basis": 64, "mw_basis": 64, "value_basis": 64,
	"use": 64, "location_precision": 64, "kind": 64,
	// dates
	"as_of": 10, "announced": 10, "status_as_of": 10, "date": 10,
	// free text
	"url": 2048, "notes": 8192, "note": 2000, "strategy": 2000, "dates": 1000, "prior_use": 500,
	"extensions": 200, "value": 500,
	// deal terms, site power, equity and financing (terms.go, equity.go, financing.go)
	"holder": MaxIDLength, "issuer": MaxIDLength, "deal": MaxIDLength, "part_of": MaxIDLength, "deals": MaxIDLength,
	"sites": MaxIDLength, "instrument": 64, "lease_structure": 64, "option_kind": 64, "currency": 3,
	"power_source": 64, "interconnection": 64, "iso": 100, "flag": 64, "source": 64, "amount_basis": 64,
	"fx_date": 10, "maturity": 10, "terms_verified": 10, "power_verified": 10,
	"terms_note": 2000, "power_note": 2000, "vesting": 1000, "percent_basis": 500, "use_of_proceeds": 1000,
	"Equity.value_basis": 500,
}

// listLimits are the longest lists, by JSON name.
var listLimits = map[string]int{
	"sources": 20, "capacity": 200, "former_names": 20,
	"terms_sources": 20, "power_sources": 20, "regulatory": 20, "power_mix": 10, "sites": 50, "deals": 50,
}

// TextLimit returns the longest value, in characters, of the text field
// named field (its JSON name) of a record of type typ ("Deal", "Source"…).
func TextLimit(typ, field string) int {
	if n, ok := textLimits[typ+"."+field]; ok {
		return n
	}
	if n, ok := textLimits[field]; ok {
		return n
	}
	return MaxTextLength
}

// ListLimit returns the longest list named field (its JSON name).
func ListLimit(field string) int {
	if n, ok := listLimits[field]; ok {
		return n
	}
	return MaxListLength
}

// checkLimits adds a problem for every record of d, or field of one, over
// its limit, and reports whether it found any. It walks the records' types,
// so a field added later is bounded too (by MaxTextLength or MaxListLength
// until it has its own limit).
func checkLimits(d *Dataset, ps *Problems) bool {
	before := len(*ps)
	limitRecords(FileMiners, d.Miners, func(r Miner) string { return r.ID }, ps)
	limitRecords(FileSites, d.Sites, func(r Site) string { return r.ID }, ps)
	limitRecords(FileDeals, d.Deals, func(r Deal) string { return r.ID }, ps)
	limitRecords(FileCounterparties, d.Counterparties, func(r Counterparty) string { return r.ID }, ps)
	limitRecords(FileAggregates, d.Aggregates, func(r Aggregate) string { return r.ID }, ps)
	limitRecords(FileEquity, d.Equity, func(r Equity) string { return r.ID }, ps)
	limitRecords(FileFinancing, d.Financing, func(r Financing) string { return r.ID }, ps)
	limitValue(checker{file: FileMeta, record: "meta", problems: ps}, "", "", reflect.ValueOf(d.Meta))
	return len(*ps) > before
}

func limitRecords[T any](file string, records []T, id func(T) string, ps *Problems) {
	for i := range records {
		c := checker{file: file, record: recordName(id(records[i]), i), problems: ps}
		before := len(*ps)
		limitValue(c, "", "", reflect.ValueOf(records[i]))
		if len(*ps) > before {
			continue // the record's size follows from the field already named
		}
		if b, err := json.Marshal(records[i]); err == nil && len(b) > MaxRecordBytes {
			c.add("-", "the record is %d bytes as JSON; the limit is %d", len(b), MaxRecordBytes)
		}
	}
}

// limitValue checks v, found at path under the JSON name field of a value
// of type typ, and everything in it.
func limitValue(c checker, path, typ string, v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			limitValue(c, path, typ, v.Elem())
		}
	case reflect.String:
		name := lastName(path)
		if n, max := utf8.RuneCountInString(v.String()), TextLimit(typ, name); n > max {
			c.add(path, "is %d characters long; the limit is %d", n, max)
		}
	case reflect.Slice:
		name := lastName(path)
		if n, max := v.Len(), ListLimit(name); n > max {
			c.add(path, "has %d items; the limit is %d", n, max)
			return
		}
		for i := 0; i < v.Len(); i++ {
			limitValue(c, fmt.Sprintf("%s[%d]", path, i), typ, v.Index(i))
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				// An embedded struct (DealTerms, SitePower): its fields are
				// the record's own in JSON.
				limitValue(c, path, t.Name(), v.Field(i))
				continue
			}
			if name == "" {
				name = f.Name
			}
			p := name
			if path != "" {
				p = path + "." + name
			}
			limitValue(c, p, t.Name(), v.Field(i))
		}
	}
}

// lastName is the JSON name a field path ends with: "sources[2].url" → "url",
// "former_names[0]" → "former_names".
func lastName(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		path = path[i+1:]
	}
	if i := strings.IndexByte(path, '['); i >= 0 {
		path = path[:i]
	}
	return path
}

// clipName shortens an over-long id for a problem's record name.
func clipName(id string) string {
	if len(id) <= MaxIDLength {
		return id
	}
	cut := MaxIDLength
	for cut > 0 && !utf8.RuneStart(id[cut]) {
		cut--
	}
	return id[:cut] + "…"
}
