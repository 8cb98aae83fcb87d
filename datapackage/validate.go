package datapackage

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Validate checks a tabular data package, given its files by path, against
// the rules of the Data Package v1 specs (Data Package, Tabular Data
// Resource, Table Schema, CSV Dialect defaults): the descriptor's required
// properties and their shapes, the licences and sources, every resource's
// schema (field names unique, types known, keys naming fields), each CSV's
// header (the schema's fields, in order), every value against its field's
// type and constraints, primary keys unique and foreign keys resolving. It
// returns every problem found, nil when there is none.
func Validate(files map[string][]byte) []error {
	v := &validator{files: files, tables: map[string]*table{}}
	v.run()
	return v.errs
}

type validator struct {
	files  map[string][]byte
	errs   []error
	tables map[string]*table // by resource name
}

// table is a resource read: its schema and its rows.
type table struct {
	schema  vSchema
	columns map[string]int
	rows    [][]string
}

type (
	vPackage struct {
		Profile   string            `json:"profile"`
		Name      *string           `json:"name"`
		Licenses  []json.RawMessage `json:"licenses"`
		Sources   []json.RawMessage `json:"sources"`
		Resources []vResource       `json:"resources"`
		Created   *string           `json:"created"`
	}
	vResource struct {
		Name     string          `json:"name"`
		Path     json.RawMessage `json:"path"`
		Profile  string          `json:"profile"`
		Encoding string          `json:"encoding"`
		Schema   *vSchema        `json:"schema"`
	}
	vSchema struct {
		Fields        []vField          `json:"fields"`
		MissingValues *[]string         `json:"missingValues"`
		PrimaryKey    json.RawMessage   `json:"primaryKey"`
		ForeignKeys   []json.RawMessage `json:"foreignKeys"`
	}
	vField struct {
		Name        string `json:"name"`
		Type        string `json:"type"`
		Format      string `json:"format"`
		Constraints struct {
			Required bool     `json:"required"`
			Unique   bool     `json:"unique"`
			Pattern  string   `json:"pattern"`
			Enum     []string `json:"enum"`
		} `json:"constraints"`
		TrueValues  []string `json:"trueValues"`
		FalseValues []string `json:"falseValues"`
	}
)

var (
	// namePattern is the spec's pattern for package and resource names.
	namePattern = regexp.MustCompile(`^([-a-z0-9._/])+$`)
	// fieldTypes are Table Schema v1's types.
	fieldTypes = []string{"string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime",
		"year", "yearmonth", "duration", "geopoint", "geojson", "any"}
)

func (v *validator) fail(format string, args ...any) {
	v.errs = append(v.errs, fmt.Errorf(format, args...))
}

func (v *validator) run() {
	raw, ok := v.files[Descriptor]
	if !ok {
		v.fail("%s is missing", Descriptor)
		return
	}
	var strict map[string]json.RawMessage
	if err := json.Unmarshal(raw, &strict); err != nil {
		v.fail("%s is not a JSON object: %v", Descriptor, err)
		return
	}
	var p vPackage
	if err := json.Unmarshal(raw, &p); err != nil {
		v.fail("%s: %v", Descriptor, err)
		return
	}
	if p.Profile != "tabular-data-package" {
		v.fail("profile is %q; want tabular-data-package", p.Profile)
	}
	if p.Name == nil || !namePattern.MatchString(*p.Name) {
		v.fail("name must be lower-case letters, digits and -._/")
	}
	if p.Created != nil {
		if _, err := time.Parse(time.RFC3339, *p.Created); err != nil {
			v.fail("created %q is not an RFC 3339 date-time", *p.Created)
		}
	}
	v.licences(p.Licenses)
	for i, s := range p.Sources {
		var src struct{ Title, Path string }
		if json.Unmarshal(s, &src) != nil || src.Title == "" {
			v.fail("sources[%d] needs a title", i)
		}
	}
	if len(p.Resources) == 0 {
		v.fail("resources must hold at least one resource")
	}
	seen := map[string]bool{}
	for i, r := range p.Resources {
		if !namePattern.MatchString(r.Name) || seen[r.Name] {
			v.fail("resources[%d]: name %q must be unique, lower-case letters, digits and -._/", i, r.Name)
		}
		seen[r.Name] = true
		v.resource(r)
	}
	for _, r := range p.Resources {
		if r.Schema != nil && v.tables[r.Name] != nil {
			v.keys(r.Name, r.Schema)
		}
	}
}

