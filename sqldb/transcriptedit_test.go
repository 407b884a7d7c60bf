package sqldb_test

import (
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestEditTranscript saves edits of a coded transcript on both stores and
// checks, for each, where its two segments ("no food" and "Prices rose")
// went, which broke, the time anchors, the search index, the kept list of
// moves and the audit entry.
func TestEditTranscript(t *testing.T) {
	type want struct {
		quote  string // the segment's text after the edit
		broken bool
	}
	for _, tc := range []struct {
		name             string
		from, to         string // replaced in the fixture's transcript
		food, prices     want
		moved            int // segments listed
		newWord, oldWord string
	}{
		{"insert before", "Why did", "Why, then, did", want{"no food", false}, want{"Prices rose", false}, 2, "then", ""},
		{"insert inside", "no food", "no fresh food", want{"no fresh food", true}, want{"Prices rose", false}, 2, "fresh", ""},
		{"insert after", "every week", "every single week", want{"no food", false}, want{"Prices rose", false}, 0, "single", ""},
		{"delete across a segment", "had no food. Prices", "had Prices", want{"P", true}, want{"Prices rose", false}, 2, "", "food"},
		{"replace", "no food", "no bread", want{"no bread", true}, want{"Prices rose", false}, 2, "bread", "food"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
				ctx := ownwords.WithActor(t.Context(), "ann")
				f := mustFixture(t, st)
				food, prices := segmentOn(t, f, f.a, "no food"), segmentOn(t, f, f.b, "Prices rose")
				must(t, st.CreateSegment(ctx, food))
				must(t, st.CreateSegment(ctx, prices))
				iv, err := st.Interview(ctx, f.iv.ID)
				must(t, err)
				iv.Anchors = []ownwords.TimeAnchor{{Offset: 0, Ms: 0}, {Offset: offsetOf(t, transcript, "P-0001:"), Ms: 4000}}
				must(t, st.UpdateInterview(ctx, iv))

				text := strings.Replace(transcript, tc.from, tc.to, 1)
				res, err := st.EditTranscript(ctx, &ownwords.TranscriptEdit{StudyID: f.study.ID, InterviewID: f.iv.ID, Version: iv.Version, Transcript: text})
				must(t, err)
				if len(res.Moves) != tc.moved {
					t.Errorf("%d segments listed, want %d: %+v", len(res.Moves), tc.moved, res.Moves)
				}
				for _, c := range []struct {
					seg  *ownwords.Segment
					want want
				}{{food, tc.food}, {prices, tc.prices}} {
					got, err := st.Segment(ctx, c.seg.ID)
					must(t, err)
					quote, ok := ownwords.Slice(text, got.Start, got.End)
					if !ok || quote != c.want.quote || got.Broken != c.want.broken || got.TextHash != ownwords.HashText(quote) {
						t.Errorf("segment %q now %d..%d %q broken %v, want %q broken %v", c.seg.TextHash[:6], got.Start, got.End, quote, got.Broken, c.want.quote, c.want.broken)
					}
					listed := false
					for _, m := range res.Moves {
						if m.SegmentID == got.ID {
							listed = m.Start == got.Start && m.End == got.End && m.Broken == got.Broken && m.OldStart == c.seg.Start
						}
					}
					if moved := got.Start != c.seg.Start || got.Broken; moved != listed {
						t.Errorf("segment %d..%d → %d..%d listed %v", c.seg.Start, c.seg.End, got.Start, got.End, listed)
					}
				}
				after, err := st.Interview(ctx, f.iv.ID)
				must(t, err)
				if after.Transcript != text || after.Version != iv.Version+1 || res.Version != after.Version {
					t.Errorf("interview version %d (result %d), want %d", after.Version, res.Version, iv.Version+1)
				}
				if at := offsetOf(t, text, "P-0001:"); len(after.Anchors) != 2 || after.Anchors[1] != (ownwords.TimeAnchor{Offset: at, Ms: 4000}) {
					t.Errorf("anchors %v, want the participant's turn at %d", after.Anchors, at)
				}
				for word, n := range map[string]int{tc.newWord: 1, tc.oldWord: 0} {
					if word == "" {
						continue
					}
					r, err := st.Search(ctx, ownwords.SearchQuery{StudyID: f.study.ID, Query: word})
					must(t, err)
					if len(r.Interviews) != n {
						t.Errorf("search %q after the edit: %d interviews, want %d", word, len(r.Interviews), n)
					}
				}
				kept, err := st.TranscriptEdits(ctx, f.iv.ID)
				must(t, err)
				if len(kept) != 1 || kept[0].ID != res.ID || len(kept[0].Moves) != len(res.Moves) || kept[0].Actor != "ann" || kept[0].Broken() != res.Broken() {
					t.Errorf("kept edits %+v, want the one saved", kept)
				}
				log, err := st.RecentAuditEntries(ctx, f.study.ID, "", []string{ownwords.ActionTranscriptEdit}, 10)
				must(t, err)
				if len(log) != 1 || log[0].Object != f.iv.ID || log[0].Actor != "ann" {
					t.Errorf("audit %+v, want one transcript edit by ann", log)
				}

				// The editor's version is now stale: refused, nothing saved.
				_, err = st.EditTranscript(ctx, &ownwords.TranscriptEdit{StudyID: f.study.ID, InterviewID: f.iv.ID, Version: iv.Version, Transcript: "Overwritten.\n"})
				wantCode(t, err, ownwords.ECONFLICT)
				if again, _ := st.Interview(ctx, f.iv.ID); again.Transcript != text || again.Version != after.Version {
					t.Errorf("a stale save changed the interview: version %d", again.Version)
				}
			})
		})
	}
}

