package demo_test

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"ownwords"
	"ownwords/demo"
	"ownwords/report"
	"ownwords/sqldb/sqldbtest"
	"ownwords/vault"
)

// studyIDs matches the UUIDs a store assigns, which differ between runs.
var studyIDs = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// mustTeamReportJSON loads the demo study into st and returns its
// team-audience report as JSON, the output of
// `ownwords report --format json --audience team`.
func mustTeamReportJSON(t *testing.T, st ownwords.Store, s *demo.Study) []byte {
	t.Helper()
	ctx := context.Background()
	id, err := demo.Load(ctx, st, s, vault.HashPassword, nil)
	if err != nil {
		t.Fatalf("load demo: %v", err)
	}
	mustHoldTexts(t, st, id, s)
	rep, _, err := report.ForStudy(ctx, st, id, report.StudyOptions{Options: report.Options{Audience: report.AudienceTeam}})
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, rep); err != nil {
		t.Fatal(err)
	}
	return studyIDs.ReplaceAll(buf.Bytes(), []byte("ID"))
}

// TestPublishedChecksThroughStore is the reference study's acceptance test:
// the generated study goes through the real store, the analysis engine
// derives every figure from consensus segments, and every check of
// published.json holds on SQLite and on PostgreSQL, whose reports are
// byte-for-byte identical.
func TestPublishedChecksThroughStore(t *testing.T) {
	s := demo.Generate(demo.DefaultSeed)
	checks := demo.PublishedChecks()
	reports := map[string][]byte{}
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		got := mustTeamReportJSON(t, st, s)
		reports[st.Dialect()] = got
		failed := 0
		for _, r := range demo.EvaluateChecks(got, checks) {
			if !r.OK {
				failed++
				t.Errorf("check %s failed: got %s", r.Check, r.Got)
			}
		}
		if len(checks.Checks) < 50 || failed > 0 {
			t.Fatalf("%d of %d published checks failed", failed, len(checks.Checks))
		}
	})
	if a, b := reports["sqlite"], reports["postgres"]; a != nil && b != nil && !bytes.Equal(a, b) {
		t.Fatal("the SQLite and PostgreSQL reports differ")
	}
}

// mustHoldTexts checks that the store holds every other text of the demo's
// interviews: it refuses a text that does not align with its transcript,
// so each of them aligns.
func mustHoldTexts(t *testing.T, st ownwords.Store, studyID string, s *demo.Study) {
	t.Helper()
	ivs, err := st.Interviews(t.Context(), ownwords.InterviewFilter{StudyID: studyID})
	if err != nil {
		t.Fatal(err)
	}
	n, with := 0, 0
	for _, iv := range ivs {
		ts, err := st.InterviewTexts(t.Context(), iv.ID)
		if err != nil {
			t.Fatal(err)
		}
		n += len(ts)
		if len(ts) > 0 {
			with++
		}
	}
	if n != len(s.Texts) || with != 8 {
		t.Errorf("the store holds %d texts of %d interviews; want %d texts of 8", n, with, len(s.Texts))
	}
}
