package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/gate"
	"ownwords/sqldb/sqldbtest"
)

// compareText is the transcript of the double-coded test interview.
const compareText = "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda mu. Nu xi omicron pi."

// compareFixture is a fixture with one more interview, coded by coder and
// coder2 so that every kind of passage occurs once:
//
//	agree:      both apply family to (almost) the first sentence;
//	bounds:     both apply online, to barely overlapping passages;
//	codesL/R:   family (coder) and online (coder2) on the third sentence;
//	only:       coder2 alone applies family to the last sentence.
type compareFixture struct {
	*fixture
	iv   *ownwords.Interview
	segs map[string]*ownwords.Segment
}

func mustCompareFixture(t *testing.T, st ownwords.Store) *compareFixture {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t, st, Options{})
	c := &compareFixture{fixture: f, segs: map[string]*ownwords.Segment{}}
	c.iv = &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.part2.ID, Title: "Double-coded", Language: "en", Transcript: compareText}
	must(t, st.CreateInterview(ctx, c.iv))
	for _, s := range []struct{ name, code, coder, quote string }{
		{"agreeL", f.code.ID, asCoder, "Alpha beta gamma delta."},
		{"agreeR", f.code.ID, asCoder2, "Alpha beta gamma delta"},
		{"boundsL", f.code2.ID, asCoder, "Epsilon zeta eta theta."},
		{"boundsR", f.code2.ID, asCoder2, "theta. Iota kappa"},
		{"codesL", f.code.ID, asCoder, "Iota kappa lambda mu."},
		{"codesR", f.code2.ID, asCoder2, "Iota kappa lambda mu"},
		{"only", f.code.ID, asCoder2, "Nu xi omicron pi."},
	} {
		c.segs[s.name] = f.mustSegment(ctx, f.study.ID, c.iv, s.code, f.users[s.coder].ID, ownwords.LayerCoder, s.quote)
	}
	return c
}

// consensus returns the consensus segments of the test interview as
// "code start-end".
func (c *compareFixture) consensus(t *testing.T) []string {
	t.Helper()
	segs, err := c.store.Segments(t.Context(), ownwords.SegmentFilter{InterviewID: c.iv.ID, Layer: ownwords.LayerConsensus})
	must(t, err)
	var out []string
	for _, s := range segs {
		out = append(out, c.spanName(s.CodeID, s.Start, s.End))
		if s.CoderID != c.users[asOwner].ID {
			t.Errorf("consensus segment by %s, want the owner (adjudicator)", s.CoderID)
		}
	}
	slices.Sort(out)
	return out
}

// spanName names a code on a range by the code's slug, for comparisons.
func (c *compareFixture) spanName(codeID string, start, end int) string {
	name := map[string]string{c.code.ID: "family", c.code2.ID: "online"}[codeID]
	return name + " " + itoa(start) + "-" + itoa(end)
}

func (c *compareFixture) spanOf(t *testing.T, code, quote string) string {
	start, end := cpRange(t, compareText, quote)
	return c.spanName(code, start, end)
}

// key is the passage key of the named segments ("" for none).
func (c *compareFixture) key(left, right string) string {
	return gate.Passage{Left: c.segs[left], Right: c.segs[right]}.Key()
}

func (c *compareFixture) open(t *testing.T) {
	t.Helper()
	if rec := c.do(http.MethodPost, "/interviews/"+c.iv.ID+"/comparison", asOwner, nil, nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("open comparison: %d", rec.Code)
	}
}

func (c *compareFixture) decide(left, right, choice, note string) *httptest.ResponseRecorder {
	v := form("choice", choice, "note", note)
	if left != "" {
		v.Set("left", c.segs[left].ID)
	}
	if right != "" {
		v.Set("right", c.segs[right].ID)
	}
	return c.do(http.MethodPost, "/interviews/"+c.iv.ID+"/adjudications", asOwner, v, nil)
}

