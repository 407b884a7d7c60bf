package web

import (
	"html/template"
	"strconv"
	"strings"
)

// The hit rows of the search page are written by hand rather than by
// html/template: a page of 50 interviews lists up to 1,000 of them, and
// the template's reflective walk and escaper calls were a third of the
// page's CPU. hitRowsTemplate is the template they replace; the escapers
// below reproduce html/template's byte for byte in the contexts the rows
// use (TestHitRowsMatchTemplate renders both and compares them).

// hitRowsTemplate is the markup of an interview's hit rows as a template
// of html/template, the reference hitRowsHTML is tested against. $.ID is
// the interview's ID.
const hitRowsTemplate = `{{- range .Hits}}
<li id="{{.Anchor}}">{{with .In}}<span class="meta hit-in">in the {{.}}:</span> {{end}}<a class="kwic" lang="{{.Lang}}" dir="{{.Dir}}" href="{{.Href}}">{{.Before}}<mark>{{.Match}}</mark>{{.After}}</a>
{{- with .Value}}
<button type="submit" class="code-hit" formaction="/interviews/{{$.ID}}/passages" name="hit" value="{{.}}">Code this passage</button>
{{- end}}
{{- with .Aligned}}
<div class="aligned-turn"><span class="meta">{{.Label}}:</span> <bdi lang="{{.Lang}}" dir="{{.Dir}}">{{.Text}}</bdi></div>
{{- end}}</li>
{{- end}}`

// hitRowsHTML renders the hit rows of interview ih as hitRowsTemplate
// does.
func hitRowsHTML(ih *interviewHits) template.HTML {
	var b strings.Builder
	n := 0
	for _, h := range ih.Hits {
		n += 320 + len(h.Before) + len(h.Match) + len(h.After) + len(h.Href)
	}
	b.Grow(n)
	for i := range ih.Hits {
		h := &ih.Hits[i]
		b.WriteString("\n<li id=\"")
		writeHTMLEscaped(&b, h.Anchor)
		b.WriteString("\">")
		if h.In != "" {
			b.WriteString(`<span class="meta hit-in">in the `)
			writeHTMLEscaped(&b, h.In)
			b.WriteString(":</span> ")
		}
		b.WriteString(`<a class="kwic" lang="`)
		writeHTMLEscaped(&b, h.Lang)
		b.WriteString(`" dir="`)
		writeHTMLEscaped(&b, h.Dir)
		b.WriteString(`" href="`)
		writeURLAttr(&b, h.Href, true)
		b.WriteString(`">`)
		writeHTMLEscaped(&b, h.Before)
		b.WriteString("<mark>")
		writeHTMLEscaped(&b, h.Match)
		b.WriteString("</mark>")
		writeHTMLEscaped(&b, h.After)
		b.WriteString("</a>")
		if h.Value != "" {
			b.WriteString("\n<button type=\"submit\" class=\"code-hit\" formaction=\"/interviews/")
			writeURLAttr(&b, ih.ID, false)
			b.WriteString(`/passages" name="hit" value="`)
			writeHTMLEscaped(&b, h.Value)
			b.WriteString(`">Code this passage</button>`)
		}
		if a := h.Aligned; a != nil {
			b.WriteString("\n<div class=\"aligned-turn\"><span class=\"meta\">")
			writeHTMLEscaped(&b, a.Label)
			b.WriteString(`:</span> <bdi lang="`)
			writeHTMLEscaped(&b, a.Lang)
			b.WriteString(`" dir="`)
			writeHTMLEscaped(&b, a.Dir)
			b.WriteString(`">`)
			writeHTMLEscaped(&b, a.Text)
			b.WriteString("</bdi></div>")
		}
		b.WriteString("</li>")
	}
	return template.HTML(b.String()) //nolint:gosec // every value is escaped above, as html/template would
}

// htmlEscapes are html/template's replacements of text and of quoted
// attribute values (its htmlReplacementTable): the rest is written as it
// is.
var htmlEscapes = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// writeHTMLEscaped writes s escaped as html/template escapes a string in
// text or in a quoted attribute value. Every byte it replaces is ASCII,
// so the bytes of other runes (and invalid UTF-8) pass as they are, as
// in html/template.
func writeHTMLEscaped(b *strings.Builder, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if int(c) >= len(htmlEscapes) || htmlEscapes[c] == "" {
			continue
		}
		b.WriteString(s[written:i])
		b.WriteString(htmlEscapes[c])
		written = i + 1
	}
	b.WriteString(s[written:])
}

