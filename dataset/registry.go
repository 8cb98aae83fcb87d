package dataset

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// table is a row kind the query engine serves: its columns, its page and
// how to reach its rows in a snapshot. A new record kind is one table
// (see tables in columns.go) built with defineTable.
type table struct {
	kind     string    // "deals": the query kind and the API collection
	singular string    // "deal"
	page     string    // the record's page, "{id}" standing for the id: "/deals/{id}"
	sort     []SortKey // the order when sort= is not given (by id when empty)
	asOf     string    // the date column the kind's figures are as of, "" when none
	columns  func() []Column
	// dated reports rows that depend on the date they are read at (a
	// milestone's status): the engine keeps them, and their vectors, per date.
	dated bool
	// detail is the type GET /api/v1/<kind>/{id} returns when it is more
	// than the row (MinerDetail), and expand makes it from a row; nil means
	// the row itself.
	detail reflect.Type
	expand func(s *Snapshot, row any, today Date) any

	// Set by defineTable from the row type R.
	row    reflect.Type                              // R, e.g. DealRow
	record reflect.Type                              // the record R embeds (Deal), R itself when none
	rows   func(s *Snapshot, today Date) any         // []R: the rows of the snapshot (as of today when dated)
	n      func(rows any) int                        // len(rows)
	at     func(rows any, i int) any                 // *R: row i
	copies func(rows any, idx []int32) any           // []R: deep copies of the rows idx
	totals func(rows any, idx []int32, q *Query) any // the Totals of a result over the rows idx
	ptr    func(row any) any                         // *R from an R or a *R, nil otherwise
	id     func(row any) string                      // the row's id
	search func(s *Snapshot, row any, terms []term) bool
}

// defineTable completes t for the row type R: rows returns the snapshot's
// rows of the kind (as of today for a dated kind), search reports whether
// a row matches every search term, totals sums the figures of the rows idx
// (the Totals of a result).
func defineTable[R any, T any](t table, rows func(*Snapshot, Date) []R, id func(*R) string,
	search func(*Snapshot, *R, []term) bool, totals func([]R, []int32, *Query) T) *table {
	t.row = reflect.TypeFor[R]()
	t.record = t.row
	if t.row.NumField() > 0 && t.row.Field(0).Anonymous {
		t.record = t.row.Field(0).Type
	}
	if t.detail == nil {
		t.detail = t.row
	}
	t.rows = func(s *Snapshot, today Date) any { return rows(s, today) }
	t.n = func(rs any) int { return len(rs.([]R)) }
	t.at = func(rs any, i int) any { return &rs.([]R)[i] }
	t.copies = func(rs any, idx []int32) any { return copyRows(rs.([]R), idx) }
	t.totals = func(rs any, idx []int32, q *Query) any { return totals(rs.([]R), idx, q) }
	t.ptr = func(row any) any {
		switch r := row.(type) {
		case *R:
			if r != nil {
				return r
			}
		case R:
			return &r
		}
		return nil
	}
	t.id = func(r any) string { return id(r.(*R)) }
	t.search = func(s *Snapshot, r any, terms []term) bool { return search(s, r.(*R), terms) }
	return &t
}

// rowSet is the rows of one kind a query runs over: the snapshot's, or for
// a dated kind its rows as of a date, kept per date.
type rowSet struct {
	t    *builtTable
	s    *Snapshot
	rows any    // []R
	n    int    // len(rows)
	key  string // names the set in the snapshot's caches: the kind, "milestones@2026-07-01"
}

// lazyRows builds a dated kind's rows on first use.
type lazyRows struct {
	once sync.Once
	rows any
}

// rowsOf returns the rows of t in s, as of today for a dated kind.
func (s *Snapshot) rowsOf(t *builtTable, today Date) *rowSet {
	rs := &rowSet{t: t, s: s, key: t.kind}
	if !t.dated {
		rs.rows = t.rows(s, "")
	} else {
		rs.key += "@" + string(today)
		lv, ok := s.vectors.Load(rs.key + "\x01rows")
		if !ok {
			lv, _ = s.vectors.LoadOrStore(rs.key+"\x01rows", &lazyRows{})
		}
		l := lv.(*lazyRows)
		l.once.Do(func() { l.rows = t.rows(s, today) })
		rs.rows = l.rows
	}
	rs.n = t.n(rs.rows)
	return rs
}

