package gate

import (
	"context"
	"errors"
	"strings"

	"golang.org/x/text/unicode/norm"

	"ownwords"
	"ownwords/text"
)

// transcriptRoles may edit a transcript: those who read it and code it
// (owner, coder). The team has no transcriber role: whoever types the
// transcript from the recording is a coder of the study, and may type and
// correct it until the first coding exists (issue 17). From then on only
// an owner may: an edit of a coded transcript moves everyone's segments
// and marks those whose text changed as broken
// (ownwords.TranscriptEditService), consensus ones included, which a coder
// could not mend, and one careless save could break every coder's work.
// (The refusal tells a coder that the interview has codings, which the
// rule itself implies.) The result and the edits list show only the
// segments the caller sees, and every edit is audited with its counts.
var transcriptRoles = codingRoles

// EditTranscript saves text as the transcript of interviewID at the
// version the caller's editor loaded. Line breaks typed as CR LF become
// LF and the text is put in NFC; timestamps typed at the start of a line
// ("[00:12:31]", as the player's insert-timestamp key writes them) are
// taken out and kept as time anchors (text.StripTimestamps). The result
// lists the segments c sees that the edit moved or broke. EUNAUTHORIZED,
// EFORBIDDEN, ENOTFOUND (interview, or withheld from c for consent),
// EINVALID (a malformed or out-of-order timestamp, naming its line),
// ECONFLICT (someone saved first: nothing is saved).
func (g *Gate) EditTranscript(ctx context.Context, c Caller, interviewID string, version int, transcript string) (*ownwords.TranscriptEditResult, error) {
	iv, err := g.transcriptFor(ctx, c, "editing a transcript", interviewID)
	if err != nil {
		return nil, err
	}
	if version < 1 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "transcript: the version the editor loaded is required")
	}
	if may, err := g.mayEditText(ctx, c, iv.ID); err != nil {
		return nil, err
	} else if !may {
		return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "transcript of %q: coding has begun, so only an owner may change it now (an edit moves every coder's passages and may break them)", iv.Title)
	}
	// Browsers send a textarea's line breaks as CR LF.
	transcript = norm.NFC.String(strings.ReplaceAll(transcript, "\r\n", "\n"))
	clean, typed, _, err := text.StripTimestamps(transcript)
	if err != nil {
		var le *text.LineError
		if errors.As(err, &le) {
			return nil, ownwords.Errorf(ownwords.EINVALID, "transcript line %d: %s", le.Line, le.Msg)
		}
		return nil, ownwords.Errorf(ownwords.EINVALID, "transcript: %s", err)
	}
	if strings.TrimSpace(clean) == "" {
		// Never a way to destroy a transcript: that is retention's and
		// shredding's, audited as such.
		return nil, ownwords.Errorf(ownwords.EINVALID, "transcript of %q: an empty transcript cannot be saved", iv.Title)
	}
	ed := &ownwords.TranscriptEdit{StudyID: g.studyID, InterviewID: iv.ID, Version: version, Transcript: clean}
	for _, a := range typed {
		ed.Typed = append(ed.Typed, ownwords.TimeAnchor{Offset: a.Offset, Ms: a.Ms})
	}
	res, err := g.store.EditTranscript(c.Context(ctx), ed)
	if err != nil {
		return nil, err
	}
	if err := g.visibleMoves(ctx, c, iv, []*ownwords.TranscriptEditResult{res}); err != nil {
		return nil, err
	}
	return res, nil
}

// TranscriptEdits lists the saved edits of interviewID's transcript, newest
// first, each with the segments c sees that it moved or broke (blind
// coding applied). Errors as Segments.
func (g *Gate) TranscriptEdits(ctx context.Context, c Caller, interviewID string) ([]*ownwords.TranscriptEditResult, error) {
	iv, err := g.transcriptFor(ctx, c, "the transcript's edits", interviewID)
	if err != nil {
		return nil, err
	}
	edits, err := g.store.TranscriptEdits(ctx, iv.ID)
	if err != nil {
		return nil, err
	}
	if err := g.visibleMoves(ctx, c, iv, edits); err != nil {
		return nil, err
	}
	if !c.is(ownwords.RoleOwner) {
		// Who edited when is the owner's to see (as in Activity): a coder
		// in blind coding would learn that another works on the interview.
		for _, e := range edits {
			if e.Actor != c.User.Name {
				e.Actor = "another member"
			}
		}
	}
	return edits, nil
}

// TranscriptEditable reports whether c may edit the transcript of
// interviewID now (see transcriptRoles): the workbench offers the editor
// or says why not. Errors as EditTranscript's, before the save.
func (g *Gate) TranscriptEditable(ctx context.Context, c Caller, interviewID string) (bool, error) {
	iv, err := g.transcriptFor(ctx, c, "editing a transcript", interviewID)
	if err != nil {
		return false, err
	}
	return g.mayEditText(ctx, c, iv.ID)
}

// mayEditText: an owner always, a coder until the first coding exists.
func (g *Gate) mayEditText(ctx context.Context, c Caller, interviewID string) (bool, error) {
	if c.is(ownwords.RoleOwner) {
		return true, nil
	}
	n, err := g.segmentCount(ctx, interviewID)
	return n == 0, err
}

// transcriptFor returns the interview whose transcript c asks to edit or
// to see the edits of (what names the request): the text roles only, and
// never an interview withheld from c for consent.
func (g *Gate) transcriptFor(ctx context.Context, c Caller, what, interviewID string) (*ownwords.Interview, error) {
	if err := c.need(what, transcriptRoles...); err != nil {
		return nil, err
	}
	iv, err := g.interviewHeadOf(ctx, interviewID)
	if err != nil {
		return nil, err
	}
	if err := g.withheldFrom(ctx, c, iv); err != nil {
		return nil, err
	}
	return iv, nil
}

// segmentCount counts the interview's segments in every layer: read
// through the segments' interview index, a few dozen rows, where counting
// the study's (SegmentCounts) would visit every segment of the study on
// every interview page.
func (g *Gate) segmentCount(ctx context.Context, interviewID string) (int, error) {
	segs, err := g.store.Segments(ctx, ownwords.SegmentFilter{StudyID: g.studyID, InterviewID: interviewID})
	return len(segs), err
}

// visibleMoves keeps in each edit's list only the segments c sees now
// (seesSegment): a blind coder's list holds their own segments, so that
// neither the list nor its length tells of another coder's work. A
// segment deleted since is left out too.
func (g *Gate) visibleMoves(ctx context.Context, c Caller, iv *ownwords.Interview, edits []*ownwords.TranscriptEditResult) error {
	segs, err := g.store.Segments(ctx, ownwords.SegmentFilter{StudyID: g.studyID, InterviewID: iv.ID})
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, s := range segs {
		if c.seesSegment(s, opened(iv)) {
			seen[s.ID] = true
		}
	}
	for _, e := range edits {
		kept := e.Moves[:0]
		for _, m := range e.Moves {
			if seen[m.SegmentID] {
				kept = append(kept, m)
			}
		}
		e.Moves = kept
	}
	return nil
}