func (v *validator) licences(ls []json.RawMessage) {
	if len(ls) == 0 {
		v.fail("licenses must name the data's licence")
	}
	for i, l := range ls {
		var lic struct{ Name, Path, Title string }
		if json.Unmarshal(l, &lic) != nil || (lic.Name == "" && lic.Path == "") {
			v.fail("licenses[%d] needs a name or a path", i)
		}
	}
}

// resource checks one resource's descriptor and reads its CSV.
func (v *validator) resource(r vResource) {
	var path string
	if err := json.Unmarshal(r.Path, &path); err != nil || path == "" {
		v.fail("%s: path must be one relative path", r.Name)
		return
	}
	if strings.HasPrefix(path, "/") || strings.Contains(path, "..") {
		v.fail("%s: path %q must be relative, without ..", r.Name, path)
		return
	}
	if r.Profile != "tabular-data-resource" || r.Schema == nil {
		v.fail("%s: a tabular data resource needs profile tabular-data-resource and a schema", r.Name)
		return
	}
	if r.Encoding != "" && !strings.EqualFold(r.Encoding, "utf-8") {
		v.fail("%s: encoding %q; this validator reads utf-8", r.Name, r.Encoding)
	}
	s := r.Schema
	if len(s.Fields) == 0 {
		v.fail("%s: schema has no fields", r.Name)
		return
	}
	t := &table{schema: *s, columns: map[string]int{}}
	for i, f := range s.Fields {
		if f.Name == "" {
			v.fail("%s: fields[%d] has no name", r.Name, i)
		}
		if _, dup := t.columns[f.Name]; dup {
			v.fail("%s: field %q appears twice", r.Name, f.Name)
		}
		t.columns[f.Name] = i
		if !slices.Contains(fieldTypes, f.Type) {
			v.fail("%s.%s: type %q is not a Table Schema type", r.Name, f.Name, f.Type)
		}
		if f.Constraints.Pattern != "" {
			if _, err := regexp.Compile(f.Constraints.Pattern); err != nil {
				v.fail("%s.%s: pattern: %v", r.Name, f.Name, err)
			}
		}
	}
	body, ok := v.files[path]
	if !ok {
		v.fail("%s: %s is missing", r.Name, path)
		return
	}
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		v.fail("%s: %s is not CSV: %v", r.Name, path, err)
		return
	}
	if len(recs) == 0 {
		v.fail("%s: %s has no header", r.Name, path)
		return
	}
	header := recs[0]
	want := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		want[i] = f.Name
	}
	if !slices.Equal(header, want) {
		v.fail("%s: header %v; want the schema's fields in order %v", r.Name, header, want)
		return
	}
	missing := []string{""}
	if s.MissingValues != nil {
		missing = *s.MissingValues
	}
	for n, rec := range recs[1:] {
		for i, f := range s.Fields {
			if err := checkValue(f, rec[i], missing); err != nil {
				v.fail("%s row %d, %s: %v", r.Name, n+2, f.Name, err)
			}
		}
	}
	t.rows = recs[1:]
	v.tables[r.Name] = t
}

// checkValue checks one cell against its field.
func checkValue(f vField, s string, missing []string) error {
	if slices.Contains(missing, s) {
		if f.Constraints.Required {
			return fmt.Errorf("is required but empty")
		}
		return nil
	}
	var err error
	switch f.Type {
	case "number":
		if _, e := strconv.ParseFloat(s, 64); e != nil && s != "NaN" && s != "INF" && s != "-INF" {
			err = fmt.Errorf("%q is not a number", s)
		}
	case "integer":
		if _, e := strconv.ParseInt(s, 10, 64); e != nil {
			err = fmt.Errorf("%q is not an integer", s)
		}
	case "boolean":
		trues, falses := f.TrueValues, f.FalseValues
		if trues == nil {
			trues = []string{"true", "True", "TRUE", "1"}
		}
		if falses == nil {
			falses = []string{"false", "False", "FALSE", "0"}
		}
		if !slices.Contains(trues, s) && !slices.Contains(falses, s) {
			err = fmt.Errorf("%q is not a boolean", s)
		}
	case "date":
		if _, e := time.Parse("2006-01-02", s); e != nil {
			err = fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
		}
	case "year":
		if _, e := strconv.Atoi(s); e != nil || len(s) != 4 {
			err = fmt.Errorf("%q is not a year", s)
		}
	}
	if err != nil {
		return err
	}
	if p := f.Constraints.Pattern; p != "" {
		if re, e := regexp.Compile("^(?:" + p + ")$"); e == nil && !re.MatchString(s) {
			return fmt.Errorf("%q does not match the pattern %s", s, p)
		}
	}
	if len(f.Constraints.Enum) > 0 && !slices.Contains(f.Constraints.Enum, s) {
		return fmt.Errorf("%q is not one of %v", s, f.Constraints.Enum)
	}
	return nil
}

