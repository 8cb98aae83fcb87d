package dataset

import (
	"slices"
	"strconv"
	"strings"
)

// Column value kinds: what Column.Value returns and which filters apply.
const (
	ColumnString = "string" // Value returns a string; equality filters
	ColumnNumber = "number" // Value returns a float64; equality and ranges
	ColumnDate   = "date"   // Value returns a Date; equality (by period) and ranges
	ColumnBool   = "bool"   // Value returns a bool; equality (true/false)
	ColumnList   = "list"   // Value returns a []string; equality matches any element
)

// References: what the id in a reference column points to.
const (
	RefMiner        = "miner"
	RefCounterparty = "counterparty"
	RefSite         = "site"
)

// Formats: how a view shows a value for people (the API and the CSV give
// the plain value). The registry derives a column's format from its unit
// and kind unless the column names one.
const (
	FormatText    = "text"            // as is; enum values by their EnumLabels
	FormatMoney   = "usd"             // $9.7B, $311M
	FormatMW      = "mw"              // 1,400 MW
	FormatRate    = "usd-per-mw-year" // $1.46M/MW-yr
	FormatYears   = "years"           // 15 years
	FormatShare   = "share"           // a fraction shown as a percentage: 0.42 → 42%
	FormatPercent = "percent"         // already a percentage: 3 → 3%
	FormatEHs     = "eh-s"            // 9.6 EH/s
	FormatDegrees = "degrees"         // 33.4°
	FormatNumber  = "number"          // a plain number, whole numbers without decimals
	FormatDate    = "date"            // 2025-11-03
	FormatYesNo   = "yes-no"          // yes / no
	FormatList    = "list"            // a, b, c
	FormatNames   = "names"           // counterparties' names: short ones, three in a table, all on hover
	FormatSources = "sources"         // the source URLs: counted in tables, listed on pages
)

// Links: what a view links a value to.
const (
	LinkRecord = "record" // the row's own page (RecordPath of its kind and id)
	LinkRef    = "ref"    // the page of the record the value names (RefPath)
)

// Detail places a column on a record's page.
const (
	DetailFigure  = "figure"  // a labelled figure with its basis and provenance (the default)
	DetailHeading = "heading" // the page's heading
	DetailText    = "text"    // a section of its own (notes)
	DetailSources = "sources" // the sources list
	DetailHidden  = "hidden"  // not shown (the id; a value another figure already shows)
)

// Column describes one field of a row kind: its name in the query string,
// the JSON and the CSV, how a view shows it, where it comes from, and how
// to read it from a row. Views read records only through columns, so a
// field added to a record reaches every table, page, export and the API
// description through its column. Columns are values; the registry hands
// out copies.
type Column struct {
	// Name is the column's name in queries, the JSON and the CSV, e.g. "value_usd".
	Name string `json:"name"`
	// Label is the short human header, e.g. "Value".
	Label string `json:"label"`
	// Description says in a sentence what the figure is or how it is derived.
	Description string `json:"description,omitempty"`
	// Unit is "USD", "MW", "USD/MW-yr", "years", "share", "EH/s", "°" or "".
	Unit string `json:"unit,omitempty"`
	// Kind is one of ColumnString, ColumnNumber, ColumnDate, ColumnBool, ColumnList.
	Kind string `json:"kind"`
	// Format is how a view shows the value (FormatMoney, FormatMW…).
	Format string `json:"format"`
	// Facetable reports whether facet=<Name> is accepted.
	Facetable bool `json:"facetable"`
	// Default reports whether the table shows the column when cols= is not given.
	Default bool `json:"default"`
	// Detail is where a record's page shows the column (DetailFigure…).
	Detail string `json:"detail"`
	// Section names the titled block of a record's page a figure belongs
	// to with its own sources ("terms", "power"); "" for the main figures.
	Section string `json:"section,omitempty"`
	// Basis names the column that says what this figure measures
	// ("mw_basis", "value_basis", "basis", "capacity_basis"), "" when none.
	Basis string `json:"basis,omitempty"`
	// Ref is RefMiner, RefCounterparty, RefSite or RefDeal when the value is
	// the id of another record, or for a list the ids of others (a
	// financing's sites); Text and facet labels give the records' names.
	Ref string `json:"ref,omitempty"`
	// NamePath is the JSON field that holds the referenced record's name
	// ("miner_name", "deal_title"), or the list of their names
	// ("site_names"), for Ref columns.
	NamePath string `json:"name_path,omitempty"`
	// Link is LinkRecord or LinkRef when a view links the value, "" when not.
	Link string `json:"link,omitempty"`
	// Path is the JSON path of the value in the row ("value_usd",
	// "hashrate.eh_s"); "" for a value computed only for queries.
	Path string `json:"path,omitempty"`
	// Provenance is the JSON path of the sources behind the value
	// ("sources", "hashrate.sources"), "" when it has none of its own.
	Provenance string `json:"provenance,omitempty"`
	// AsOf names the date column the figure is as of ("announced", "as_of").
	AsOf string `json:"as_of,omitempty"`
	// Derived reports a value the dataset computes (a referenced name, a sum,
	// a rate): read-only in the API and ignored when a record is written.
	Derived bool `json:"derived,omitempty"`
	// Enum lists the accepted values when the column has a closed set;
	// equality filters reject anything else.
	Enum []string `json:"enum,omitempty"`
	// EnumLabels names enum values for people ("critical-it": "critical IT").
	EnumLabels map[string]string `json:"enum_labels,omitempty"`
	// EnumNotes says what an enum value means, where it needs saying
	// ("press": "a named outlet's reporting; no primary source on record").
	EnumNotes map[string]string `json:"enum_notes,omitempty"`

	table   string                 // the row kind
	get     func(row any) cell     // row is a pointer to the row type of table
	name    func(row any) string   // the referenced record's name, for Ref columns
	names   func(row any) []string // the referenced records' names, for Ref list columns
	sources func(row any) []Source // the sources at Provenance
}

