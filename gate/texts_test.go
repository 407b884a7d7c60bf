package gate

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/reliability"
	"ownwords/sqldb/sqldbtest"
)

// codingTranslation translates codingTranscript sentence by sentence.
const codingTranslation = "Alfa beta gama delta. Épsilon zeta eta zeta. Iota kapa EJEMPLO lambda mu."

// mustTranslated gives f.iv the Spanish translation codingTranslation.
func mustTranslated(t *testing.T, f *codingFixture) *ownwords.InterviewText {
	t.Helper()
	tr := &ownwords.InterviewText{StudyID: f.study.ID, InterviewID: f.iv.ID, Language: "es", Role: ownwords.TextTranslation,
		Method: ownwords.MethodTranslation, Translator: "T. Ruiz", Text: codingTranslation}
	mustOK(t, f.st.PutInterviewText(t.Context(), tr))
	return tr
}

// TestInterviewTextsReadLikeTheTranscript: whoever may read an interview's
// transcript in the coding view reads its other texts, and no one else:
// the same error for every role, for a blind coder, for another study's
// interview and for a participant who withdrew.
func TestInterviewTextsReadLikeTheTranscript(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		tr := mustTranslated(t, f)
		other := sqldbtest.MustStudy(t, st, "Other")
		p := &ownwords.Participant{StudyID: other.ID, Code: "P-9"}
		mustOK(t, st.CreateParticipant(t.Context(), p))
		foreign := &ownwords.Interview{StudyID: other.ID, ParticipantID: p.ID, Title: "foreign", Transcript: codingTranscript}
		mustOK(t, st.CreateInterview(t.Context(), foreign))
		check := func(stage, who, interviewID, want string) {
			t.Helper()
			texts, err := f.g.InterviewTexts(t.Context(), f.as(who), interviewID)
			_, terr := f.g.Segments(t.Context(), f.as(who), interviewID)
			if got := ownwords.ErrorCode(err); got != want || got != ownwords.ErrorCode(terr) {
				t.Errorf("%s, %s: texts %v, transcript %v; want code %q for both", stage, who, err, terr, want)
			}
			if want == "" && (len(texts) != 1 || texts[0].ID != tr.ID || texts[0].Text != codingTranslation) {
				t.Errorf("%s, %s: texts %+v", stage, who, texts)
			}
			if want != "" && texts != nil {
				t.Errorf("%s, %s: refused but given %d texts", stage, who, len(texts))
			}
		}
		roles := []struct{ who, want string }{
			{asOwner, ""}, {asCoder, ""}, {asCoder2, ""},
			{asAnalyst, forbidden}, {asViewer, forbidden}, {asPublic, ownwords.EUNAUTHORIZED},
		}
		for _, r := range roles {
			check("blind coding", r.who, f.iv.ID, r.want)
			// Another study's interview: not found for those who may read.
			check("another study's interview", r.who, foreign.ID, cmp.Or(r.want, ownwords.ENOTFOUND))
		}
		if !slices.Contains(f.auditLog(t), asCoder+" transcript.view "+f.iv.ID) {
			t.Error("reading the texts is not audited")
		}
		// An interview without other texts gives none, without error.
		texts, err := f.g.InterviewTexts(t.Context(), f.as(asCoder), f.iv2.ID)
		if err != nil || len(texts) != 0 {
			t.Errorf("an interview without texts: %v, %v", texts, err)
		}
		mustOK(t, f.g.OpenComparison(t.Context(), f.as(asOwner), f.iv.ID))
		for _, r := range roles {
			check("comparison open", r.who, f.iv.ID, r.want)
		}
		_, err = f.g.SetConsent(t.Context(), f.as(asOwner), ConsentRequest{Participant: "P-1", Withdraw: true})
		mustOK(t, err)
		for _, r := range roles {
			want := r.want
			if want == "" && r.who != asOwner {
				want = ownwords.ENOTFOUND
			}
			check("withdrawn", r.who, f.iv.ID, want)
		}
	})
}

