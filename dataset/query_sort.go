package dataset

import (
	"slices"
	"strings"
)

type sortKey struct {
	desc bool
	num  bool
	nums []float64
	strs []string
	ok   []bool
}

// sortRows orders idx (indexes into rows) by keys, undisclosed last, then by id.
func (s *Snapshot) sortRows(t *builtTable, keys []SortKey, idx []int) {
	kind := t.kind
	if len(keys) == 0 {
		keys = DefaultSort(kind)
	}
	n := len(idx)
	var sks []sortKey
	for _, k := range keys {
		c, ok := lookupColumn(kind, k.Column)
		if !ok {
			continue
		}
		sk := sortKey{desc: k.Desc, ok: make([]bool, n)}
		sk.num = c.Kind == ColumnNumber || c.Kind == ColumnDate || c.Kind == ColumnBool
		if sk.num {
			sk.nums = make([]float64, n)
		} else {
			sk.strs = make([]string, n)
		}
		for j, i := range idx {
			row := t.at(s, i)
			x := c.get(row)
			sk.ok[j] = x.ok
			switch {
			case !x.ok:
			case c.Kind == ColumnBool:
				sk.nums[j] = float64(b2i(x.b))
			case sk.num:
				sk.nums[j] = x.n
			case c.Kind == ColumnList:
				sk.strs[j] = strings.Join(x.list, ", ")
			case c.name != nil && c.name(row) != "":
				sk.strs[j] = c.name(row) // references sort by name
			default:
				sk.strs[j] = x.s
			}
		}
		sks = append(sks, sk)
	}
	ids := make([]string, n)
	for j, i := range idx {
		ids[j] = t.id(t.at(s, i))
	}
	perm := make([]int, n)
	for j := range perm {
		perm[j] = j
	}
	slices.SortFunc(perm, func(a, b int) int {
		for k := range sks {
			sk := &sks[k]
			oa, ob := sk.ok[a], sk.ok[b]
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
			if sk.num {
				c = compareFloat(sk.nums[a], sk.nums[b])
			} else {
				c = compareFold(sk.strs[a], sk.strs[b])
			}
			if sk.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return strings.Compare(ids[a], ids[b])
	})
	sorted := make([]int, n)
	for j, p := range perm {
		sorted[j] = idx[p]
	}
	copy(idx, sorted)
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
