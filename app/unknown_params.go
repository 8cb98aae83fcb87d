package app

import (
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// unknownParams lists the parameters of q that a page does not use, in
// order, so that the page can say so rather than ignore them silently.
// Every page uses as_of (see asOfBar).
func unknownParams(q url.Values, known ...string) []string {
	var out []string
	for k := range q {
		if k != paramAsOf && !slices.Contains(known, k) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// unknownParamsNote reports the parameters a page did not use, or renders
// nothing.
func unknownParamsNote(names []string) app.UI {
	if len(names) == 0 {
		return nil
	}
	what := "parameter"
	if len(names) > 1 {
		what += "s"
	}
	return app.Elem("p").ID("unknown-params").Class("banner banner-offline param-warning").Role("status").
		Text("This page does not use the " + what + " " + strings.Join(names, ", ") + " in its address; they were left out.")
}
