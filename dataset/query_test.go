package dataset_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

// fixture loads the small test fixture as a snapshot.
func fixture(tb testing.TB) *dataset.Snapshot {
	tb.Helper()
	d, err := dataset.Load(os.DirFS("testdata/small"))
	require.NoError(tb, err)
	s, err := dataset.NewSnapshot(d)
	require.NoError(tb, err)
	return s
}

// synthetic builds a snapshot of n deals over 20 miners, 30 counterparties
// and 60 sites, with every optional figure sometimes missing. It is
// deterministic for a given n.
func synthetic(tb testing.TB, n int) *dataset.Snapshot {
	tb.Helper()
	r := rand.New(rand.NewPCG(42, uint64(n)))
	f := func(p float64, lo, hi float64) *float64 { // a figure disclosed with probability p
		if r.Float64() >= p {
			return nil
		}
		v := float64(int(lo + r.Float64()*(hi-lo)))
		return &v
	}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	src := []dataset.Source{{URL: "https://example.com/a", Publisher: "Example", Kind: dataset.SourceFiling}, {URL: "https://example.com/b", Publisher: "Example", Kind: dataset.SourcePress}}
	d := &dataset.Dataset{Meta: dataset.Meta{Revision: 1, AsOf: "2026-06-01", Title: "synthetic"}}
	for i := range 20 {
		d.Miners = append(d.Miners, dataset.Miner{
			ID: fmt.Sprintf("m%02d", i), Name: fmt.Sprintf("Miner %02d Corp", i), Ticker: fmt.Sprintf("MN%02d", i),
			Country: pick([]string{"US", "CA", "AU"}), Status: pick(dataset.MinerStatuses),
			Verified: "2026-06-01", Sources: src[:1],
		})
	}
	for i := range 30 {
		d.Counterparties = append(d.Counterparties, dataset.Counterparty{
			ID: fmt.Sprintf("cp%02d", i), Name: fmt.Sprintf("Tenant %02d", i), Kind: pick(dataset.CounterpartyKinds),
		})
	}
	for i := range 60 {
		d.Sites = append(d.Sites, dataset.Site{
			ID: fmt.Sprintf("s%02d", i), Miner: fmt.Sprintf("m%02d", i%20), Name: fmt.Sprintf("Site %02d", i),
			City: fmt.Sprintf("Town %d", i), Region: pick([]string{"TX", "NY", "ND", "PA", "QC"}), Country: "US",
			SitePower: dataset.SitePower{ISO: pick([]string{"ERCOT", "NYISO", "PJM", ""})}, LocationPrecision: dataset.PrecisionTown, Use: pick(dataset.SiteUses),
			EnergizedMW: f(0.7, 10, 800), ConstructionMW: f(0.4, 10, 500), PipelineMW: f(0.5, 50, 2000),
			Basis: pick([]string{dataset.BasisGross, dataset.BasisIT}), ITMW: f(0.3, 10, 400),
			AsOf: "2025-06-30", Verified: "2025-06-30", Sources: src[:1],
		})
	}
	for i := range n {
		dl := dataset.Deal{
			ID: fmt.Sprintf("d%06d", i), Title: fmt.Sprintf("Deal %d", i),
			Miner: fmt.Sprintf("m%02d", r.IntN(20)), Tenant: fmt.Sprintf("cp%02d", r.IntN(30)),
			Type: pick(dataset.DealTypes), Status: pick(dataset.DealStatuses),
			ValueUSD: f(0.75, 1e7, 1e10), TermYears: f(0.7, 1, 16), MW: f(0.8, 5, 500),
			Verified: "2026-06-01", Sources: src[:1+r.IntN(2)],
		}
		y, m, day := 2021+r.IntN(6), 1+r.IntN(12), 1+r.IntN(28)
		switch r.IntN(10) {
		case 0:
			dl.Announced = dataset.Date(fmt.Sprintf("%04d", y))
		case 1:
			dl.Announced = dataset.Date(fmt.Sprintf("%04d-%02d", y, m))
		default:
			dl.Announced = dataset.Date(fmt.Sprintf("%04d-%02d-%02d", y, m, day))
		}
		if dl.ValueUSD != nil {
			dl.ValueBasis = pick([]string{dataset.ValueInitialTerm, dataset.ValueInitialTerm, dataset.ValueIncrement, dataset.ValueEstimate})
		}
		if dl.MW != nil {
			dl.MWBasis = pick([]string{dataset.BasisIT, dataset.BasisIT, dataset.BasisGross, dataset.BasisUnspecified})
		}
		if r.IntN(4) == 0 {
			dl.Guarantor = fmt.Sprintf("cp%02d", r.IntN(30))
		}
		if r.IntN(2) == 0 {
			dl.Site = fmt.Sprintf("s%02d", r.IntN(60))
		}
		if r.IntN(5) == 0 {
			dl.Notes = "expansion of an earlier lease"
		}
		if r.IntN(3) == 0 {
			dl.StatusAsOf = dl.Announced
		}
		d.Deals = append(d.Deals, dl)
	}
	s, err := dataset.NewSnapshot(d)
	require.NoError(tb, err)
	return s
}

func mustParse(tb testing.TB, kind, raw string) *dataset.Query {
	tb.Helper()
	v, err := url.ParseQuery(raw)
	require.NoError(tb, err)
	q, err := dataset.ParseQuery(kind, v)
	require.NoError(tb, err, "ParseQuery(%s, %q)", kind, raw)
	return q
}

func dealIDs(rows []dataset.DealRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out
}

