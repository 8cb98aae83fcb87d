package dataset

import (
	"reflect"
	"sync"
)

// Copies of rows, so that a caller changing a result cannot change the
// snapshot. The copy is deep: every pointer, slice and map reachable from a
// row gets its own copy. A record type needs no clone code of its own: the
// first copy of a type works out by reflection where its references are,
// and later copies visit only those. A test fills every field of every row
// type and checks that the copy shares nothing with the original; a
// benchmark compares the cost with hand-written copies.

// deepCopy returns a deep copy of *r.
func deepCopy[R any](r *R) R {
	out := []R{*r}
	if c := copierFor(reflect.TypeFor[R]()); c != nil {
		c(reflect.ValueOf(&out[0]).Elem())
	}
	return out[0]
}

// copyRows returns deep copies of rows[i] for each i in idx, in that order.
func copyRows[R any](rows []R, idx []int32) []R {
	out := make([]R, len(idx))
	c := copierFor(reflect.TypeFor[R]())
	for j, i := range idx {
		out[j] = rows[i]
		if c != nil {
			c(reflect.ValueOf(&out[j]).Elem())
		}
	}
	return out
}

// copier replaces the references held by the addressable value v with copies.
type copier func(v reflect.Value)

var ptrFloat = reflect.TypeFor[*float64]()

var copiers sync.Map // reflect.Type -> copier (nil for a type without references)

// copierFor returns the copier of t, or nil when a shallow copy of t is deep.
func copierFor(t reflect.Type) copier {
	if c, ok := copiers.Load(t); ok {
		return c.(copier)
	}
	c := buildCopier(t, map[reflect.Type]*copier{})
	copiers.Store(t, c)
	return c
}

// buildCopier builds the copier of t; building maps the types under way, so
// that a recursive type refers to its own copier.
func buildCopier(t reflect.Type, building map[reflect.Type]*copier) copier {
	if p, ok := building[t]; ok {
		return func(v reflect.Value) { (*p)(v) }
	}
	var c copier
	building[t] = &c
	defer delete(building, t)
	switch t.Kind() {
	case reflect.Pointer:
		if t == ptrFloat {
			// The figures: the commonest reference, copied without reflect.New.
			c = func(v reflect.Value) {
				if !v.IsNil() {
					x := *(v.Interface().(*float64))
					v.Set(reflect.ValueOf(&x))
				}
			}
			break
		}
		elem := buildCopier(t.Elem(), building)
		c = func(v reflect.Value) {
			if v.IsNil() {
				return
			}
			n := reflect.New(t.Elem())
			n.Elem().Set(v.Elem())
			if elem != nil {
				elem(n.Elem())
			}
			v.Set(n)
		}
	case reflect.Slice:
		elem := buildCopier(t.Elem(), building)
		c = func(v reflect.Value) {
			if v.IsNil() {
				return
			}
			n := reflect.MakeSlice(t, v.Len(), v.Len())
			reflect.Copy(n, v)
			if elem != nil {
				for i := range n.Len() {
					elem(n.Index(i))
				}
			}
			v.Set(n)
		}
	case reflect.Map:
		elem := buildCopier(t.Elem(), building)
		c = func(v reflect.Value) {
			if v.IsNil() {
				return
			}
			n := reflect.MakeMapWithSize(t, v.Len())
			it := v.MapRange()
			for it.Next() {
				x := it.Value()
				if elem != nil {
					tmp := reflect.New(t.Elem()).Elem()
					tmp.Set(x)
					elem(tmp)
					x = tmp
				}
				n.SetMapIndex(it.Key(), x)
			}
			v.Set(n)
		}
	case reflect.Struct:
		type field struct {
			i int
			c copier
		}
		var fields []field
		for i := range t.NumField() {
			if fc := buildCopier(t.Field(i).Type, building); fc != nil {
				fields = append(fields, field{i, fc})
			}
		}
		if len(fields) == 0 {
			return nil
		}
		c = func(v reflect.Value) {
			for _, f := range fields {
				f.c(v.Field(f.i))
			}
		}
	case reflect.Array:
		elem := buildCopier(t.Elem(), building)
		if elem == nil {
			return nil
		}
		c = func(v reflect.Value) {
			for i := range v.Len() {
				elem(v.Index(i))
			}
		}
	case reflect.Interface, reflect.Func, reflect.Chan:
		// Row types hold none of these; the clone test fails if one appears.
		panic("dataset: cannot deep-copy a field of type " + t.String())
	default:
		return nil
	}
	return c
}

// clonePtr returns a pointer to a copy of *p, nil for nil.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
