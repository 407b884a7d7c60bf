package gate

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"ownwords"
	"ownwords/report"
	"ownwords/sqldb/sqldbtest"
)

// reportOut is what a caller gets from g for req: the report as the
// workbench sends it (`ownwords report --format json`) with the page's
// links, or the error code.
func reportOut(t *testing.T, g *Gate, c Caller, req ReportRequest) string {
	t.Helper()
	rep, links := reportParts(t, g, c, req)
	return rep + links
}

// reportParts is reportOut in two: the report, and the links of the page.
func reportParts(t *testing.T, g *Gate, c Caller, req ReportRequest) (string, string) {
	t.Helper()
	rep, err := g.Report(context.Background(), c, req)
	if err != nil {
		if ownwords.ErrorCode(err) == "" {
			t.Fatal(err)
		}
		return "error " + ownwords.ErrorCode(err), ""
	}
	var b bytes.Buffer
	if err := report.WriteJSON(&b, rep.Report); err != nil {
		t.Fatal(err)
	}
	return b.String(), asJSON(t, []any{rep.Plan, rep.Plans, rep.Tier, rep.Drill, rep.QuoteBank})
}

// TestReportCacheKeepsCallersApart asks a caching gate for the report as
// every caller, audience and tier, in an order where each follows one who
// may see more (the owner's team report with quotes first): each gets
// exactly what an uncaching gate gives it, and the second asking builds
// nothing.
func TestReportCacheKeepsCallersApart(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newRecordsFixture(t, st)
		cached := New(st, f.study.ID).EnableCache(0)
		tests := []struct {
			who string
			req ReportRequest
		}{
			{"owner", ReportRequest{}},
			{"owner", ReportRequest{Tier: string(ownwords.TierLimited)}},
			{"owner", ReportRequest{Tier: string(ownwords.TierDeidentified)}},
			{"analyst", ReportRequest{}},
			{"coder", ReportRequest{}},
			{"coder", ReportRequest{Audience: AudienceTeam}},
			{"viewer", ReportRequest{}},
			{"owner", ReportRequest{Audience: AudiencePublic}},
			{"public", ReportRequest{}},
			{"public", ReportRequest{Audience: AudienceTeam}},
			{"analyst", ReportRequest{Tier: string(ownwords.TierFull)}},
		}
		seen := map[string]bool{}
		for _, tt := range tests {
			c := f.callers[tt.who]
			wantRep, links := reportParts(t, New(st, f.study.ID), c, tt.req)
			want := wantRep + links
			before := cached.CacheStats()
			got := reportOut(t, cached, c, tt.req)
			if got != want {
				t.Errorf("%s %+v from the cache:\n%s\nwithout:\n%s", tt.who, tt.req, got, want)
			}
			again := cached.CacheStats()
			if got2 := reportOut(t, cached, c, tt.req); got2 != want {
				t.Errorf("%s %+v asked again:\n%s\nwant:\n%s", tt.who, tt.req, got2, want)
			}
			if after := cached.CacheStats(); after != again {
				t.Errorf("%s %+v asked again built %+v → %+v", tt.who, tt.req, again, after)
			}
			if strings.HasPrefix(want, "error") {
				continue
			}
			// A new build for every report not served before: callers
			// share an entry only when they get the same report.
			if fresh := !seen[wantRep]; fresh && again.Reports == before.Reports {
				t.Errorf("%s %+v: a report never built before came from the cache", tt.who, tt.req)
			}
			seen[wantRep] = true
		}
		if s := cached.CacheStats(); s.Loads != 1 || s.Analyses != 1 {
			t.Errorf("builds %+v: want one load and one analysis of one plan at one version", s)
		}
		// The owner's quotes never reach the others.
		for _, who := range []string{"analyst", "coder", "viewer", "public"} {
			if out := reportOut(t, cached, f.callers[who], ReportRequest{}); strings.Contains(out, "My cousin") {
				t.Errorf("%s's report from the cache carries the owner's quote", who)
			}
		}
	})
}

