package dataset

import (
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The query engine reads columns, not rows: the first query that filters,
// sorts or facets on a column reads it once from every row of the snapshot
// into a vector (numbers as float64, strings, dates and distinct numbers as
// dictionary codes with their sort ranks and facet labels), and every later
// query of the same snapshot runs tight loops over those slices. A snapshot
// never changes, so a vector never goes stale; it goes with its snapshot.

// vector is one column's values over every row of a kind.
type vector struct {
	col Column
	ok  []bool    // disclosed
	num []float64 // numbers; dates as yyyymmdd keys; bools as 0 or 1
	// code is each row's dictionary code; 0 is "not disclosed". For list
	// columns it is the code of the whole list as text (for sorting).
	code []uint32
	dict []string  // code → the value as text (dict[0] is "")
	dnum []float64 // code → the number, for number and bool columns
	// label is code → the facet label (a referenced record's name), "" for the value itself.
	label []string
	// rank is code → the position of the code's sort text in compareFold order.
	rank []uint32
	// List columns: row i's elements are elems[eoff[i]:eoff[i+1]], codes into
	// edict; elabel is code → the element's facet label (a referenced
	// record's name), nil when the list names no records.
	eoff   []uint32
	elems  []uint32
	edict  []string
	elabel []string
}

// lazyVector builds a vector on first use.
type lazyVector struct {
	once sync.Once
	v    *vector
}

// vector returns the vector of column c over the set, building it on first use.
func (rs *rowSet) vector(c Column) *vector {
	key := rs.key + "\x00" + c.Name
	lv, ok := rs.s.vectors.Load(key)
	if !ok {
		lv, _ = rs.s.vectors.LoadOrStore(key, &lazyVector{})
	}
	l := lv.(*lazyVector)
	l.once.Do(func() { l.v = buildVector(c, rs.n, rs.at) })
	return l.v
}

// buildVector reads column c from n rows.
func buildVector(c Column, n int, at func(int) any) *vector {
	v := &vector{col: c, ok: make([]bool, n), code: make([]uint32, n), dict: []string{""}, label: []string{""}}
	numeric := c.Kind == ColumnNumber || c.Kind == ColumnDate || c.Kind == ColumnBool
	if numeric {
		v.num = make([]float64, n)
	}
	if c.Kind == ColumnNumber || c.Kind == ColumnBool {
		v.dnum = []float64{0} // marks a numeric dictionary, even an empty one
	}
	codes := map[string]uint32{}
	ecodes := map[string]uint32{}
	// Numbers get dictionary codes only when they are faceted (equality
	// and ranges read the numbers themselves).
	var numCodes map[float64]uint32
	if c.Kind == ColumnBool || c.Facetable {
		numCodes = map[float64]uint32{}
	}
	if c.Kind == ColumnList {
		v.eoff = make([]uint32, n+1)
		v.edict = []string{""}
		if c.names != nil {
			v.elabel = []string{""}
		}
	}
	// intern returns the code of text s, adding it with the label of row
	// (the referenced record's name) the first time.
	intern := func(s string, row any) uint32 {
		k, ok := codes[s]
		if !ok {
			k = uint32(len(v.dict))
			codes[s] = k
			v.dict = append(v.dict, s)
			l := ""
			if c.name != nil && row != nil {
				l = c.name(row)
			}
			v.label = append(v.label, l)
		}
		return k
	}
	for i := range n {
		row := at(i)
		x := c.get(row)
		if c.Kind == ColumnList {
			v.eoff[i] = uint32(len(v.elems))
		}
		if !x.ok {
			continue
		}
		v.ok[i] = true
		switch c.Kind {
		case ColumnNumber, ColumnBool:
			f := x.n
			if c.Kind == ColumnBool {
				f = float64(b2i(x.b))
			}
			v.num[i] = f
			if numCodes == nil {
				continue
			}
			k, ok := numCodes[f]
			if !ok {
				k = uint32(len(v.dict))
				numCodes[f] = k
				text := formatNumber(f)
				if c.Kind == ColumnBool {
					text = strconv.FormatBool(x.b)
				}
				v.dict = append(v.dict, text)
				v.dnum = append(v.dnum, f)
				v.label = append(v.label, "")
			}
			v.code[i] = k
		case ColumnDate:
			v.num[i] = x.n
			v.code[i] = intern(x.s, nil)
		case ColumnList:
			var names []string
			if v.elabel != nil {
				names = c.Names(row)
			}
			for j, e := range x.list {
				k, ok := ecodes[e]
				if !ok {
					k = uint32(len(v.edict))
					ecodes[e] = k
					v.edict = append(v.edict, e)
					if v.elabel != nil {
						v.elabel = append(v.elabel, names[j])
					}
				}
				v.elems = append(v.elems, k)
			}
			v.code[i] = intern(strings.Join(x.list, ", "), nil)
		default:
			v.code[i] = intern(x.s, row)
		}
	}
	if c.Kind == ColumnList {
		v.eoff[n] = uint32(len(v.elems))
	}
	v.rank = ranks(v)
	return v
}

// ranks orders a vector's codes by their sort text: references by the
// record's name when it has one, other text by compareFold.
func ranks(v *vector) []uint32 {
	if v.dnum != nil {
		return nil // numbers sort by value
	}
	text := func(k uint32) string {
		if v.label[k] != "" {
			return v.label[k]
		}
		return v.dict[k]
	}
	order := make([]uint32, len(v.dict))
	for k := range order {
		order[k] = uint32(k)
	}
	slices.SortFunc(order, func(a, b uint32) int { return compareFold(text(a), text(b)) })
	rank := make([]uint32, len(v.dict))
	for r, k := range order {
		rank[k] = uint32(r)
	}
	return rank
}

// lazyOrder builds the id order of a kind on first use.
type lazyOrder struct {
	once sync.Once
	pos  []int32
}

// idOrder returns each row's position in the order of the ids
// (strings.Compare): the sort's last key, which makes every order total.
func (rs *rowSet) idOrder() []int32 {
	lv, ok := rs.s.vectors.Load(rs.key + "\x01order")
	if !ok {
		lv, _ = rs.s.vectors.LoadOrStore(rs.key+"\x01order", &lazyOrder{})
	}
	l := lv.(*lazyOrder)
	l.once.Do(func() {
		n := rs.n
		ids := make([]string, n)
		order := make([]int32, n)
		for i := range n {
			ids[i], order[i] = rs.t.id(rs.at(i)), int32(i)
		}
		slices.SortFunc(order, func(a, b int32) int { return strings.Compare(ids[a], ids[b]) })
		l.pos = make([]int32, n)
		for p, i := range order {
			l.pos[i] = int32(p)
		}
	})
	return l.pos
}