// keyFields reads a primary key or a foreign key's fields: a name or a list.
func keyFields(raw json.RawMessage) ([]string, bool) {
	if len(raw) == 0 {
		return nil, true
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}, true
	}
	var many []string
	if json.Unmarshal(raw, &many) == nil {
		return many, true
	}
	return nil, false
}

// keys checks a resource's primary key (fields exist, values unique) and
// its foreign keys (fields exist, the referenced resource and fields
// exist, every value that is not missing is a referenced key).
func (v *validator) keys(name string, s *vSchema) {
	t := v.tables[name]
	pk, ok := keyFields(s.PrimaryKey)
	if !ok {
		v.fail("%s: primaryKey must be a field name or a list of them", name)
	}
	if len(pk) > 0 {
		if idx, ok := v.indexes(name, t, pk); ok {
			seen := map[string]int{}
			for n, row := range t.rows {
				k := keyOf(row, idx)
				if first, dup := seen[k]; dup {
					v.fail("%s: primary key %v repeats in rows %d and %d", name, pk, first+2, n+2)
				}
				seen[k] = n
			}
		}
	}
	for i, raw := range s.ForeignKeys {
		var fk struct {
			Fields    json.RawMessage `json:"fields"`
			Reference struct {
				Resource string          `json:"resource"`
				Fields   json.RawMessage `json:"fields"`
			} `json:"reference"`
		}
		if err := json.Unmarshal(raw, &fk); err != nil {
			v.fail("%s: foreignKeys[%d]: %v", name, i, err)
			continue
		}
		from, ok1 := keyFields(fk.Fields)
		to, ok2 := keyFields(fk.Reference.Fields)
		if !ok1 || !ok2 || len(from) == 0 || len(from) != len(to) {
			v.fail("%s: foreignKeys[%d]: fields and reference.fields must name as many fields", name, i)
			continue
		}
		target := fk.Reference.Resource
		if target == "" {
			target = name
		}
		tt := v.tables[target]
		if tt == nil {
			v.fail("%s: foreignKeys[%d] names resource %q, which the package does not hold", name, i, target)
			continue
		}
		fromIdx, ok1 := v.indexes(name, t, from)
		toIdx, ok2 := v.indexes(target, tt, to)
		if !ok1 || !ok2 {
			continue
		}
		keys := map[string]bool{}
		for _, row := range tt.rows {
			keys[keyOf(row, toIdx)] = true
		}
		missing := []string{""}
		if s.MissingValues != nil {
			missing = *s.MissingValues
		}
		for n, row := range t.rows {
			if allMissing(row, fromIdx, missing) {
				continue
			}
			if !keys[keyOf(row, fromIdx)] {
				v.fail("%s row %d: %v = %q names no %s", name, n+2, from, keyOf(row, fromIdx), target)
			}
		}
	}
}

func (v *validator) indexes(name string, t *table, fields []string) ([]int, bool) {
	out := make([]int, len(fields))
	for i, f := range fields {
		j, ok := t.columns[f]
		if !ok {
			v.fail("%s: key field %q is not a field", name, f)
			return nil, false
		}
		out[i] = j
	}
	return out, true
}

func keyOf(row []string, idx []int) string {
	parts := make([]string, len(idx))
	for i, j := range idx {
		parts[i] = row[j]
	}
	return strings.Join(parts, "\x00")
}

func allMissing(row []string, idx []int, missing []string) bool {
	for _, j := range idx {
		if !slices.Contains(missing, row[j]) {
			return false
		}
	}
	return true
}