// at returns row i of the set (a pointer into it).
func (rs *rowSet) at(i int) any { return rs.t.at(rs.rows, i) }

// builtTable is a table with its columns completed and indexed by name.
type builtTable struct {
	*table
	cols  []Column
	index map[string]int
}

// tableDefs are the tables, defined but not built (cheap).
var tableDefs = sync.OnceValue(func() map[string]*table {
	out := map[string]*table{}
	for _, t := range tables() {
		out[t.kind] = t
	}
	return out
})

// builtTables builds each kind's table and its columns on the first use of
// that kind, not at package init (the WASM's start-up runs every init in
// one task) nor all kinds at once (a page's start-up needs one or two of
// the seven).
var builtTables = sync.OnceValue(func() map[string]func() *builtTable {
	out := map[string]func() *builtTable{}
	for kind, t := range tableDefs() {
		out[kind] = sync.OnceValue(func() *builtTable { return buildTable(t) })
	}
	return out
})

// buildTable completes and indexes the columns of t.
func buildTable(t *table) *builtTable {
	b := &builtTable{table: t, cols: t.columns(), index: map[string]int{}}
	for i := range b.cols {
		b.complete(&b.cols[i])
		b.index[b.cols[i].Name] = i
	}
	return b
}

// complete fills in what a column's definition leaves to its kind: the
// table, the JSON path, whether it is derived, the format, the page
// placement, the link and the provenance (for a stored field the record's
// sources, and for figures the kind's as-of date; a derived column names
// its provenance when it comes from the record's own figures).
func (b *builtTable) complete(c *Column) {
	c.table = b.kind
	if c.Path == "" {
		if _, ok := jsonField(b.row, c.Name); ok {
			c.Path = c.Name
		}
	}
	top, _, _ := strings.Cut(c.Path, ".")
	if _, ok := jsonField(b.record, top); !ok || c.Path == "" {
		c.Derived = true
	}
	if c.Format == "" {
		c.Format = defaultFormat(c.Kind, c.Unit)
	}
	if c.Detail == "" {
		c.Detail = DetailFigure
	}
	if c.Ref != "" && c.NamePath == "" {
		c.NamePath = c.Name + "_name"
	}
	if c.Link == "" && c.Ref != "" {
		c.Link = LinkRef
	}
	if c.Provenance == "" && !c.Derived {
		if _, ok := jsonField(b.row, "sources"); ok {
			c.Provenance = "sources"
		}
	}
	if c.AsOf == "" && c.Provenance == "sources" && c.Kind == ColumnNumber {
		c.AsOf = b.asOf
	}
	if c.Provenance != "" {
		c.sources = sourcesAt(b.row, c.Provenance)
	}
}

// defaultFormat is the format of a column that names none.
func defaultFormat(kind, unit string) string {
	switch kind {
	case ColumnDate:
		return FormatDate
	case ColumnBool:
		return FormatYesNo
	case ColumnList:
		return FormatList
	case ColumnString:
		return FormatText
	}
	switch unit {
	case "USD":
		return FormatMoney
	case "MW":
		return FormatMW
	case "USD/MW-yr":
		return FormatRate
	case "years":
		return FormatYears
	case "share":
		return FormatShare
	case "%":
		return FormatPercent
	case "EH/s":
		return FormatEHs
	case "°":
		return FormatDegrees
	}
	return FormatNumber
}

// jsonField finds the field of struct type t (or of a struct it embeds)
// whose JSON name is name.
func jsonField(t reflect.Type, name string) (reflect.StructField, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || name == "" {
		return reflect.StructField{}, false
	}
	f, ok := jsonFieldsOf(t)[name]
	return f, ok
}

// jsonFields caches, per struct type, its exported fields (its own and
// those it embeds) by JSON name. Building the registry asks for a few
// fields of the same ten types hundreds of times, and reflect.VisibleFields
// walks and allocates a type's whole field tree at each call: in the
// browser that was a fifth of a second of the start-up.
var jsonFields struct {
	sync.Mutex
	byType map[reflect.Type]map[string]reflect.StructField
}

