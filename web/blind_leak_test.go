package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// volatile matches what differs between two renderings of the same page
// regardless of the codings: the anti-forgery token of forms, the tokens
// of kept searches (s=…, in the pager and the return address of "code
// this passage"), and the
// dashboard's recent activity, which lists the coder's own requests of
// the test (TestCoderActivityHidesOthersCoding checks it).
var volatile = regexp.MustCompile(`name="csrf" value="[^"]*"|"csrf":"[^"]*"|s=[A-Za-z0-9_-]{22}|(?s)<h2>Recent activity</h2>.*?</section>`)

// coderPages are every page and JSON view a coder may get (every GET
// route's probe) and the listings that filter by codes or layers.
func coderPages(f *fixture) []string {
	var s Server
	ps := probes(f)
	var out []string
	for _, rt := range s.routes() {
		method, _, _ := strings.Cut(rt.pattern, " ")
		if p := ps[rt.pattern]; method == http.MethodGet && policy[rt.pattern].allows(ownwords.RoleCoder) && !slices.Contains(out, p.Path) {
			out = append(out, p.Path)
		}
	}
	for _, iv := range []*ownwords.Interview{f.iv, f.ivAR} {
		out = append(out, "/interviews/"+iv.ID, "/interviews/"+iv.ID+"?segment="+f.seg.ID)
	}
	for _, code := range []string{"influences/family", "influences/online", "influences"} {
		for _, coder := range []string{"", "coder2", "coder"} {
			for _, q := range []string{"videos", "cousin", "فيديو"} {
				out = append(out, "/search?"+url.Values{"q": {q}, "inside": {code}, "coder": {coder}}.Encode(),
					"/search?"+url.Values{"q": {q}, "outside": {code}, "coder": {coder}}.Encode())
			}
		}
		out = append(out, "/quotes?"+url.Values{"item": {code}, "group": {"all"}}.Encode())
	}
	for _, c := range []*ownwords.Code{f.code, f.code2, f.section} {
		for _, layer := range []string{ownwords.LayerConsensus, ownwords.LayerCoder} {
			out = append(out, "/retrieve?"+url.Values{"code": {c.ID}, "layer": {layer}}.Encode())
		}
	}
	return out
}

// coderView requests every coder page, as HTML and JSON, and returns the
// bodies by request.
func coderView(f *fixture, pages []string) map[string]string {
	out := map[string]string{}
	for _, p := range pages {
		for _, h := range []http.Header{nil, jsonHeader} {
			rec := f.get(p, asCoder, h)
			key := p
			if h != nil {
				key += " (json)"
			}
			out[key] = rec.Result().Status + "\n" + volatile.ReplaceAllString(rec.Body.String(), "")
		}
	}
	return out
}

// codeOtherLayers codes iv in every layer but the coder's: the consensus
// and coder2 code the whole transcript's first line with both codes.
func (f *fixture) codeOtherLayers(iv *ownwords.Interview) {
	first, _, _ := strings.Cut(iv.Transcript, "\n")
	for _, c := range []*ownwords.Code{f.code, f.code2} {
		f.mustSegment(context.Background(), f.study.ID, iv, c.ID, f.users[asOwner].ID, ownwords.LayerConsensus, first)
		f.mustSegment(context.Background(), f.study.ID, iv, c.ID, f.users[asCoder2].ID, ownwords.LayerCoder, first)
	}
}

// TestCoderPagesIgnoreOtherLayersBeforeComparison requests every page a
// coder may see before and after the consensus and another coder code an
// interview still in blind coding: the pages must be identical (search
// with inside= and outside= on every layer, quotes, retrieval, the
// interviews list and dashboard with their progress counts, the
// interview pages). The same codings of an interview whose comparison is
// open must change some page, or the test would prove nothing.
func TestCoderPagesIgnoreOtherLayersBeforeComparison(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	must(t, st.OpenComparison(t.Context(), f.ivAR.ID))
	pages := coderPages(f)
	f.cookie(asCoder) // log in before the baseline: the dashboard lists the login
	before := coderView(f, pages)
	f.codeOtherLayers(f.iv) // still in blind coding
	after := coderView(f, pages)
	for _, p := range slices.Sorted(mapsKeys(before)) {
		if before[p] != after[p] {
			t.Errorf("GET %s changed with other layers' codings of an interview in blind coding:\n%s", p, firstDiff(before[p], after[p]))
		}
	}
	f.codeOtherLayers(f.ivAR) // comparison open
	if changed := coderView(f, pages); mapsEqual(changed, after) {
		t.Error("no page shows other layers' codings of an open interview: the test proves nothing")
	}
}

func mapsKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// firstDiff shows where two texts part.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-300)
	return "before: …" + a[from:min(len(a), i+300)] + "\nafter:  …" + b[from:min(len(b), i+300)]
}

// TestCoderActivityHidesOthersCoding: the dashboard's recent activity
// does not tell a coder when others code (the owner's and the other
// coder's segment entries), and still lists the coder's own.
func TestCoderActivityHidesOthersCoding(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	as := func(who string) context.Context { return ownwords.WithActor(context.Background(), who) }
	f.mustSegment(as(asOwner), f.study.ID, f.iv, f.code2.ID, f.users[asOwner].ID, ownwords.LayerConsensus, "Later I travelled.")
	f.mustSegment(as(asCoder2), f.study.ID, f.iv, f.code2.ID, f.users[asCoder2].ID, ownwords.LayerCoder, "Later I travelled.")
	f.mustSegment(as(asCoder), f.study.ID, f.iv, f.code2.ID, f.users[asCoder].ID, ownwords.LayerCoder, "Later I travelled.")
	rows := regexp.MustCompile(`<tr><td>[^<]*</td><td><bdi>([^<]*)</bdi></td><td>([^<]*)</td>`)
	for who, want := range map[string][]string{asCoder: {"coder segment.create"}, asOwner: {"owner segment.create", "coder2 segment.create", "coder segment.create"}} {
		var got []string
		for _, m := range rows.FindAllStringSubmatch(f.do(http.MethodGet, "/", who, nil, nil).Body.String(), -1) {
			if strings.HasPrefix(m[2], "segment.") && !slices.Contains(got, m[1]+" "+m[2]) {
				got = append(got, m[1]+" "+m[2])
			}
		}
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("%s's activity lacks %q: %q", who, w, got)
			}
		}
		if who == asCoder && len(got) != len(want) {
			t.Errorf("the coder's activity lists others' coding: %q", got)
		}
	}
}
