package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// scenario is one request of a handler test: who sends what, and what
// comes back (status, text in the body, audit actions appended).
type scenario struct {
	name     string
	who      string
	method   string
	path     func(f *fixture) string
	body     func(f *fixture) any
	header   http.Header
	status   int
	contains []string
	excludes []string
	audit    []string
}

// run sends each scenario in order (later ones may rely on earlier ones).
func run(t *testing.T, f *fixture, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			before := len(f.auditActions())
			var body any
			if sc.body != nil {
				body = sc.body(f)
			}
			rec := f.do(sc.method, sc.path(f), sc.who, body, sc.header)
			if rec.Code != sc.status {
				t.Fatalf("status %d, want %d: %.300s", rec.Code, sc.status, rec.Body)
			}
			for _, s := range sc.contains {
				if !strings.Contains(rec.Body.String(), s) {
					t.Errorf("body lacks %q", s)
				}
			}
			for _, s := range sc.excludes {
				if strings.Contains(rec.Body.String(), s) {
					t.Errorf("body has %q", s)
				}
			}
			added := f.auditActions()[before:]
			for _, a := range sc.audit {
				if !slices.Contains(added, a) {
					t.Errorf("audit log lacks %q; added %v", a, added)
				}
			}
		})
	}
}

// segJSON is the body the coding script sends for quote coded with codeID.
func segJSON(f *fixture, codeID, quote, layer string) string {
	start, end := cpRange(f.tb, transcriptEN, quote)
	return fmt.Sprintf(`{"code_id": %q, "start": %d, "end": %d, "text_hash": %q, "layer": %q}`,
		codeID, start, end, ownwords.HashText(quote), layer)
}

func TestCodingScenarios(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		ivSegs := func(f *fixture) string { return "/interviews/" + f.iv.ID + "/segments" }
		run(t, f, []scenario{
			{name: "ViewAudited", who: asCoder, method: "GET", path: func(f *fixture) string { return "/interviews/" + f.iv.ID },
				status: 200, contains: []string{"TRANSCRIPT-MARKER", `data-start="31"`, `dir="ltr"`}, audit: []string{"coder transcript.view"}},
			{name: "CreateJSON", who: asCoder, method: "POST", path: ivSegs, header: jsonHeader,
				body: func(f *fixture) any { return segJSON(f, f.code2.ID, "Later I travelled", "") }, status: 201,
				contains: []string{`"layer":"coder"`}, excludes: []string{"travelled"}, audit: []string{"coder segment.create"}},
			{name: "CreateForm", who: asCoder, method: "POST", path: ivSegs,
				body: func(f *fixture) any {
					s, e := cpRange(f.tb, transcriptEN, "Later")
					return form("code_id", f.code.ID, "start", itoa(s), "end", itoa(e), "text_hash", ownwords.HashText("Later"))
				}, status: 303},
			{name: "ErrHashMismatch", who: asCoder, method: "POST", path: ivSegs, header: jsonHeader,
				body: func(f *fixture) any {
					s := segJSON(f, f.code.ID, "Later", "")
					return strings.Replace(s, ownwords.HashText("Later"), ownwords.HashText("Latex"), 1)
				}, status: 400, contains: []string{"does not match"}},
			{name: "ErrOffsetsInUTF16", who: asCoder, method: "POST", path: ivSegs, header: jsonHeader,
				body: func(f *fixture) any {
					// "sent" counted in UTF-16 units lies one further than in code points (the emoji).
					s, e := cpRange(f.tb, transcriptEN, "sent")
					return fmt.Sprintf(`{"code_id": %q, "start": %d, "end": %d, "text_hash": %q}`, f.code.ID, s+1, e+1, ownwords.HashText("sent"))
				}, status: 400},
			{name: "ErrDerivedCode", who: asCoder, method: "POST", path: ivSegs, header: jsonHeader,
				body: func(f *fixture) any { return segJSON(f, f.dcode.ID, "Later", "") }, status: 400, contains: []string{"derived"}},
			{name: "ErrOtherStudyCode", who: asCoder, method: "POST", path: ivSegs, header: jsonHeader,
				body: func(f *fixture) any { return segJSON(f, f.otherCode.ID, "Later", "") }, status: 404},
			{name: "ErrCoderWritesConsensus", who: asCoder, method: "POST", path: ivSegs, header: jsonHeader,
				body: func(f *fixture) any { return segJSON(f, f.code.ID, "Later", "consensus") }, status: 403},
			{name: "OwnerWritesConsensus", who: asOwner, method: "POST", path: ivSegs, header: jsonHeader,
				body: func(f *fixture) any { return segJSON(f, f.code.ID, "Later", "consensus") }, status: 201, contains: []string{`"layer":"consensus"`}},
			{name: "ErrUnknownField", who: asCoder, method: "POST", path: ivSegs, header: jsonHeader,
				body: func(f *fixture) any { return `{"code_id": "x", "coder_id": "someone"}` }, status: 400},
			{name: "ErrStaleUpdate", who: asCoder, method: "POST", path: func(f *fixture) string { return "/segments/" + f.seg.ID },
				body: func(f *fixture) any { return form("version", "1", "memo", "mine") }, status: 409, contains: []string{"changed by someone else"}},
			{name: "UpdateMemoAndRecode", who: asCoder, method: "POST", path: func(f *fixture) string { return "/segments/" + f.seg.ID },
				body: func(f *fixture) any {
					return form("version", itoa(f.seg.Version), "memo", "re-read\r\nlater", "code_id", f.code2.ID)
				}, status: 303, audit: []string{"coder segment.update"}},
			{name: "ResizeByTypedRange", who: asCoder, method: "POST", path: func(f *fixture) string { return "/segments/" + f.seg.ID },
				body: func(f *fixture) any {
					s, e := cpRange(f.tb, transcriptEN, "My cousin 😀")
					return form("version", itoa(f.seg.Version+1), "start", itoa(s), "end", itoa(e))
				}, status: 303},
			{name: "PanelShowsSegment", who: asCoder, method: "GET", path: func(f *fixture) string { return "/interviews/" + f.iv.ID + "?segment=" + f.seg.ID },
				status: 200, contains: []string{`id="segment-panel"`, "<bdi>Online media</bdi> <small>influences/online</small> · <bdi>",
					"My cousin 😀</blockquote>", "re-read\nlater", `value="4"`}},
			{name: "ErrOtherCodersSegment", who: asCoder2, method: "POST", path: func(f *fixture) string { return "/segments/" + f.seg.ID },
				body: func(f *fixture) any { return form("version", "3", "memo", "theirs") }, status: 404},
			{name: "ErrDeleteStale", who: asCoder, method: "POST", path: func(f *fixture) string { return "/segments/" + f.seg.ID + "/delete" },
				body: func(f *fixture) any { return form("version", "3") }, status: 409},
			{name: "Delete", who: asCoder, method: "POST", path: func(f *fixture) string { return "/segments/" + f.seg.ID + "/delete" },
				body: func(f *fixture) any { return form("version", "4") }, status: 303, audit: []string{"coder segment.delete"}},
		})
	})
}