func TestColumnsRegistry(t *testing.T) {
	kinds := map[string]bool{dataset.ColumnString: true, dataset.ColumnNumber: true, dataset.ColumnDate: true, dataset.ColumnBool: true, dataset.ColumnList: true}
	for _, kind := range dataset.Kinds {
		cols := dataset.Columns(kind)
		require.NotEmpty(t, cols, kind)
		seen := map[string]bool{}
		for _, c := range cols {
			assert.False(t, seen[c.Name], "%s: column %q listed twice", kind, c.Name)
			seen[c.Name] = true
			assert.True(t, kinds[c.Kind], "%s.%s: kind %q", kind, c.Name, c.Kind)
			assert.NotEmpty(t, c.Label, "%s.%s: label", kind, c.Name)
			if c.Basis != "" {
				b, ok := dataset.ColumnByName(kind, c.Basis)
				assert.True(t, ok && b.Facetable, "%s.%s: basis column %q", kind, c.Name, c.Basis)
			}
			got, ok := dataset.ColumnByName(kind, c.Name)
			assert.True(t, ok)
			assert.Equal(t, c.Name, got.Name)
		}
		for _, name := range dataset.DefaultColumns(kind) {
			c, ok := dataset.ColumnByName(kind, name)
			assert.True(t, ok && c.Default, "%s: default %q", kind, name)
		}
		assert.True(t, seen["id"] && seen["sources"], "%s has id and sources", kind)
	}
	_, ok := dataset.ColumnByName(dataset.KindDeals, "it_mw")
	assert.False(t, ok, "it_mw is an alias, not a column of deals")
	assert.Nil(t, dataset.Columns("nope"))

	// The registry hands out copies.
	cols := dataset.Columns(dataset.KindDeals)
	cols[0].Name = "changed"
	for i := range cols {
		if cols[i].Enum != nil {
			cols[i].Enum[0] = "changed"
		}
	}
	assert.NotEqual(t, "changed", dataset.Columns(dataset.KindDeals)[0].Name)
	typ, _ := dataset.ColumnByName(dataset.KindDeals, "type")
	assert.Equal(t, dataset.DealTypes[0], typ.Enum[0])
	assert.Equal(t, dataset.TypeColocation, dataset.DealTypes[0])

	// Units named in the brief.
	for kind, units := range map[string]map[string]string{
		dataset.KindDeals:  {"value_usd": "USD", "mw": "MW", "usd_per_mw_year": "USD/MW-yr", "term_years": "years", "announced": ""},
		dataset.KindMiners: {"contracted_share": "share", "energized_mw": "MW", "contracted_mw": "MW"},
		dataset.KindSites:  {"energized_mw": "MW", "it_mw": "MW"},
	} {
		for name, unit := range units {
			c, ok := dataset.ColumnByName(kind, name)
			require.True(t, ok, "%s.%s", kind, name)
			assert.Equal(t, unit, c.Unit, "%s.%s unit", kind, name)
		}
	}
}

// TestColumnValuesMatchJSON checks every column that is also a JSON field
// of its row reads the same value the JSON carries.
func TestColumnValuesMatchJSON(t *testing.T) {
	s := synthetic(t, 200)
	check := func(kind string, rows []any) {
		for _, row := range rows {
			b, err := json.Marshal(row)
			require.NoError(t, err)
			var m map[string]any
			require.NoError(t, json.Unmarshal(b, &m))
			for _, c := range dataset.Columns(kind) {
				want, inJSON := m[c.Name]
				if !inJSON || c.Name == "sources" {
					continue
				}
				got := c.Value(row)
				switch v := got.(type) {
				case nil:
					if want == float64(0) && strings.HasSuffix(c.Name, "_mw") && kind != dataset.KindDeals {
						continue // summed capacity with no stage disclosed: not disclosed, not 0
					}
					if l, ok := want.([]any); ok && len(l) == 0 {
						continue // an empty list has no value
					}
					assert.True(t, want == nil || want == "", "%s.%s: got nil, JSON has %v", kind, c.Name, want)
				case dataset.Date:
					assert.Equal(t, want, string(v), "%s.%s", kind, c.Name)
				case []string:
					var w []string
					for _, x := range want.([]any) {
						w = append(w, x.(string))
					}
					assert.Equal(t, w, v, "%s.%s", kind, c.Name)
				case float64:
					if c.Name == "year" {
						assert.Equal(t, want, fmt.Sprint(v), "%s.%s", kind, c.Name)
						continue
					}
					assert.Equal(t, want, v, "%s.%s", kind, c.Name)
				default:
					assert.Equal(t, want, v, "%s.%s", kind, c.Name)
				}
			}
		}
	}
	var deals, miners, sites []any
	for _, r := range s.Deals {
		deals = append(deals, r)
	}
	for i := range s.Miners {
		miners = append(miners, &s.Miners[i])
	}
	for _, r := range s.Sites {
		sites = append(sites, r)
	}
	check(dataset.KindDeals, deals)
	check(dataset.KindMiners, miners)
	check(dataset.KindSites, sites)
}