// TestReportCacheFollowsWrites: after any write — to the codings, an
// attribute, a participant, the plan, a memo, the settings — made through
// this gate's store or another handle on the same database (another
// process), the next report is built anew and equals an uncaching gate's;
// without a write, it is not built again.
func TestReportCacheFollowsWrites(t *testing.T) {
	sqldbtest.EachTwoHandles(t, func(t *testing.T, this, other sqldbtest.Handle) {
		st := this.Store
		f := newRecordsFixture(t, st)
		ctx := context.Background()
		cached := New(st, f.study.ID).EnableCache(0)
		owner, analyst := f.callers["owner"], f.callers["analyst"]
		tests := []struct {
			name  string
			write func(s ownwords.Store) error
		}{
			{"coding", func(s ownwords.Store) error {
				f.codeSecond(t, s)
				return nil
			}},
			{"uncoding", func(s ownwords.Store) error {
				segs, err := s.Segments(ctx, ownwords.SegmentFilter{StudyID: f.study.ID, Layer: ownwords.LayerConsensus})
				if err != nil {
					return err
				}
				last := segs[len(segs)-1]
				return s.DeleteSegment(ctx, last.ID, last.Version)
			}},
			{"attribute", func(s ownwords.Store) error {
				a, err := s.Attributes(ctx, f.study.ID)
				if err != nil {
					return err
				}
				a[0].Values = append(a[0].Values, "other")
				return s.UpdateAttribute(ctx, a[0])
			}},
			{"participant", func(s ownwords.Store) error {
				f.p2.Values["gender"] = ownwords.Value{Type: ownwords.AttrCategory, Str: "woman"}
				return s.UpdateParticipant(ctx, f.p2)
			}},
			{"plan", func(s ownwords.Store) error {
				plan := `{"name": "reference", "groups": [{"name": "all", "filter": {}}, {"name": "men", "filter": {"gender": "man"}}],
					"sections": ["influences"], "attributes": ["gender"]}`
				return s.SavePlan(ctx, &ownwords.Plan{StudyID: f.study.ID, Name: "reference", Body: []byte(plan)})
			}},
			{"memo", func(s ownwords.Store) error {
				return s.CreateMemo(ctx, &ownwords.Memo{StudyID: f.study.ID, TargetType: ownwords.MemoParticipant, TargetID: f.p2.ID, Body: "later"})
			}},
			{"settings", func(s ownwords.Store) error {
				f.study.Settings.DisclosureK = 2
				return s.UpdateStudy(ctx, f.study)
			}},
		}
		for _, tt := range tests {
			for _, by := range []sqldbtest.Handle{this, other} {
				t.Run(tt.name+"/"+by.Name, func(t *testing.T) {
					for _, c := range []Caller{owner, analyst} {
						reportOut(t, cached, c, ReportRequest{}) // cached now
					}
					before := cached.CacheStats()
					for _, c := range []Caller{owner, analyst} {
						reportOut(t, cached, c, ReportRequest{})
					}
					if s := cached.CacheStats(); s != before {
						t.Fatalf("without a write: builds %+v → %+v", before, s)
					}
					if err := tt.write(by.Store); err != nil {
						t.Fatal(err)
					}
					for i, c := range []Caller{owner, analyst} {
						want := reportOut(t, New(st, f.study.ID), c, ReportRequest{})
						if got := reportOut(t, cached, c, ReportRequest{}); got != want {
							t.Errorf("after the write, from the cache:\n%s\nwithout:\n%s", got, want)
						}
						s := cached.CacheStats()
						if s.Reports != before.Reports+int64(i+1) || s.Analyses != before.Analyses+1 || s.Loads != before.Loads+1 {
							t.Errorf("after the write: builds %+v → %+v, want a new load, analysis and report", before, s)
						}
					}
				})
			}
		}
	})
}

// TestReportCacheBuildsOnceConcurrently: requests arriving together for
// one report wait for one build, and the drill-down uses its analysis.
func TestReportCacheBuildsOnceConcurrently(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newRecordsFixture(t, st)
		cached := New(st, f.study.ID).EnableCache(0)
		want := reportOut(t, New(st, f.study.ID), f.callers["owner"], ReportRequest{})
		var wg sync.WaitGroup
		outs := make([]string, 8)
		for i := range outs {
			wg.Go(func() {
				rep, err := cached.Report(context.Background(), f.callers["owner"], ReportRequest{})
				if err != nil {
					t.Error(err)
					return
				}
				var b bytes.Buffer
				report.WriteJSON(&b, rep.Report)
				outs[i] = b.String() + asJSON(t, []any{rep.Plan, rep.Plans, rep.Tier, rep.Drill, rep.QuoteBank})
			})
		}
		wg.Wait()
		for i, out := range outs {
			if out != want {
				t.Errorf("request %d:\n%s\nwant:\n%s", i, out, want)
			}
		}
		if _, err := cached.Drill(context.Background(), f.callers["owner"], "", "influences", "family", "all"); err != nil {
			t.Fatal(err)
		}
		if s := cached.CacheStats(); s != (CacheStats{Loads: 1, Analyses: 1, Reports: 1}) {
			t.Errorf("builds %+v, want one load, analysis and report", s)
		}
	})
}

// TestReportCacheIsBounded: the cache keeps at most its size, dropping the
// least recently used entry.
func TestReportCacheIsBounded(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newRecordsFixture(t, st)
		cached := New(st, f.study.ID).EnableCache(3)
		owner := f.callers["owner"]
		team, public := ReportRequest{}, ReportRequest{Audience: AudiencePublic}
		// Entries after each request, least recently used first.
		for _, tt := range []struct {
			req    ReportRequest
			builds int64 // reports built so far
		}{
			{team, 1},   // team report, analysis, input
			{public, 2}, // input, public report (team dropped), analysis
			{public, 2}, // input, analysis, public
			{team, 3},   // public, team (input dropped), analysis
		} {
			reportOut(t, cached, owner, tt.req)
			if s := cached.CacheStats(); s.Reports != tt.builds {
				t.Errorf("%+v: %d reports built, want %d", tt.req, s.Reports, tt.builds)
			}
			if n := len(cached.cache.entries); n > 3 {
				t.Errorf("%d entries, more than 3", n)
			}
		}
		if s := cached.CacheStats(); s.Loads != 1 || s.Analyses != 1 {
			t.Errorf("builds %+v, want one load and one analysis", s)
		}
	})
}

