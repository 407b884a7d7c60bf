package sqldb_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// offsetOf returns the code point offset of the first occurrence of sub in s.
func offsetOf(t *testing.T, s, sub string) int {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, s)
	}
	return len([]rune(s[:i]))
}

func TestTimeAnchors(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		text := "Interviewer: Where did you grow up?\nP-0002: In a small town near the river.\nInterviewer: Why?\n"
		anchors := []ownwords.TimeAnchor{{Offset: 0, Ms: 1000}, {Offset: offsetOf(t, text, "P-0002"), Ms: 4500}, {Offset: offsetOf(t, text, "Interviewer: Why"), Ms: 9000}}
		iv := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.p2.ID, Title: "timed", Transcript: text, Anchors: anchors}
		must(t, st.CreateInterview(ctx, iv))
		got, err := st.Interview(ctx, iv.ID)
		must(t, err)
		if !slices.Equal(got.Anchors, anchors) {
			t.Fatalf("anchors %v, want %v", got.Anchors, anchors)
		}
		m, err := st.TimeAnchors(ctx, []string{iv.ID, f.iv.ID})
		must(t, err)
		if len(m) != 1 || !slices.Equal(m[iv.ID], anchors) {
			t.Fatalf("TimeAnchors = %v", m)
		}

		t.Run("MetadataUpdateKeepsThem", func(t *testing.T) {
			got.Place = "Erbil"
			got.Anchors = nil
			must(t, st.UpdateInterview(ctx, got))
			again, err := st.Interview(ctx, iv.ID)
			must(t, err)
			if !slices.Equal(again.Anchors, anchors) {
				t.Fatalf("anchors after a metadata update %v, want %v", again.Anchors, anchors)
			}
		})
		t.Run("EditReanchors", func(t *testing.T) {
			cur, err := st.Interview(ctx, iv.ID)
			must(t, err)
			// Insert words in the first turn: the later anchors move with
			// their turns; a turn deleted loses its anchor.
			cur.Transcript = strings.Replace(text, "grow up?", "grow up, and with whom?", 1)
			cur.Transcript = strings.Replace(cur.Transcript, "Interviewer: Why?\n", "", 1)
			must(t, st.UpdateInterview(ctx, cur))
			again, err := st.Interview(ctx, iv.ID)
			must(t, err)
			want := []ownwords.TimeAnchor{{Offset: 0, Ms: 1000}, {Offset: offsetOf(t, cur.Transcript, "P-0002"), Ms: 4500}}
			if !slices.Equal(again.Anchors, want) {
				t.Fatalf("anchors after the edit %v, want %v", again.Anchors, want)
			}
			for _, a := range again.Anchors {
				if rest := string([]rune(again.Transcript)[a.Offset:]); !strings.HasPrefix(rest, "Interviewer: Where") && !strings.HasPrefix(rest, "P-0002: In") {
					t.Errorf("anchor %v is at %q, not a turn start", a, rest)
				}
			}
		})
		t.Run("ReplaceAndClear", func(t *testing.T) {
			cur, err := st.Interview(ctx, iv.ID)
			must(t, err)
			cur.Anchors = []ownwords.TimeAnchor{{Offset: 0, Ms: 2000}}
			must(t, st.UpdateInterview(ctx, cur))
			cur.Anchors = []ownwords.TimeAnchor{}
			must(t, st.UpdateInterview(ctx, cur))
			again, err := st.Interview(ctx, iv.ID)
			must(t, err)
			if len(again.Anchors) != 0 {
				t.Fatalf("anchors after clearing %v", again.Anchors)
			}
		})
		t.Run("ErrNotMonotonic", func(t *testing.T) {
			for _, bad := range [][]ownwords.TimeAnchor{
				{{Offset: 5, Ms: 1000}, {Offset: 3, Ms: 2000}},
				{{Offset: 1, Ms: 3000}, {Offset: 3, Ms: 2000}},
				{{Offset: 1, Ms: -1}},
				{{Offset: len([]rune(text)) + 1, Ms: 0}},
			} {
				iv := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.p2.ID, Title: "bad anchors", Transcript: text, Anchors: bad}
				wantCode(t, st.CreateInterview(ctx, iv), ownwords.EINVALID)
			}
			cur, err := st.Interview(ctx, iv.ID)
			must(t, err)
			cur.Anchors = []ownwords.TimeAnchor{{Offset: 5, Ms: 2000}, {Offset: 5, Ms: 3000}}
			wantCode(t, st.UpdateInterview(ctx, cur), ownwords.EINVALID)
		})
		t.Run("DeleteCascades", func(t *testing.T) {
			must(t, st.DeleteInterview(ctx, iv.ID))
			m, err := st.TimeAnchors(ctx, []string{iv.ID})
			must(t, err)
			if len(m) != 0 {
				t.Fatalf("anchors of a deleted interview: %v", m)
			}
		})
	})
}

