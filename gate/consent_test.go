package gate

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/report"
	"ownwords/sqldb/sqldbtest"
)

// teamFigure returns n of the figure (section, item, group) of the
// owner's team report from g, -1 when the report lacks it.
func teamFigure(t *testing.T, g *Gate, c Caller, section, item, group string) int {
	t.Helper()
	rep, err := g.Report(context.Background(), c, ReportRequest{Audience: AudienceTeam})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := report.WriteJSON(&b, rep.Report); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Figures []struct {
			Section, Item, Group string
			N                    *int
		}
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	for _, f := range out.Figures {
		if f.Section == section && f.Item == item && f.Group == group && f.N != nil {
			return *f.N
		}
	}
	return -1
}

func TestConsentRoles(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := newRecordsFixture(t, st)
		req := ConsentRequest{Participant: "P-0001", Answers: map[string]string{"quotes": "no"}}
		for who, code := range map[string]string{"coder": ownwords.EFORBIDDEN, "analyst": ownwords.EFORBIDDEN, "viewer": ownwords.EFORBIDDEN, "public": ownwords.EUNAUTHORIZED} {
			c := f.callers[who]
			if _, err := f.g.SetConsent(ctx, c, req); ownwords.ErrorCode(err) != code {
				t.Errorf("SetConsent as %s: %v, want %s", who, err, code)
			}
			if _, err := f.g.Consents(ctx, c); ownwords.ErrorCode(err) != code {
				t.Errorf("Consents as %s: %v, want %s", who, err, code)
			}
			if _, err := f.g.ShredParticipant(ctx, c, "P-0001", true); ownwords.ErrorCode(err) != code {
				t.Errorf("ShredParticipant as %s: %v, want %s", who, err, code)
			}
		}
		owner := f.callers["owner"]
		for _, bad := range []ConsentRequest{
			{Participant: "P-0001"},
			{Participant: "P-0001", Answers: map[string]string{"quotes": "maybe"}},
			{Participant: "P-0001", Answers: map[string]string{"tattoos": "no"}},
		} {
			if _, err := f.g.SetConsent(ctx, owner, bad); ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Errorf("SetConsent %+v: %v, want EINVALID", bad, err)
			}
		}
		if _, err := f.g.SetConsent(ctx, owner, ConsentRequest{Participant: "P-9999", Answers: map[string]string{"quotes": "no"}}); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
			t.Errorf("SetConsent of an unknown participant: %v", err)
		}
		list, err := f.g.Consents(ctx, owner)
		mustOK(t, err)
		if len(list) != 2 || list[0].Recorded || !list[0].Answers["analysis"].Allowed || !list[0].Answers["quotes"].Allowed ||
			list[0].Answers["voice"].Allowed || list[0].Answers["face"].Allowed {
			t.Errorf("default consent %+v: want analysis and quotes, no voice or face", list)
		}
		v, err := f.g.SetConsent(ctx, owner, ConsentRequest{Participant: "P-0001", Answers: map[string]string{"voice": "yes", "quotes": "no"},
			Date: ownwords.Date{Year: 2024, Month: 2, Day: 3}})
		mustOK(t, err)
		if v.Answers["quotes"].Allowed || !v.Answers["voice"].Allowed || v.Answers["voice"].Date != "2024-02-03" || !v.Answers["analysis"].Allowed {
			t.Errorf("after set: %+v", v)
		}
		var entries []*ownwords.AuditEntry
		mustOK(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			if e.Action == ownwords.ActionConsentSet {
				entries = append(entries, e)
			}
			return true
		}))
		if len(entries) != 1 || entries[0].Actor != "owner" || entries[0].Object != f.p1.ID {
			t.Errorf("audit entries of consent: %+v, want one by the owner on P-0001", entries)
		}
	})
}