// writeURLAttr writes s as html/template writes a string in a quoted URL
// attribute (href, formaction): whole is true where s is the attribute's
// whole value, which is first filtered (a scheme other than http, https
// or mailto becomes "#ZgotmplZ"); then the URL is normalized
// (percent-encoding what a URL may not hold) and HTML-escaped.
func writeURLAttr(b *strings.Builder, s string, whole bool) {
	if whole {
		if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
			!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
			s = "#ZgotmplZ"
		}
	}
	const hex = "0123456789abcdef"
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("!#$*,/:;=?@[]-._~", c) >= 0:
			continue
		case c == '&' || c == '+':
			// kept by the normalizer, escaped as HTML
			b.WriteString(s[written:i])
			b.WriteString(htmlEscapes[c])
			written = i + 1
			continue
		case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			continue // a valid escape is kept
		}
		b.WriteString(s[written:i])
		b.Write([]byte{'%', hex[c>>4], hex[c&15]})
		written = i + 1
	}
	b.WriteString(s[written:])
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// The search page's code lists (the inside and outside filters, and the
// code "code this passage" applies) hold every code of the codebook, ~95
// each in the demo's: written by hand for the same reason as the hit
// rows (TestCodeOptionsMatchTemplate compares them with these templates).

// codeChoiceTemplate is the options of the inside (or, with Outside, the
// outside) filter as a template of html/template.
const codeChoiceTemplate = `{{- range .}}
<option value="{{.Path}}" class="depth-{{.Depth}}"{{if .Inside}} selected{{end}}>{{.Label}} ({{.Path}})</option>
{{- end}}`

// codeBarTemplate is the options of the code bar, $.Code the code chosen.
const codeBarTemplate = `{{- $code := .Code}}
{{- range .Codes}}{{if .Applicable}}
<option value="{{.ID}}"{{if eq .ID $code}} selected{{end}}>{{.Label}} ({{.Path}})</option>
{{- end}}{{end}}`

// codeChoiceOptions renders the options of the inside filter (outside:
// the outside filter) as codeChoiceTemplate does.
func codeChoiceOptions(choices []codeChoice, outside bool) template.HTML {
	var b strings.Builder
	b.Grow(len(choices) * 96)
	for _, c := range choices {
		writeCodeOption(&b, c.Path, ` class="depth-`+strconv.Itoa(c.Depth)+`"`, c.Inside && !outside || c.Outside && outside, c.Label, c.Path)
	}
	return template.HTML(b.String()) //nolint:gosec // every value is escaped above, as html/template would
}

// codeBarOptions renders the code bar's options as codeBarTemplate does:
// the applicable codes, chosen selected.
func codeBarOptions(codes []codeItem, chosen string) template.HTML {
	var b strings.Builder
	b.Grow(len(codes) * 96)
	for i := range codes {
		c := &codes[i]
		if !c.Applicable {
			continue
		}
		writeCodeOption(&b, c.ID, "", c.ID == chosen, c.Label, c.Path)
	}
	return template.HTML(b.String()) //nolint:gosec // every value is escaped above, as html/template would
}

// writeCodeOption writes one option of a code list: its value, the
// markup of its other attributes (attrs, already safe), selected, and
// "label (path)".
func writeCodeOption(b *strings.Builder, value, attrs string, selected bool, label, path string) {
	b.WriteString("\n<option value=\"")
	writeHTMLEscaped(b, value)
	b.WriteString("\"")
	b.WriteString(attrs)
	if selected {
		b.WriteString(" selected")
	}
	b.WriteString(">")
	writeHTMLEscaped(b, label)
	b.WriteString(" (")
	writeHTMLEscaped(b, path)
	b.WriteString(")</option>")
}

// InsideOptions are the inside filter's options (codeChoiceOptions).
func (v *searchView) InsideOptions() template.HTML { return codeChoiceOptions(v.Choices, false) }

// OutsideOptions are the outside filter's options.
func (v *searchView) OutsideOptions() template.HTML { return codeChoiceOptions(v.Choices, true) }

// CodeOptions are the code bar's options (codeBarOptions).
func (h *hitsView) CodeOptions() template.HTML { return codeBarOptions(h.Codes, h.Code) }