func TestColumnValueAndText(t *testing.T) {
	s := fixture(t)
	iren, err := s.Deal("iren-microsoft-2025-11")
	require.NoError(t, err)
	tw, err := s.Deal("terawulf-fluidstack-2025-08")
	require.NoError(t, err)
	col := func(name string) dataset.Column {
		c, ok := dataset.ColumnByName(dataset.KindDeals, name)
		require.True(t, ok, name)
		return c
	}
	assert.Equal(t, 9.7e9, col("value_usd").Value(iren))
	assert.Equal(t, 9.7e9, col("value_usd").Value(*iren), "a row value works as well as a pointer")
	assert.Equal(t, "9700000000", col("value_usd").Text(iren))
	assert.Equal(t, dataset.Date("2025-11-03"), col("announced").Value(iren))
	assert.Equal(t, float64(2025), col("year").Value(iren))
	assert.Equal(t, true, col("contracted").Value(iren))
	assert.Equal(t, "microsoft", col("tenant").Value(iren))
	assert.Equal(t, "Microsoft", col("tenant").Text(iren), "reference columns show the name")
	assert.Nil(t, col("guarantor").Value(iren), "no guarantor is not disclosed, not \"\"")
	assert.Equal(t, "", col("guarantor").Text(iren))
	assert.Equal(t, "google", col("guarantor").Value(tw))
	assert.Nil(t, col("gross_mw").Value(iren))
	assert.Equal(t, []string{"https://www.reuters.com/technology/microsoft-signs-97-billion-ai-cloud-deal-with-iren-2025-11-03/"}, col("sources").Value(iren))
	assert.Nil(t, col("mw").Value(&s.Miners[0]), "a deals column on a miner row")
	assert.Nil(t, col("mw").Value(nil))
	assert.Nil(t, col("mw").Value((*dataset.DealRow)(nil)))
	assert.Equal(t, "value_usd (USD)", col("value_usd").Header())
	assert.Equal(t, "announced", col("announced").Header())

	share, _ := dataset.ColumnByName(dataset.KindMiners, "contracted_share")
	m, err := s.Miner("iren")
	require.NoError(t, err)
	assert.InDelta(t, 200.0/750, share.Value(m), 1e-9)

	p := dataset.Project(mustParse(t, dataset.KindDeals, "cols=tenant,mw,guarantor").Columns(), iren)
	assert.Equal(t, map[string]any{"tenant": "microsoft", "mw": 200.0, "guarantor": nil}, p)
}