func TestConsentEnforced(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := newRecordsFixture(t, st)
		owner := f.callers["owner"]
		g := New(st, f.study.ID).EnableCache(0)
		if n := teamFigure(t, g, owner, "influences", "family", "all"); n != 1 {
			t.Fatalf("family before: %d, want 1", n)
		}
		// A translation of the transcript goes with it when shredded.
		mustOK(t, st.PutInterviewText(ctx, &ownwords.InterviewText{StudyID: f.study.ID, InterviewID: f.iv1.ID, Language: "en",
			Role: ownwords.TextTranslation, Method: ownwords.MethodInterpreter, Text: transcript}))
		bank, err := g.Quotes(ctx, owner, QuotesRequest{Item: "influences/family"})
		mustOK(t, err)
		if len(bank.Quotes) != 1 {
			t.Fatalf("quotes before: %+v", bank.Quotes)
		}

		// No quotes: still counted, never quoted.
		_, err = g.SetConsent(ctx, owner, ConsentRequest{Participant: "P-0001", Answers: map[string]string{"quotes": "no"}})
		mustOK(t, err)
		if n := teamFigure(t, g, owner, "influences", "family", "all"); n != 1 {
			t.Errorf("family after quotes=no: %d, want 1 (still counted)", n)
		}
		bank, err = g.Quotes(ctx, owner, QuotesRequest{Item: "influences/family"})
		mustOK(t, err)
		if len(bank.Quotes) != 0 {
			t.Errorf("quoted after quotes=no: %+v", bank.Quotes)
		}
		inTranslation := false
		hits := func() int {
			t.Helper()
			out, err := g.Search(ctx, owner, SearchRequest{Query: "cousin"})
			mustOK(t, err)
			inTranslation = false
			for _, ih := range out.Result.Interviews {
				for _, h := range ih.Hits {
					inTranslation = inTranslation || h.Text != nil
				}
			}
			return len(out.Result.Interviews)
		}
		if n := hits(); n != 2 || !inTranslation {
			t.Fatalf("search before withdrawal: %d interviews (want 2), a hit in the translation: %v", n, inTranslation)
		}

		// Withdrawal: out of the cached report page at once, and of search.
		if _, err := g.ShredParticipant(ctx, owner, "P-0001", true); ownwords.ErrorCode(err) != ownwords.EINVALID {
			t.Errorf("shredding before a withdrawal: %v, want EINVALID", err)
		}
		_, err = g.SetConsent(ctx, owner, ConsentRequest{Participant: "P-0001", Withdraw: true})
		mustOK(t, err)
		if n := teamFigure(t, g, owner, "influences", "family", "all"); n != 0 {
			t.Errorf("family after the withdrawal: %d, want 0", n)
		}
		if n := teamFigure(t, g, owner, "sample", "participants", "all"); n != 1 {
			t.Errorf("sample after the withdrawal: %d, want 1", n)
		}
		if n := hits(); n != 1 || inTranslation {
			t.Errorf("search after the withdrawal: %d interviews (want 1), a hit in the withdrawn participant's translation: %v", n, inTranslation)
		}
		exported := func(e *Export, err error) string {
			t.Helper()
			mustOK(t, err)
			var b bytes.Buffer
			mustOK(t, e.Write(&b))
			zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
			if err != nil {
				return b.String() // not an archive: CSV
			}
			var all strings.Builder
			for _, zf := range zr.File {
				r, err := zf.Open()
				mustOK(t, err)
				data, err := io.ReadAll(r)
				mustOK(t, err)
				all.Write(data)
			}
			return all.String()
		}
		project := exported(g.ExportREFIQDA(ctx, owner, REFIQDARequest{Format: "qdpx"}))
		if strings.Contains(project, "P-0001") || strings.Contains(project, f.iv1.ID) || strings.Contains(project, memoMarker) || !strings.Contains(project, "P-0002") {
			t.Error("the REFI-QDA project holds the withdrawn participant (or lacks the other)")
		}
		events, err := g.ExportEvents(ctx, owner, EventsRequest{})
		if csv := exported(&events.Export, err); strings.Contains(csv, "P-0001") || strings.Contains(csv, noteMarker) {
			t.Errorf("the events table holds the withdrawn participant: %s", csv)
		}
		if _, err := g.SetConsent(ctx, owner, ConsentRequest{Participant: "P-0001", Answers: map[string]string{"analysis": "yes"}}); ownwords.ErrorCode(err) != ownwords.EINVALID {
			t.Errorf("answers after a withdrawal: %v, want EINVALID", err)
		}
		purged, err := g.ShredParticipant(ctx, owner, "P-0001", false)
		mustOK(t, err)
		if len(purged) != 1 || purged[0].ID != f.iv1.ID {
			t.Fatalf("purged %+v", purged)
		}
		iv, err := st.Interview(ctx, f.iv1.ID)
		mustOK(t, err)
		if iv.Transcript != "" {
			t.Error("the transcript survived the shredding")
		}
		if texts, err := st.InterviewTexts(ctx, f.iv1.ID); err != nil || len(texts) != 0 {
			t.Errorf("the translation survived the shredding: %d texts, %v", len(texts), err)
		}
	})
}

