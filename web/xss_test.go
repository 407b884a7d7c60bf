package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// xssPayloads is the corpus injected into every text field the pages show.
var xssPayloads = []string{
	`<script>alert(1)</script>`,
	`"><script src=//evil.example/x.js></script>`,
	`<img src=x onerror=alert(1)>`,
	`' onmouseover='alert(1)`,
	`" onfocus="alert(1)" autofocus x="`,
	`javascript:alert(1)`,
	`<a href="javascript:alert(1)">click</a>`,
	`</textarea><svg onload=alert(1)>`,
	`</title><script>alert(1)</script>`,
	`]]></mark></p><p onclick=alert(1)>`,
	`<!--<script>alert(1)//-->`,
	`<style>@import 'http://evil.example/x.css';</style>`,
	`<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
	"\u202Egnp.exe\u202C <b>bold",
	"\u2067RTL isolate\u2069 \u200F",
	`{{.}} ${alert(1)} <%= 1 %>`,
	`<math><mi xlink:href="javascript:alert(1)">x</mi></math>`,
	`<base href="//evil.example/">`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<broken <a href=`,
}

// allowedTags are the elements the workbench's templates and the report
// document emit; any other element in a page came from data.
var allowedTags = []string{
	"html", "head", "meta", "title", "link", "script", "body", "header", "nav", "main", "section", "article", "aside",
	"div", "span", "a", "bdi", "p", "h1", "h2", "h3", "h4", "strong", "em", "small", "code", "mark", "blockquote",
	"figure", "figcaption", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr",
	"th", "td", "form", "fieldset", "legend", "label", "input", "select", "option", "textarea", "button", "details",
	"summary", "svg", "g", "rect", "line", "text", "tspan", "style", "footer", "sup", "br", "hr", "abbr",
	"path",                  // the report's chart markers and survival curves
	"audio", "video", "kbd", // the recording player
}

// urlAttrs are attributes whose value a browser may navigate to or load.
var urlAttrs = []string{"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}

var tagStart = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9:-]*)`)

// executableIn returns every problem of page: a script other than the
// workbench's own, an element no template emits, an event-handler
// attribute, or a script URL.
func executableIn(page string, allowStyle bool) []string {
	var bad []string
	lower := strings.ToLower(page)
	if n, own := strings.Count(lower, "<script"), strings.Count(page, `<script src="/static/`); n != own {
		bad = append(bad, "a <script> that is not the workbench's own")
	}
	for _, m := range tagStart.FindAllStringSubmatchIndex(page, -1) {
		name := strings.ToLower(page[m[2]:m[3]])
		if !slices.Contains(allowedTags, name) || (name == "style" && !allowStyle) {
			bad = append(bad, "element <"+name+">")
		}
		for _, a := range attributes(page[m[1]:]) {
			key := strings.ToLower(a[0])
			val := strings.Map(func(r rune) rune {
				if r <= ' ' {
					return -1
				}
				return r
			}, strings.ToLower(html.UnescapeString(a[1])))
			switch {
			case strings.HasPrefix(key, "on"), key == "srcdoc", key == "style":
				bad = append(bad, "attribute "+key+" on <"+name+">")
			case slices.Contains(urlAttrs, key) && (strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "vbscript:") ||
				strings.HasPrefix(val, "data:text/html")):
				bad = append(bad, "script URL in "+key+" of <"+name+">")
			case key == "http-equiv" && val != "content-security-policy":
				bad = append(bad, "http-equiv on <"+name+">")
			}
		}
	}
	return bad
}

// attributes parses the attributes of a tag whose name has been read,
// up to its closing '>'.
func attributes(s string) [][2]string {
	var out [][2]string
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '/') {
			i++
		}
		if i >= len(s) || s[i] == '>' {
			return out
		}
		j := i
		for j < len(s) && !strings.ContainsRune(" \n\t=>/", rune(s[j])) {
			j++
		}
		name, val := s[i:j], ""
		i = j
		if i < len(s) && s[i] == '=' {
			i++
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := s[i]
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					return append(out, [2]string{name, s[i+1:]})
				}
				val, i = s[i+1:i+1+end], i+2+end
			} else {
				j = i
				for j < len(s) && !strings.ContainsRune(" \n\t>", rune(s[j])) {
					j++
				}
				val, i = s[i:j], j
			}
		}
		out = append(out, [2]string{name, val})
	}
	return out
}

func TestExecutableInDetectsInjection(t *testing.T) {
	for _, page := range []string{
		`<p>x</p><script>alert(1)</script>`, `<p onclick="x()">`, `<a href=" JaVa&#115;cript:alert(1)">`,
		`<img src=x>`, `<div style="color:red">`, `<iframe srcdoc="x">`, `<meta http-equiv="refresh">`,
	} {
		if len(executableIn(page, false)) == 0 {
			t.Errorf("%q passes the check", page)
		}
	}
	if bad := executableIn(`<p title="&lt;script&gt; onclick=x javascript:y">a &lt;img onerror=1&gt;</p><script src="/static/x.js" defer></script>`, false); len(bad) != 0 {
		t.Errorf("escaped text flagged: %v", bad)
	}
}

