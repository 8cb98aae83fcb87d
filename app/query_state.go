package app

import (
	"net/url"
	"slices"
	"sort"
	"strings"

	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// viewState is the query state of a list view, held in its URL: filters,
// search, sort, columns and page. Every change produces a new URL, so a
// copied URL opens the same view.
type viewState struct {
	path string     // "/deals"
	v    url.Values // the canonical query
}

// link returns the href of the view with values v.
func (s viewState) link(v url.Values) string {
	if len(v) == 0 {
		return ui.Href(s.path)
	}
	return ui.Href(s.path) + "?" + v.Encode()
}

func (s viewState) clone() url.Values {
	out := url.Values{}
	for k, vs := range s.v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// withoutPaging drops page/next: any change of filter or order restarts at page 1.
func withoutPaging(v url.Values) url.Values {
	v.Del("page")
	v.Del("next")
	return v
}

// toggle adds or removes one value of an equality filter.
func (s viewState) toggle(param, value string) string {
	v := withoutPaging(s.clone())
	vals := splitComma(v.Get(param))
	if i := slices.Index(vals, value); i >= 0 {
		vals = slices.Delete(vals, i, i+1)
	} else {
		vals = append(vals, value)
	}
	if len(vals) == 0 {
		v.Del(param)
	} else {
		v.Set(param, strings.Join(vals, ","))
	}
	return s.link(v)
}

// set returns the link with param set to value ("" removes it).
func (s viewState) set(param, value string) string {
	v := s.clone()
	if param != "page" {
		v = withoutPaging(v)
	}
	if value == "" {
		v.Del(param)
	} else {
		v.Set(param, value)
	}
	return s.link(v)
}

// sortLink returns the link that sorts by col: descending first for numbers
// and dates, then ascending, then back to the default order.
func (s viewState) sortLink(c dataset.Column, current []dataset.SortKey) string {
	next := "-" + c.Name
	if c.Kind == dataset.ColumnString {
		next = c.Name
	}
	if len(current) > 0 && current[0].Column == c.Name {
		switch {
		case current[0].Desc && c.Kind != dataset.ColumnString:
			next = c.Name
		case !current[0].Desc && c.Kind == dataset.ColumnString:
			next = "-" + c.Name
		default:
			next = ""
		}
	}
	return s.set("sort", next)
}

// colsLinks returns, for a kind's column chooser, the link that toggles
// each column: the registry's order and defaults are read once, not once
// per column (the chooser lists every column).
func (s viewState) colsLinks(all, shown []dataset.Column) func(col string) string {
	order := make(map[string]int, len(all))
	for i, c := range all {
		order[c.Name] = i
	}
	var defaults []string
	for _, c := range all {
		if c.Default {
			defaults = append(defaults, c.Name)
		}
	}
	return func(col string) string {
		names := make([]string, len(shown))
		for i, c := range shown {
			names[i] = c.Name
		}
		if i := slices.Index(names, col); i >= 0 {
			names = slices.Delete(names, i, i+1)
		} else {
			// Keep the registry's display order.
			names = append(names, col)
			sort.SliceStable(names, func(i, j int) bool { return order[names[i]] < order[names[j]] })
		}
		if slices.Equal(names, defaults) || len(names) == 0 {
			return s.set("cols", "")
		}
		return s.set("cols", strings.Join(names, ","))
	}
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseView parses the URL query of a list view. A bad or unknown
// parameter does not break the page: the view leaves it out, keeps the
// others, and shows why (viewError).
func parseView(kind string, raw url.Values, facets []string) (*dataset.Query, viewState, error) {
	q, err := dataset.ParseQuery(kind, raw)
	if err != nil {
		// Leave out only the parameters that are wrong, one at a time, and
		// keep the others; the page says what was left out.
		rest := url.Values{}
		for k, vs := range raw {
			rest[k] = vs
		}
		var e2 error = err
		for i := 0; i < 8 && e2 != nil; i++ {
			de, ok := e2.(*dataset.Error)
			if !ok || de.Param == "" || rest[de.Param] == nil {
				break
			}
			delete(rest, de.Param)
			q, e2 = dataset.ParseQuery(kind, rest)
		}
		if e2 != nil {
			q, _ = dataset.ParseQuery(kind, nil)
		}
	}
	st := viewState{v: q.Values()}
	q.Facets = facets
	return q, st, err
}
