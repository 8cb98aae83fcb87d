package dataset

import (
	"encoding/csv"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// Row is the constraint satisfied by the row types the query engine serves.
type Row interface {
	DealRow | MinerRow | SiteRow
}

// csvListSep joins list cells (sources, tenants): names may hold commas.
const csvListSep = " | "

// WriteCSV writes rows as CSV with the named columns (the kind's default
// columns when cols is empty). It is the one CSV writer of the server's
// .csv lists and of the offline client's download.
//
// The first column is always the id. The header gives each column's unit in parentheses ("value_usd (USD)",
// "mw (MW)", "usd_per_mw_year (USD/MW-yr)"). A figure with a basis is
// followed by its basis column ("mw_basis", "value_basis") unless cols
// names the basis itself; a reference column is followed by the record's
// name ("miner_name"); "sources" always comes last, the URLs joined by " | ".
// A value that is not disclosed is an empty cell, never 0. Text cells that
// a spreadsheet would run as a formula (leading =, +, -, @) are prefixed
// with an apostrophe. An unknown column gives an EINVALID *Error on "cols".
func WriteCSV[R Row](w io.Writer, rows []R, cols []string) error {
	kind := rowKind[R]()
	cs, err := csvColumns(kind, cols)
	if err != nil {
		return err
	}
	return writeCSV(w, cs, len(rows), func(i int) any { return &rows[i] })
}

// WriteCSV writes every row matching q (all pages, in q's order) with q's
// columns, as the package function WriteCSV does.
func (s *Snapshot) WriteCSV(w io.Writer, q *Query) error {
	if q == nil {
		return Errorf(EINVALID, "no query")
	}
	cs, err := csvColumns(q.Kind, q.Cols)
	if err != nil {
		return err
	}
	rs := s.rowsOf(tableOf(q.Kind), q.Today) // csvColumns rejected an unknown kind
	m := rs.run(q.all())
	return writeCSV(w, cs, len(m.idx), func(i int) any { return rs.at(int(m.idx[i])) })
}

// rowKind returns the kind whose rows are of type R.
func rowKind[R any]() string {
	rt := reflect.TypeFor[R]()
	for kind, t := range tableDefs() {
		if t.row == rt {
			return kind
		}
	}
	return ""
}

// csvColumn is one output column: its header and how to write a row's cell.
type csvColumn struct {
	key    string
	header string
	cell   func(row any) string
}

// csvColumns expands the requested columns with their basis, name and
// source companions.
func csvColumns(kind string, names []string) ([]csvColumn, error) {
	if tableOf(kind) == nil {
		return nil, Errorf(EINVALID, "unknown kind %q; accepted: %s", kind, strings.Join(Kinds, ", "))
	}
	if len(names) == 0 {
		names = DefaultColumns(kind)
	}
	explicit := map[string]bool{}
	for _, n := range names {
		if _, ok := lookupColumn(kind, n); !ok {
			all := columnNames(kind, nil)
			return nil, ParamErrorf("cols", "unknown column %q%s; columns: %s", n, suggest(n, all), strings.Join(all, ", "))
		}
		explicit[n] = true
	}
	var out []csvColumn
	have := map[string]bool{}
	add := func(cc csvColumn) {
		if !have[cc.key] {
			have[cc.key] = true
			out = append(out, cc)
		}
	}
	// Every row starts with its id, so a spreadsheet row can be traced back.
	if id, ok := lookupColumn(kind, "id"); ok {
		add(valueColumn(id))
	}
	for _, n := range names {
		c, _ := lookupColumn(kind, n)
		add(valueColumn(c))
		if c.Ref != "" {
			add(nameColumn(c))
		}
		if b, ok := lookupColumn(kind, c.Basis); ok && !explicit[b.Name] {
			add(valueColumn(b))
		}
		// A sum is followed by how many items did not disclose it, and by
		// the count that says a 0 has nothing to add (ZeroBacking).
		if u, ok := lookupColumn(kind, c.Name+"_undisclosed"); ok && !explicit[u.Name] {
			add(valueColumn(u))
		}
		for _, n := range ZeroBacking[c.Name] {
			if z, ok := lookupColumn(kind, n); ok && !explicit[z.Name] {
				add(valueColumn(z))
				break
			}
		}
	}
	if src, ok := lookupColumn(kind, "sources"); ok {
		add(valueColumn(src))
	}
	return out, nil
}

func valueColumn(c Column) csvColumn {
	return csvColumn{key: c.Name, header: c.Header(), cell: func(row any) string {
		x := c.get(row)
		if !x.ok {
			return ""
		}
		s := x.text(c.Kind, csvListSep)
		if c.Kind == ColumnString || c.Kind == ColumnList {
			s = defuse(s)
		}
		return s
	}}
}

func nameColumn(c Column) csvColumn {
	key := c.Name + "_name"
	return csvColumn{key: key, header: key, cell: func(row any) string {
		if !c.get(row).ok {
			return ""
		}
		if c.names != nil {
			return defuse(strings.Join(c.Names(row), csvListSep))
		}
		return defuse(c.name(row))
	}}
}

// defuse keeps a spreadsheet from reading a text cell as a formula.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func writeCSV(w io.Writer, cs []csvColumn, n int, row func(int) any) error {
	cw := csv.NewWriter(w)
	rec := make([]string, len(cs))
	for j, c := range cs {
		rec[j] = c.header
	}
	if err := cw.Write(rec); err != nil {
		return fmt.Errorf("dataset: write csv: %w", err)
	}
	for i := 0; i < n; i++ {
		r := row(i)
		for j, c := range cs {
			rec[j] = c.cell(r)
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("dataset: write csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("dataset: write csv: %w", err)
	}
	return nil
}
