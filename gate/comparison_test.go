package gate

import (
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// compareText is the transcript of the double-coded test interview.
const compareText = "Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa lambda mu. Nu xi omicron pi."

// mustCompared adds to f an interview coded by coder and coder2 so that
// every kind of passage occurs once, and returns it with its segments by
// name:
//
//	agree:      both apply family to (almost) the first sentence;
//	bounds:     both apply online, to barely overlapping passages;
//	codesL/R:   family (coder) and online (coder2) on the third sentence;
//	only:       coder2 alone applies family to the last sentence.
func mustCompared(t *testing.T, f *codingFixture) (*ownwords.Interview, map[string]*ownwords.Segment) {
	t.Helper()
	iv := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.iv.ParticipantID, Title: "compared", Transcript: compareText}
	mustOK(t, f.st.CreateInterview(t.Context(), iv))
	segs := map[string]*ownwords.Segment{}
	for _, s := range []struct {
		name  string
		code  *ownwords.Code
		coder string
		quote string
	}{
		{"agreeL", f.family, asCoder, "Alpha beta gamma delta."},
		{"agreeR", f.family, asCoder2, "Alpha beta gamma delta"},
		{"boundsL", f.online, asCoder, "Epsilon zeta eta theta."},
		{"boundsR", f.online, asCoder2, "theta. Iota kappa"},
		{"codesL", f.family, asCoder, "Iota kappa lambda mu."},
		{"codesR", f.online, asCoder2, "Iota kappa lambda mu"},
		{"only", f.family, asCoder2, "Nu xi omicron pi."},
	} {
		segs[s.name] = f.mustSegment(t, iv, s.code, s.coder, ownwords.LayerCoder, s.quote)
	}
	return iv, segs
}

// TestComparisonFindsEveryKind: the comparison pairs the two coders'
// segments into an agreement, a boundary disagreement, a code
// disagreement and a code only one applied, each with the choices that
// mean something for it, and audits the view.
func TestComparisonFindsEveryKind(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		iv, segs := mustCompared(t, f)
		comp, err := f.g.Comparison(t.Context(), f.as(asOwner), iv.ID, "", "")
		mustOK(t, err)
		if comp.Left.ID != f.users[asCoder].ID || comp.Right.ID != f.users[asCoder2].ID || comp.Opened {
			t.Fatalf("pair %+v / %+v, opened %v", comp.Left, comp.Right, comp.Opened)
		}
		got := map[string]string{}
		choices := map[string]string{}
		for _, p := range comp.Passages {
			got[p.Key()] = p.Kind
			choices[p.Kind] = strings.Join(p.Choices(), " ")
		}
		key := func(l, r string) string { return Passage{Left: segs[l], Right: segs[r]}.Key() }
		want := map[string]string{key("agreeL", "agreeR"): KindAgreement, key("boundsL", "boundsR"): KindBoundaries,
			key("codesL", "codesR"): KindCodes, key("", "only"): KindOnly}
		if len(got) != len(want) {
			t.Errorf("passages %v, want %v", got, want)
		}
		for k, kind := range want {
			if got[k] != kind {
				t.Errorf("passage %s: kind %q, want %q", k, got[k], kind)
			}
		}
		wantChoices := map[string]string{KindAgreement: "left right union intersection neither", KindCodes: "left right union neither",
			KindOnly: "right neither"}
		for kind, w := range wantChoices {
			if choices[kind] != w {
				t.Errorf("%s: choices %q, want %q", kind, choices[kind], w)
			}
		}
		if !slices.Contains(f.auditLog(t), asOwner+" transcript.view "+iv.ID) {
			t.Error("the comparison view is not audited")
		}
		_, err = f.g.Comparison(t.Context(), f.as(asOwner), iv.ID, f.users[asCoder].ID, f.users[asCoder].ID)
		wantCode(t, "one coder on both sides", err, invalid)
	})
}