func TestAdjudicationCreatesConsensusForEachChoice(t *testing.T) {
	for _, tc := range []struct {
		name, left, right, choice string
		want                      func(c *compareFixture, t *testing.T) []string
	}{
		{"left side of a boundary disagreement", "boundsL", "boundsR", gate.ChooseLeft, func(c *compareFixture, t *testing.T) []string {
			return []string{c.spanOf(t, c.code2.ID, "Epsilon zeta eta theta.")}
		}},
		{"right side of a boundary disagreement", "boundsL", "boundsR", gate.ChooseRight, func(c *compareFixture, t *testing.T) []string {
			return []string{c.spanOf(t, c.code2.ID, "theta. Iota kappa")}
		}},
		{"union of a boundary disagreement", "boundsL", "boundsR", gate.ChooseUnion, func(c *compareFixture, t *testing.T) []string {
			return []string{c.spanOf(t, c.code2.ID, "Epsilon zeta eta theta. Iota kappa")}
		}},
		{"intersection of a boundary disagreement", "boundsL", "boundsR", gate.ChooseIntersection, func(c *compareFixture, t *testing.T) []string {
			return []string{c.spanOf(t, c.code2.ID, "theta.")}
		}},
		{"union of different codes keeps both", "codesL", "codesR", gate.ChooseUnion, func(c *compareFixture, t *testing.T) []string {
			return []string{c.spanOf(t, c.code.ID, "Iota kappa lambda mu."), c.spanOf(t, c.code2.ID, "Iota kappa lambda mu")}
		}},
		{"intersection of different codes is empty", "codesL", "codesR", gate.ChooseIntersection, func(*compareFixture, *testing.T) []string { return nil }},
		{"neither rejects a one-coder code", "", "only", gate.ChooseNeither, func(*compareFixture, *testing.T) []string { return nil }},
		{"right accepts a one-coder code", "", "only", gate.ChooseRight, func(c *compareFixture, t *testing.T) []string {
			return []string{c.spanOf(t, c.code.ID, "Nu xi omicron pi.")}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, _ := sqldbtest.OpenSQLite(t)
			c := mustCompareFixture(t, st)
			c.open(t)
			note := "NOTE because of " + tc.choice
			if rec := c.decide(tc.left, tc.right, tc.choice, note); rec.Code != http.StatusSeeOther {
				t.Fatalf("decide: %d %s", rec.Code, rec.Body)
			}
			want := tc.want(c, t)
			slices.Sort(want)
			if got := c.consensus(t); !slices.Equal(got, want) {
				t.Errorf("consensus %v, want %v", got, want)
			}
			var found bool
			must(t, st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
				if e.Action == gate.ActionDecide {
					var d struct{ Choice, Note string }
					must(t, json.Unmarshal([]byte(e.Detail), &d))
					found = e.Actor == asOwner && d.Note == note && d.Choice == tc.choice && e.Object == c.key(tc.left, tc.right)
				}
				return true
			}))
			if !found {
				t.Error("the decision is not audited with its actor, choice and note")
			}
			segs, err := st.Segments(t.Context(), ownwords.SegmentFilter{InterviewID: c.iv.ID, Layer: ownwords.LayerConsensus})
			must(t, err)
			for _, s := range segs {
				if s.Memo != note {
					t.Errorf("consensus memo %q, want the note", s.Memo)
				}
			}
			if rec := c.decide(tc.left, tc.right, tc.choice, note); rec.Code != http.StatusConflict {
				t.Errorf("deciding twice: %d, want 409", rec.Code)
			}
			page := c.do(http.MethodGet, "/interviews/"+c.iv.ID+"/comparison", asOwner, nil, nil).Body.String()
			if !strings.Contains(page, `data-key="`+c.key(tc.left, tc.right)+`"`) || !strings.Contains(page, "decided") {
				t.Error("the comparison page does not show the passage as decided")
			}
		})
	}
}

