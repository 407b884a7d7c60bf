package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"ownwords"
)

// Audit actions of adjudication. The store audits each decision and each
// consensus segment it creates as well.
const (
	actionDecide     = ownwords.ActionDecide
	actionAgreements = "adjudication.accept_agreements"
)

// maxNote bounds an adjudication note, in characters.
const maxNote = 4000

// adjudicatePassage (owner, the adjudicator) decides one passage of a
// compared interview: the chosen side, the union, the intersection or
// neither becomes the consensus (see resolve), with the note as the new
// segments' memo, and the store keeps and audits the decision with its
// note. All of it lands in one transaction.
func (s *Server) adjudicatePassage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := accountFrom(ctx)
	iv, err := s.comparableInterview(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	choice, note := r.PostFormValue("choice"), strings.TrimSpace(r.PostFormValue("note"))
	if note == "" {
		s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "say why in the note: the decision is recorded with it"))
		return
	} else if utf8.RuneCountInString(note) > maxNote {
		s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "the note is longer than %d characters", maxNote))
		return
	}
	left, err := s.comparedSegment(ctx, iv, r.PostFormValue("left"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	right, err := s.comparedSegment(ctx, iv, r.PostFormValue("right"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch {
	case left == nil && right == nil:
		err = ownwords.Errorf(ownwords.EINVALID, "name the left or right segment of the passage")
	case left != nil && right != nil && left.CoderID == right.CoderID:
		err = ownwords.Errorf(ownwords.EINVALID, "the two segments must be two coders'")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	spans, err := resolve(choice, left, right)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var created []*ownwords.Segment
	err = s.store.Update(ctx, func(tx ownwords.Services) error {
		c, err := s.loadComparison(ctx, tx, iv, "", "")
		if err != nil {
			return err
		}
		key := passageKey(left, right)
		if c.decided[key] {
			return ownwords.Errorf(ownwords.ECONFLICT, "this passage was already decided: reload the comparison")
		}
		if created, err = s.addConsensus(ctx, tx, a, iv, c, spans, note); err != nil {
			return err
		}
		d := &ownwords.Decision{StudyID: s.studyID, InterviewID: iv.ID, Passage: key, Choice: choice, Note: note, Segments: ids(created)}
		if left != nil {
			d.Left = left.ID
		}
		if right != nil {
			d.Right = right.ID
		}
		return tx.CreateDecision(ctx, d)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.adjudicated(w, r, iv, created)
}

// acceptAgreements (owner) moves every passage that the two compared
// coders coded alike (the same code, overlapping at least the threshold)
// and that is not yet in the consensus into it, as the range both coded,
// in one transaction, audited as one action with the count.
func (s *Server) acceptAgreements(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := accountFrom(ctx)
	iv, err := s.comparableInterview(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var created []*ownwords.Segment
	err = s.store.Update(ctx, func(tx ownwords.Services) error {
		c, err := s.loadComparison(ctx, tx, iv, r.PostFormValue("a"), r.PostFormValue("b"))
		if err != nil {
			return err
		}
		if c.Left == "" {
			return ownwords.Errorf(ownwords.EINVALID, "this interview is not coded by two coders")
		}
		var spans []span
		for _, p := range c.Passages {
			if p.Kind == kindAgreement && !c.resolved(p) {
				sp, _ := resolve(chooseIntersection, p.Left, p.Right)
				spans = append(spans, sp...)
			}
		}
		if created, err = s.addConsensus(ctx, tx, a, iv, c, spans, "Accepted as an agreement of the two coders."); err != nil {
			return err
		}
		return tx.Record(ctx, s.studyID, actionAgreements, iv.ID, strconv.Itoa(len(created))+" segments")
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.adjudicated(w, r, iv, created)
}

// comparableInterview loads an interview of the study whose comparison
// is open: adjudication ends blind coding, so only the owner's explicit
// opening allows it.
func (s *Server) comparableInterview(ctx context.Context, id string) (*ownwords.Interview, error) {
	iv, err := s.interview(ctx, id)
	if err != nil {
		return nil, err
	}
	if iv.ComparisonOpenedAt.IsZero() {
		return nil, ownwords.Errorf(ownwords.ECONFLICT, "open comparison for this interview first: its coding is still blind")
	}
	return iv, nil
}

// comparedSegment loads a coder-layer segment of iv by ID; "" is nil.
func (s *Server) comparedSegment(ctx context.Context, iv *ownwords.Interview, id string) (*ownwords.Segment, error) {
	if id == "" {
		return nil, nil
	}
	seg, err := s.segment(ctx, id)
	if err != nil {
		return nil, err
	}
	if seg.InterviewID != iv.ID || seg.Layer != ownwords.LayerCoder {
		return nil, notFound("segment", id)
	}
	return seg, nil
}

// addConsensus creates the consensus segments of spans that the consensus
// does not already hold, by the adjudicator, with the note as memo.
func (s *Server) addConsensus(ctx context.Context, tx ownwords.Services, a *account, iv *ownwords.Interview,
	c *comparison, spans []span, note string) ([]*ownwords.Segment, error) {
	var out []*ownwords.Segment
	for _, sp := range spans {
		if c.hasConsensus(sp) {
			continue
		}
		quote, ok := ownwords.Slice(iv.Transcript, sp.Start, sp.End)
		if !ok {
			return nil, ownwords.Errorf(ownwords.EINVALID, "range %d..%d is outside the transcript", sp.Start, sp.End)
		}
		seg := &ownwords.Segment{StudyID: s.studyID, InterviewID: iv.ID, CodeID: sp.CodeID, CoderID: a.user.ID,
			Layer: ownwords.LayerConsensus, Start: sp.Start, End: sp.End, TextHash: ownwords.HashText(quote), Memo: note}
		if err := tx.CreateSegment(ctx, seg); err != nil {
			return nil, err
		}
		c.Consensus = append(c.Consensus, seg)
		out = append(out, seg)
	}
	return out, nil
}

// adjudicated answers an adjudication: the new consensus segments as JSON,
// or back to the comparison of the same coders.
func (s *Server) adjudicated(w http.ResponseWriter, r *http.Request, iv *ownwords.Interview, created []*ownwords.Segment) {
	if wantsJSON(r) {
		if created == nil {
			created = []*ownwords.Segment{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"segments": created})
		return
	}
	q := url.Values{}
	if a, b := r.PostFormValue("a"), r.PostFormValue("b"); a != "" && b != "" {
		q.Set("a", a)
		q.Set("b", b)
	}
	target := "/interviews/" + iv.ID + "/comparison"
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	http.Redirect(w, r, target+"#passages", http.StatusSeeOther)
}

// ids returns the segments' IDs.
func ids(segs []*ownwords.Segment) []string {
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = s.ID
	}
	return out
}
