// Package ui holds the few helpers that the app and its page packages
// (economics, embed) share: links under the base path the explorer is served
// under, a query appended to a path, and the number formatting the pages add
// to dataset's. It imports no other package of the app, so every one of them
// can import it.
package ui

import (
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// Href prefixes an absolute app path with the base path the app is served
// under (go-app's root prefix), so links stay inside a mounted explorer.
func Href(path string) string {
	return RootPrefix() + path
}

// RootPrefix is go-app's root prefix. In the browser it is read once: each
// app.Getenv there is a call into JavaScript, and a results page builds
// hundreds of links. The server reads it each time (tests serve under
// several base paths from one process).
func RootPrefix() string {
	if app.IsClient {
		return clientRootPrefix()
	}
	return app.Getenv("GOAPP_ROOT_PREFIX")
}

var clientRootPrefix = sync.OnceValue(func() string { return app.Getenv("GOAPP_ROOT_PREFIX") })

// Origin is the explorer's origin in the browser (scheme, host and port),
// "" on the server.
func Origin() string {
	if !app.IsClient {
		return ""
	}
	return app.Window().Get("location").Get("origin").String()
}

// WithQuery appends a query to an app path.
func WithQuery(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// Trim formats v with at most prec decimals and no trailing zeros.
func Trim(v float64, prec int) string {
	s := fmt.Sprintf("%.*f", prec, v)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// Years formats a term: "1 year", "2.5 years", or dataset.NotDisclosed for nil.
func Years(v *float64) string {
	if v == nil {
		return dataset.NotDisclosed
	}
	if *v == 1 {
		return "1 year"
	}
	return Trim(*v, 1) + " years"
}

// DateSuffix is ", date" to follow a publisher's name, or " (undated)".
func DateSuffix(d string) string {
	if d == "" {
		return " (undated)"
	}
	return ", " + d
}