// TestEditTranscriptTyped: timestamps typed in the editor (given as Typed
// anchors) join the moved ones; a broken segment stays broken until saved;
// a transcript with codings cannot be emptied.
func TestEditTranscriptTyped(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		food := segmentOn(t, f, f.a, "no food")
		must(t, st.CreateSegment(ctx, food))
		text := strings.Replace(transcript, "no food", "no bread", 1)
		typed := []ownwords.TimeAnchor{{Offset: offsetOf(t, text, "P-0001"), Ms: 3000}}
		_, err := st.EditTranscript(ctx, &ownwords.TranscriptEdit{StudyID: f.study.ID, InterviewID: f.iv.ID, Version: 1, Transcript: text, Typed: typed})
		must(t, err)
		iv, err := st.Interview(ctx, f.iv.ID)
		must(t, err)
		if len(iv.Anchors) != 1 || iv.Anchors[0] != typed[0] {
			t.Errorf("anchors %v, want the typed %v", iv.Anchors, typed)
		}
		// A second edit elsewhere moves the broken segment; it stays broken.
		text2 := "Hello.\n" + text
		res, err := st.EditTranscript(ctx, &ownwords.TranscriptEdit{StudyID: f.study.ID, InterviewID: f.iv.ID, Version: iv.Version, Transcript: text2})
		must(t, err)
		seg, err := st.Segment(ctx, food.ID)
		must(t, err)
		if !seg.Broken || len(res.Moves) != 1 || !res.Moves[0].Broken {
			t.Errorf("segment %+v after a second edit, moves %+v: want still broken", seg, res.Moves)
		}
		if q, _ := ownwords.Slice(text2, seg.Start, seg.End); q != "no bread" {
			t.Errorf("segment reads %q", q)
		}
		must(t, st.UpdateSegment(ctx, seg))
		if seg, _ = st.Segment(ctx, food.ID); seg.Broken {
			t.Error("saving the segment left it broken")
		}
		_, err = st.EditTranscript(ctx, &ownwords.TranscriptEdit{StudyID: f.study.ID, InterviewID: f.iv.ID, Version: iv.Version + 1, Transcript: ""})
		wantCode(t, err, ownwords.EINVALID)
	})
}

// TestEditTranscriptConcurrentCoding races transcript edits against new
// codings of the old text, on both stores: a coding either lands before the
// edit (and is moved by it) or is refused (its text no longer matches);
// never stored on offsets of a replaced transcript.
func TestEditTranscriptConcurrentCoding(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		for round := range 8 {
			iv, err := st.Interview(ctx, f.iv.ID)
			must(t, err)
			quote := "Prices rose"
			start, end := codePointRange(t, iv.Transcript, quote)
			seg := &ownwords.Segment{StudyID: f.study.ID, InterviewID: f.iv.ID, CodeID: f.b.ID, CoderID: f.coder.ID,
				Layer: ownwords.LayerCoder, Start: start, End: end, TextHash: ownwords.HashText(quote)}
			done := make(chan error, 2)
			go func() {
				_, err := st.EditTranscript(ctx, &ownwords.TranscriptEdit{StudyID: f.study.ID, InterviewID: f.iv.ID, Version: iv.Version,
					Transcript: "Round " + strings.Repeat("x", round+1) + ".\n" + iv.Transcript})
				done <- err
			}()
			go func() { done <- st.CreateSegment(ctx, seg) }()
			for range 2 {
				if err := <-done; err != nil && ownwords.ErrorCode(err) != ownwords.EINVALID {
					t.Fatalf("round %d: %v", round, err)
				}
			}
		}
		iv, err := st.Interview(ctx, f.iv.ID)
		must(t, err)
		segs, err := st.Segments(ctx, ownwords.SegmentFilter{InterviewID: f.iv.ID})
		must(t, err)
		for _, s := range segs {
			if text, ok := ownwords.Slice(iv.Transcript, s.Start, s.End); !ok || ownwords.HashText(text) != s.TextHash || text != "Prices rose" {
				t.Errorf("segment %d..%d reads %q: stored on the offsets of a replaced text", s.Start, s.End, text)
			}
		}
		t.Logf("%d of 8 codings stored", len(segs))
	})
}
