package dataset

import (
	"cmp"
	"slices"
	"strings"
)

// sortCol is one sort key read from its column's vector.
type sortCol struct {
	v    *vector
	desc bool
	num  bool // compare numbers (numbers, dates, bools), else text ranks
}

// sortRows orders the rows idx by keys (the kind's default order when
// empty), values not disclosed last in either direction, then by id, and
// returns them. Only the first k need be in order (a page and the pages
// before it): for a small k it selects them into a new slice and leaves idx
// as it was; otherwise it sorts idx in place.
func (rs *rowSet) sortRows(keys []SortKey, idx []int32, k int) []int32 {
	t := rs.t
	if len(keys) == 0 {
		keys = t.sort
	}
	var cols []sortCol
	for _, key := range keys {
		c, ok := lookupColumn(t.kind, key.Column)
		if !ok {
			continue
		}
		cols = append(cols, sortCol{v: rs.vector(c), desc: key.Desc,
			num: c.Kind == ColumnNumber || c.Kind == ColumnDate || c.Kind == ColumnBool})
	}
	pos := rs.idOrder()
	order := func(a, b int32) int {
		for i := range cols {
			sc := &cols[i]
			oa, ob := sc.v.ok[a], sc.v.ok[b]
			switch {
			case oa != ob:
				if oa {
					return -1
				}
				return 1
			case !oa:
				continue
			}
			var c int
			if sc.num {
				c = compareFloat(sc.v.num[a], sc.v.num[b])
			} else {
				c = cmp.Compare(sc.v.rank[sc.v.code[a]], sc.v.rank[sc.v.code[b]])
			}
			if sc.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return cmp.Compare(pos[a], pos[b])
	}
	if k >= len(idx) || k*8 > len(idx) {
		slices.SortFunc(idx, order)
		return idx
	}
	return topK(idx, k, order)
}

// topK returns the first k of idx in the order of cmp, in order: it keeps
// the best k seen so far in a heap whose root is the worst of them.
func topK(idx []int32, k int, cmp func(a, b int32) int) []int32 {
	if k <= 0 {
		return nil
	}
	h := make([]int32, 0, k)
	down := func(i int) {
		for {
			l, r, worst := 2*i+1, 2*i+2, i
			if l < len(h) && cmp(h[l], h[worst]) > 0 {
				worst = l
			}
			if r < len(h) && cmp(h[r], h[worst]) > 0 {
				worst = r
			}
			if worst == i {
				return
			}
			h[i], h[worst] = h[worst], h[i]
			i = worst
		}
	}
	for _, x := range idx {
		if len(h) < k {
			h = append(h, x)
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if cmp(h[i], h[p]) <= 0 {
					break
				}
				h[i], h[p] = h[p], h[i]
				i = p
			}
			continue
		}
		if cmp(x, h[0]) < 0 {
			h[0] = x
			down(0)
		}
	}
	slices.SortFunc(h, cmp)
	return h
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareFold orders strings ignoring ASCII case, then exactly.
func compareFold(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		ca, cb := lowerASCII(a[i]), lowerASCII(b[i])
		if ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return strings.Compare(a, b)
}

// facetKey identifies a facet value without formatting it per row.
