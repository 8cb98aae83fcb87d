package server

import (
	"bytes"
	"net/http"

	"powerbrokers/dataset"
)

// pageAsOf is the valid as_of date of a page request, "" when there is none
// (an invalid one is reported by the page itself).
func pageAsOf(r *http.Request) dataset.Date {
	vals := r.URL.Query()["as_of"]
	if len(vals) != 1 {
		return ""
	}
	at, err := dataset.ParseAsOf(vals[0])
	if err != nil {
		return ""
	}
	return at
}

// asOfLinks dates the links of a page prerendered at a past date, as the
// browser's keepAsOfOnLinks does once the app runs: every <a href> of the
// body that is a page of the explorer under base gets as_of=at, except
// downloads, a link marked data-no-as-of (back to today's data) and a link
// that names a date of its own. page is what escapeGoAppHTML wrote: every
// attribute value is double-quoted and holds no '"' or '>', and '&' is
// written &amp;.
func asOfLinks(page []byte, base string, at dataset.Date) []byte {
	body := bytes.Index(page, []byte("<body"))
	if body < 0 || at == "" {
		return page
	}
	return rewriteStartTags(page[:body], page[body:], func(out, tag []byte) []byte {
		if !bytes.HasPrefix(tag, []byte("<a ")) || bytes.Contains(tag, []byte(" download")) || bytes.Contains(tag, []byte(" data-no-as-of")) {
			return append(out, tag...)
		}
		j := bytes.Index(tag, []byte(` href="`))
		if j < 0 {
			return append(out, tag...)
		}
		start := j + len(` href="`)
		end := bytes.IndexByte(tag[start:], '"')
		if end < 0 {
			return append(out, tag...)
		}
		v := tag[start : start+end]
		rest, ok := bytes.CutPrefix(v, []byte(base+"/"))
		if !ok || !inApp(rest) || bytes.HasPrefix(rest, []byte("api/")) || bytes.HasSuffix(bytes.SplitN(rest, []byte("?"), 2)[0], []byte(".atom")) || bytes.Contains(v, []byte("as_of=")) {
			return append(out, tag...)
		}
		link, frag, _ := bytes.Cut(v, []byte("#"))
		out = append(out, tag[:start]...)
		out = append(out, link...)
		if bytes.IndexByte(link, '?') >= 0 {
			out = append(out, "&amp;"...)
		} else {
			out = append(out, '?')
		}
		out = append(out, "as_of="+string(at)...)
		if len(frag) > 0 || bytes.IndexByte(v, '#') >= 0 {
			out = append(out, '#')
			out = append(out, frag...)
		}
		return append(out, tag[start+end:]...)
	})
}
