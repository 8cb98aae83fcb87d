package server

import (
	"bytes"
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"
)

// go-app v9.8.0 prerenders a page with its own writer (pkg/app/html.go):
//
//   - an element is "<" tag, then for each attribute " " name, and, unless
//     the value is "" or "true", "=" strconv.Quote(value), then ">";
//     children follow, separated by "\n" when there are several, then
//     "</" tag ">" (self-closing elements end at ">");
//   - a text node is html.EscapeString(text) (pkg/app/text.go);
//   - a raw node (app.Raw) is written as it is (pkg/app/raw.go);
//   - the document starts with "<!DOCTYPE html>\n" (pkg/app/http.go).
//
// strconv.Quote is Go quoting, not HTML escaping: a '"' in a value becomes
// `\"`, and a browser ends the attribute at that '"'. Any text that reaches
// an attribute (a search box's value, a record's name in an aria-label, a
// page description in <meta content>) could close it and add elements and
// attributes of its own.
//
// escapeGoAppHTML rewrites such a document so that every attribute value is
// HTML-escaped: it reads each double-quoted value as the Go string literal
// go-app wrote, and writes it back as html.EscapeString does, plus '\' as
// &#92;. Our raw markup (app/markup.go, the charts and the map) escapes its
// values the same way, so a raw value holds neither '"' nor '\', and reading
// it as a Go literal gives it back unchanged; its character references are
// decoded and encoded again. Text between tags is copied: go-app and the raw
// markup escape it, so it holds no '<'. The tokenizer accepts exactly the
// grammar above (plus comments, a doctype and raw-text elements) and fails on
// anything else, so a page it accepts has the elements and attributes go-app
// built, and no others. The output is a fixed point: escaping it again
// changes nothing.
//
// TestGoAppWriterIsAsAssumed pins this to go-app's source: it fails if an
// update changes how go-app writes attributes, text or raw nodes.
func escapeGoAppHTML(in []byte) ([]byte, error) {
	out := make([]byte, 0, len(in)+len(in)/16)
	i := 0
	for i < len(in) {
		lt := bytes.IndexByte(in[i:], '<')
		if lt < 0 {
			out = append(out, in[i:]...)
			break
		}
		out = append(out, in[i:i+lt]...)
		i += lt
		rest := in[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest[4:], []byte("-->"))
			if end < 0 {
				return nil, htmlError(in, i, "unterminated comment")
			}
			n := 4 + end + 3
			out = append(out, rest[:n]...)
			i += n
		case bytes.HasPrefix(rest, []byte("<!")):
			end := bytes.IndexByte(rest, '>')
			if end < 0 || !isDoctype(rest[:end+1]) {
				return nil, htmlError(in, i, "a markup declaration other than <!DOCTYPE html>")
			}
			out = append(out, rest[:end+1]...)
			i += end + 1
		case bytes.HasPrefix(rest, []byte("</")):
			n := tagNameLen(rest[2:])
			if n == 0 || len(rest) < 2+n+1 || rest[2+n] != '>' {
				return nil, htmlError(in, i, "a malformed end tag")
			}
			out = append(out, rest[:2+n+1]...)
			i += 2 + n + 1
		default:
			var tag string
			var err error
			out, i, tag, err = startTag(out, in, i)
			if err != nil {
				return nil, err
			}
			if end := rawTextEnd(tag); end != "" {
				// A raw-text element: its content is not markup. go-app and
				// our markup never write content into one, but keep what is
				// there up to its end tag.
				j := indexFold(in[i:], end)
				if j < 0 {
					return nil, htmlError(in, i, "<"+tag+"> without its end tag")
				}
				out = append(out, in[i:i+j]...)
				i += j
			}
		}
	}
	return out, nil
}