func TestParseQuery(t *testing.T) {
	deals := dataset.KindDeals
	def := func(kind string) dataset.Query { return dataset.Query{Kind: kind, Size: dataset.DefaultSize, Page: 1} }
	with := func(kind string, f func(*dataset.Query)) dataset.Query {
		q := def(kind)
		f(&q)
		return q
	}
	eq := func(col string, vals ...string) dataset.Filter {
		return dataset.Filter{Column: col, Op: dataset.OpEq, Values: vals}
	}
	rng := func(col, op, v string) dataset.Filter {
		return dataset.Filter{Column: col, Op: op, Values: []string{v}}
	}
	tests := []struct {
		name string
		kind string
		raw  string
		want dataset.Query
	}{
		{"empty", deals, "", def(deals)},
		{"comma list", deals, "miner=iren,cipher", with(deals, func(q *dataset.Query) { q.Filters = []dataset.Filter{eq("miner", "iren", "cipher")} })},
		{"repeated params OR", deals, "miner=iren&miner=cipher", with(deals, func(q *dataset.Query) { q.Filters = []dataset.Filter{eq("miner", "iren", "cipher")} })},
		{"blanks and duplicates", deals, "miner=iren,+iren+,,", with(deals, func(q *dataset.Query) { q.Filters = []dataset.Filter{eq("miner", "iren")} })},
		{"empty value ignored", deals, "miner=&q=&sort=&mw_gte=", def(deals)},
		{"filters sorted by param", deals, "type=colocation&status=signed&miner=iren", with(deals, func(q *dataset.Query) {
			q.Filters = []dataset.Filter{eq("miner", "iren"), eq("status", "signed"), eq("type", "colocation")}
		})},
		{"enum canonical case", deals, "type=Colocation,JV", with(deals, func(q *dataset.Query) { q.Filters = []dataset.Filter{eq("type", "colocation", "jv")} })},
		{"number equality", deals, "term_years=5,10.0", with(deals, func(q *dataset.Query) { q.Filters = []dataset.Filter{eq("term_years", "5", "10")} })},
		{"bool", deals, "contracted=TRUE", with(deals, func(q *dataset.Query) { q.Filters = []dataset.Filter{eq("contracted", "true")} })},
		{"bool false", deals, "contracted=0", with(deals, func(q *dataset.Query) { q.Filters = []dataset.Filter{eq("contracted", "false")} })},
		{"date equality", deals, "announced=2025-11", with(deals, func(q *dataset.Query) { q.Filters = []dataset.Filter{eq("announced", "2025-11")} })},
		{"ranges", deals, "mw_gte=1e2&value_usd_lt=5000000000&announced_gt=2025&announced_lte=2026-03-31&usd_per_mw_year_gte=1.5e6", with(deals, func(q *dataset.Query) {
			q.Filters = []dataset.Filter{
				rng("announced", dataset.OpGt, "2025"), rng("announced", dataset.OpLte, "2026-03-31"),
				rng("mw", dataset.OpGte, "100"), rng("usd_per_mw_year", dataset.OpGte, "1500000"), rng("value_usd", dataset.OpLt, "5000000000"),
			}
		})},
		{"it_mw alias", deals, "it_mw_gte=100", with(deals, func(q *dataset.Query) { q.Filters = []dataset.Filter{rng("it_mw", dataset.OpGte, "100")} })},
		{"year range", deals, "year_gte=2024", with(deals, func(q *dataset.Query) { q.Filters = []dataset.Filter{rng("year", dataset.OpGte, "2024")} })},
		{"search trimmed", deals, "q=++Microsoft+Iren++", with(deals, func(q *dataset.Query) { q.Search = "Microsoft Iren" })},
		{"sort", deals, "sort=-value_usd,announced", with(deals, func(q *dataset.Query) {
			q.Sort = []dataset.SortKey{{Column: "value_usd", Desc: true}, {Column: "announced"}}
		})},
		{"facets", deals, "facet=tenant&facet=type,tenant", with(deals, func(q *dataset.Query) { q.Facets = []string{"tenant", "type"} })},
		{"cols", deals, "cols=miner,mw,mw", with(deals, func(q *dataset.Query) { q.Cols = []string{"miner", "mw"} })},
		{"size max", deals, "size=max", with(deals, func(q *dataset.Query) { q.Size = dataset.MaxSize })},
		{"size", deals, "size=1000", with(deals, func(q *dataset.Query) { q.Size = 1000 })},
		{"page", deals, "page=3&size=10", with(deals, func(q *dataset.Query) { q.Size, q.Page, q.Offset = 10, 3, 20 })},
		{"next", deals, "next=" + token(t, 25) + "&size=10", with(deals, func(q *dataset.Query) { q.Size, q.Page, q.Offset = 10, 3, 25 })},
		{"embed flags ignored", deals, "theme=dark&plain=1&transparent=1", def(deals)},
		{"empty name ignored", deals, "=x&&", def(deals)},
		{"miners list column", dataset.KindMiners, "tenants=Microsoft&status=Pivoting", with(dataset.KindMiners, func(q *dataset.Query) {
			q.Filters = []dataset.Filter{eq("status", "pivoting"), eq("tenants", "Microsoft")}
		})},
		{"sites it_mw is a column", dataset.KindSites, "it_mw_gte=100&region=TX", with(dataset.KindSites, func(q *dataset.Query) {
			q.Filters = []dataset.Filter{rng("it_mw", dataset.OpGte, "100"), eq("region", "TX")}
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustParse(t, tt.kind, tt.raw)
			assert.Equal(t, tt.want, *got, "ParseQuery(%s, %q)", tt.kind, tt.raw)
			again, err := dataset.ParseQuery(tt.kind, got.Values())
			require.NoError(t, err, "ParseQuery(Values()=%q)", got.Values().Encode())
			assert.Equal(t, got, again, "round trip of %q via %q", tt.raw, got.Values().Encode())
		})
	}
}

// token gets the next token for an offset the way a client does: from a result.
func token(tb testing.TB, offset int) string {
	tb.Helper()
	s := synthetic(tb, offset+10)
	q := mustParse(tb, dataset.KindDeals, fmt.Sprintf("size=%d", offset))
	res := s.QueryDeals(q)
	require.NotEmpty(tb, res.Next)
	return res.Next
}

func TestParseQueryErrors(t *testing.T) {
	many := func(key string, n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "v%d", i)
		}
		return key + "=" + b.String()
	}
	manyParams := func(n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = fmt.Sprintf("theme%03d=1", i)
		}
		return strings.Join(parts, "&")
	}
	terms := strings.Repeat("a ", 33)
	tests := []struct {
		name      string
		kind      string
		raw       string
		wantParam string
		wantMsg   []string
	}{
		{"unknown param", "deals", "foo=1", "foo", []string{`unknown parameter "foo"`, "accepted: q, sort", "status=signed", "mw_gte=100", "it_mw"}},
		{"typo suggests", "deals", "tenat=x", "tenat", []string{`did you mean "tenant"?`}},
		{"range typo suggests", "deals", "mw_gtee=1", "mw_gtee", []string{`did you mean "mw_gte"?`}},
		{"datasette underscore", "deals", "_sort=mw", "_sort", []string{"no leading underscore", `"sort"`}},
		{"datasette double underscore", "deals", "mw__gte=1", "mw__gte", []string{"one underscore", `"mw_gte"`}},
		{"it_mw only for deals", "miners", "it_mw_gte=1", "it_mw_gte", []string{"unknown parameter"}},
		{"range on string", "deals", "title_gte=a", "title_gte", []string{"string column", "only to number and date columns", "value_usd"}},
		{"range on bool", "deals", "contracted_lt=1", "contracted_lt", []string{"bool column"}},
		{"bad number", "deals", "mw_gte=abc", "mw_gte", []string{`"abc" is not a number`}},
		{"NaN", "deals", "it_mw_gte=NaN", "it_mw_gte", []string{"not a number"}},
		{"Inf", "deals", "value_usd_lt=Inf", "value_usd_lt", []string{"not a number"}},
		{"bad number in list", "deals", "term_years=5,ten", "term_years", []string{`"ten" is not a number`}},
		{"bad date month", "deals", "announced_gte=2025-13", "announced_gte", []string{`"2025-13" is not a date`, "YYYY, YYYY-MM or YYYY-MM-DD"}},
		{"bad date day", "deals", "announced_lte=2025-02-30", "announced_lte", []string{"not a date"}},
		{"bad date form", "deals", "announced=25", "announced", []string{"not a date"}},
		{"bad bool", "deals", "contracted=maybe", "contracted", []string{`"maybe" is not a boolean`, "true or false"}},
		{"bad enum", "deals", "type=colo", "type", []string{`unknown value "colo"`, "accepted: colocation, cloud-services"}},
		{"enum typo", "deals", "status=signd", "status", []string{`did you mean "signed"?`}},
		{"size zero", "deals", "size=0", "size", []string{`"0" is not a page size`, "1 to 1000, or max"}},
		{"size too big", "deals", "size=1001", "size", []string{"1 to 1000"}},
		{"size word", "deals", "size=all", "size", []string{"not a page size"}},
		{"page zero", "deals", "page=0", "page", []string{`"0" is not a page number`}},
		{"page negative", "deals", "page=-1", "page", []string{"not a page number"}},
		{"page huge", "deals", "page=1000001", "page", []string{"not a page number"}},
		{"bad token", "deals", "next=garbage", "next", []string{`"garbage" is not a next token`}},
		{"page and next", "deals", "page=2&next=" + token(t, 5), "next", []string{"page or next, not both"}},
		{"sort unknown", "deals", "sort=-valu_usd", "sort", []string{`unknown column "valu_usd"`, `did you mean "value_usd"?`}},
		{"sort twice", "deals", "sort=mw,-mw", "sort", []string{`"mw" is given twice`}},
		{"sort alias", "deals", "sort=it_mw", "sort", []string{"unknown column"}},
		{"facet unknown", "deals", "facet=tenantz", "facet", []string{`unknown column "tenantz"`, "facetable columns: "}},
		{"facet not facetable", "deals", "facet=notes", "facet", []string{`"notes" cannot be faceted`, "tenant"}},
		{"cols unknown", "sites", "cols=name,foo", "cols", []string{`unknown column "foo"`, "columns: id, name"}},
		{"q twice", "deals", "q=a&q=b", "q", []string{"given 2 times"}},
		{"range twice", "deals", "mw_gte=1&mw_gte=2", "mw_gte", []string{"given 2 times"}},
		{"too many list values", "deals", many("miner", 101), "miner", []string{"too many values", "100"}},
		{"too many sort keys", "deals", many("sort", 101), "sort", []string{"too many values"}},
		{"too many values in all", "deals", strings.Repeat("miner=a&", 257), "miner", []string{"at most 256 in all"}},
		{"too many params", "deals", manyParams(65), "theme064", []string{"too many parameters (65)", "at most 64"}},
		{"value too long", "deals", "tenant=" + strings.Repeat("x", 1001), "tenant", []string{"1001 bytes long"}},
		{"search too long", "deals", "q=" + strings.Repeat("x", 501), "q", []string{"501 bytes long", "500"}},
		{"search too many terms", "deals", "q=" + url.QueryEscape(terms), "q", []string{"33 terms", "32"}},
		{"invalid utf8", "deals", "tenant=%ff", "tenant", []string{"UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.raw)
			require.NoError(t, err)
			q, err := dataset.ParseQuery(tt.kind, v)
			require.Error(t, err, "ParseQuery(%s, %.80q) = %+v; want an error", tt.kind, tt.raw, q)
			var e *dataset.Error
			require.True(t, errors.As(err, &e), "error %T is not *Error", err)
			assert.Equal(t, dataset.EINVALID, e.Code)
			assert.Equal(t, tt.wantParam, e.Param, "message: %s", e.Message)
			for _, m := range tt.wantMsg {
				assert.Contains(t, e.Message, m)
			}
		})
	}

	_, err := dataset.ParseQuery("deal", nil)
	require.Error(t, err)
	assert.Equal(t, dataset.EINVALID, dataset.ErrorCode(err))
	assert.Contains(t, err.Error(), "deals, miners, sites")
}

