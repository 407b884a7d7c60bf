package sqldb_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

func TestSuggestions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustSearchFixture(t, st)
		ss := &ownwords.SavedSearch{StudyID: f.study.ID, Name: "hisbah", Query: "hisbah OR food", CodeID: f.police.ID, Context: ownwords.ContextSentence}
		must(t, st.SaveSearch(ctx, ss))
		t.Run("ErrNameTaken", func(t *testing.T) {
			dup := *ss
			dup.ID = ""
			wantCode(t, st.SaveSearch(ctx, &dup), ownwords.ECONFLICT)
		})
		t.Run("ErrBadQuery", func(t *testing.T) {
			bad := *ss
			bad.ID, bad.Name, bad.Query = "", "bad", `"open`
			wantCode(t, st.SaveSearch(ctx, &bad), ownwords.EINVALID)
		})
		t.Run("ErrBadContext", func(t *testing.T) {
			bad := *ss
			bad.ID, bad.Name, bad.Context = "", "bad", "chapter"
			wantCode(t, st.SaveSearch(ctx, &bad), ownwords.EINVALID)
		})
		saved, err := st.SavedSearches(ctx, f.study.ID)
		must(t, err)
		if len(saved) != 1 || saved[0].Query != ss.Query {
			t.Fatalf("saved searches = %+v", saved)
		}
		// The coder already coded the first sentence: it is not suggested again.
		f.mustSegment(t, st, "P-E1", "The hisbah watched us.", f.police, ownwords.LayerCoder)
		got, err := st.Suggest(ctx, ss.ID, f.coder.ID)
		must(t, err)
		en := f.ivs["P-E1"].Transcript
		var quotes []string
		for _, sg := range got {
			q, ok := ownwords.Slice(en, sg.Start, sg.End)
			if !ok || ownwords.HashText(q) != sg.TextHash || sg.Status != ownwords.SuggestionPending || sg.CoderID != f.coder.ID {
				t.Errorf("suggestion %+v does not fit the transcript", sg)
			}
			quotes = append(quotes, q)
		}
		// Both hits of the second sentence make one suggestion.
		if want := "Then the hisbah came again, and we had no food."; len(quotes) != 1 || quotes[0] != want {
			t.Fatalf("suggested %q, want [%q]", quotes, want)
		}
		again, err := st.Suggest(ctx, ss.ID, f.coder.ID)
		must(t, err)
		if len(again) != 0 {
			t.Fatalf("second run suggested %d duplicates", len(again))
		}
		t.Run("ErrNotACoder", func(t *testing.T) {
			viewer := &ownwords.User{Name: "viewer"}
			must(t, st.CreateUser(ctx, viewer))
			must(t, st.SetRole(ctx, f.study.ID, viewer.ID, ownwords.RoleAnalyst))
			_, err := st.Suggest(ctx, ss.ID, viewer.ID)
			wantCode(t, err, ownwords.EFORBIDDEN)
		})
		seg, err := st.AcceptSuggestion(ctx, got[0].ID)
		must(t, err)
		if seg.Layer != ownwords.LayerCoder || seg.CoderID != f.coder.ID || seg.Start != got[0].Start || seg.End != got[0].End {
			t.Fatalf("accepted segment = %+v", seg)
		}
		wantCode(t, st.RejectSuggestion(ctx, got[0].ID), ownwords.ECONFLICT)
		consensus, err := st.Segments(ctx, ownwords.SegmentFilter{StudyID: f.study.ID, Layer: ownwords.LayerConsensus})
		must(t, err)
		if len(consensus) != 0 {
			t.Fatalf("accepting a suggestion reached the consensus: %+v", consensus)
		}
		// A paragraph search suggests the paragraph; rejecting keeps it out of the queue.
		para := &ownwords.SavedSearch{StudyID: f.study.ID, Name: "school", Query: "ecole", CodeID: f.police.ID, Context: ownwords.ContextTurn}
		must(t, st.SaveSearch(ctx, para))
		ps, err := st.Suggest(ctx, para.ID, f.coder.ID)
		must(t, err)
		fr := f.ivs["P-F1"].Transcript
		var turns []string
		for _, sg := range ps {
			q, _ := ownwords.Slice(fr, sg.Start, sg.End)
			turns = append(turns, q)
		}
		if len(turns) != 2 || turns[0] != "Intervieweur : Et l'école ?" || !strings.HasPrefix(turns[1], "P-F1 : L'École") {
			t.Fatalf("turn suggestions %q", turns)
		}
		must(t, st.RejectSuggestion(ctx, ps[0].ID))
		pending, err := st.Suggestions(ctx, ownwords.SuggestionFilter{StudyID: f.study.ID, CoderID: f.coder.ID, Status: ownwords.SuggestionPending})
		must(t, err)
		if len(pending) != 1 || pending[0].ID != ps[1].ID {
			t.Fatalf("pending = %+v", pending)
		}
		all, err := st.Suggestions(ctx, ownwords.SuggestionFilter{StudyID: f.study.ID})
		must(t, err)
		if len(all) != 3 {
			t.Fatalf("%d suggestions in all", len(all))
		}
		actions := map[string]bool{}
		must(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			actions[e.Action] = true
			return true
		}))
		for _, a := range []string{"search.save", "search.suggest", "suggestion.accept", "suggestion.reject", "segment.create"} {
			if !actions[a] {
				t.Errorf("no %s in the audit log", a)
			}
		}
	})
}

// TestSQLiteSearchIndexCanary plants a word in a transcript, builds the
// search index (in original and folded form) and checks that neither
// reaches any file in plaintext.
func TestSQLiteSearchIndexCanary(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "canary.ownwords")
	db, err := sqldb.Create(ctx, sqldb.Config{DSN: path, Passphrase: []byte(sqldbtest.Passphrase)})
	must(t, err)
	s := sqldbtest.MustStudy(t, db, "Canary")
	p := &ownwords.Participant{StudyID: s.ID, Code: "P-0001"}
	must(t, db.CreateParticipant(ctx, p))
	body := strings.Repeat("Filler text about daily life. ", 400) + "He said QUOKKASEARCHCANARY and Ẑebraçanary twice."
	must(t, db.CreateInterview(ctx, &ownwords.Interview{StudyID: s.ID, ParticipantID: p.ID, Title: "iv", Transcript: body}))
	r, err := db.Search(ctx, ownwords.SearchQuery{StudyID: s.ID, Query: "quokkasearchcanary zebracanary"})
	must(t, err)
	if r.TotalHits != 2 {
		t.Fatalf("index lost the canary: %+v", r)
	}
	canaries := []string{"QUOKKASEARCHCANARY", "quokkasearchcanary", "Ẑebraçanary", "zebracanary"}
	check := func(when string) {
		entries, err := os.ReadDir(dir)
		must(t, err)
		for _, e := range entries {
			raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
			must(t, err)
			for _, c := range canaries {
				if bytes.Contains(raw, []byte(c)) {
					t.Errorf("%s: canary %q in plaintext in %s", when, c, e.Name())
				}
			}
		}
	}
	check("while open")
	must(t, db.Close())
	check("after close")
}
