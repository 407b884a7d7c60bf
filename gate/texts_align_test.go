package gate

import (
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// splitTranslation translates codingTranscript (one paragraph) in two
// paragraphs: it aligns only by hand, "1:1-2".
const splitTranslation = "Alfa beta gama delta. Épsilon zeta eta zeta.\nIota kapa EJEMPLO lambda mu."

// mustSplitText gives f.iv2 the Spanish splitTranslation, stored
// unaligned.
func mustSplitText(t *testing.T, f *codingFixture) *ownwords.InterviewText {
	t.Helper()
	es := &ownwords.InterviewText{StudyID: f.study.ID, InterviewID: f.iv2.ID, Language: "es", Role: ownwords.TextTranslation,
		Method: ownwords.MethodTranslation, Text: splitTranslation, AllowUnaligned: true}
	mustOK(t, f.st.PutInterviewText(t.Context(), es))
	return es
}

// TestTextAlignmentAccess: aligning a text by hand is for those who may
// edit the transcript (owners; coders until coding begins), on an
// interview they may read; the page and the save are refused alike to
// everyone else. A stored alignment is what coding in the text projects
// through.
func TestTextAlignmentAccess(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustCodingFixture(t, st)
		es := mustSplitText(t, f)
		check := func(stage, who, interviewID, textID, want string) {
			t.Helper()
			a, err := f.g.TextAlignment(ctx, f.as(who), interviewID, textID)
			if got := ownwords.ErrorCode(err); got != want {
				t.Errorf("%s, %s: page %v, want code %q", stage, who, err, want)
			}
			if want == "" && (a == nil || a.Text.ID != es.ID || len(a.TranscriptUnits) != 1 || len(a.TextUnits) != 2 || a.Map != "" ||
				a.Basis != ownwords.AlignmentBasis(codingTranscript, splitTranslation)) {
				t.Errorf("%s, %s: page %+v", stage, who, a)
			}
			// A map that fits: refused for the same reasons, else the
			// store's ECONFLICT on a stale version (nothing written).
			err = f.g.AlignText(ctx, f.as(who), interviewID, textID, 99, ownwords.AlignmentBasis(codingTranscript, splitTranslation), "1:1-2")
			wantSave := want
			if want == "" {
				wantSave = ownwords.ECONFLICT
			}
			if got := ownwords.ErrorCode(err); got != wantSave {
				t.Errorf("%s, %s: save %v, want code %q", stage, who, err, wantSave)
			}
		}
		roles := []struct{ who, want string }{
			{asOwner, ""}, {asCoder, ""}, {asCoder2, ""},
			{asAnalyst, forbidden}, {asViewer, forbidden}, {asPublic, ownwords.EUNAUTHORIZED},
		}
		for _, r := range roles {
			check("uncoded", r.who, f.iv2.ID, es.ID, r.want)
			// f.iv is coded: its coders may not align its texts; its
			// owner finds no such text there.
			other := r.want
			switch r.who {
			case asOwner:
				other = ownwords.ENOTFOUND
			case asCoder, asCoder2:
				other = forbidden
			}
			check("a text of another interview", r.who, f.iv.ID, es.ID, other)
		}
		if !slices.Contains(f.auditLog(t), asCoder+" transcript.view "+f.iv2.ID) {
			t.Error("reading the texts to align is not audited")
		}
		// Coding begins: only the owner may align now.
		seg := f.newSegment(t, f.iv2, f.family, "Epsilon zeta eta theta.", "")
		_, err := f.g.CreateSegment(ctx, f.as(asCoder), seg)
		mustOK(t, err)
		for _, r := range roles {
			want := r.want
			if r.who == asCoder || r.who == asCoder2 {
				want = forbidden
			}
			check("coded", r.who, f.iv2.ID, es.ID, want)
		}
		// The owner aligns; the store keeps it, and coding in the text
		// projects through it: sentence 3 of the two paragraphs is
		// sentence 3 of the transcript's one.
		mustOK(t, f.g.AlignText(ctx, f.as(asOwner), f.iv2.ID, es.ID, es.Version, ownwords.AlignmentBasis(codingTranscript, splitTranslation), "1:1-2"))
		a, err := f.g.TextAlignment(ctx, f.as(asOwner), f.iv2.ID, es.ID)
		mustOK(t, err)
		if a.Map != "1:1-2" || a.Text.Unaligned {
			t.Errorf("after aligning: map %q, unaligned %v", a.Map, a.Text.Unaligned)
		}
		start, end := codePoints(t, splitTranslation, "EJEMPLO")
		got, err := f.g.CreateSegment(ctx, f.as(asOwner), NewSegment{InterviewID: f.iv2.ID, CodeID: f.family.ID, TextID: es.ID,
			Start: start, End: end, TextHash: ownwords.HashText("EJEMPLO")})
		mustOK(t, err)
		if q, _ := ownwords.Slice(codingTranscript, got.Start, got.End); q != "Iota kappa EXAMPLE lambda mu." {
			t.Errorf("coded in the text aligned by hand: stored on %q", q)
		}
		if !slices.ContainsFunc(f.auditLog(t), func(l string) bool { return strings.HasPrefix(l, asOwner+" "+ownwords.ActionTextAlign+" ") }) {
			t.Errorf("the alignment is not audited: %v", f.auditLog(t))
		}
	})
}

// TestCodingInUnalignedText: a text waiting to be aligned takes no coding.
func TestCodingInUnalignedText(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustCodingFixture(t, st)
		es := mustSplitText(t, f)
		start, end := codePoints(t, splitTranslation, "EJEMPLO")
		_, err := f.g.CreateSegment(ctx, f.as(asOwner), NewSegment{InterviewID: f.iv2.ID, CodeID: f.family.ID, TextID: es.ID,
			Start: start, End: end, TextHash: ownwords.HashText("EJEMPLO")})
		if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.Contains(err.Error(), "does not align") {
			t.Errorf("coding in an unaligned text: %v, want EINVALID", err)
		}
	})
}
