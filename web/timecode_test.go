package web

import (
	"strings"
	"testing"

	"ownwords"
	"ownwords/gate"
	"ownwords/sqldb/sqldbtest"
)

// TestInterviewPageTimes: a transcript with time anchors gives its
// paragraphs, stripes and segment rows data-t-start (seconds) for a media
// player to seek to; one without gives none.
func TestInterviewPageTimes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		page := func() string {
			t.Helper()
			rec := f.get("/interviews/"+f.iv.ID+"?segment="+f.cons.ID, asOwner, nil)
			if rec.Code != 200 {
				t.Fatalf("interview page: %d", rec.Code)
			}
			return rec.Body.String()
		}
		if strings.Contains(page(), "data-t-start") {
			t.Error("a transcript without anchors has data-t-start")
		}
		f.mustAnchorTurns(t, 2000, 5250, 31000)
		body := page()
		for _, want := range []string{
			`data-start="0" data-end="30" data-t-start="2"`,
			`data-t-start="5.25"`,
			`data-t-start="31"`,
			`<li data-segment="` + f.cons.ID + `" data-t-start="5.25" data-t-end="31">`,
			`data-segment="` + f.cons.ID + `" data-t-start="5.25">`,
			`from 5.25 s to 31 s`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("interview page lacks %s", want)
			}
		}
	})
}

// TestParticipantsConsentColumn: owners see the consent column of the
// participants page; no other role does.
func TestParticipantsConsentColumn(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		owner := gate.Member(f.users[asOwner], ownwords.RoleOwner)
		_, err := gate.New(st, f.study.ID).SetConsent(t.Context(), owner, gate.ConsentRequest{Participant: "P-0002",
			Answers: map[string]string{"face": "yes"}})
		must(t, err)
		for _, who := range []string{asOwner, asCoder, asAnalyst} {
			rec := f.get("/participants", who, nil)
			if rec.Code != 200 {
				t.Fatalf("participants page as %s: %d", who, rec.Code)
			}
			body := rec.Body.String()
			has := strings.Contains(body, "<th>Consent</th>") && strings.Contains(body, "face ✓")
			if has != (who == asOwner) || (who != asOwner && strings.Contains(body, `class="consent"`)) {
				t.Errorf("participants page as %s: consent column %v", who, has)
			}
		}
	})
}

// mustAnchorTurns gives f.iv's transcript (transcriptEN) time anchors at
// its three parts, in milliseconds: the interviewer's question, the
// participant's answer, and "Later I travelled."; it returns the
// interview as stored.
func (f *fixture) mustAnchorTurns(t testing.TB, question, answer, later int64) *ownwords.Interview {
	t.Helper()
	iv, err := f.store.Interview(t.Context(), f.iv.ID)
	must(t, err)
	second := len([]rune("Interviewer: How did it start?\n"))
	last := len([]rune(iv.Transcript[:strings.Index(iv.Transcript, "Later")]))
	iv.Anchors = []ownwords.TimeAnchor{{Offset: 0, Ms: question}, {Offset: second, Ms: answer}, {Offset: last, Ms: later}}
	must(t, f.store.UpdateInterview(t.Context(), iv))
	return iv
}