func TestTimeSpansInOutputs(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := newRecordsFixture(t, st)
		owner := f.callers["owner"]
		iv, err := st.Interview(ctx, f.iv1.ID)
		mustOK(t, err)
		// "Interviewer: How did it start? Participant: My cousin sent videos."
		turn := len([]rune("Interviewer: How did it start? "))
		iv.Anchors = []ownwords.TimeAnchor{{Offset: 0, Ms: 61000}, {Offset: turn, Ms: 64500}}
		mustOK(t, st.UpdateInterview(ctx, iv))

		coding, err := f.g.Segments(ctx, owner, iv.ID)
		mustOK(t, err)
		if len(coding.Segments) == 0 {
			t.Fatal("no segments")
		}
		for _, seg := range coding.Segments {
			sp, ok := coding.Times[seg.ID]
			if !ok || sp.Start != 64.5 || sp.End != nil {
				t.Errorf("segment %s: time %+v, want from 64.5 s to the end", seg.ID, sp)
			}
		}
		out, err := f.g.Search(ctx, owner, SearchRequest{Query: "cousin"})
		mustOK(t, err)
		for _, ih := range out.Result.Interviews {
			for _, h := range ih.Hits {
				timed := ih.InterviewID == iv.ID
				if (h.TimeSpan != nil) != timed || (timed && h.TimeSpan.Start != 64.5) {
					t.Errorf("hit %+v of %s: time %+v", h, ih.Title, h.TimeSpan)
				}
			}
		}
		bank, err := f.g.Quotes(ctx, owner, QuotesRequest{Item: "influences/family"})
		mustOK(t, err)
		if len(bank.Quotes) != 1 || bank.Quotes[0].TimeSpan == nil || bank.Quotes[0].TimeSpan.Start != 64.5 {
			t.Fatalf("quotes %+v, want one from 64.5 s", bank.Quotes)
		}
		js := asJSON(t, bank.Quotes[0])
		if !bytes.Contains([]byte(js), []byte(`"t_start":64.5`)) {
			t.Errorf("quote JSON %s lacks t_start", js)
		}
	})
}

