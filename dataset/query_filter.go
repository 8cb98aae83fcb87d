package dataset

import (
	"slices"
	"strings"
)

// filter narrows a list of row indexes, in place, to the rows that meet one
// condition of a query.
type filter func(idx []int32) []int32

// compileFilters turns a query's filters into filters over the column
// vectors of the set. A filter that does not validate keeps no row; a row
// whose value is not disclosed never meets a condition on it.
func (rs *rowSet) compileFilters(fs []Filter) []filter {
	out := make([]filter, 0, len(fs))
	for _, f := range fs {
		out = append(out, rs.compileFilter(f))
	}
	return out
}

func none(idx []int32) []int32 { return idx[:0] }

func (rs *rowSet) compileFilter(f Filter) filter {
	c, ok := resolveColumn(rs.t.kind, f.Column)
	if !ok || len(f.Values) == 0 {
		return none
	}
	if f.Op == OpEq {
		canon := make([]string, 0, len(f.Values))
		for _, v := range f.Values {
			cv, err := canonicalValue(c, OpEq, f.Param(), v)
			if err != nil {
				return none
			}
			canon = append(canon, cv)
		}
		return rs.equality(c, canon)
	}
	if !slices.Contains(rangeOps, f.Op) || len(f.Values) != 1 || (c.Kind != ColumnNumber && c.Kind != ColumnDate) {
		return none
	}
	op, v := f.Op, f.Values[0]
	var bound float64
	if c.Kind == ColumnNumber {
		if bound, ok = parseNumber(v); !ok {
			return none
		}
	} else {
		// A date bound covers its whole period: compare row dates (first
		// day of their period) with its first day or the day after it.
		var k int
		switch op {
		case OpGte, OpLt:
			k, ok = dateKey(v)
		case OpGt:
			k, ok = dateEndKey(v)
			op = OpGte
		case OpLte:
			k, ok = dateEndKey(v)
			op = OpLt
		}
		if !ok {
			return none
		}
		bound = float64(k)
	}
	return keepRange(rs.vector(c), op, bound)
}

// equality keeps the rows whose value is one of vals (canonical): any
// element of a list, a date inside the period a value names, text ignoring case.
func (rs *rowSet) equality(c Column, vals []string) filter {
	v := rs.vector(c)
	if c.Kind == ColumnList {
		accept := make([]bool, len(v.edict))
		for k := 1; k < len(v.edict); k++ {
			accept[k] = slices.ContainsFunc(vals, func(s string) bool { return strings.EqualFold(v.edict[k], s) })
		}
		return keepElements(v, accept)
	}
	if c.Kind == ColumnNumber {
		nums := make([]float64, len(vals))
		for i, s := range vals {
			nums[i], _ = parseNumber(s)
		}
		return keepNumbers(v, nums)
	}
	accept := make([]bool, len(v.dict))
	for k := 1; k < len(v.dict); k++ {
		switch c.Kind {
		case ColumnBool, ColumnString:
			accept[k] = slices.ContainsFunc(vals, func(s string) bool { return strings.EqualFold(v.dict[k], s) })
		case ColumnDate:
			accept[k] = slices.ContainsFunc(vals, func(s string) bool { return strings.HasPrefix(v.dict[k], s) })
		}
	}
	return keepCodes(v, accept)
}

// keepCodes keeps the rows whose code is accepted (code 0, not disclosed, never is).
func keepCodes(v *vector, accept []bool) filter {
	return func(idx []int32) []int32 {
		out, code := idx[:0], v.code
		for _, i := range idx {
			if accept[code[i]] {
				out = append(out, i)
			}
		}
		return out
	}
}

// keepNumbers keeps the disclosed rows whose number is one of nums.
func keepNumbers(v *vector, nums []float64) filter {
	return func(idx []int32) []int32 {
		out := idx[:0]
		for _, i := range idx {
			if v.ok[i] && slices.Contains(nums, v.num[i]) {
				out = append(out, i)
			}
		}
		return out
	}
}

// keepElements keeps the rows with an accepted element.
func keepElements(v *vector, accept []bool) filter {
	return func(idx []int32) []int32 {
		out := idx[:0]
		for _, i := range idx {
			for _, e := range v.elems[v.eoff[i]:v.eoff[i+1]] {
				if accept[e] {
					out = append(out, i)
					break
				}
			}
		}
		return out
	}
}

// keepRange keeps the disclosed rows whose number compares with bound as
// op says (a loop per operator: no call per row).
func keepRange(v *vector, op string, bound float64) filter {
	return func(idx []int32) []int32 {
		out, ok, num := idx[:0], v.ok, v.num
		switch op {
		case OpGte:
			for _, i := range idx {
				if ok[i] && num[i] >= bound {
					out = append(out, i)
				}
			}
		case OpGt:
			for _, i := range idx {
				if ok[i] && num[i] > bound {
					out = append(out, i)
				}
			}
		case OpLte:
			for _, i := range idx {
				if ok[i] && num[i] <= bound {
					out = append(out, i)
				}
			}
		case OpLt:
			for _, i := range idx {
				if ok[i] && num[i] < bound {
					out = append(out, i)
				}
			}
		}
		return out
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