func TestConsent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		m, err := st.Consents(ctx, f.study.ID)
		must(t, err)
		if len(m) != 0 {
			t.Fatalf("consents of a new study: %v", m)
		}
		before, err := st.(ownwords.VersionService).StudyVersion(ctx, f.study.ID)
		must(t, err)
		cs := &ownwords.Consent{StudyID: f.study.ID, ParticipantID: f.p1.ID,
			Analysis: ownwords.ConsentAnswer{Answer: "yes", Date: ownwords.Date{Year: 2016, Month: 3, Day: 2}},
			Quotes:   ownwords.ConsentAnswer{Answer: "no", Date: ownwords.Date{Year: 2016, Month: 3, Day: 2}},
			Voice:    ownwords.ConsentAnswer{Answer: "yes"}}
		must(t, st.SetConsent(ctx, cs))
		cs.Withdrawn = ownwords.Date{Year: 2017, Month: 1, Day: 5}
		must(t, st.SetConsent(ctx, cs))
		m, err = st.Consents(ctx, f.study.ID)
		must(t, err)
		if got := m[f.p1.ID]; len(m) != 1 || got == nil || *got != *cs {
			t.Fatalf("consents %v, want %+v", m, cs)
		}
		after, err := st.(ownwords.VersionService).StudyVersion(ctx, f.study.ID)
		must(t, err)
		if after == before {
			t.Error("a consent change left the study version as it was")
		}
		var details []string
		must(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			if e.Action == ownwords.ActionConsentSet && e.Object == f.p1.ID {
				details = append(details, e.Detail)
			}
			return true
		}))
		if len(details) != 2 || !strings.Contains(details[1], `"withdrawn":"2017-01-05"`) || !strings.Contains(details[0], `"quotes":"no"`) {
			t.Errorf("audit details %q, want two with the answers and the withdrawal", details)
		}
		wantCode(t, st.SetConsent(ctx, &ownwords.Consent{StudyID: f.study.ID, ParticipantID: f.p2.ID, Face: ownwords.ConsentAnswer{Answer: "maybe"}}), ownwords.EINVALID)
		wantCode(t, st.SetConsent(ctx, &ownwords.Consent{StudyID: f.study.ID, ParticipantID: "nobody"}), ownwords.ENOTFOUND)
		must(t, st.DeleteParticipant(ctx, f.p1.ID))
		m, err = st.Consents(ctx, f.study.ID)
		must(t, err)
		if len(m) != 0 {
			t.Errorf("consent of a deleted participant kept: %v", m)
		}
	})
}

func TestPurgeParticipantTranscripts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		db := st.(*sqldb.DB)
		must(t, st.CreateSegment(ctx, segmentOn(t, f, f.a, "We had no food.")))
		cur, err := st.Interview(ctx, f.iv.ID)
		must(t, err)
		cur.Anchors = []ownwords.TimeAnchor{{Offset: 0, Ms: 0}}
		must(t, st.UpdateInterview(ctx, cur))
		other := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.p2.ID, Title: "kept", Transcript: "P-0002: other words"}
		must(t, st.CreateInterview(ctx, other))
		// A recording goes with the transcript.
		audio := bytes.Repeat([]byte("RIFF-synthetic-audio"), 100)
		rec := &ownwords.Recording{StudyID: f.study.ID, InterviewID: f.iv.ID, Name: "p1.wav", MediaType: "audio/wav", Size: int64(len(audio))}
		must(t, st.PutRecording(ctx, rec, bytes.NewReader(audio)))
		dry, err := db.PurgeParticipantTranscripts(ctx, f.study.ID, f.p1.ID, true)
		must(t, err)
		if len(dry) != 1 || dry[0].ID != f.iv.ID || dry[0].Recordings != 1 {
			t.Fatalf("dry run %+v", dry)
		}
		if iv, _ := st.Interview(ctx, f.iv.ID); iv.Transcript == "" {
			t.Fatal("a dry run destroyed the transcript")
		}
		got, err := db.PurgeParticipantTranscripts(ctx, f.study.ID, f.p1.ID, false)
		must(t, err)
		if len(got) != 1 {
			t.Fatalf("purged %+v", got)
		}
		iv, err := st.Interview(ctx, f.iv.ID)
		must(t, err)
		if iv.Transcript != "" || len(iv.Anchors) != 0 {
			t.Errorf("after the purge: transcript %q, anchors %v", iv.Transcript, iv.Anchors)
		}
		if _, err := st.OpenRecording(ctx, rec.ID); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
			t.Errorf("the withdrawn participant's recording after the purge: %v, want ENOTFOUND", err)
		}
		if recs, err := st.Recordings(ctx, f.study.ID, f.iv.ID); err != nil || len(recs) != 0 {
			t.Errorf("recordings after the purge: %v, %v", recs, err)
		}
		// No folded word, position or mark of the destroyed transcript
		// stays in the search index.
		var left int
		must(t, sqldb.RawForTest(db).QueryRowContext(ctx, `SELECT
			count(*) FROM search_marks WHERE doc IN (SELECT doc FROM search_keys WHERE interview_id = $1) OR doc NOT IN (SELECT doc FROM search_keys)`, f.iv.ID).Scan(&left))
		destroyed := map[int64]bool{}
		var doc int64
		if err := sqldb.RawForTest(db).QueryRowContext(ctx, `SELECT doc FROM search_keys WHERE interview_id = $1`, f.iv.ID).Scan(&doc); err == nil {
			destroyed[doc] = true
		}
		left += staleIndexWords(t, db, destroyed, "food")
		if left != 0 {
			t.Errorf("%d search index rows of the destroyed transcript left", left)
		}
		kept, err := st.Interview(ctx, other.ID)
		must(t, err)
		if kept.Transcript == "" {
			t.Error("another participant's transcript was destroyed")
		}
		segs, err := st.Segments(ctx, ownwords.SegmentFilter{InterviewID: f.iv.ID})
		must(t, err)
		if len(segs) != 1 {
			t.Errorf("segments after the purge: %d, want 1 (kept)", len(segs))
		}
		purges := 0
		must(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			if e.Action == "interview.purge" && e.Object == f.iv.ID && strings.HasPrefix(e.Detail, "consent withdrawn") {
				purges++
			}
			return true
		}))
		if purges != 1 {
			t.Errorf("%d purge audit entries, want 1", purges)
		}
		_, err = db.PurgeParticipantTranscripts(ctx, f.study.ID, "nobody", false)
		wantCode(t, err, ownwords.ENOTFOUND)
	})
}