// TestCodingInAnotherTextCountsOnce: a passage coded in the translation
// becomes one segment on the transcript, at the aligned sentence, with
// the transcript's hash; the codebook's count and the agreement table
// count it once, exactly as a coding made on the transcript.
func TestCodingInAnotherTextCountsOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		tr := mustTranslated(t, f)
		ctx := t.Context()
		counts := func() (codebook, agreement, stored int) {
			t.Helper()
			cb, err := f.g.Codebook(ctx, f.as(asAnalyst))
			mustOK(t, err)
			rel, err := f.g.Reliability(ctx, f.as(asAnalyst), nil, nil)
			mustOK(t, err)
			if rel.Table == nil {
				t.Fatalf("no agreement table: %s", rel.Reason)
			}
			i := slices.IndexFunc(rel.Table.Codes, func(r reliability.Row) bool { return r.CodeID == f.family.ID })
			if i < 0 {
				t.Fatalf("no agreement row for family: %+v", rel.Table.Codes)
			}
			segs, err := st.Segments(ctx, ownwords.SegmentFilter{StudyID: f.study.ID, InterviewID: f.iv.ID})
			mustOK(t, err)
			return cb.Segments[f.family.ID], rel.Table.Codes[i].Segment.Segments[asCoder2], len(segs)
		}
		cb0, ag0, st0 := counts()
		start, end := codePoints(t, codingTranslation, "EJEMPLO")
		seg, err := f.g.CreateSegment(ctx, f.as(asCoder2), NewSegment{InterviewID: f.iv.ID, CodeID: f.family.ID, TextID: tr.ID,
			Start: start, End: end, TextHash: ownwords.HashText("EJEMPLO")})
		mustOK(t, err)
		if got, _ := ownwords.Slice(codingTranscript, seg.Start, seg.End); got != "Iota kappa EXAMPLE lambda mu." ||
			seg.TextHash != ownwords.HashText(got) || seg.InterviewID != f.iv.ID || seg.CoderID != f.users[asCoder2].ID {
			t.Errorf("coded in the translation: segment %d-%d %q, hash %s", seg.Start, seg.End, got, seg.TextHash)
		}
		cb1, ag1, st1 := counts()
		if cb1 != cb0+1 || ag1 != ag0+1 || st1 != st0+1 {
			t.Errorf("one coding in the translation counts codebook %d→%d, agreement %d→%d, stored %d→%d; want +1 each", cb0, cb1, ag0, ag1, st0, st1)
		}
		// The same passage coded on the transcript counts the same: one more.
		same := f.newSegment(t, f.iv, f.family, "Iota kappa EXAMPLE lambda mu.", "")
		_, err = f.g.CreateSegment(ctx, f.as(asCoder), same)
		mustOK(t, err)
		if cb2, _, st2 := counts(); cb2 != cb1+1 || st2 != st1+1 {
			t.Errorf("a coding on the transcript counts %d→%d, stored %d→%d", cb1, cb2, st1, st2)
		}
	})
}

// TestCodingInAnotherTextRefusals: the passage must be the stored text's
// (its hash), hold words of a turn and be in a text of that interview;
// each refusal says which. After a transcript edit it lands on the edited
// text.
func TestCodingInAnotherTextRefusals(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		tr := mustTranslated(t, f)
		ctx := t.Context()
		start, end := codePoints(t, codingTranslation, "EJEMPLO")
		code := func(who, interviewID, textID string, start, end int, hash string) error {
			_, err := f.g.CreateSegment(ctx, f.as(who), NewSegment{InterviewID: interviewID, CodeID: f.family.ID, TextID: textID,
				Start: start, End: end, TextHash: hash})
			return err
		}
		tests := []struct {
			name, who, iv, text string
			start, end          int
			hash, want, inErr   string
		}{
			{"another text's hash", asCoder, f.iv.ID, tr.ID, start, end, ownwords.HashText("EXAMPLE"), invalid, "does not match the stored es text"},
			{"outside the text", asCoder, f.iv.ID, tr.ID, 500, 510, ownwords.HashText("x"), invalid, "outside the es text"},
			{"text of another interview", asCoder, f.iv2.ID, tr.ID, start, end, ownwords.HashText("EJEMPLO"), invalid, "has no text"},
			{"blank only", asCoder, f.iv.ID, tr.ID, 21, 22, ownwords.HashText(" "), invalid, "holds no words"},
			{"an analyst", asAnalyst, f.iv.ID, tr.ID, start, end, ownwords.HashText("EJEMPLO"), forbidden, ""},
		}
		for _, tc := range tests {
			err := code(tc.who, tc.iv, tc.text, tc.start, tc.end, tc.hash)
			wantCode(t, tc.name, err, tc.want)
			if err != nil && !strings.Contains(err.Error(), tc.inErr) {
				t.Errorf("%s: %v lacks %q", tc.name, err, tc.inErr)
			}
		}
		// An edit of the transcript (the store refuses one that breaks the
		// alignment) moves where a passage of the translation lands.
		edited := strings.Replace(codingTranscript, "Iota", "Then iota", 1)
		_, err := f.g.EditTranscript(ctx, f.as(asOwner), f.iv.ID, f.iv.Version, edited)
		mustOK(t, err)
		seg, err := f.g.CreateSegment(ctx, f.as(asCoder), NewSegment{InterviewID: f.iv.ID, CodeID: f.family.ID, TextID: tr.ID,
			Start: start, End: end, TextHash: ownwords.HashText("EJEMPLO")})
		mustOK(t, err)
		if got, _ := ownwords.Slice(edited, seg.Start, seg.End); got != "Then iota kappa EXAMPLE lambda mu." {
			t.Errorf("after the edit the passage lands on %q", got)
		}
	})
}