func TestAcceptAllAgreementsMovesAgreementsOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		c := mustCompareFixture(t, st)
		path := "/interviews/" + c.iv.ID + "/agreements"
		if rec := c.do(http.MethodPost, path, asOwner, nil, nil); rec.Code != http.StatusConflict {
			t.Errorf("before comparison is open: %d, want 409", rec.Code)
		}
		c.open(t)
		page := c.do(http.MethodGet, "/interviews/"+c.iv.ID+"/comparison", asOwner, nil, nil).Body.String()
		if !strings.Contains(page, `id="agreements-open">1<`) || !strings.Contains(page, `id="disagreements-open">3<`) {
			t.Fatalf("comparison page counts wrong:\n%s", page)
		}
		rec := c.do(http.MethodPost, path, asOwner, nil, jsonHeader)
		var res struct{ Segments []*ownwords.Segment }
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &res) != nil || len(res.Segments) != 1 {
			t.Fatalf("accept agreements: %d %s", rec.Code, rec.Body)
		}
		want := []string{c.spanOf(t, c.code.ID, "Alpha beta gamma delta")} // the text both coded
		if got := c.consensus(t); !slices.Equal(got, want) {
			t.Errorf("consensus %v, want %v", got, want)
		}
		rec = c.do(http.MethodPost, path, asOwner, nil, jsonHeader)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"segments":[]`) {
			t.Errorf("second accept: %d %s, want nothing new", rec.Code, rec.Body)
		}
		if !slices.Contains(c.auditActions(), asOwner+" "+gate.ActionAgreements) {
			t.Error("accepting agreements is not audited")
		}
	})
}

func TestAdjudicationRefusals(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	c := mustCompareFixture(t, st)
	if rec := c.decide("boundsL", "boundsR", gate.ChooseLeft, "x"); rec.Code != http.StatusConflict {
		t.Errorf("adjudicating while blind: %d, want 409", rec.Code)
	}
	c.open(t)
	for _, tc := range []struct {
		name   string
		who    string
		path   string
		body   func() any
		status int
	}{
		{"coder", asCoder, "/interviews/" + c.iv.ID + "/adjudications", func() any { return form("left", c.segs["only"].ID, "choice", "neither", "note", "x") }, http.StatusForbidden},
		{"analyst", asAnalyst, "/interviews/" + c.iv.ID + "/agreements", func() any { return nil }, http.StatusForbidden},
		{"coder's comparison page", asCoder, "/interviews/" + c.iv.ID + "/comparison", nil, http.StatusForbidden},
		{"another study's interview", asOwner, "/interviews/" + c.otherIv.ID + "/adjudications", func() any { return form("left", c.otherSeg.ID, "choice", "left", "note", "x") }, http.StatusNotFound},
		{"another study's segment", asOwner, "/interviews/" + c.iv.ID + "/adjudications", func() any { return form("left", c.otherSeg.ID, "choice", "left", "note", "x") }, http.StatusNotFound},
		{"another interview's segment", asOwner, "/interviews/" + c.iv.ID + "/adjudications", func() any { return form("left", c.fixture.seg.ID, "choice", "left", "note", "x") }, http.StatusNotFound},
		{"no note", asOwner, "/interviews/" + c.iv.ID + "/adjudications", func() any { return form("left", c.segs["boundsL"].ID, "choice", "left", "note", " ") }, http.StatusBadRequest},
		{"unknown choice", asOwner, "/interviews/" + c.iv.ID + "/adjudications", func() any {
			return form("left", c.segs["boundsL"].ID, "right", c.segs["boundsR"].ID, "choice", "both", "note", "x")
		}, http.StatusBadRequest},
		{"one coder on both sides", asOwner, "/interviews/" + c.iv.ID + "/adjudications", func() any {
			return form("left", c.segs["boundsL"].ID, "right", c.segs["agreeL"].ID, "choice", "left", "note", "x")
		}, http.StatusBadRequest},
	} {
		method := http.MethodPost
		var body any
		if tc.body == nil {
			method = http.MethodGet
		} else {
			body = tc.body()
		}
		if rec := c.do(method, tc.path, tc.who, body, nil); rec.Code != tc.status {
			t.Errorf("%s: %d, want %d", tc.name, rec.Code, tc.status)
		}
	}
	if got := c.consensus(t); len(got) != 0 {
		t.Errorf("refused requests changed the consensus: %v", got)
	}
}

func TestOpenComparisonUsesInterviewFlagNotPlan(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		c := mustCompareFixture(t, st)
		c.open(t)
		c.open(t)
		iv, err := st.Interview(t.Context(), c.iv.ID)
		must(t, err)
		if iv.ComparisonOpenedAt.IsZero() {
			t.Error("opening comparison did not set the interview's flag")
		}
		if _, err := st.Plan(t.Context(), c.study.ID, comparisonPlan); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
			t.Errorf("a %q plan exists after opening comparison (err %v)", comparisonPlan, err)
		}
		opened, err := comparisons(t.Context(), st, c.study.ID)
		must(t, err)
		if !opened[c.iv.ID] || opened[c.fixture.iv.ID] {
			t.Errorf("comparisons = %v, want only the opened interview", opened)
		}
	})
}

// TestReliabilityPageLeavesBlindInterviewsOutForCoders: owners and
// analysts get the table over every double-coded interview (the owner with
// links to their comparison); coders get it only over the interviews whose
// comparison is open, and are told so; viewers get nothing.
func TestReliabilityPageLeavesBlindInterviewsOutForCoders(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	c := mustCompareFixture(t, st)
	interviews := func(body string) string {
		_, after, _ := strings.Cut(body, "</bdi> · ")
		n, _, _ := strings.Cut(after, " interview(s) coded by two or more")
		return n
	}
	for _, who := range []string{asOwner, asAnalyst} {
		rec := c.do(http.MethodGet, "/reliability", who, nil, nil)
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, `id="reliability-table"`) || !strings.Contains(body, "influences/family") ||
			!strings.Contains(body, "all codes (pooled)") || interviews(body) != "2" || strings.Contains(body, "blind-left-out") {
			t.Errorf("%s: status %d, want the table over both interviews:\n%s", who, rec.Code, body)
		}
		if links := strings.Contains(body, "/interviews/"+c.iv.ID+"/comparison"); links != (who == asOwner) {
			t.Errorf("%s: comparison links shown %v", who, links)
		}
	}
	rec := c.do(http.MethodGet, "/reliability", asCoder, nil, nil)
	if body := rec.Body.String(); rec.Code != http.StatusOK || strings.Contains(body, `id="reliability-table"`) ||
		!strings.Contains(body, "blind-left-out") || !strings.Contains(body, "No reliability table") {
		t.Errorf("coder while both interviews are blind: status %d, want no table:\n%s", rec.Code, body)
	}
	c.open(t)
	rec = c.do(http.MethodGet, "/reliability", asCoder, nil, nil)
	if body := rec.Body.String(); rec.Code != http.StatusOK || !strings.Contains(body, `id="reliability-table"`) ||
		interviews(body) != "1" || strings.Contains(body, "/comparison") {
		t.Errorf("coder after one comparison opened: status %d, want the table over that interview only:\n%s", rec.Code, body)
	}
	if rec := c.do(http.MethodGet, "/reliability", asViewer, nil, nil); rec.Code != http.StatusForbidden {
		t.Errorf("viewer: %d, want 403", rec.Code)
	}
}

// comparisonPlan is the name of the Plan in which an earlier build kept
// the blind-coding flags. Nothing writes it any more (the flag is
// Interview.ComparisonOpenedAt); it stays only so that a study file from
// that build never offers the leftover as an analysis plan.
const comparisonPlan = "blind-coding"

// comparisons returns the set of interviews whose comparison is open. Who
// sees which segment is decided by the application layer (gate: blind
// coding); search, the quote bank and the progress tables still use this
// set.
func comparisons(ctx context.Context, svc ownwords.Services, studyID string) (map[string]bool, error) {
	ivs, err := svc.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID})
	if err != nil {
		return nil, err
	}
	return openedIn(ivs), nil
}

// openedIn returns the set of ivs whose comparison is open.
func openedIn(ivs []*ownwords.Interview) map[string]bool {
	out := make(map[string]bool)
	for _, iv := range ivs {
		if !iv.ComparisonOpenedAt.IsZero() {
			out[iv.ID] = true
		}
	}
	return out
}
