package web

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"ownwords"
	"ownwords/demo"
	"ownwords/gate"
	"ownwords/internal/browsertest"
	"ownwords/sqldb/sqldbtest"
)

// demoCandidate is a passage of the demo study that only coder-b coded,
// with a code its participant does not yet endorse, in the reference
// plan's sample: accepting it must raise that item's team count by one.
type demoCandidate struct {
	interview     string
	key           string
	section, item string
}

// mustDemoCandidate finds the first such passage.
func mustDemoCandidate(t *testing.T, st ownwords.Store, studyID string) demoCandidate {
	t.Helper()
	ctx := t.Context()
	cb, err := st.Codebook(ctx, studyID)
	must(t, err)
	a, err := st.UserByName(ctx, "coder-a")
	must(t, err)
	b, err := st.UserByName(ctx, "coder-b")
	must(t, err)
	ps, err := st.Participants(ctx, ownwords.ParticipantFilter{StudyID: studyID})
	must(t, err)
	var plan struct{ Sections []string }
	must(t, json.Unmarshal(demo.ReferencePlan(), &plan))
	// The reference sample: the first 220 by interview date, ties by code.
	slices.SortFunc(ps, func(x, y *ownwords.Participant) int {
		dx, dy := x.Values["interview_date"].Date, y.Values["interview_date"].Date
		return cmp.Or(cmp.Compare(dx.Year, dy.Year), cmp.Compare(dx.Month, dy.Month), cmp.Compare(dx.Day, dy.Day), cmp.Compare(x.Code, y.Code))
	})
	sample := map[string]bool{}
	for _, p := range ps {
		if len(sample) < demo.SampleSize-10 && !p.Values["interview_date"].Date.IsZero() { // a margin for ties
			sample[p.ID] = true
		}
	}
	ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID})
	must(t, err)
	owner := map[string]string{}
	for _, iv := range ivs {
		owner[iv.ID] = iv.ParticipantID
	}
	adjudicator, err := st.UserByName(ctx, "owner")
	must(t, err)
	g := gate.New(st, studyID)
	segs, err := st.Segments(ctx, ownwords.SegmentFilter{StudyID: studyID})
	must(t, err)
	endorsed := map[[2]string]bool{} // participant, code (with ancestors)
	byCoder := map[[2]string][]*ownwords.Segment{}
	for _, s := range segs {
		if s.Layer == ownwords.LayerConsensus {
			for c := cb.ByID(s.CodeID); c != nil; c = cb.ByID(c.ParentID) {
				endorsed[[2]string{owner[s.InterviewID], c.ID}] = true
			}
			continue
		}
		byCoder[[2]string{s.InterviewID, s.CoderID}] = append(byCoder[[2]string{s.InterviewID, s.CoderID}], s)
	}
	for _, iv := range ivs {
		right := byCoder[[2]string{iv.ID, b.ID}]
		if len(right) == 0 || !sample[iv.ParticipantID] || !iv.ComparisonOpenedAt.IsZero() {
			continue // the owner opens the comparison of one still waiting
		}
		if len(byCoder[[2]string{iv.ID, a.ID}]) == 0 {
			continue
		}
		comp, err := g.Comparison(ctx, gate.Member(adjudicator, ownwords.RoleOwner), iv.ID, a.ID, b.ID)
		must(t, err)
		for _, p := range comp.Passages {
			if p.Kind != gate.KindOnly || p.Right == nil || endorsed[[2]string{iv.ParticipantID, p.Right.CodeID}] {
				continue
			}
			c := cb.ByID(p.Right.CodeID)
			sec := cb.Section(c)
			if c.Derived != nil || sec == nil || !slices.Contains(plan.Sections, sec.Slug) {
				continue
			}
			return demoCandidate{interview: iv.ID, key: p.Key(), section: sec.Slug, item: c.Slug}
		}
	}
	t.Fatal("no passage only coder-b coded with a code its participant lacks")
	return demoCandidate{}
}

