package gate

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"ownwords"
	"ownwords/reliability"
)

// Comparison and adjudication: the owner is the adjudicator. Only owners
// open an interview's comparison (ending its blind coding), see two
// coders' work side by side, and decide what goes into the consensus, the
// layer analysis counts. Everyone else is refused: the public with
// EUNAUTHORIZED, other roles with EFORBIDDEN.

// Audit actions of adjudication. The store audits each decision and each
// consensus segment it creates as well.
const (
	ActionDecide     = ownwords.ActionDecide
	ActionAgreements = "adjudication.accept_agreements"
)

// MaxNote bounds an adjudication note, in characters.
const MaxNote = 4000

// Coder is a coder of an interview, as the pair picker names them.
type Coder struct {
	ID, Name string
}

// Comparison is two coders' work on an interview, paired into passages,
// and the consensus so far.
type Comparison struct {
	// Interview is the interview with its transcript.
	Interview *ownwords.Interview
	// Opened is set once comparison is open: only then may passages be
	// decided.
	Opened bool
	// Coders are the interview's coders, by name.
	Coders []Coder
	// Left and Right are the pair compared; zero with fewer than two
	// coders.
	Left, Right Coder
	// Threshold is the study's overlap threshold.
	Threshold float64
	Passages  []Passage
	Consensus []*ownwords.Segment
	// Segments are the interview's segments of every layer.
	Segments []*ownwords.Segment
	decided  map[string]bool
}

// OpenComparison (owner) ends blind coding on interviewID: from now on its
// coders see each other's segments and the consensus. Opening twice is
// harmless; the store audits the first ("interview.comparison_open").
// EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND.
func (g *Gate) OpenComparison(ctx context.Context, c Caller, interviewID string) error {
	if err := c.need("opening comparison", ownwords.RoleOwner); err != nil {
		return err
	}
	iv, err := g.interviewOf(ctx, interviewID)
	if err != nil {
		return err
	}
	return g.store.OpenComparison(c.Context(ctx), iv.ID)
}

// Comparison (owner) compares two coders' work on interviewID: left and
// right are user IDs, or both empty for the first two coders by name. It
// works before comparison is open too (the owner sees every layer anyway)
// and is audited as a transcript view. EUNAUTHORIZED, EFORBIDDEN,
// ENOTFOUND, EINVALID (a pair that is not two of the interview's coders).
func (g *Gate) Comparison(ctx context.Context, c Caller, interviewID, left, right string) (*Comparison, error) {
	if err := c.need("the comparison of coders", ownwords.RoleOwner); err != nil {
		return nil, err
	}
	iv, err := g.interviewOf(ctx, interviewID)
	if err != nil {
		return nil, err
	}
	comp, err := g.compare(ctx, g.store, iv, left, right)
	if err != nil {
		return nil, err
	}
	if err := g.store.Record(c.Context(ctx), g.studyID, "transcript.view", iv.ID, "comparison"); err != nil {
		return nil, err
	}
	return comp, nil
}

// Decision is an adjudicator's decision on one passage: its segments (""
// for a side a coder left empty), the choice (Choose…) and why.
type Decision struct {
	Left, Right string
	Choice      string
	Note        string
}

// Adjudicate (owner) decides one passage of interviewID: the chosen side,
// the union, the intersection or neither becomes the consensus (the note is
// the new segments' memo), and the decision with its note is audited
// (ActionDecide), all in one transaction. It returns the consensus
// segments created. EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND (interview,
// segments), ECONFLICT (comparison not open; already decided), EINVALID.
func (g *Gate) Adjudicate(ctx context.Context, c Caller, interviewID string, d Decision) ([]*ownwords.Segment, error) {
	iv, err := g.comparable(ctx, c, interviewID)
	if err != nil {
		return nil, err
	}
	d.Note = strings.TrimSpace(d.Note)
	if d.Note == "" {
		return nil, ownwords.Errorf(ownwords.EINVALID, "say why in the note: the decision is recorded with it")
	} else if utf8.RuneCountInString(d.Note) > MaxNote {
		return nil, ownwords.Errorf(ownwords.EINVALID, "the note is longer than %d characters", MaxNote)
	}
	left, err := g.comparedSegment(ctx, iv, d.Left)
	if err != nil {
		return nil, err
	}
	right, err := g.comparedSegment(ctx, iv, d.Right)
	if err != nil {
		return nil, err
	}
	switch {
	case left == nil && right == nil:
		return nil, ownwords.Errorf(ownwords.EINVALID, "name the left or right segment of the passage")
	case left != nil && right != nil && left.CoderID == right.CoderID:
		return nil, ownwords.Errorf(ownwords.EINVALID, "the two segments must be two coders'")
	}
	spans, err := resolve(d.Choice, left, right)
	if err != nil {
		return nil, err
	}
	var created []*ownwords.Segment
	ctx = c.Context(ctx)
	err = g.store.Update(ctx, func(tx ownwords.Services) error {
		comp, err := g.compare(ctx, tx, iv, "", "")
		if err != nil {
			return err
		}
		key := passageKey(left, right)
		if comp.decided[key] {
			return ownwords.Errorf(ownwords.ECONFLICT, "this passage was already decided: reload the comparison")
		}
		if created, err = g.addConsensus(ctx, tx, c, comp, spans, d.Note); err != nil {
			return err
		}
		return tx.CreateDecision(ctx, &ownwords.Decision{StudyID: g.studyID, InterviewID: iv.ID, Passage: key,
			Choice: d.Choice, Left: d.Left, Right: d.Right, Note: d.Note, Segments: segmentIDs(created)})
	})
	if err != nil {
		return nil, err
	}
	return created, nil
}

