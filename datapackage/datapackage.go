// Package datapackage writes the whole dataset as a Frictionless Data
// Package (Data Package v1, https://specs.frictionlessdata.io/): one CSV
// per kind of record, datapackage.json describing every field from the
// column registry (type, unit, description, the null rule, primary and
// foreign keys), the licence, the sources and a README. It is server-only:
// the zip and the package's CSV stay out of the WASM.
package datapackage

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"powerbrokers/dataset"
)

// Files of the package besides the CSVs.
const (
	Descriptor = "datapackage.json"
	Readme     = "README.md"
	LicenceMD  = "LICENSE.md"
)

// ListSep joins the values of a list field in a cell (names may hold commas).
const ListSep = " | "

// DatePattern is what a date field holds: a date as precise as the source
// gives it (a year, a month or a day).
const DatePattern = `^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`

// notDisclosed is the null rule, said on every field that may be empty.
const notDisclosed = "An empty cell means not disclosed (never zero)."

// Options are what the package says about where it comes from.
type Options struct {
	// Homepage is the explorer's public URL ("" when unknown).
	Homepage string
	// Today is the date dated records (milestone statuses) are read at.
	Today dataset.Date
	// Created is when the package is built.
	Created time.Time
}

// Package is a built data package: its files by path.
type Package struct {
	Files map[string][]byte
	// Names lists the paths in the order they are written.
	Names []string
}

// Descriptor types (Data Package v1, Tabular Data Resource, Table Schema).
type (
	descriptor struct {
		Profile      string            `json:"profile"`
		Name         string            `json:"name"`
		Title        string            `json:"title"`
		Description  string            `json:"description"`
		Version      string            `json:"version"`
		Created      string            `json:"created"`
		Homepage     string            `json:"homepage,omitempty"`
		Keywords     []string          `json:"keywords"`
		Licenses     []dataset.Licence `json:"licenses"`
		Contributors []contributor     `json:"contributors"`
		Sources      []source          `json:"sources"`
		Resources    []resource        `json:"resources"`
	}
	contributor struct {
		Title string `json:"title"`
		Role  string `json:"role"`
		Path  string `json:"path,omitempty"`
	}
	source struct {
		Title string `json:"title"`
		Path  string `json:"path"`
	}
	resource struct {
		Profile     string `json:"profile"`
		Name        string `json:"name"`
		Path        string `json:"path"`
		Title       string `json:"title"`
		Description string `json:"description"`
		Format      string `json:"format"`
		Mediatype   string `json:"mediatype"`
		Encoding    string `json:"encoding"`
		Schema      schema `json:"schema"`
	}
	schema struct {
		Fields        []field      `json:"fields"`
		MissingValues []string     `json:"missingValues"`
		PrimaryKey    []string     `json:"primaryKey"`
		ForeignKeys   []foreignKey `json:"foreignKeys,omitempty"`
	}
	field struct {
		Name        string       `json:"name"`
		Title       string       `json:"title"`
		Type        string       `json:"type"`
		Description string       `json:"description"`
		Unit        string       `json:"unit,omitempty"`
		Constraints *constraints `json:"constraints,omitempty"`
	}
	constraints struct {
		Required bool     `json:"required,omitempty"`
		Unique   bool     `json:"unique,omitempty"`
		Pattern  string   `json:"pattern,omitempty"`
		Enum     []string `json:"enum,omitempty"`
	}
	foreignKey struct {
		Fields    []string  `json:"fields"`
		Reference reference `json:"reference"`
	}
	reference struct {
		Resource string   `json:"resource"`
		Fields   []string `json:"fields"`
	}
)

// Kinds lists the kinds of records the package holds, in order: every kind
// of the registry, and those it refers to.
func Kinds() []string {
	return dataset.RecordKinds()
}