func TestValuesCanonical(t *testing.T) {
	q := mustParse(t, dataset.KindDeals, "type=JV,colocation&miner=iren&miner=cipher&facet=type&sort=-mw&it_mw_gte=1e2&q=hut&size=max&page=2&cols=mw,tenant&theme=dark")
	assert.Equal(t, "cols=mw%2Ctenant&facet=type&it_mw_gte=100&miner=iren%2Ccipher&page=2&q=hut&size=1000&sort=-mw&type=jv%2Ccolocation", q.Values().Encode())
	assert.Empty(t, mustParse(t, dataset.KindDeals, "page=1&size=50").Values().Encode(), "defaults are left out")
	// An offset off the page grid stays a token; on the grid it becomes a page.
	assert.Equal(t, "next="+token(t, 7), mustParse(t, dataset.KindDeals, "next="+token(t, 7)).Values().Encode())
	assert.Equal(t, "page=2", mustParse(t, dataset.KindDeals, "next="+token(t, 50)).Values().Encode())
	// A zero Query encodes as nothing.
	assert.Empty(t, (&dataset.Query{Kind: dataset.KindDeals}).Values())
}

func TestQueryFixture(t *testing.T) {
	s := fixture(t)
	const iren, tw = "iren-microsoft-2025-11", "terawulf-fluidstack-2025-08"
	tests := []struct {
		raw  string
		want []string
	}{
		{"", []string{iren, tw}}, // newest first
		{"miner=iren", []string{iren}},
		{"miner=IREN,terawulf", []string{iren, tw}},
		{"miner=cipher", []string{}},
		{"type=colocation&status=construction", []string{tw}},
		{"type=colocation&status=signed", []string{}},
		{"guarantor=google", []string{tw}},
		{"contracted=true", []string{iren, tw}},
		{"contracted=false", []string{}},
		{"it_mw_gte=200", []string{iren, tw}},
		{"it_mw_gt=200", []string{}},
		{"mw_lte=199.5", []string{}},
		{"value_usd_gte=5e9", []string{iren}},
		{"value_usd_lt=5e9", []string{tw}},
		{"usd_per_mw_year_gte=5000000", []string{iren}},
		{"term_years=10", []string{tw}},
		{"announced=2025", []string{iren, tw}},
		{"announced=2025-08", []string{tw}},
		{"announced_gte=2025-09", []string{iren}},
		{"announced_gt=2025-08", []string{iren}},
		{"announced_lte=2025-08", []string{tw}},
		{"announced_lt=2025-08-14", []string{}},
		{"announced_lte=2025-08-14", []string{tw}},
		{"announced_gt=2025-08-14", []string{iren}},
		{"year=2025", []string{iren, tw}},
		{"year_lt=2025", []string{}},
		{"q=google", []string{tw}},
		{"q=MICROSOFT+iren", []string{iren}},
		{"q=microsoft+terawulf", []string{}},
		{"q=%22lake+mariner%22", []string{tw}},
		{"q=wulf", []string{tw}},           // miner ticker
		{"q=childress+TX", []string{iren}}, // site city and region
		{"q=nyse", []string{}},
		{"sort=value_usd", []string{tw, iren}},
		{"sort=-value_usd", []string{iren, tw}},
		{"sort=mw", []string{iren, tw}}, // a tie falls back to id
		{"sort=-mw", []string{iren, tw}},
		{"sort=tenant", []string{tw, iren}}, // by name: Fluidstack < Microsoft
		{"sort=guarantor", []string{tw, iren}},
		{"sort=-guarantor", []string{tw, iren}}, // undisclosed last both ways
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			res := s.QueryDeals(mustParse(t, dataset.KindDeals, tt.raw))
			assert.Equal(t, tt.want, dealIDs(res.Rows))
			assert.Equal(t, len(tt.want), res.Total)
			assert.Empty(t, res.Next)
		})
	}
}