// startTag reads the start tag at in[i] ('<' and a letter), appends it with
// every attribute value HTML-escaped and returns the position after it and,
// for a raw-text element, its lower-case name.
func startTag(out, in []byte, i int) ([]byte, int, string, error) {
	start := i
	n := tagNameLen(in[i+1:])
	if n == 0 {
		return nil, 0, "", htmlError(in, i, "a '<' that starts no tag (text must escape it)")
	}
	out = append(out, in[i:i+1+n]...)
	tag := rawTextTag(in[i+1 : i+1+n])
	i += 1 + n
	for {
		if i >= len(in) {
			return nil, 0, "", htmlError(in, start, "unterminated start tag")
		}
		switch c := in[i]; {
		case c == '>':
			return append(out, '>'), i + 1, tag, nil
		case c == '/' && i+1 < len(in) && in[i+1] == '>':
			return append(out, '/', '>'), i + 2, tag, nil
		case isSpace(c):
			for i < len(in) && isSpace(in[i]) {
				i++
			}
			out = append(out, ' ')
		default:
			if !isSpace(out[len(out)-1]) {
				return nil, 0, "", htmlError(in, i, "an attribute not separated by a space")
			}
			m := attrNameLen(in[i:])
			if m == 0 {
				return nil, 0, "", htmlError(in, i, fmt.Sprintf("a character %q where an attribute name belongs", c))
			}
			out = append(out, in[i:i+m]...)
			i += m
			if i >= len(in) || in[i] != '=' {
				continue // a boolean attribute
			}
			i++
			if i >= len(in) || in[i] != '"' {
				return nil, 0, "", htmlError(in, i, "an attribute value that is not double-quoted")
			}
			v, n, ok := unquoteGo(in[i:])
			if !ok {
				return nil, 0, "", htmlError(in, i, "an attribute value that is not a Go string literal")
			}
			i += n
			out = append(out, '=', '"')
			if bytes.IndexByte(v, '&') >= 0 {
				v = []byte(unescapeEntities(string(v)))
			}
			out = appendEscapedAttr(out, v)
			out = append(out, '"')
			if i < len(in) && !isSpace(in[i]) && in[i] != '>' && in[i] != '/' {
				return nil, 0, "", htmlError(in, i, "an attribute value followed by neither a space nor the end of the tag")
			}
		}
	}
}

// appendEscapedAttr appends v escaped as html.EscapeString does (& < > " '),
// '\' as &#92; (so that the value reads the same as HTML and as a Go
// literal, which makes escapeGoAppHTML idempotent) and CR as &#13;; NUL and
// bytes that are not UTF-8 become U+FFFD, as a browser would read them.
func appendEscapedAttr(out []byte, v []byte) []byte {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(v[i:])
			if r == utf8.RuneError && size == 1 {
				out = append(out, "\uFFFD"...) // as the browser reads a byte that is not UTF-8
			} else {
				out = append(out, v[i:i+size]...)
			}
			i += size - 1
			continue
		}
		switch c := v[i]; c {
		case 0:
			out = append(out, "\uFFFD"...) // as the browser reads NUL in an attribute
		case '\r':
			out = append(out, "&#13;"...) // kept: the browser reads a raw CR as LF
		case '&':
			out = append(out, "&amp;"...)
		case '<':
			out = append(out, "&lt;"...)
		case '>':
			out = append(out, "&gt;"...)
		case '"':
			out = append(out, "&#34;"...)
		case '\'':
			out = append(out, "&#39;"...)
		case '\\':
			out = append(out, "&#92;"...)
		default:
			out = append(out, c)
		}
	}
	return out
}

// unescapeEntities decodes the character references of an attribute value
// as a browser does (html.UnescapeString), so that a value our markup has
// already escaped is not escaped twice. A value go-app wrote that contains
// a character reference as text ("&amp;") is read as the browser read it
// before: as the character.
func unescapeEntities(v string) string {
	if !strings.Contains(v, "&") {
		return v
	}
	return html.UnescapeString(v)
}