// Build builds the package of snap.
func Build(snap *dataset.Snapshot, o Options) (*Package, error) {
	if o.Today == "" {
		o.Today = dataset.Date(time.Now().UTC().Format("2006-01-02"))
	}
	if o.Created.IsZero() {
		o.Created = time.Now().UTC()
	}
	p := &Package{Files: map[string][]byte{}}
	kinds := Kinds()
	d := descriptor{
		Profile: "tabular-data-package", Name: "powerbrokers",
		Title:        "Powerbrokers: Bitcoin miners' AI/HPC deals and power capacity",
		Description:  "Bitcoin miners turned AI/HPC infrastructure suppliers: their sites and power capacity by stage, the deals they sign, their equity, financing and milestones, every figure with its public sources. " + notDisclosed,
		Version:      version(snap),
		Created:      o.Created.UTC().Format(time.RFC3339),
		Homepage:     o.Homepage,
		Keywords:     []string{"bitcoin mining", "AI", "HPC", "data centers", "power capacity", "leases"},
		Licenses:     []dataset.Licence{dataset.DataLicence()},
		Contributors: []contributor{{Title: dataset.Publisher, Role: "author", Path: o.Homepage}},
	}
	for _, kind := range kinds {
		res, body, err := buildResource(snap, kind, kinds, o.Today)
		if err != nil {
			return nil, err
		}
		d.Resources = append(d.Resources, res)
		p.add(res.Path, body)
	}
	d.Sources = sources(snap, kinds, o.Today)
	desc, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("datapackage: encode descriptor: %w", err)
	}
	p.add(Descriptor, append(desc, '\n'))
	p.add(Readme, readme(snap, d, o))
	p.add(LicenceMD, []byte(licenceText))
	return p, nil
}

func (p *Package) add(name string, b []byte) {
	p.Files[name] = b
	p.Names = append(p.Names, name)
}

// version is the package's version: the dataset's revision as a semantic
// version, its content hash as build metadata ("6.0.0+3f2a…").
func version(snap *dataset.Snapshot) string {
	v := strconv.Itoa(snap.Data.Meta.Revision) + ".0.0"
	if snap.Version != "" {
		v += "+" + snap.Version
	}
	return v
}

// buildResource describes one kind and writes its CSV.
func buildResource(snap *dataset.Snapshot, kind string, kinds []string, today dataset.Date) (resource, []byte, error) {
	cols := packageColumns(kind)
	res := resource{Profile: "tabular-data-resource", Name: kind, Path: "data/" + kind + ".csv",
		Title: strings.ToUpper(kind[:1]) + kind[1:], Format: "csv", Mediatype: "text/csv", Encoding: "utf-8",
		Description: "One row per " + dataset.Singular(kind) + ". " + notDisclosed + " Several values in one cell are joined by \"" + ListSep + "\".",
		Schema:      schema{MissingValues: []string{""}, PrimaryKey: []string{"id"}}}
	for _, c := range cols {
		res.Schema.Fields = append(res.Schema.Fields, fieldOf(c))
		if target := dataset.RefKind(c.Ref); target != "" && c.Kind == dataset.ColumnString && slices.Contains(kinds, target) {
			res.Schema.ForeignKeys = append(res.Schema.ForeignKeys, foreignKey{Fields: []string{c.Name},
				Reference: reference{Resource: target, Fields: []string{"id"}}})
		}
	}
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = c.Name
	}
	cw.Write(rec)
	snap.EachRow(kind, today, func(row any) {
		for i, c := range cols {
			rec[i] = cellText(c, row)
		}
		cw.Write(rec)
	})
	cw.Flush()
	if err := cw.Error(); err != nil {
		return res, nil, fmt.Errorf("datapackage: write %s: %w", kind, err)
	}
	return res, b.Bytes(), nil
}

// packageColumns are a kind's columns with the id first.
func packageColumns(kind string) []dataset.Column {
	cols := dataset.Columns(kind)
	sort.SliceStable(cols, func(i, j int) bool { return cols[i].Name == "id" && cols[j].Name != "id" })
	return cols
}