func TestQueryFacetsAndTotals(t *testing.T) {
	s := fixture(t)
	res := s.QueryDeals(mustParse(t, dataset.KindDeals, "facet=tenant,guarantor,type,contracted,term_years&miner=iren,terawulf"))
	require.Len(t, res.Facets, 5)
	assert.Equal(t, dataset.Facet{Column: "tenant", Label: "Tenant", Values: []dataset.FacetValue{
		{Value: "fluidstack", Label: "Fluidstack", Count: 1},
		{Value: "microsoft", Label: "Microsoft", Count: 1},
	}}, res.Facets[0])
	assert.Equal(t, dataset.Facet{Column: "guarantor", Label: "Guarantor", Missing: 1, Values: []dataset.FacetValue{
		{Value: "google", Label: "Google", Count: 1},
	}}, res.Facets[1])
	assert.Equal(t, []dataset.FacetValue{{Value: "true", Label: "Yes", Count: 2}}, res.Facets[3].Values)
	assert.Equal(t, []dataset.FacetValue{{Value: "5", Label: "5", Count: 1}, {Value: "10", Label: "10", Count: 1}}, res.Facets[4].Values, "numbers in order")
	assert.Equal(t, dataset.DealTotals{ValueUSD: ptr(13.4e9), ValueCount: 2, MW: ptr(400), MWCount: 2}, res.Totals)

	sel := s.QueryDeals(mustParse(t, dataset.KindDeals, "facet=miner&miner=iren"))
	assert.Equal(t, []dataset.FacetValue{{Value: "iren", Label: "IREN Ltd", Count: 1, Selected: true}}, sel.Facets[0].Values)

	mres := s.QueryMiners(mustParse(t, dataset.KindMiners, "facet=tenants,status"))
	assert.Equal(t, 2, mres.Total)
	assert.Equal(t, []dataset.FacetValue{{Value: "Fluidstack", Label: "Fluidstack", Count: 1}, {Value: "Microsoft", Label: "Microsoft", Count: 1}}, mres.Facets[0].Values)
	assert.Equal(t, []dataset.FacetValue{{Value: "pivoting", Label: "Pivoting", Count: 2}}, mres.Facets[1].Values)
	assert.Equal(t, dataset.MinerTotals{EnergizedMW: ptr(750), PipelineMW: ptr(750), TotalMW: ptr(1500),
		EnergizedMWUndisclosed: 1, ConstructionMWUndisclosed: 2, PipelineMWUndisclosed: 1,
		ContractedDealCount: 2, ContractedMW: ptr(400), UncontractedMW: ptr(1100), ContractedValueUSD: ptr(13.4e9)}, mres.Totals)
	assert.Equal(t, "iren", s.QueryMiners(mustParse(t, dataset.KindMiners, "tenants=microsoft")).Rows[0].ID)
	assert.Equal(t, []string{"iren", "terawulf"}, []string{mres.Rows[0].ID, mres.Rows[1].ID}, "equal totals tie by id")

	sres := s.QuerySites(mustParse(t, dataset.KindSites, "facet=region,miner&q=us&sort=name"))
	assert.Equal(t, 2, sres.Total)
	assert.Equal(t, "childress", sres.Rows[0].ID)
	assert.Equal(t, []dataset.FacetValue{{Value: "iren", Label: "IREN Ltd", Count: 1}, {Value: "terawulf", Label: "TeraWulf", Count: 1}}, sres.Facets[1].Values)
	assert.Equal(t, dataset.SiteTotals{EnergizedMW: ptr(750), PipelineMW: ptr(750), TotalMW: ptr(1500), ITMW: ptr(200),
		EnergizedMWUndisclosed: 1, ConstructionMWUndisclosed: 2, PipelineMWUndisclosed: 1, ITMWUndisclosed: 1,
		ContractedDealCount: 2, ContractedMW: ptr(400)}, sres.Totals)
	assert.Equal(t, []string{"lake-mariner"}, []string{s.QuerySites(mustParse(t, dataset.KindSites, "region=ny")).Rows[0].ID})
	assert.Equal(t, 1, s.QuerySites(mustParse(t, dataset.KindSites, "it_mw_gte=100")).Total)
}

// brute reports the ids of synthetic deals matching a predicate, in id order.
func brute(s *dataset.Snapshot, keep func(*dataset.DealRow) bool) []string {
	var out []string
	for i := range s.Deals {
		if keep(&s.Deals[i]) {
			out = append(out, s.Deals[i].ID)
		}
	}
	slices.Sort(out)
	return out
}