// TestReportCacheLoadsOncePerVersion: reports of two plans read the
// study once, and run each plan once.
func TestReportCacheLoadsOncePerVersion(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newRecordsFixture(t, st)
		plan := `{"name": "women", "groups": [{"name": "women", "filter": {"gender": "woman"}}], "sections": ["influences"]}`
		if err := st.SavePlan(context.Background(), &ownwords.Plan{StudyID: f.study.ID, Name: "women", Body: []byte(plan)}); err != nil {
			t.Fatal(err)
		}
		cached := New(st, f.study.ID).EnableCache(0)
		for _, name := range []string{"reference", "women", "reference", "women"} {
			req := ReportRequest{Plan: name}
			if got, want := reportOut(t, cached, f.callers["analyst"], req), reportOut(t, New(st, f.study.ID), f.callers["analyst"], req); got != want {
				t.Errorf("plan %s from the cache:\n%s\nwithout:\n%s", name, got, want)
			}
		}
		if s := cached.CacheStats(); s != (CacheStats{Loads: 1, Analyses: 2, Reports: 2}) {
			t.Errorf("builds %+v, want one load, two analyses and two reports", s)
		}
	})
}

// TestSearchChoicesCache asks a caching gate for the search choices as
// every role, in an order where each follows one who may see more: each
// gets what an uncaching gate gives it, the second asking builds nothing,
// what a caller changes in its copy reaches no one else, the coding work
// (a plan saved) keeps the choices and a write to the set-up (a
// participant's new value, a withdrawal) shows at once.
func TestSearchChoicesCache(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := newRecordsFixture(t, st)
		cached := New(st, f.study.ID).EnableCache(0)
		choices := func(g *Gate, who string) string {
			t.Helper()
			ch, err := g.SearchChoices(ctx, f.callers[who])
			if err != nil {
				return "error " + ownwords.ErrorCode(err)
			}
			return asJSON(t, ch)
		}
		check := func(step string) {
			t.Helper()
			for _, who := range []string{"owner", "coder", "analyst", "viewer", "public", "owner"} {
				want := choices(New(st, f.study.ID), who)
				if got := choices(cached, who); got != want {
					t.Errorf("%s: %s from the cache:\n%s\nwithout:\n%s", step, who, got, want)
				}
				before := cached.CacheStats()
				if got := choices(cached, who); got != want {
					t.Errorf("%s: %s asked again:\n%s\nwant:\n%s", step, who, got, want)
				}
				if after := cached.CacheStats(); after != before {
					t.Errorf("%s: %s asked again built %+v → %+v", step, who, before, after)
				}
			}
		}
		check("first")
		if s := cached.CacheStats(); s.Choices != 4 {
			t.Errorf("builds %+v: want one of the choices per role", s)
		}

		// A caller's copy is its own.
		ch, err := cached.SearchChoices(ctx, f.callers["owner"])
		mustOK(t, err)
		if len(ch.Filters) == 0 || len(ch.Filters[0].Choices) == 0 {
			t.Fatalf("owner's choices %+v: no filter to change", ch)
		}
		ch.Filters[0].Choices[0], ch.Languages = "tampered", append(ch.Languages, "tampered")
		ch.By[0].Slug = "tampered"
		if js := choices(cached, "owner"); strings.Contains(js, "tampered") {
			t.Errorf("a change to a copy reached the cache: %s", js)
		}

		// The coding work keeps the choices.
		before := cached.CacheStats()
		mustOK(t, st.SavePlan(ctx, &ownwords.Plan{StudyID: f.study.ID, Name: "reference", Body: []byte(`{"name": "reference"}`)}))
		check("after a plan saved")
		if after := cached.CacheStats(); after.Choices != before.Choices {
			t.Errorf("a plan saved rebuilt the choices: %+v → %+v", before, after)
		}

		// A new value shows at once; a withdrawal takes it away from all
		// but the owner.
		mustOK(t, st.CreateAttribute(ctx, &ownwords.Attribute{StudyID: f.study.ID, Slug: "region", Type: ownwords.AttrCategory, Position: 9}))
		f.p1.Values["region"] = ownwords.Value{Type: ownwords.AttrCategory, Str: "Konya"}
		mustOK(t, st.UpdateParticipant(ctx, f.p1))
		check("after a new value")
		if js := choices(cached, "coder"); !strings.Contains(js, "Konya") {
			t.Fatalf("the coder's choices lack the new value: %s", js)
		}
		_, err = f.g.SetConsent(ctx, f.callers["owner"], ConsentRequest{Participant: "P-0001", Withdraw: true})
		mustOK(t, err)
		check("after a withdrawal")
		for _, who := range []string{"coder", "analyst"} {
			if js := choices(cached, who); strings.Contains(js, "Konya") {
				t.Errorf("%s's choices from the cache offer the withdrawn participant's value: %s", who, js)
			}
		}
	})
}