// TestBrowserAdjudicatesDemoDisagreement: on the demo study the owner
// opens comparison on a double-coded interview, accepts a code only the
// second coder applied, and sees the consensus and the team report change.
func TestBrowserAdjudicatesDemoDisagreement(t *testing.T) {
	bctx := browsertest.New(t)
	bctx, cancel := context.WithTimeout(bctx, 3*time.Minute)
	t.Cleanup(cancel)
	st, _ := sqldbtest.OpenSQLite(t)
	studyID, err := demo.Load(t.Context(), st, demo.Generate(demo.DefaultSeed),
		func(pw []byte) (string, error) { return mustCheapHash(t, string(pw)), nil }, nil)
	must(t, err)
	cand := mustDemoCandidate(t, st, studyID)
	ts := httptest.NewServer(NewServer(st, studyID, Options{}).Handler())
	t.Cleanup(ts.Close)
	b := &bt{t: t, ctx: bctx, base: ts.URL, dir: filepath.Dir(browsertest.ArtifactPath(t, "web-comparison"))}
	compareURL := ts.URL + "/interviews/" + cand.interview + "/comparison"
	cell := func() string {
		b.do("open report", chromedp.Navigate(ts.URL+"/report"), chromedp.WaitVisible(chromedp.CSS("table.report")))
		return b.eval(`(() => { const a = [...document.querySelectorAll("table.report a")].find(a => {
			const u = new URL(a.href); return u.searchParams.get("section") === ` + strconv.Quote(cand.section) +
			` && u.searchParams.get("item") === ` + strconv.Quote(cand.item) + ` && u.searchParams.get("group") === "all"; });
			return a ? a.textContent.trim() : "none"; })()`)
	}

	b.do("login as owner",
		chromedp.Navigate(ts.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("name"), "owner"),
		chromedp.SendKeys(chromedp.ID("password"), "owner-demo-password"),
		chromedp.Click(chromedp.ID("login")),
		chromedp.WaitVisible(chromedp.CSS("form.logout")),
	)
	before := cell()
	b.do("open the comparison page", chromedp.Navigate(compareURL), chromedp.WaitVisible(chromedp.ID("open-comparison")))
	b.shot("c1-blind")
	// Wait for the page the POST leads to (without the button): the old
	// page has a transcript too, and navigating away before the redirect
	// lands aborts it.
	b.do("open comparison", chromedp.Click(chromedp.ID("open-comparison")),
		chromedp.WaitNotPresent(chromedp.ID("open-comparison")), chromedp.WaitVisible(chromedp.ID("transcript")))
	passage := `li.passage[data-key="` + cand.key + `"]`
	b.do("back to the comparison", chromedp.Navigate(compareURL), chromedp.WaitVisible(chromedp.CSS(passage+" form.adjudicate")))
	consensus := func() string {
		return b.eval(`document.querySelector(".interview-head .meta").textContent.match(/(\d+) consensus/)[1]`)
	}
	stripes := func() string {
		return b.eval(`String(document.querySelectorAll('a.stripe[href*="?segment="]').length)`)
	}
	c0, s0 := consensus(), stripes()
	b.shot("c2-open")
	b.do("accept coder-b's code",
		chromedp.Click(chromedp.CSS(passage+` input[value="right"]`)),
		chromedp.SendKeys(chromedp.CSS(passage+" textarea"), "Coder A missed it; the passage clearly fits the definition."),
		chromedp.Click(chromedp.CSS(passage+` button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(passage+".resolved")),
	)
	b.shot("c3-decided")
	if c1, s1 := consensus(), stripes(); c1 == c0 || s1 == s0 {
		t.Errorf("consensus unchanged after adjudication: %s segments and %s stripes before, %s and %s after", c0, s0, c1, s1)
	}
	if got := cell(); got == before {
		t.Errorf("team report unchanged after adjudication: %s/%s still %q", cand.section, cand.item, got)
	} else {
		t.Logf("team report: %s/%s %q -> %q", cand.section, cand.item, before, got)
	}
	b.shot("c4-report")
	var decided bool
	must(t, st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
		decided = decided || (e.Action == gate.ActionDecide && e.Actor == "owner" && e.Object == cand.key && strings.Contains(e.Detail, "Coder A missed it"))
		return true
	}))
	if !decided {
		t.Error("the decision is not in the audit log with its note")
	}
	b.do("reliability page", chromedp.Navigate(ts.URL+"/reliability"), chromedp.WaitVisible(chromedp.ID("reliability-table")))
	b.shot("c5-reliability")
}