func TestQueryMatchesBruteForce(t *testing.T) {
	s := synthetic(t, 3000)
	v := func(p *float64) (float64, bool) {
		if p == nil {
			return 0, false
		}
		return *p, true
	}
	tests := []struct {
		raw  string
		keep func(*dataset.DealRow) bool
	}{
		{"miner=m01,m02&type=colocation,jv", func(d *dataset.DealRow) bool {
			return (d.Miner == "m01" || d.Miner == "m02") && (d.Type == "colocation" || d.Type == "jv")
		}},
		{"mw_gte=100&mw_lt=300", func(d *dataset.DealRow) bool { x, ok := v(d.MW); return ok && x >= 100 && x < 300 }},
		{"it_mw_gte=100", func(d *dataset.DealRow) bool { x, ok := v(d.MW); return ok && x >= 100 && d.MWBasis == "critical-it" }},
		{"value_usd_gt=5e9&contracted=true", func(d *dataset.DealRow) bool { x, ok := v(d.ValueUSD); return ok && x > 5e9 && d.IsContracted }},
		{"announced_gte=2024-03&announced_lte=2024", func(d *dataset.DealRow) bool {
			a := string(d.Announced)
			return a >= "2024-03" && a[:4] == "2024" // year-only "2024" counts as 2024-01-01
		}},
		{"announced=2023-05", func(d *dataset.DealRow) bool { return strings.HasPrefix(string(d.Announced), "2023-05") }},
		{"guarantor=cp01,cp02&status=signed,energized", func(d *dataset.DealRow) bool {
			return (d.Guarantor == "cp01" || d.Guarantor == "cp02") && (d.Status == "signed" || d.Status == "energized")
		}},
		{"q=%22tenant+07%22+expansion", func(d *dataset.DealRow) bool {
			return (d.TenantName == "Tenant 07" || d.GuarantorName == "Tenant 07") && d.Notes != ""
		}},
		{"q=%22site+1%22", func(d *dataset.DealRow) bool { return strings.Contains(d.SiteName, "Site 1") }},
		{"q=site+1", func(d *dataset.DealRow) bool { // two terms, each anywhere
			return d.Site != "" && (strings.Contains(d.ID, "1") || strings.Contains(d.Title, "1") || strings.Contains(d.SiteName, "1") ||
				strings.Contains(d.MinerName, "1") || strings.Contains(d.TenantName, "1") || strings.Contains(d.GuarantorName, "1") ||
				strings.Contains(d.Miner, "1") || strings.Contains(d.Tenant, "1") || strings.Contains(d.Guarantor, "1") ||
				strings.Contains(d.Site, "1"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			q := mustParse(t, dataset.KindDeals, tt.raw+"&sort=id&size=max")
			got := dealIDs(s.MatchDeals(q))
			want := brute(s, tt.keep)
			require.NotEmpty(t, want, "the case should select something")
			assert.Equal(t, want, got)
			assert.Equal(t, len(want), s.QueryDeals(q).Total)
		})
	}
}

func TestSortNullsLast(t *testing.T) {
	s := synthetic(t, 2000)
	for _, col := range []string{"value_usd", "mw", "usd_per_mw_year", "guarantor", "site", "announced", "term_years", "status_as_of", "value_basis"} {
		for _, desc := range []bool{false, true} {
			name := col
			if desc {
				name = "-" + col
			}
			t.Run(name, func(t *testing.T) {
				c, _ := dataset.ColumnByName(dataset.KindDeals, col)
				rows := s.MatchDeals(mustParse(t, dataset.KindDeals, "sort="+name))
				require.Len(t, rows, 2000)
				seenNull := false
				nulls := 0
				for i := range rows {
					v := c.Value(&rows[i])
					if v == nil {
						seenNull = true
						nulls++
						if i > 0 && c.Value(&rows[i-1]) == nil {
							assert.Less(t, rows[i-1].ID, rows[i].ID, "nulls tie by id")
						}
						continue
					}
					require.False(t, seenNull, "row %d (%s) has a value after a null", i, rows[i].ID)
					if i == 0 {
						continue
					}
					prev := c.Value(&rows[i-1])
					if c.Ref != "" { // references sort by the record's name
						prev, v = c.Text(&rows[i-1]), c.Text(&rows[i])
					}
					cmp := compareAny(prev, v)
					if desc {
						cmp = -cmp
					}
					require.LessOrEqual(t, cmp, 0, "rows %d,%d out of order: %v, %v", i-1, i, prev, v)
					if cmp == 0 {
						require.Less(t, rows[i-1].ID, rows[i].ID, "ties by id")
					}
				}
				if col != "announced" {
					require.Positive(t, nulls, "the column should have undisclosed values")
				}
			})
		}
	}
}

// compareAny orders two column values the way the engine documents.
func compareAny(a, b any) int {
	switch x := a.(type) {
	case float64:
		y := b.(float64)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case dataset.Date:
		// Dates compare by their first day.
		pad := func(d dataset.Date) string { return (string(d) + "-01-01")[:10] }
		return strings.Compare(pad(x), pad(b.(dataset.Date)))
	case string:
		return strings.Compare(strings.ToLower(x), strings.ToLower(b.(string)))
	}
	return 0
}

func TestSortByReferenceName(t *testing.T) {
	s := synthetic(t, 500)
	rows := s.MatchDeals(mustParse(t, dataset.KindDeals, "sort=-tenant,id"))
	for i := 1; i < len(rows); i++ {
		require.GreaterOrEqual(t, rows[i-1].TenantName, rows[i].TenantName)
	}
}

func TestFacetCountsBruteForce(t *testing.T) {
	s := synthetic(t, 3000)
	q := mustParse(t, dataset.KindDeals, "type=colocation,cloud-services&facet=miner,type,year,guarantor,contracted,mw_basis")
	res := s.QueryDeals(q)
	all := s.MatchDeals(q)
	require.Equal(t, len(all), res.Total)
	for _, f := range res.Facets {
		c, ok := dataset.ColumnByName(dataset.KindDeals, f.Column)
		require.True(t, ok)
		want := map[string]int{}
		missing := 0
		for i := range all {
			v := c.Value(&all[i])
			if v == nil {
				missing++
				continue
			}
			want[fmt.Sprint(v)]++
		}
		got := map[string]int{}
		sum := 0
		for j, fv := range f.Values {
			got[fv.Value] = fv.Count
			sum += fv.Count
			if j > 0 {
				prev := f.Values[j-1]
				if c.Kind == dataset.ColumnNumber {
					a, _ := strconv.ParseFloat(prev.Value, 64)
					b, _ := strconv.ParseFloat(fv.Value, 64)
					require.Less(t, a, b, "facet %s: numbers in order", f.Column)
				} else {
					require.True(t, prev.Count > fv.Count || prev.Count == fv.Count && strings.ToLower(prev.Label) <= strings.ToLower(fv.Label),
						"facet %s: %v before %v", f.Column, prev, fv)
				}
			}
		}
		assert.Equal(t, want, got, "facet %s", f.Column)
		assert.Equal(t, missing, f.Missing, "facet %s missing", f.Column)
		assert.Equal(t, res.Total, sum+f.Missing, "facet %s adds up", f.Column)
	}
	// Facets count over the rows matching every filter, the facet's own included.
	require.Equal(t, "type", res.Facets[1].Column)
	assert.Len(t, res.Facets[1].Values, 2)
	for _, fv := range res.Facets[1].Values {
		assert.True(t, fv.Selected)
	}
}

func TestPaging(t *testing.T) {
	s := synthetic(t, 237)
	base := "sort=-value_usd&mw_gte=10&size=20"
	all := dealIDs(s.MatchDeals(mustParse(t, dataset.KindDeals, base)))
	require.Greater(t, len(all), 100)

	// Following next tokens visits every row once, in order.
	var got []string
	raw := base
	for pages := 0; ; pages++ {
		require.Less(t, pages, 100)
		res := s.QueryDeals(mustParse(t, dataset.KindDeals, raw))
		assert.Equal(t, len(all), res.Total)
		assert.LessOrEqual(t, len(res.Rows), 20)
		got = append(got, dealIDs(res.Rows)...)
		if res.Next == "" {
			break
		}
		raw = base + "&next=" + url.QueryEscape(res.Next)
	}
	assert.Equal(t, all, got)

	// page=N gives the same pages.
	got = nil
	for p := 1; ; p++ {
		res := s.QueryDeals(mustParse(t, dataset.KindDeals, fmt.Sprintf("%s&page=%d", base, p)))
		got = append(got, dealIDs(res.Rows)...)
		if res.Next == "" {
			break
		}
		// The next token of page p opens page p+1.
		nq := mustParse(t, dataset.KindDeals, base+"&next="+url.QueryEscape(res.Next))
		assert.Equal(t, p+1, nq.Page)
	}
	assert.Equal(t, all, got)

	// Past the end: no rows, the total still given.
	res := s.QueryDeals(mustParse(t, dataset.KindDeals, base+"&page=1000"))
	assert.Empty(t, res.Rows)
	assert.NotNil(t, res.Rows)
	assert.Equal(t, len(all), res.Total)
	assert.Empty(t, res.Next)

	// Default size.
	res = s.QueryDeals(nil)
	assert.Len(t, res.Rows, dataset.DefaultSize)
	assert.Equal(t, 237, res.Total)
	assert.NotEmpty(t, res.Next)
	res = s.QueryDeals(mustParse(t, dataset.KindDeals, "size=max"))
	assert.Len(t, res.Rows, 237)
	assert.Empty(t, res.Next)
}

func TestResultsDoNotAliasSnapshot(t *testing.T) {
	s := fixture(t)
	res := s.QueryDeals(mustParse(t, dataset.KindDeals, "miner=iren"))
	require.Len(t, res.Rows, 1)
	*res.Rows[0].MW = 1
	*res.Rows[0].USDPerMWYear = 1
	res.Rows[0].Sources[0].URL = "changed"
	res.Rows[0].Title = "changed"
	d, err := s.Deal("iren-microsoft-2025-11")
	require.NoError(t, err)
	assert.Equal(t, 200.0, *d.MW)
	assert.InDelta(t, 9.7e6, *d.USDPerMWYear, 1)
	assert.NotEqual(t, "changed", d.Sources[0].URL)
	assert.NotEqual(t, "changed", d.Title)
	assert.Equal(t, 200.0, *s.Data.Deals[0].MW)

	mres := s.QueryMiners(nil)
	for i := range mres.Rows {
		mres.Rows[i].Tenants = append(mres.Rows[i].Tenants[:0], "changed")
		if h := mres.Rows[i].Hashrate; h != nil {
			*h.EHs = 0
		}
		for j := range mres.Rows[i].Capacity {
			*mres.Rows[i].Capacity[j].EnergizedMW = 0
		}
	}
	m, _ := s.Miner("iren")
	assert.Equal(t, []string{"Microsoft"}, m.Tenants)
	assert.Equal(t, 50.0, *m.Hashrate.EHs)
	assert.Equal(t, 2150.0, *m.Capacity[0].EnergizedMW)

	sres := s.QuerySites(nil)
	*sres.Rows[0].Lat = 0
	st, _ := s.Site(sres.Rows[0].ID)
	assert.NotZero(t, *st.Lat)

	rows := s.MatchDeals(nil)
	*rows[0].ValueUSD = 0
	assert.NotZero(t, *s.Deals[0].ValueUSD)
}

func TestQueryOtherKindDoesNotPanic(t *testing.T) {
	s := fixture(t)
	q := mustParse(t, dataset.KindMiners, "status=pivoting&sort=-total_mw&facet=tenants&tenants=Microsoft")
	res := s.QueryDeals(q)
	// status=pivoting is not a deal status: it matches nothing, it is not dropped.
	assert.Equal(t, 0, res.Total)
	assert.NotPanics(t, func() { s.QuerySites(q) })
	assert.NotPanics(t, func() { s.QueryMiners(&dataset.Query{}) })
	// A hand-built invalid filter matches nothing rather than everything.
	bad := &dataset.Query{Kind: dataset.KindDeals, Filters: []dataset.Filter{{Column: "mw", Op: dataset.OpGte, Values: []string{"x"}}}}
	assert.Equal(t, 0, s.QueryDeals(bad).Total)
	bad.Filters[0] = dataset.Filter{Column: "nope", Op: dataset.OpEq, Values: []string{"x"}}
	assert.Equal(t, 0, s.QueryDeals(bad).Total)
}

func TestSearchUnicode(t *testing.T) {
	s := fixture(t)
	// The title holds an en dash; a non-ASCII term folds case too.
	res := s.QueryDeals(mustParse(t, dataset.KindDeals, "q="+url.QueryEscape("IREN–MICROSOFT")))
	assert.Equal(t, []string{"iren-microsoft-2025-11"}, dealIDs(res.Rows))
}

func TestDateKeyAgreesWithDateValid(t *testing.T) {
	// The engine's fast date check must accept exactly what Date.Valid does.
	for y := 1899; y <= 2101; y++ {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				s := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
				_, err := dataset.ParseQuery(dataset.KindDeals, url.Values{"announced": {s}})
				assert.Equal(t, dataset.Date(s).Valid(), err == nil, s)
			}
		}
	}
}