// visibleSegmentIDs returns the segment IDs of the JSON coding view.
func visibleSegmentIDs(t *testing.T, f *fixture, who, ivID string) []string {
	t.Helper()
	rec := f.do(http.MethodGet, "/interviews/"+ivID, who, nil, jsonHeader)
	if rec.Code != http.StatusOK {
		t.Fatalf("coding view as %s: status %d", who, rec.Code)
	}
	var v interviewJSON
	must(t, json.Unmarshal(rec.Body.Bytes(), &v))
	var ids []string
	for _, s := range v.Segments {
		ids = append(ids, s.ID)
	}
	return ids
}

func TestBlindCoding(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	want := func(who string, ids ...string) {
		t.Helper()
		got := visibleSegmentIDs(t, f, who, f.iv.ID)
		slices.Sort(got)
		slices.Sort(ids)
		if !slices.Equal(got, ids) {
			t.Errorf("%s sees %v, want %v", who, got, ids)
		}
	}
	want(asCoder, f.seg.ID)
	want(asCoder2, f.seg2.ID)
	want(asOwner, f.seg.ID, f.seg2.ID, f.cons.ID)
	if body := f.do(http.MethodGet, "/interviews/"+f.iv.ID, asCoder2, nil, nil).Body.String(); !strings.Contains(body, "Blind coding") {
		t.Error("the coder is not told that coding is blind")
	}
	if rec := f.do(http.MethodGet, "/interviews/"+f.iv.ID+"?segment="+f.seg.ID, asCoder2, nil, nil); strings.Contains(rec.Body.String(), `id="segment-panel"`) {
		t.Error("a hidden segment opens in the panel")
	}
	if rec := f.do(http.MethodGet, "/retrieve?layer=coder&code="+f.code.ID, asCoder2, nil, nil); strings.Contains(rec.Body.String(), "My cousin") {
		t.Error("retrieval shows another coder's passage during blind coding")
	}
	if rec := f.do(http.MethodPost, "/interviews/"+f.iv.ID+"/comparison", asCoder, nil, nil); rec.Code != http.StatusForbidden {
		t.Errorf("a coder opened comparison: %d", rec.Code)
	}
	if rec := f.do(http.MethodPost, "/interviews/"+f.iv.ID+"/comparison", asOwner, nil, nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("open comparison: %d", rec.Code)
	}
	if !slices.Contains(f.auditActions(), "owner interview.comparison_open") {
		t.Error("opening comparison is not audited")
	}
	want(asCoder2, f.seg.ID, f.seg2.ID, f.cons.ID)
	if rec := f.do(http.MethodPost, "/segments/"+f.seg.ID, asCoder2, form("version", "2", "memo", "x"), nil); rec.Code != http.StatusForbidden {
		t.Errorf("after comparison a coder changed another's segment: %d", rec.Code)
	}
	if rec := f.do(http.MethodPost, "/segments/"+f.seg.ID+"/consensus", asOwner, nil, jsonHeader); rec.Code != http.StatusCreated {
		t.Errorf("owner adopting into consensus: %d", rec.Code)
	}
	want(asCoder, f.seg.ID, f.seg2.ID, f.cons.ID, lastSegmentID(t, f))
	plans := f.do(http.MethodGet, "/report", asOwner, nil, nil).Body.String()
	if strings.Contains(plans, comparisonPlan) {
		t.Error("the blind-coding stopgap is offered as an analysis plan")
	}
}

func lastSegmentID(t *testing.T, f *fixture) string {
	segs := mustSegments(t, f)
	ids := make([]string, len(segs))
	for i, s := range segs {
		ids[i] = s.ID
	}
	slices.Sort(ids) // UUIDv7: the newest sorts last
	return ids[len(ids)-1]
}

func TestRightToLeftTranscript(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := newFixture(t, st, Options{})
	body := f.do(http.MethodGet, "/interviews/"+f.ivAR.ID, asCoder, nil, nil).Body.String()
	for _, want := range []string{`dir="rtl"`, `lang="ar"`, "جواب: أرسل لي ابن عمي مقاطع فيديو.</p>", `data-start="21"`} {
		if !strings.Contains(body, want) {
			t.Errorf("Arabic coding view lacks %q", want)
		}
	}
}