// AcceptAgreements (owner) moves every passage that the two coders left
// and right (user IDs, or both empty for the first two) coded alike — the
// same code, overlapping at least the threshold — and that is not yet in
// the consensus into it, as the range both coded, in one transaction
// audited as one action with the count (ActionAgreements). It returns the
// segments created. Errors as Adjudicate; EINVALID when the interview has
// fewer than two coders.
func (g *Gate) AcceptAgreements(ctx context.Context, c Caller, interviewID, left, right string) ([]*ownwords.Segment, error) {
	iv, err := g.comparable(ctx, c, interviewID)
	if err != nil {
		return nil, err
	}
	var created []*ownwords.Segment
	ctx = c.Context(ctx)
	err = g.store.Update(ctx, func(tx ownwords.Services) error {
		comp, err := g.compare(ctx, tx, iv, left, right)
		if err != nil {
			return err
		}
		if comp.Left.ID == "" {
			return ownwords.Errorf(ownwords.EINVALID, "this interview is not coded by two coders")
		}
		var spans []span
		for _, p := range comp.Passages {
			if p.Kind == KindAgreement && !p.Resolved {
				sp, _ := resolve(ChooseIntersection, p.Left, p.Right)
				spans = append(spans, sp...)
			}
		}
		if created, err = g.addConsensus(ctx, tx, c, comp, spans, "Accepted as an agreement of the two coders."); err != nil {
			return err
		}
		return tx.Record(ctx, g.studyID, ActionAgreements, iv.ID, strconv.Itoa(len(created))+" segments")
	})
	if err != nil {
		return nil, err
	}
	return created, nil
}

// comparable checks that c may adjudicate and loads interviewID, whose
// comparison must be open: adjudication ends blind coding, so only the
// owner's explicit opening allows it (ECONFLICT before).
func (g *Gate) comparable(ctx context.Context, c Caller, interviewID string) (*ownwords.Interview, error) {
	if err := c.need("adjudication", ownwords.RoleOwner); err != nil {
		return nil, err
	}
	iv, err := g.interviewOf(ctx, interviewID)
	if err != nil {
		return nil, err
	}
	if !opened(iv) {
		return nil, ownwords.Errorf(ownwords.ECONFLICT, "open comparison for this interview first: its coding is still blind")
	}
	return iv, nil
}

// comparedSegment loads a coder-layer segment of iv by ID; "" is nil.
func (g *Gate) comparedSegment(ctx context.Context, iv *ownwords.Interview, id string) (*ownwords.Segment, error) {
	if id == "" {
		return nil, nil
	}
	seg, err := g.segmentOf(ctx, id)
	if err != nil {
		return nil, err
	}
	if seg.InterviewID != iv.ID || seg.Layer != ownwords.LayerCoder {
		return nil, notInStudy("segment", id)
	}
	return seg, nil
}