// fieldOf describes a column as a Table Schema field.
func fieldOf(c dataset.Column) field {
	f := field{Name: c.Name, Title: c.Label, Unit: c.Unit}
	desc := []string{strings.TrimSuffix(c.Description, ".")}
	if desc[0] == "" {
		desc[0] = c.Label
	}
	if c.Unit != "" {
		desc = append(desc, "Unit: "+c.Unit)
	}
	var cons constraints
	switch c.Kind {
	case dataset.ColumnNumber:
		f.Type = "number"
	case dataset.ColumnBool:
		f.Type = "boolean"
	case dataset.ColumnDate:
		f.Type = "string"
		cons.Pattern = DatePattern
		desc = append(desc, "A date as precise as its source gives it: YYYY, YYYY-MM or YYYY-MM-DD")
	case dataset.ColumnList:
		f.Type = "string"
		desc = append(desc, "Several values joined by \""+ListSep+"\"")
	default:
		f.Type = "string"
		cons.Enum = slices.Clone(c.Enum)
	}
	if target := dataset.RefKind(c.Ref); target != "" {
		desc = append(desc, "The id of a record of "+target)
	}
	if c.Derived {
		desc = append(desc, "Derived by the dataset from the records")
	}
	if c.Name == "id" {
		cons.Required, cons.Unique = true, true
	} else {
		desc = append(desc, strings.TrimSuffix(notDisclosed, "."))
	}
	f.Description = strings.Join(desc, ". ") + "."
	if cons.Required || cons.Unique || cons.Pattern != "" || len(cons.Enum) > 0 {
		f.Constraints = &cons
	}
	return f
}

// cellText writes a value as its field's type reads it: numbers in full,
// booleans as true/false, lists joined by ListSep, "" when not disclosed.
// A text that a spreadsheet would run as a formula (leading =, +, -, @)
// is prefixed with an apostrophe, as in every CSV the explorer writes.
func cellText(c dataset.Column, row any) string {
	switch v := c.Value(row).(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case dataset.Date:
		return string(v)
	case []string:
		return defuse(strings.Join(v, ListSep))
	case string:
		return defuse(v)
	default:
		return defuse(fmt.Sprint(v))
	}
}

func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// sources lists every document the records cite, once, by URL.
func sources(snap *dataset.Snapshot, kinds []string, today dataset.Date) []source {
	seen := map[string]string{}
	for _, kind := range kinds {
		cols := dataset.Columns(kind)
		snap.EachRow(kind, today, func(row any) {
			for _, c := range cols {
				for _, s := range c.Sources(row) {
					if s.URL == "" || seen[s.URL] != "" {
						continue
					}
					t := s.Title
					if t == "" {
						t = s.Publisher
					}
					if s.Title != "" && s.Publisher != "" {
						t = s.Publisher + ": " + s.Title
					}
					if t == "" {
						t = s.URL
					}
					seen[s.URL] = t
				}
			}
		})
	}
	out := make([]source, 0, len(seen))
	for u, t := range seen {
		out = append(out, source{Title: t, Path: u})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// WriteZip writes the package as a zip archive, its files under one folder
// named after the package.
func (p *Package) WriteZip(w io.Writer, modified time.Time) error {
	zw := zip.NewWriter(w)
	for _, name := range p.Names {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: "powerbrokers/" + name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return fmt.Errorf("datapackage: zip %s: %w", name, err)
		}
		if _, err := f.Write(p.Files[name]); err != nil {
			return fmt.Errorf("datapackage: zip %s: %w", name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("datapackage: zip: %w", err)
	}
	return nil
}

// WriteDir writes the package's files into dir (created if needed), each
// through a temporary file and a rename.
func (p *Package) WriteDir(dir string) error {
	for _, name := range p.Names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("datapackage: %w", err)
		}
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, p.Files[name], 0o644); err != nil {
			return fmt.Errorf("datapackage: %w", err)
		}
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("datapackage: %w", err)
		}
	}
	return nil
}