// TestAdjudicateDecidesOnce: after comparison opens, a decision creates
// the consensus it names, by the owner with the note as memo, audited;
// the same passage cannot be decided twice, and accepting all agreements
// moves the agreement once.
func TestAdjudicateDecidesOnce(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		iv, segs := mustCompared(t, f)
		ctx, owner := t.Context(), f.as(asOwner)
		mustOK(t, f.g.OpenComparison(ctx, owner, iv.ID))
		for _, tt := range []struct {
			name string
			d    Decision
			want string
		}{
			{"ErrNoNote", Decision{Left: segs["boundsL"].ID, Right: segs["boundsR"].ID, Choice: ChooseLeft, Note: "  "}, invalid},
			{"ErrNoSegment", Decision{Choice: ChooseNeither, Note: "why"}, invalid},
			{"ErrOneCoderBothSides", Decision{Left: segs["boundsL"].ID, Right: segs["agreeL"].ID, Choice: ChooseLeft, Note: "why"}, invalid},
			{"ErrUnknownChoice", Decision{Left: segs["boundsL"].ID, Right: segs["boundsR"].ID, Choice: "both", Note: "why"}, invalid},
			{"ErrAnotherInterviewsSegment", Decision{Left: f.seg.ID, Choice: ChooseLeft, Note: "why"}, missing},
			{"ErrConsensusSegment", Decision{Left: f.cons.ID, Choice: ChooseLeft, Note: "why"}, missing},
			{"OKUnion", Decision{Left: segs["boundsL"].ID, Right: segs["boundsR"].ID, Choice: ChooseUnion, Note: "NOTE both ranges"}, ok},
			{"ErrDecidedTwice", Decision{Left: segs["boundsL"].ID, Right: segs["boundsR"].ID, Choice: ChooseLeft, Note: "again"}, conflict},
		} {
			t.Run(tt.name, func(t *testing.T) {
				created, err := f.g.Adjudicate(ctx, owner, iv.ID, tt.d)
				wantCode(t, tt.name, err, tt.want)
				if err != nil {
					return
				}
				start, end := codePoints(t, compareText, "Epsilon zeta eta theta. Iota kappa")
				if len(created) != 1 || created[0].Start != start || created[0].End != end || created[0].Memo != tt.d.Note ||
					created[0].CoderID != f.users[asOwner].ID || created[0].Layer != ownwords.LayerConsensus {
					t.Errorf("created %+v", created)
				}
				if !slices.Contains(f.auditLog(t), asOwner+" "+ActionDecide+" "+segs["boundsL"].ID+"."+segs["boundsR"].ID) {
					t.Error("the decision is not audited")
				}
			})
		}
		first, err := f.g.AcceptAgreements(ctx, owner, iv.ID, "", "")
		mustOK(t, err)
		again, err := f.g.AcceptAgreements(ctx, owner, iv.ID, "", "")
		mustOK(t, err)
		if len(first) != 1 || len(again) != 0 {
			t.Errorf("accepting agreements created %d, then %d; want 1, then 0", len(first), len(again))
		}
		comp, err := f.g.Comparison(ctx, owner, iv.ID, "", "")
		mustOK(t, err)
		for _, p := range comp.Passages {
			if resolved := p.Kind == KindAgreement || p.Kind == KindBoundaries; p.Resolved != resolved {
				t.Errorf("%s passage resolved %v, want %v", p.Kind, p.Resolved, resolved)
			}
		}
	})
}

// TestAdjudicateDecidesOnceWithOneCoder: an interview only one coder coded
// has only one-sided passages, and those too are decided once.
func TestAdjudicateDecidesOnceWithOneCoder(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	f := mustCodingFixture(t, st)
	seg := f.mustSegment(t, f.iv2, f.family, asCoder, ownwords.LayerCoder, "Iota kappa")
	ctx, owner := t.Context(), f.as(asOwner)
	mustOK(t, f.g.OpenComparison(ctx, owner, f.iv2.ID))
	d := Decision{Left: seg.ID, Choice: ChooseLeft, Note: "the only coder was right"}
	_, err := f.g.Adjudicate(ctx, owner, f.iv2.ID, d)
	mustOK(t, err)
	_, err = f.g.Adjudicate(ctx, owner, f.iv2.ID, d)
	wantCode(t, "deciding twice", err, conflict)
	_, err = f.g.AcceptAgreements(ctx, owner, f.iv2.ID, "", "")
	wantCode(t, "agreements of one coder", err, invalid)
}