// compare builds the comparison of two coders' work on iv through svc (the
// store, or a transaction): left and right are user IDs, or empty for the
// first two coders by name.
func (g *Gate) compare(ctx context.Context, svc ownwords.Services, iv *ownwords.Interview, left, right string) (*Comparison, error) {
	study, err := svc.Study(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	segs, err := svc.Segments(ctx, ownwords.SegmentFilter{StudyID: g.studyID, InterviewID: iv.ID})
	if err != nil {
		return nil, err
	}
	users, err := svc.Users(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(users))
	for _, u := range users {
		names[u.ID] = u.Name
	}
	out := &Comparison{Interview: iv, Opened: opened(iv), Threshold: reliability.Threshold(study.Settings.OverlapThreshold), Segments: segs}
	byCoder := map[string][]*ownwords.Segment{}
	for _, seg := range segs {
		if seg.Layer == ownwords.LayerConsensus {
			out.Consensus = append(out.Consensus, seg)
			continue
		}
		if _, ok := byCoder[seg.CoderID]; !ok {
			name := names[seg.CoderID]
			if name == "" {
				name = "(removed account)"
			}
			out.Coders = append(out.Coders, Coder{ID: seg.CoderID, Name: name})
		}
		byCoder[seg.CoderID] = append(byCoder[seg.CoderID], seg)
	}
	slices.SortFunc(out.Coders, func(a, b Coder) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	if out.decided, err = decided(ctx, svc, g.studyID, iv.ID); err != nil {
		return nil, err
	}
	if len(out.Coders) < 2 {
		return out, nil
	}
	out.Left, out.Right = out.Coders[0], out.Coders[1]
	if left != "" || right != "" {
		l := slices.IndexFunc(out.Coders, func(k Coder) bool { return k.ID == left })
		r := slices.IndexFunc(out.Coders, func(k Coder) bool { return k.ID == right })
		if l < 0 || r < 0 || l == r {
			return nil, ownwords.Errorf(ownwords.EINVALID, "choose two different coders of this interview")
		}
		out.Left, out.Right = out.Coders[l], out.Coders[r]
	}
	out.Passages = comparePassages(byCoder[out.Left.ID], byCoder[out.Right.ID], out.Threshold)
	for i := range out.Passages {
		out.Passages[i].Resolved = out.resolved(out.Passages[i])
	}
	return out, nil
}

// decided returns the keys of the interview's adjudicated passages, from
// the study's table of decisions.
func decided(ctx context.Context, svc ownwords.AdjudicationService, studyID, interviewID string) (map[string]bool, error) {
	decisions, err := svc.Decisions(ctx, studyID, interviewID)
	out := make(map[string]bool, len(decisions))
	for _, d := range decisions {
		out[d.Passage] = true
	}
	return out, err
}

// resolved reports whether p needs no more adjudication: it was decided,
// or it is an agreement already in the consensus.
func (comp *Comparison) resolved(p Passage) bool {
	if comp.decided[p.Key()] {
		return true
	}
	if p.Kind != KindAgreement {
		return false
	}
	sp, _ := resolve(ChooseIntersection, p.Left, p.Right)
	return len(sp) == 1 && comp.hasConsensus(sp[0])
}

// hasConsensus reports whether the consensus already holds sp exactly.
func (comp *Comparison) hasConsensus(sp span) bool {
	return slices.ContainsFunc(comp.Consensus, func(s *ownwords.Segment) bool {
		return s.CodeID == sp.CodeID && s.Start == sp.Start && s.End == sp.End
	})
}

// addConsensus creates the consensus segments of spans that the consensus
// does not already hold, by the adjudicator c, with the note as memo.
func (g *Gate) addConsensus(ctx context.Context, tx ownwords.Services, c Caller, comp *Comparison, spans []span, note string) ([]*ownwords.Segment, error) {
	iv := comp.Interview
	var out []*ownwords.Segment
	for _, sp := range spans {
		if comp.hasConsensus(sp) {
			continue
		}
		quote, ok := ownwords.Slice(iv.Transcript, sp.Start, sp.End)
		if !ok {
			return nil, ownwords.Errorf(ownwords.EINVALID, "range %d..%d is outside the transcript", sp.Start, sp.End)
		}
		seg := &ownwords.Segment{StudyID: g.studyID, InterviewID: iv.ID, CodeID: sp.CodeID, CoderID: c.User.ID,
			Layer: ownwords.LayerConsensus, Start: sp.Start, End: sp.End, TextHash: ownwords.HashText(quote), Memo: note}
		if err := tx.CreateSegment(ctx, seg); err != nil {
			return nil, err
		}
		comp.Consensus = append(comp.Consensus, seg)
		out = append(out, seg)
	}
	return out, nil
}

// segmentIDs returns the segments' IDs.
func segmentIDs(segs []*ownwords.Segment) []string {
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = s.ID
	}
	return out
}