// injectPayloads writes the corpus into every text field of study A.
func injectPayloads(t *testing.T, f *fixture) (*ownwords.Interview, *ownwords.Segment, *ownwords.Participant) {
	ctx := context.Background()
	all := strings.Join(xssPayloads, " ")
	st := f.store
	study := *f.study
	study.Name = "Study " + all
	must(t, st.UpdateStudy(ctx, &study))
	must(t, st.CreateAttribute(ctx, &ownwords.Attribute{StudyID: f.study.ID, Slug: "region", Label: all, Type: ownwords.AttrCategory, Position: 9}))
	var first *ownwords.Participant
	for i, p := range xssPayloads {
		part := &ownwords.Participant{StudyID: f.study.ID, Code: "X-" + itoa(i), Values: map[string]ownwords.Value{
			"region": {Type: ownwords.AttrCategory, Str: p}, "status": {Type: ownwords.AttrCategory, Str: p}}}
		must(t, st.CreateParticipant(ctx, part))
		if first == nil {
			first = part
		}
	}
	iv := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: first.ID, Title: "T " + all, Place: all, Language: all[:8],
		Transcript: strings.Join(xssPayloads, "\n"), Translation: all}
	must(t, st.CreateInterview(ctx, iv))
	code := *f.code
	code.Label, code.Description, code.Inclusion, code.Exclusion, code.Example = all, all, all, all, all
	must(t, st.UpdateCode(ctx, &code))
	seg := f.mustSegment(ctx, f.study.ID, iv, f.code.ID, f.users[asCoder].ID, ownwords.LayerCoder, xssPayloads[0])
	seg.Memo = all
	must(t, st.UpdateSegment(ctx, seg))
	f.mustSegment(ctx, f.study.ID, iv, f.code.ID, f.users[asOwner].ID, ownwords.LayerConsensus, xssPayloads[2])
	for _, target := range []struct{ kind, id string }{{ownwords.MemoInterview, iv.ID}, {ownwords.MemoParticipant, first.ID}} {
		must(t, st.CreateMemo(ctx, &ownwords.Memo{StudyID: f.study.ID, TargetType: target.kind, TargetID: target.id, Title: all, Body: all}))
	}
	must(t, st.CreateEvent(ctx, &ownwords.Event{StudyID: f.study.ID, ParticipantID: first.ID, Kind: "left", Date: mustPeriod(t, "2016"), Note: all}))
	return iv, seg, first
}

// TestNoExecutablePayloadInPages injects the payload corpus into
// transcripts, codes, memos, notes, attribute values and names, renders
// every page for every role, and finds no executable payload.
func TestNoExecutablePayloadInPages(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	iv, seg, part := injectPayloads(t, f)
	paths := []string{
		"/interviews/" + iv.ID + "?segment=" + seg.ID, "/interviews/" + iv.ID, "/participants/" + part.ID,
		"/participants?a.region=" + url.QueryEscape(xssPayloads[1]), "/participants?a." + url.QueryEscape(xssPayloads[0]) + "=1",
		"/retrieve?layer=coder&code=" + f.code.ID + "&a.region=" + url.QueryEscape(xssPayloads[0]),
		"/retrieve?code=" + f.code.ID, "/login?next=" + url.QueryEscape(xssPayloads[5]),
		"/report?plan=reference&section=influences&item=family&group=all", "/report?plan=" + url.QueryEscape(xssPayloads[0]),
		// Search: hostile transcripts in the hits, hostile queries (parsed,
		// malformed, as filters, as the layer's coder) in the form.
		"/search?q=alert", "/search?q=script+OR+onerror&a.region=" + url.QueryEscape(xssPayloads[1]),
		"/search?q=" + url.QueryEscape(xssPayloads[0]), "/search?q=" + url.QueryEscape(xssPayloads[4]),
		"/search?q=" + url.QueryEscape("("+xssPayloads[2]), "/search?q=alert&coder=" + url.QueryEscape(xssPayloads[1]),
		"/search?q=alert&inside=" + url.QueryEscape(xssPayloads[0]), "/search?q=alert&language=" + url.QueryEscape(xssPayloads[3]),
		"/search?q=alert&coded=" + seg.ID + "&code=" + url.QueryEscape(xssPayloads[1]) + "&extent=" + url.QueryEscape(xssPayloads[4]),
		"/interviews/" + iv.ID + "?hit=0-40",
		// The quote bank: hostile passages, items and groups.
		"/quotes?item=influences/family", "/quotes?item=influences/family&audience=public",
		"/quotes?item=" + url.QueryEscape(xssPayloads[0]), "/quotes?item=influences/family&group=" + url.QueryEscape(xssPayloads[1]),
		// Analysts reach the page by a handle of their login.
		f.participantWhere(f.cookie(asAnalyst), "region", xssPayloads[0]),
	}
	var s Server
	ps := probes(f)
	for _, rt := range s.routes() {
		if strings.HasPrefix(rt.pattern, "GET ") && rt.pattern != "GET /static/{file...}" {
			paths = append(paths, ps[rt.pattern].Path)
		}
	}
	rendered := 0
	for _, who := range []string{asOwner, asCoder, asAnalyst, asNobody} {
		for _, p := range paths {
			rec := f.get(p, who, nil)
			if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				continue
			}
			rendered++
			for _, problem := range executableIn(rec.Body.String(), strings.HasPrefix(p, "/report/document")) {
				t.Errorf("GET %s as %s (status %d): %s", p, who, rec.Code, problem)
			}
		}
	}
	body := f.do(http.MethodGet, "/interviews/"+iv.ID+"?segment="+seg.ID, asOwner, nil, nil).Body.String()
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(body, "\u202E") {
		t.Error("the payload is not shown (escaped) in the coding view: the test would prove nothing")
	}
	for p, escaped := range map[string]string{
		"/search?q=alert":                "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;",
		"/quotes?item=influences/family": "&lt;img src=x onerror=alert(1)&gt;",
	} {
		if body := f.get(p, asOwner, nil).Body.String(); !strings.Contains(body, escaped) {
			t.Errorf("GET %s does not show the payload escaped (%q): the test would prove nothing", p, escaped)
		}
	}
	if rendered < 40 {
		t.Errorf("only %d pages rendered", rendered)
	}
}
