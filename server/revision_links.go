package server

import (
	"bytes"
	"strconv"
)

// revisionLinks rewrites the in-app links of a page prerendered for
// revision n (go-app wrote them for the latest data) so that they stay
// under base/v/n: every href, action and src of the body that is a path of
// the explorer, except the static files (/web/) and a link marked
// data-latest-link (the banner's "see the latest"), and the head's
// link-preview images, which are API URLs. page is what escapeGoAppHTML
// wrote: every attribute value is double-quoted and holds no '"' or '>'.
func revisionLinks(page []byte, base string, n int) []byte {
	body := bytes.Index(page, []byte("<body"))
	if body < 0 {
		return page
	}
	prefix := []byte(base + "/v/" + strconv.Itoa(n))
	// The head's link previews (og:image, twitter:image) are images of
	// the revision's charts.
	head := bytes.ReplaceAll(page[:body], []byte(`content="`+base+`/api/v1/`), append(append([]byte(`content="`), prefix...), "/api/v1/"...))
	return rewriteStartTags(head, page[body:], func(out, tag []byte) []byte {
		return appendRevisionTag(out, tag, base, prefix)
	})
}

// rewriteStartTags appends body to head, each start tag of body through
// rewrite (text, end tags and the raw text of script and style elements
// as they are). body is what escapeGoAppHTML wrote.
func rewriteStartTags(head, body []byte, rewrite func(out, tag []byte) []byte) []byte {
	out := make([]byte, 0, len(head)+len(body)+len(body)/32)
	out = append(out, head...)
	page := body
	i := 0
	for i < len(page) {
		lt := bytes.IndexByte(page[i:], '<')
		if lt < 0 {
			out = append(out, page[i:]...)
			break
		}
		out = append(out, page[i:i+lt]...)
		i += lt
		gt := bytes.IndexByte(page[i:], '>')
		if gt < 0 || i+1 >= len(page) || !isLetter(page[i+1]) {
			if gt < 0 {
				out = append(out, page[i:]...)
				break
			}
			out = append(out, page[i:i+gt+1]...)
			i += gt + 1
			continue
		}
		tag := page[i : i+gt+1]
		out = rewrite(out, tag)
		i += gt + 1
		if end := rawTextEnd(rawTextTag(tag[1:min(len(tag), 1+tagNameLen(tag[1:]))])); end != "" {
			j := indexFold(page[i:], end)
			if j < 0 {
				out = append(out, page[i:]...)
				break
			}
			out = append(out, page[i:i+j]...)
			i += j
		}
	}
	return out
}

// appendRevisionTag appends one start tag with its link attributes moved
// under prefix.
func appendRevisionTag(out, tag []byte, base string, prefix []byte) []byte {
	if bytes.Contains(tag, []byte(" data-latest")) {
		return append(out, tag...)
	}
	for len(tag) > 0 {
		at, name := nextLinkAttr(tag)
		if at < 0 {
			break
		}
		start := at + len(name)
		out = append(out, tag[:start]...)
		tag = tag[start:]
		if rest, ok := bytes.CutPrefix(tag, []byte(base+"/")); ok && inApp(rest) {
			out = append(out, prefix...)
			tag = tag[len(base):]
		}
	}
	return append(out, tag...)
}

// nextLinkAttr finds the next ` href="`, ` action="` or ` src="` in tag.
func nextLinkAttr(tag []byte) (int, string) {
	best, name := -1, ""
	for _, a := range []string{` href="`, ` action="`, ` src="`} {
		if j := bytes.Index(tag, []byte(a)); j >= 0 && (best < 0 || j < best) {
			best, name = j, a
		}
	}
	return best, name
}

// inApp reports whether a path below the base path (without its leading
// '/') is a page or API path of the explorer, not a static file, go-app's
// own resources, a revision already or a protocol-relative URL.
func inApp(rest []byte) bool {
	for _, p := range []string{"/", "web/", "v/", "app.js", "app-worker.js", "wasm_exec.js", "manifest.webmanifest", "app.css"} {
		if bytes.HasPrefix(rest, []byte(p)) {
			return false
		}
	}
	return true
}