// TestResizingInAnotherText: side by side, a segment is resized by a
// passage selected in the other text, which the gate projects back as it
// does a new coding there: the segment takes the aligned span of the
// transcript with the transcript's hash. A passage that is not the stored
// text's, holds no words, or comes without its range is refused, and so is
// a change by whoever may not change the segment.
func TestResizingInAnotherText(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		tr := mustTranslated(t, f)
		ctx := t.Context()
		seg, err := f.g.CreateSegment(ctx, f.as(asCoder), f.newSegment(t, f.iv, f.family, "Alpha beta", ""))
		mustOK(t, err)
		start, end := codePoints(t, codingTranslation, "EJEMPLO")
		tests := []struct {
			name, who, text string
			start, end      *int
			hash, want      string
		}{
			{"no range", asCoder, tr.ID, nil, nil, ownwords.HashText("EJEMPLO"), invalid},
			{"another text's hash", asCoder, tr.ID, &start, &end, ownwords.HashText("EXAMPLE"), invalid},
			{"no hash", asCoder, tr.ID, &start, &end, "", invalid},
			{"text of no interview", asCoder, "no-such-text", &start, &end, ownwords.HashText("EJEMPLO"), invalid},
			{"an analyst", asAnalyst, tr.ID, &start, &end, ownwords.HashText("EJEMPLO"), forbidden},
			{"another coder (blind)", asCoder2, tr.ID, &start, &end, ownwords.HashText("EJEMPLO"), missing},
			{"its coder", asCoder, tr.ID, &start, &end, ownwords.HashText("EJEMPLO"), ""},
		}
		for _, tc := range tests {
			got, err := f.g.UpdateSegment(ctx, f.as(tc.who), SegmentChange{ID: seg.ID, Version: seg.Version, Start: tc.start, End: tc.end,
				TextHash: tc.hash, TextID: tc.text})
			wantCode(t, tc.name, err, tc.want)
			if err != nil {
				continue
			}
			if quote, _ := ownwords.Slice(codingTranscript, got.Start, got.End); quote != "Iota kappa EXAMPLE lambda mu." || got.TextHash != ownwords.HashText(quote) {
				t.Errorf("%s: resized to %d-%d %q, hash %s", tc.name, got.Start, got.End, quote, got.TextHash)
			}
		}
		stored, err := st.Segments(ctx, ownwords.SegmentFilter{StudyID: f.study.ID, InterviewID: f.iv.ID, CoderID: f.users[asCoder].ID})
		mustOK(t, err)
		i := slices.IndexFunc(stored, func(s *ownwords.Segment) bool { return s.ID == seg.ID })
		if i < 0 {
			t.Fatalf("the segment is gone after the resize")
		}
		if quote, _ := ownwords.Slice(codingTranscript, stored[i].Start, stored[i].End); quote != "Iota kappa EXAMPLE lambda mu." || stored[i].Version != seg.Version+1 {
			t.Errorf("stored as %q at version %d", quote, stored[i].Version)
		}
	})
}
