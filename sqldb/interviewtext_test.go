package sqldb_test

import (
	"strings"
	"testing"
	"time"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// arabicOf is the fixture's transcript in Arabic: the same two turns.
const arabicOf = "المحاور: لماذا ذهبت؟\nP-0001: لم يكن لدينا طعام. ارتفعت الأسعار كل أسبوع في إسطنبول.\n"

func TestInterviewTexts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		sid, ivID := f.study.ID, f.iv.ID
		ar := &ownwords.InterviewText{StudyID: sid, InterviewID: ivID, Language: "ar", Role: ownwords.TextOriginal,
			Date: ownwords.Date{Year: 2016, Month: 3}, Text: arabicOf}
		must(t, st.PutInterviewText(ctx, ar))
		if ar.ID == "" || ar.Version != 1 {
			t.Fatalf("created %+v", ar)
		}
		count := func() int {
			t.Helper()
			texts, err := st.InterviewTexts(ctx, ivID)
			must(t, err)
			return len(texts)
		}

		t.Run("Refused", func(t *testing.T) {
			for _, tc := range []struct {
				name string
				t    ownwords.InterviewText
				code string
				in   string
			}{
				{"misaligned speaker", ownwords.InterviewText{Language: "fr", Role: "translation", Method: "translation",
					Text: "Intervieweur : Pourquoi êtes-vous parti ?\nIntervieweur : Nous n'avions rien."}, ownwords.EINVALID, `turn 2: speaker "Intervieweur" of the translation was "Interviewer" in the transcript`},
				{"extra turn", ownwords.InterviewText{Language: "fr", Role: "translation", Method: "translation",
					Text: "I: Pourquoi ?\nP-0001: Rien à manger.\nI: Merci."}, ownwords.EINVALID, "turn 3: the transcript has 2 turns, the translation 3"},
				{"paragraphs against turns", ownwords.InterviewText{Language: "fr", Role: "translation", Method: "translation",
					Text: "Pourquoi ?\nRien à manger."}, ownwords.EINVALID, "turn 1: the transcript has speaker turns and the translation none"},
				{"second original", ownwords.InterviewText{Language: "ku", Role: "original", Text: arabicOf}, ownwords.ECONFLICT, "original already"},
				{"translation without method", ownwords.InterviewText{Language: "fr", Role: "translation", Text: arabicOf}, ownwords.EINVALID, "needs a method"},
				{"unknown role", ownwords.InterviewText{Language: "fr", Role: "gloss", Text: arabicOf}, ownwords.EINVALID, "role"},
				{"bad language", ownwords.InterviewText{Language: "not a tag", Role: "original", Text: arabicOf}, ownwords.EINVALID, "BCP 47"},
				{"no interview", ownwords.InterviewText{InterviewID: "nope", Language: "fr", Role: "translation", Method: "machine_reviewed", Text: arabicOf}, ownwords.ENOTFOUND, "nope"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					x := tc.t
					x.StudyID = sid
					if x.InterviewID == "" {
						x.InterviewID = ivID
					}
					err := st.PutInterviewText(ctx, &x)
					wantCode(t, err, tc.code)
					if !strings.Contains(err.Error(), tc.in) {
						t.Errorf("error %q lacks %q", err, tc.in)
					}
					if n := count(); n != 1 {
						t.Errorf("%d texts after a refused put, want 1", n)
					}
				})
			}
		})
		fr := &ownwords.InterviewText{StudyID: sid, InterviewID: ivID, Language: "fr", Role: ownwords.TextTranslation,
			Translator: "T. Dupont", Method: ownwords.MethodTranslation,
			Text: "Intervieweur : Pourquoi êtes-vous parti ?\nP-0001 : Nous n'avions rien à manger. Les prix montaient chaque semaine à İstanbul."}
		must(t, st.PutInterviewText(ctx, fr))
		t.Run("ListAndUpdate", func(t *testing.T) {
			texts, err := st.InterviewTexts(ctx, ivID)
			must(t, err)
			if len(texts) != 2 || texts[0].Role != "original" || texts[0].Text != arabicOf || texts[0].Date.String() != "2016-03" ||
				texts[1].Translator != "T. Dupont" || texts[1].Method != "translation" {
				t.Fatalf("texts %+v", texts)
			}
			stale := *texts[1]
			texts[1].Text = strings.Replace(texts[1].Text, "chaque semaine", "toutes les semaines", 1)
			must(t, st.PutInterviewText(ctx, texts[1]))
			if texts[1].Version != 2 {
				t.Errorf("version %d after an update, want 2", texts[1].Version)
			}
			stale.Text = "Intervieweur : Pourquoi ?\nP-0001 : Rien."
			wantCode(t, st.PutInterviewText(ctx, &stale), ownwords.ECONFLICT)
			again, err := st.InterviewTexts(ctx, ivID)
			must(t, err)
			if !strings.Contains(again[1].Text, "toutes les semaines") {
				t.Errorf("a stale save overwrote: %q", again[1].Text)
			}
		})
		t.Run("TranscriptMustStayAligned", func(t *testing.T) {
			iv, err := st.Interview(ctx, ivID)
			must(t, err)
			iv.Transcript += "Interviewer: And then?\n"
			err = st.UpdateInterview(ctx, iv)
			wantCode(t, err, ownwords.ECONFLICT)
			if !strings.Contains(err.Error(), "turn 3") {
				t.Errorf("error %q does not name turn 3", err)
			}
			_, err = st.EditTranscript(ctx, &ownwords.TranscriptEdit{StudyID: sid, InterviewID: ivID, Version: iv.Version, Transcript: iv.Transcript})
			wantCode(t, err, ownwords.ECONFLICT)
			// A correction inside a turn keeps the alignment.
			iv.Transcript = strings.Replace(transcript, "every week", "each week", 1)
			must(t, st.UpdateInterview(ctx, iv))
		})
		t.Run("Delete", func(t *testing.T) {
			must(t, st.DeleteInterviewText(ctx, fr.ID))
			wantCode(t, st.DeleteInterviewText(ctx, fr.ID), ownwords.ENOTFOUND)
			if n := count(); n != 1 {
				t.Errorf("%d texts after a delete, want 1", n)
			}
			actions := map[string]int{}
			must(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
				actions[e.Action]++
				return true
			}))
			if actions[ownwords.ActionTextCreate] != 2 || actions[ownwords.ActionTextUpdate] != 1 || actions[ownwords.ActionTextDelete] != 1 {
				t.Errorf("audit %v", actions)
			}
		})
		t.Run("GoWithTheInterview", func(t *testing.T) {
			must(t, st.DeleteInterview(ctx, ivID))
			var left int
			must(t, sqldb.RawForTest(st.(*sqldb.DB)).QueryRowContext(ctx, `SELECT count(*) FROM interview_texts WHERE interview_id = $1`, ivID).Scan(&left))
			if left != 0 {
				t.Errorf("%d texts of a deleted interview left", left)
			}
		})
	})
}