// cell is one value read from a row; ok is false when it is not disclosed.
type cell struct {
	s    string   // string, date or formatted id
	n    float64  // number, or the date's yyyymmdd key
	b    bool     // bool
	list []string // list
	ok   bool
}

// Value returns the column's value in row, or nil when it is not disclosed.
// row is a row of the column's kind, or a pointer to one; any other row
// gives nil. The value is a string, float64, Date, bool or a fresh
// []string, as Kind says; for Ref columns it is the id.
func (c Column) Value(row any) any {
	p := rowPtr(c.table, row)
	if p == nil || c.get == nil {
		return nil
	}
	x := c.get(p)
	if !x.ok {
		return nil
	}
	switch c.Kind {
	case ColumnNumber:
		return x.n
	case ColumnDate:
		return Date(x.s)
	case ColumnBool:
		return x.b
	case ColumnList:
		return slices.Clone(x.list)
	}
	return x.s
}

// Text returns the column's value in row as plain text: the referenced
// record's name for Ref columns, numbers in full without exponent, list
// elements joined by ", ", "" when not disclosed. It does not add units.
func (c Column) Text(row any) string {
	p := rowPtr(c.table, row)
	if p == nil || c.get == nil {
		return ""
	}
	x := c.get(p)
	if !x.ok {
		return ""
	}
	if c.name != nil {
		if n := c.name(p); n != "" {
			return n
		}
	}
	if c.names != nil {
		return strings.Join(refNames(x.list, c.names(p)), ", ")
	}
	return x.text(c.Kind, ", ")
}

// Names returns, for a Ref list column, the names of the records row's
// value lists, in its order (an id where a record has no name); nil for
// other columns and when not disclosed.
func (c Column) Names(row any) []string {
	p := rowPtr(c.table, row)
	if p == nil || c.get == nil || c.names == nil {
		return nil
	}
	x := c.get(p)
	if !x.ok {
		return nil
	}
	return refNames(x.list, c.names(p))
}

// refNames pairs ids with their names: names[i], or ids[i] when that is
// missing or empty.
func refNames(ids, names []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id
		if i < len(names) && names[i] != "" {
			out[i] = names[i]
		}
	}
	return out
}

// RowKind returns the kind of rows the column reads ("deals").
func (c Column) RowKind() string { return c.table }

// ValueLabel returns the label of an enum value for people: EnumLabels[v], or v.
func (c Column) ValueLabel(v string) string {
	if l, ok := c.EnumLabels[v]; ok {
		return l
	}
	return v
}

// Sources returns the sources behind the column's value in row (a copy),
// nil when it has none.
func (c Column) Sources(row any) []Source {
	p := rowPtr(c.table, row)
	if p == nil || c.sources == nil {
		return nil
	}
	return slices.Clone(c.sources(p))
}

// text formats a disclosed cell of the given column kind.
func (x cell) text(kind, sep string) string {
	switch kind {
	case ColumnNumber:
		return formatNumber(x.n)
	case ColumnBool:
		return strconv.FormatBool(x.b)
	case ColumnList:
		return strings.Join(x.list, sep)
	}
	return x.s
}

// Header returns the CSV header of the column: its name followed by the
// unit in parentheses when it has one, e.g. "value_usd (USD)".
func (c Column) Header() string {
	if c.Unit == "" {
		return c.Name
	}
	return c.Name + " (" + c.Unit + ")"
}

// Getters: each turns a typed accessor of a row type into a column's get.

func str[R any](f func(*R) string) func(any) cell {
	return func(r any) cell { return strCell(f(r.(*R))) }
}

func num[R any](f func(*R) *float64) func(any) cell {
	return func(r any) cell { return numCell(f(r.(*R))) }
}

func count[R any](f func(*R) int) func(any) cell {
	return func(r any) cell { return numVal(float64(f(r.(*R)))) }
}

func date[R any](f func(*R) Date) func(any) cell {
	return func(r any) cell { return dateCell(f(r.(*R))) }
}

func flag[R any](f func(*R) bool) func(any) cell {
	return func(r any) cell { return boolCell(f(r.(*R))) }
}

func strs[R any](f func(*R) []string) func(any) cell {
	return func(r any) cell { return listCell(f(r.(*R))) }
}

func refName[R any](f func(*R) string) func(any) string {
	return func(r any) string { return f(r.(*R)) }
}

// Cell constructors.

func strCell(s string) cell { return cell{s: s, ok: s != ""} }

func numCell(p *float64) cell {
	if p == nil {
		return cell{}
	}
	return cell{n: *p, ok: true}
}

func numVal(v float64) cell { return cell{n: v, ok: true} }

func boolCell(b bool) cell { return cell{b: b, ok: true} }

func listCell(l []string) cell { return cell{list: l, ok: len(l) > 0} }

func dateCell(d Date) cell {
	k, ok := dateKey(string(d))
	if !ok {
		return cell{}
	}
	return cell{s: string(d), n: float64(k), ok: true}
}

// yearCell reads a "YYYY" string as a number.
func yearCell(y string) cell {
	k, ok := dateKey(y)
	if !ok || len(y) != 4 {
		return cell{}
	}
	return cell{n: float64(k / 10000), ok: true}
}

func formatNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func sourceURLs(ss []Source) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		if s.URL != "" {
			out = append(out, s.URL)
		}
	}
	return out
}