// TestWithdrawnOutOfTeamPages withdraws P-0001 (whose interview alone is
// coded by two coders) and checks that no one but the owner finds them
// any more: not in the participants or interviews lists of an analyst or
// coder (whose count would otherwise differ from the report's sample by
// exactly the withdrawn, telling them that someone withdrew, and their
// row who), and not in the agreement between coders of any role.
func TestWithdrawnOutOfTeamPages(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := newRecordsFixture(t, st)
		owner := f.callers["owner"]
		rel, err := f.g.Reliability(ctx, f.callers["analyst"], nil, nil)
		mustOK(t, err)
		if rel.Table == nil {
			t.Fatalf("reliability before the withdrawal: %s", rel.Reason)
		}
		_, err = f.g.SetConsent(ctx, owner, ConsentRequest{Participant: "P-0001", Withdraw: true})
		mustOK(t, err)
		for _, who := range []string{"owner", "analyst", "coder"} {
			rel, err := f.g.Reliability(ctx, f.callers[who], nil, nil)
			mustOK(t, err)
			if rel.Table != nil || len(rel.DoubleCoded) != 0 {
				t.Errorf("reliability as %s after the withdrawal computed on the withdrawn participant's interview: %+v", who, rel)
			}
		}
		for who, want := range map[string]int{"owner": 2, "analyst": 1, "coder": 1} {
			c := f.callers[who]
			ps, err := f.g.Participants(ctx, c, nil)
			mustOK(t, err)
			if len(ps.Rows) != want {
				t.Errorf("participants list as %s: %d rows, want %d", who, len(ps.Rows), want)
			}
			ivs, err := f.g.Interviews(ctx, c)
			mustOK(t, err)
			if len(ivs.Interviews) != want || ivs.Participants != want {
				t.Errorf("interviews list as %s: %d interviews of %d participants, want %d", who, len(ivs.Interviews), ivs.Participants, want)
			}
			if js := asJSON(t, ivs); who != "owner" && strings.Contains(js, f.iv1.ID) {
				t.Errorf("interviews list as %s names the withdrawn participant's interview", who)
			}
		}
		if _, err := f.g.Participant(ctx, f.callers["coder"], f.p1.ID); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
			t.Errorf("the withdrawn participant's page as a coder: %v, want ENOTFOUND", err)
		}
		if _, err := f.g.Segments(ctx, f.callers["coder"], f.iv1.ID); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
			t.Errorf("the withdrawn participant's coding view as a coder: %v, want ENOTFOUND", err)
		}
		if _, err := f.g.Segments(ctx, owner, f.iv1.ID); err != nil {
			t.Errorf("the withdrawn participant's coding view as the owner: %v", err)
		}
		mine, err := st.Segments(ctx, ownwords.SegmentFilter{StudyID: f.study.ID, InterviewID: f.iv1.ID, Layer: ownwords.LayerCoder, CoderID: f.users[ownwords.RoleCoder].ID})
		mustOK(t, err)
		if len(mine) != 1 {
			t.Fatalf("the coder's segments of the withdrawn participant: %+v", mine)
		}
		out, err := f.g.Search(ctx, f.callers["coder"], SearchRequest{Query: "cousin", Coded: mine[0].ID})
		mustOK(t, err)
		if out.Coded != nil {
			t.Errorf("search confirms the coder's passage of the withdrawn participant: %+v", out.Coded)
		}
		_, err = f.g.CreateSegment(ctx, f.callers["coder"], NewSegment{InterviewID: f.iv1.ID, CodeID: f.codeID, Start: 0, End: 5,
			TextHash: ownwords.HashText(string([]rune(transcript)[:5]))})
		if ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
			t.Errorf("coding the withdrawn participant's interview as a coder: %v, want ENOTFOUND", err)
		}
	})
}

// TestWithdrawnOutOfCountsAndChoices withdraws P-0001, the only woman and
// the only participant with coded segments, and checks that nothing a
// team member reads still counts them: the codebook page's segments per
// code, the parts of a search breakdown (a part "woman" with no one
// would say a woman was left out) and the values offered as filters.
func TestWithdrawnOutOfCountsAndChoices(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := newRecordsFixture(t, st)
		owner := f.callers["owner"]
		mustOK(t, st.CreateAttribute(ctx, &ownwords.Attribute{StudyID: f.study.ID, Slug: "region", Type: ownwords.AttrCategory, Position: 9}))
		f.p1.Values["region"] = ownwords.Value{Type: ownwords.AttrCategory, Str: "Konya"}
		mustOK(t, st.UpdateParticipant(ctx, f.p1))
		_, err := f.g.SetConsent(ctx, owner, ConsentRequest{Participant: "P-0001", Withdraw: true})
		mustOK(t, err)
		for _, who := range []string{"analyst", "coder"} {
			c := f.callers[who]
			cb, err := f.g.Codebook(ctx, c)
			mustOK(t, err)
			if n := cb.Segments[f.codeID]; n != 0 {
				t.Errorf("codebook page as %s: %d segments of the withdrawn participant's interview", who, n)
			}
			ch, err := f.g.SearchChoices(ctx, c)
			mustOK(t, err)
			if js := asJSON(t, ch); strings.Contains(js, "Konya") {
				t.Errorf("search choices as %s offer the withdrawn participant's value: %s", who, js)
			}
			if slices.Contains(ch.Languages, "tr") {
				t.Errorf("search choices as %s offer the language of the withdrawn participant's interview: %v", who, ch.Languages)
			}
		}
		out, err := f.g.Search(ctx, owner, SearchRequest{Query: "cousin", By: "gender"})
		mustOK(t, err)
		if out.By == nil {
			t.Fatal("no breakdown")
		}
		for _, gr := range out.By.Groups {
			if gr.Value == "woman" {
				t.Errorf("breakdown %+v has a part for the withdrawn participant's value", out.By.Groups)
			}
		}
	})
}