// TestInterviewTextsPurged: retention and the crypto-shredding of a
// withdrawn participant's transcripts destroy their other texts too.
func TestInterviewTextsPurged(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		db := st.(*sqldb.DB)
		sid := f.study.ID
		// The participant's only text is a translation: the interview is
		// still listed for destruction.
		must(t, st.CreateSegment(ctx, segmentOn(t, f, f.a, "We had no food.")))
		must(t, st.PutInterviewText(ctx, &ownwords.InterviewText{StudyID: sid, InterviewID: f.iv.ID, Language: "ar", Role: "translation",
			Method: "interpreter", Text: arabicOf}))
		other := &ownwords.Interview{StudyID: sid, ParticipantID: f.p2.ID, Title: "kept", Transcript: "P-0002: other words"}
		must(t, st.CreateInterview(ctx, other))
		must(t, st.PutInterviewText(ctx, &ownwords.InterviewText{StudyID: sid, InterviewID: other.ID, Language: "ar", Role: "original", Text: "P-0002: كلمات أخرى"}))
		left := func(ivID string) int {
			t.Helper()
			var n int
			must(t, sqldb.RawForTest(db).QueryRowContext(ctx, `SELECT count(*) FROM interview_texts WHERE interview_id = $1`, ivID).Scan(&n))
			return n
		}
		got, err := db.PurgeParticipantTranscripts(ctx, sid, f.p1.ID, false)
		must(t, err)
		if len(got) != 1 || left(f.iv.ID) != 0 {
			t.Fatalf("purged %+v; %d texts left", got, left(f.iv.ID))
		}
		if left(other.ID) != 1 {
			t.Fatal("another participant's text was destroyed")
		}
		// Search reads the texts that are left: the shredded translation's
		// words are found nowhere, the other participant's still are.
		for q, want := range map[string]int{"إسطنبول": 0, "أخرى": 1} {
			r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: sid, Query: q})
			must(t, err)
			if r.TotalHits != want {
				t.Errorf("search %s after shredding: %d hits, want %d", q, r.TotalHits, want)
			}
		}
		// Retention: an interview whose transcript is gone but whose
		// translation stays is still listed and purged.
		purgeable := &ownwords.Interview{StudyID: sid, ParticipantID: f.p2.ID, Title: "old", Transcript: "P-0002: old words"}
		must(t, st.CreateInterview(ctx, purgeable))
		must(t, st.PutInterviewText(ctx, &ownwords.InterviewText{StudyID: sid, InterviewID: purgeable.ID, Language: "fr", Role: "translation", Method: "translation", Text: "P-0002 : vieux mots"}))
		seg := segmentOn(t, f, f.a, "We had no food.")
		seg.InterviewID, seg.Start, seg.End, seg.TextHash = purgeable.ID, 8, 17, ownwords.HashText("old words")
		must(t, st.CreateSegment(ctx, seg))
		_, err = sqldb.RawForTest(db).ExecContext(ctx, `UPDATE interviews SET transcript = '' WHERE id = $1`, purgeable.ID)
		must(t, err)
		got, err = db.PurgeTranscripts(ctx, sid, time.Now().Add(time.Hour), false)
		must(t, err)
		var ids []string
		for _, p := range got {
			ids = append(ids, p.ID)
		}
		if left(purgeable.ID) != 0 || !strings.Contains(strings.Join(ids, " "), purgeable.ID) {
			t.Errorf("retention purged %v; %d texts left", ids, left(purgeable.ID))
		}
	})
}