// unquoteGo reads the double-quoted string at the start of b as
// strconv.Unquote reads a Go literal, and returns it and its length in b.
// strconv.Quote writes every control character and invalid byte as an
// escape, so a byte it would have escaped comes from raw markup, which
// writes it as it is: such bytes are taken as they are.
func unquoteGo(b []byte) ([]byte, int, bool) {
	// Most values hold no escape: they are a slice of b.
	end := bytes.IndexAny(b[1:], `"\`) + 1
	if end > 0 && b[end] == '"' {
		return b[1:end], end + 1, true
	}
	var v []byte
	for i := 1; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '"':
			return v, i + 1, true
		case c != '\\':
			v = append(v, c)
			continue
		}
		i++
		if i >= len(b) {
			return nil, 0, false
		}
		switch e := b[i]; e {
		case '\\', '"', '\'':
			v = append(v, e)
		case 'a', 'b', 'f', 'n', 'r', 't', 'v':
			v = append(v, "\a\b\f\n\r\t\v"[strings.IndexByte("abfnrtv", e)])
		case 'x', 'u', 'U', '0', '1', '2', '3':
			n := 2 // \xhh, or octal \ooo whose first digit is e
			switch e {
			case 'u':
				n = 4
			case 'U':
				n = 8
			}
			if i+n >= len(b) {
				return nil, 0, false
			}
			r, _, _, err := strconv.UnquoteChar(string(b[i-1:i+1+n]), '"')
			if err != nil {
				return nil, 0, false
			}
			if e == 'x' || (e >= '0' && e <= '3') {
				v = append(v, byte(r)) // a byte, not a code point
			} else {
				v = utf8.AppendRune(v, r)
			}
			i += n
		default:
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// rawTextTags are the raw-text and escapable raw-text elements: their
// content is not markup.
var rawTextTags = []string{"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}

// rawTextTag returns the lower-case name of a raw-text element, or "".
func rawTextTag(name []byte) string {
	for _, t := range rawTextTags {
		if len(name) == len(t) && bytes.EqualFold(name, []byte(t)) {
			return t
		}
	}
	return ""
}

// rawTextEnd returns the end tag that closes the raw-text element tag, or "".
func rawTextEnd(tag string) string {
	if tag == "" {
		return ""
	}
	return "</" + tag
}

func isDoctype(b []byte) bool {
	return bytes.EqualFold(b, []byte("<!DOCTYPE html>"))
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'
}

// tagNameLen is the length of the tag name at the start of b: a letter,
// then letters, digits, '-' or ':' (custom elements, SVG's namespaced names).
func tagNameLen(b []byte) int {
	if len(b) == 0 || !isLetter(b[0]) {
		return 0
	}
	n := 1
	for n < len(b) && (isLetter(b[n]) || isDigit(b[n]) || b[n] == '-' || b[n] == ':') {
		n++
	}
	return n
}

// attrNameLen is the length of the attribute name at the start of b:
// letters, digits, '-', '_', ':' and '.', starting with a letter, '_' or ':'.
func attrNameLen(b []byte) int {
	if len(b) == 0 || !(isLetter(b[0]) || b[0] == '_' || b[0] == ':') {
		return 0
	}
	n := 1
	for n < len(b) && (isLetter(b[n]) || isDigit(b[n]) || b[n] == '-' || b[n] == '_' || b[n] == ':' || b[n] == '.') {
		n++
	}
	return n
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// indexFold is bytes.Index, ignoring ASCII case; s starts with '<'.
func indexFold(b []byte, s string) int {
	want := []byte(s)
	for i := 0; i+len(want) <= len(b); {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 || i+j+len(want) > len(b) {
			return -1
		}
		if bytes.EqualFold(b[i+j:i+j+len(want)], want) {
			return i + j
		}
		i += j + 1
	}
	return -1
}

// htmlError describes where a document left the grammar go-app writes.
func htmlError(in []byte, i int, what string) error {
	lo, hi := max(0, i-40), min(len(in), i+40)
	return fmt.Errorf("prerendered HTML at byte %d: %s: %q", i, what, in[lo:hi])
}