// TestWithdrawalAfterAKeptReadIsEnforced: a coder's codings read the
// study's consent records, which the store keeps between requests; the
// owner's withdrawal — through this process's gate or another's on the
// same database — takes effect on the coder's very next write.
func TestWithdrawalAfterAKeptReadIsEnforced(t *testing.T) {
	for _, via := range []string{"this", "other"} {
		t.Run("withdrawn through "+via, func(t *testing.T) {
			sqldbtest.EachTwoHandles(t, func(t *testing.T, this, other sqldbtest.Handle) {
				ctx := t.Context()
				f := newRecordsFixture(t, this)
				coder, owner := f.callers["coder"], f.callers["owner"]
				ownerGate := f.g
				if via == "other" {
					ownerGate = New(other, f.study.ID)
				}
				hashOf := func(start, end int) string { return ownwords.HashText(string([]rune(transcript)[start:end])) }
				var mine []*ownwords.Segment
				for i := range 3 { // the first reads the records, the others are served what it kept
					seg, err := f.g.CreateSegment(ctx, coder, NewSegment{InterviewID: f.iv1.ID, CodeID: f.codeID, Start: i, End: i + 5, TextHash: hashOf(i, i+5)})
					mustOK(t, err)
					mine = append(mine, seg)
				}
				_, err := f.g.DeleteSegment(ctx, coder, mine[2].ID, mine[2].Version)
				mustOK(t, err)
				_, err = ownerGate.SetConsent(ctx, owner, ConsentRequest{Participant: "P-0001", Withdraw: true})
				mustOK(t, err)
				_, err = f.g.CreateSegment(ctx, coder, NewSegment{InterviewID: f.iv1.ID, CodeID: f.codeID, Start: 10, End: 15, TextHash: hashOf(10, 15)})
				if ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
					t.Errorf("coding right after the withdrawal: %v, want ENOTFOUND", err)
				}
				if _, err := f.g.DeleteSegment(ctx, coder, mine[0].ID, mine[0].Version); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
					t.Errorf("removing a coding right after the withdrawal: %v, want ENOTFOUND", err)
				}
				memo := "late"
				if _, err := f.g.UpdateSegment(ctx, coder, SegmentChange{ID: mine[1].ID, Version: mine[1].Version, Memo: &memo}); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
					t.Errorf("changing a coding right after the withdrawal: %v, want ENOTFOUND", err)
				}
				if _, err := f.g.Segments(ctx, coder, f.iv1.ID); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
					t.Errorf("the coding view right after the withdrawal: %v, want ENOTFOUND", err)
				}
				kept, err := this.Segments(ctx, ownwords.SegmentFilter{StudyID: f.study.ID, InterviewID: f.iv1.ID, CoderID: f.users[ownwords.RoleCoder].ID, Layer: ownwords.LayerCoder})
				mustOK(t, err)
				if n := len(kept); n != 3 { // the fixture's one and mine[0], mine[1]
					t.Errorf("%d of the coder's segments on the interview, want 3: a refused write changed something", n)
				}
			})
		})
	}
}
