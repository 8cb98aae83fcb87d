package dataset

import (
	"slices"
	"strings"
)

type matcher struct {
	col   Column
	op    string
	strs  []string  // OpEq on string, list and date columns
	nums  []float64 // OpEq on number columns
	bools [2]bool   // OpEq on bool columns: false, true accepted
	bound float64   // ranges; dates as yyyymmdd keys
	never bool      // the filter does not validate
}

func compileFilters(kind string, fs []Filter) []matcher {
	out := make([]matcher, 0, len(fs))
	for _, f := range fs {
		m := matcher{op: f.Op}
		c, ok := resolveColumn(kind, f.Column)
		m.col = c
		switch {
		case !ok || len(f.Values) == 0:
			m.never = true
		case f.Op == OpEq:
			for _, s := range f.Values {
				canon, err := canonicalValue(c, OpEq, f.Param(), s)
				if err != nil {
					m.never = true
					break
				}
				switch c.Kind {
				case ColumnNumber:
					v, _ := parseNumber(canon)
					m.nums = append(m.nums, v)
				case ColumnBool:
					if canon == "true" {
						m.bools[1] = true
					} else {
						m.bools[0] = true
					}
				default:
					m.strs = append(m.strs, canon)
				}
			}
		case slices.Contains(rangeOps, f.Op) && len(f.Values) == 1 && (c.Kind == ColumnNumber || c.Kind == ColumnDate):
			s := f.Values[0]
			if c.Kind == ColumnNumber {
				v, ok := parseNumber(s)
				m.bound, m.never = v, !ok
				break
			}
			// A date bound covers its whole period: compare row dates
			// (first day of their period) with its first day or the day after it.
			var k int
			switch f.Op {
			case OpGte, OpLt:
				k, ok = dateKey(s)
			case OpGt:
				k, ok = dateEndKey(s)
				m.op = OpGte
			case OpLte:
				k, ok = dateEndKey(s)
				m.op = OpLt
			}
			m.bound, m.never = float64(k), !ok
		default:
			m.never = true
		}
		out = append(out, m)
	}
	return out
}

func (m *matcher) match(row any) bool {
	if m.never {
		return false
	}
	x := m.col.get(row)
	if !x.ok {
		return false
	}
	switch m.op {
	case OpEq:
		switch m.col.Kind {
		case ColumnNumber:
			return slices.Contains(m.nums, x.n)
		case ColumnBool:
			return m.bools[b2i(x.b)]
		case ColumnDate:
			for _, s := range m.strs {
				if strings.HasPrefix(x.s, s) {
					return true
				}
			}
			return false
		case ColumnList:
			for _, e := range x.list {
				for _, s := range m.strs {
					if strings.EqualFold(e, s) {
						return true
					}
				}
			}
			return false
		}
		for _, s := range m.strs {
			if strings.EqualFold(x.s, s) {
				return true
			}
		}
		return false
	case OpGte:
		return x.n >= m.bound
	case OpGt:
		return x.n > m.bound
	case OpLte:
		return x.n <= m.bound
	case OpLt:
		return x.n < m.bound
	}
	return false
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// term is one lowercased search term or phrase.