func jsonFieldsOf(t reflect.Type) map[string]reflect.StructField {
	jsonFields.Lock()
	defer jsonFields.Unlock()
	if m, ok := jsonFields.byType[t]; ok {
		return m
	}
	m := map[string]reflect.StructField{}
	for _, f := range reflect.VisibleFields(t) {
		if f.Anonymous || !f.IsExported() {
			continue
		}
		if n := jsonName(f); n != "" {
			if _, dup := m[n]; !dup {
				m[n] = f
			}
		}
	}
	if jsonFields.byType == nil {
		jsonFields.byType = map[reflect.Type]map[string]reflect.StructField{}
	}
	jsonFields.byType[t] = m
	return m
}

// jsonName is the JSON member name of a struct field, "" when it has none.
func jsonName(f reflect.StructField) string {
	tag := f.Tag.Get("json")
	if tag == "-" {
		return ""
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	return name
}

// sourcesAt returns a reader of the []Source at a JSON path of row type t,
// through pointers (a nil pointer gives no sources); nil when the path
// does not lead to a []Source.
func sourcesAt(t reflect.Type, path string) func(row any) []Source {
	var steps [][]int
	cur := t
	for seg := range strings.SplitSeq(path, ".") {
		for cur.Kind() == reflect.Pointer {
			cur = cur.Elem()
		}
		f, ok := jsonField(cur, seg)
		if !ok {
			return nil
		}
		steps = append(steps, f.Index)
		cur = f.Type
	}
	if cur != reflect.TypeFor[[]Source]() {
		return nil
	}
	return func(row any) []Source {
		v := reflect.ValueOf(row)
		for _, idx := range steps {
			for v.Kind() == reflect.Pointer {
				if v.IsNil() {
					return nil
				}
				v = v.Elem()
			}
			v = v.FieldByIndex(idx)
		}
		return v.Interface().([]Source)
	}
}

// tableOf returns the built table of a kind, nil for an unknown kind.
func tableOf(kind string) *builtTable {
	build := builtTables()[kind]
	if build == nil {
		return nil
	}
	return build()
}

// rowPtr returns row as a pointer to the row type of kind, or nil.
func rowPtr(kind string, row any) any {
	t := tableOf(kind)
	if t == nil || row == nil {
		return nil
	}
	return t.ptr(row)
}

// Columns returns the columns of a row kind in display order (a copy the
// caller may change), or nil for an unknown kind.
func Columns(kind string) []Column {
	t := tableOf(kind)
	if t == nil {
		return nil
	}
	out := make([]Column, len(t.cols))
	for i, c := range t.cols {
		out[i] = c.copy()
	}
	return out
}

// copy returns c with its own Enum, EnumLabels and EnumNotes.
func (c Column) copy() Column {
	c.Enum = slices.Clone(c.Enum)
	c.EnumLabels, c.EnumNotes = maps.Clone(c.EnumLabels), maps.Clone(c.EnumNotes)
	return c
}

// ColumnByName returns the column of a row kind with the given name.
func ColumnByName(kind, name string) (Column, bool) {
	c, ok := lookupColumn(kind, name)
	if ok {
		c = c.copy()
	}
	return c, ok
}

// DefaultColumns returns the names of the columns a table of the kind shows
// when no cols= is given, in display order.
func DefaultColumns(kind string) []string {
	return columnNames(kind, func(c Column) bool { return c.Default })
}

// DefaultSort returns the order of a kind when sort= is not given.
func DefaultSort(kind string) []SortKey {
	if t := tableOf(kind); t != nil {
		return slices.Clone(t.sort)
	}
	return nil
}

// SchemaName returns the name of a kind's record schema in the OpenAPI
// document: "Deal" for "deals".
func SchemaName(kind string) string {
	s := Singular(kind)
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Record returns the record of kind with the given id as GET
// /api/v1/<kind>/{id} gives it (a *DealRow, a MinerDetail…), as of today
// for a dated kind; an ENOTFOUND *Error when there is none, an EINVALID
// one for an unknown kind.
func (s *Snapshot) Record(kind, id string, today Date) (any, error) {
	t := tableOf(kind)
	if t == nil {
		return nil, ParamErrorf("kind", "%q is not a kind of record", kind)
	}
	rs := s.rowsOf(t, today)
	i, ok := rs.index()[id]
	if !ok {
		return nil, Errorf(ENOTFOUND, "%s %q not found", t.singular, id)
	}
	row := rs.at(i)
	if t.expand != nil {
		return t.expand(s, row, today), nil
	}
	return row, nil
}

// lazyIndex builds the id → row index of a kind on first use.
type lazyIndex struct {
	once sync.Once
	m    map[string]int
}

// index returns the row of each id of the set.
func (rs *rowSet) index() map[string]int {
	lv, ok := rs.s.vectors.Load(rs.key + "\x01ids")
	if !ok {
		lv, _ = rs.s.vectors.LoadOrStore(rs.key+"\x01ids", &lazyIndex{})
	}
	l := lv.(*lazyIndex)
	l.once.Do(func() {
		l.m = make(map[string]int, rs.n)
		for i := range rs.n {
			l.m[rs.t.id(rs.at(i))] = i
		}
	})
	return l.m
}

// Singular returns the singular noun of a kind: "deal" for "deals".
func Singular(kind string) string {
	if t := tableOf(kind); t != nil {
		return t.singular
	}
	return ""
}

// RecordPath returns the app path of a record's page, e.g. "/deals/x" or
// "/sites?site=x", "" for an unknown kind.
func RecordPath(kind, id string) string {
	if t := tableOf(kind); t != nil && t.page != "" {
		return strings.Replace(t.page, "{id}", id, 1)
	}
	return ""
}

// refKinds maps a reference to the kind of record it names.
var refKinds = map[string]string{RefMiner: KindMiners, RefSite: KindSites, RefDeal: KindDeals}

// RefPath returns the app path of the page of the record a Ref column
// names: a kind's record page, or a counterparty's page.
func RefPath(ref, id string) string {
	if k := refKinds[ref]; k != "" {
		return RecordPath(k, id)
	}
	if ref == RefCounterparty {
		return "/counterparties/" + id
	}
	return ""
}

// lookupColumn returns a kind's column by name, sharing its Enum.
func lookupColumn(kind, name string) (Column, bool) {
	t := tableOf(kind)
	if t == nil {
		return Column{}, false
	}
	i, ok := t.index[name]
	if !ok {
		return Column{}, false
	}
	return t.cols[i], true
}

// itMWAlias is the deals-only range alias it_mw_*: the deal's MW when its
// basis is critical IT, not disclosed otherwise. It is not a listed column.
var itMWAlias = Column{
	Name: "it_mw", Label: "IT MW", Unit: "MW", Kind: ColumnNumber, Format: FormatMW, table: KindDeals, Derived: true,
	get: func(row any) cell {
		d := row.(*DealRow)
		if d.MWBasis != BasisIT {
			return cell{}
		}
		return numCell(d.MW)
	},
}

// resolveColumn finds a column by name, including the it_mw alias of deals.
func resolveColumn(kind, name string) (Column, bool) {
	if c, ok := lookupColumn(kind, name); ok {
		return c, true
	}
	if kind == KindDeals && name == itMWAlias.Name {
		return itMWAlias, true
	}
	return Column{}, false
}

// columnNames lists the names of a kind's columns that keep returns true for (all when nil).
func columnNames(kind string, keep func(Column) bool) []string {
	t := tableOf(kind)
	if t == nil {
		return nil
	}
	var out []string
	for _, c := range t.cols {
		if keep == nil || keep(c) {
			out = append(out, c.Name)
		}
	}
	return out
}

func rangeColumns(kind string) []string {
	out := columnNames(kind, func(c Column) bool { return c.Kind == ColumnNumber || c.Kind == ColumnDate })
	if kind == KindDeals {
		out = append(out, itMWAlias.Name)
	}
	return out
}

// EachRow calls fn with every row of kind, a pointer to its row type, in
// the snapshot's order (as of today for a dated kind). It reports false for
// an unknown kind.
func (s *Snapshot) EachRow(kind string, today Date, fn func(row any)) bool {
	t := tableOf(kind)
	if t == nil {
		return false
	}
	rs := s.rowsOf(t, today)
	for i := range rs.n {
		fn(rs.at(i))
	}
	return true
}

// RefKind returns the kind of record a reference names: "miners" for
// RefMiner, "counterparties" for RefCounterparty; "" for an unknown one.
func RefKind(ref string) string {
	if ref == RefCounterparty {
		return KindCounterparties
	}
	return refKinds[ref]
}

// RecordKinds lists every kind of record the registry describes: Kinds,
// then the kinds that only other records refer to.
func RecordKinds() []string {
	out := slices.Clone(Kinds)
	for _, t := range tables() {
		if !slices.Contains(out, t.kind) {
			out = append(out, t.kind)
		}
	}
	return out
}
