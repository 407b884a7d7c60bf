package gate

import (
	"context"
	"errors"
	"strings"

	"ownwords"
	"ownwords/text"
)

// Other texts of an interview (issue 18): the original it was translated
// from, or translations of its Transcript (ownwords.InterviewText). They
// are the interview's words as much as its transcript is, so they are read
// under exactly the rules of reading the transcript (transcriptFor): the
// text roles only (owner, coder), never an interview withheld from the
// caller for consent, and another study's interview is ENOTFOUND. Blind
// coding hides segments, not words: a blind coder reads the texts too,
// and sees on them only the codings they see on the transcript.
//
// Codings stay on the Transcript: a passage coded in another text is
// stored as one segment on the transcript at the aligned span
// (text.Projection), so that it counts once in every analysis and
// agreement figure.

// InterviewTexts returns the other texts of interviewID for the workbench,
// originals first, and audits the reading as a view of the transcript
// ("transcript.view", detail "texts") when there are any. EUNAUTHORIZED,
// EFORBIDDEN, ENOTFOUND (interview, or withheld from c for consent).
func (g *Gate) InterviewTexts(ctx context.Context, c Caller, interviewID string) ([]*ownwords.InterviewText, error) {
	iv, err := g.transcriptFor(ctx, c, "the interview's other texts (transcript text)", interviewID)
	if err != nil {
		return nil, err
	}
	texts, err := g.store.InterviewTexts(ctx, iv.ID)
	if err != nil || len(texts) == 0 {
		return nil, err
	}
	if err := g.store.Record(c.Context(ctx), g.studyID, "transcript.view", iv.ID, "texts"); err != nil {
		return nil, err
	}
	return texts, nil
}

// projected turns in, a coding of the passage [Start, End) of the other
// text in.TextID (TextHash the hash of that passage), into the coding of
// the aligned span of iv's transcript, with that span's hash (see
// projectBack).
func (g *Gate) projected(ctx context.Context, iv *ownwords.Interview, in NewSegment) (NewSegment, error) {
	if in.Time != nil {
		return in, ownwords.Errorf(ownwords.EINVALID, "segment: give a passage of another text or a time span, not both")
	}
	var err error
	in.Start, in.End, in.TextHash, err = g.projectBack(ctx, iv, in.TextID, in.Start, in.End, in.TextHash)
	return in, err
}

// projectBack returns the span of iv's transcript aligned with the passage
// [start, end) of iv's other text textID (hash the hash of that passage),
// and the hash of that span of the stored transcript. EINVALID when the
// text is not iv's, has changed since the caller selected, no longer
// aligns with the transcript (an edit since), or the passage holds no
// words that map (a speaker label, the blank between turns).
func (g *Gate) projectBack(ctx context.Context, iv *ownwords.Interview, textID string, start, end int, hash string) (int, int, string, error) {
	full, err := g.interviewOf(ctx, iv.ID)
	if err != nil {
		return 0, 0, "", err
	}
	texts, err := g.store.InterviewTexts(ctx, iv.ID)
	if err != nil {
		return 0, 0, "", err
	}
	var other *ownwords.InterviewText
	for _, t := range texts {
		if t.ID == textID {
			other = t
		}
	}
	if other == nil {
		return 0, 0, "", ownwords.Errorf(ownwords.EINVALID, "segment: interview %q has no text %s", iv.Title, textID)
	}
	quoted, ok := ownwords.Slice(other.Text, start, end)
	switch {
	case !ok:
		return 0, 0, "", ownwords.Errorf(ownwords.EINVALID, "segment %d..%d lies outside the %s text", start, end, other.Language)
	case !strings.EqualFold(ownwords.HashText(quoted), hash):
		return 0, 0, "", ownwords.Errorf(ownwords.EINVALID, "segment %d..%d: the selected text does not match the stored %s text", start, end, other.Language)
	}
	p, err := text.NewProjectionMap(full.Transcript, other.Text, other.Alignment)
	if err != nil {
		var ae *text.AlignError
		if errors.As(err, &ae) {
			return 0, 0, "", ownwords.Errorf(ownwords.EINVALID, "the %s text does not align with the transcript, so a passage cannot be coded in it (align it by hand in the workbench first): %s",
				other.Language, ae.Between("the transcript", "the "+other.Language+" text"))
		}
		return 0, 0, "", err
	}
	a, b, ok := p.BToA(start, end)
	if !ok {
		return 0, 0, "", ownwords.Errorf(ownwords.EINVALID, "segment %d..%d of the %s text holds no words of a turn (only a speaker label or the space between turns)", start, end, other.Language)
	}
	span, _ := ownwords.Slice(full.Transcript, a, b)
	return a, b, ownwords.HashText(span), nil
}

// Aligning a text by hand (issue 18): a text that does not align with the
// transcript turn by turn (an interpreter ran two answers into one, a
// translator split one) is stored unaligned (InterviewText.AllowUnaligned)
// and paired here, group by group, with a unit map (text.UnitMap). It is
// an edit of how the interview's texts are read side by side, which moves
// where every coding shows in the other text: those who may edit the
// transcript may make it (owners; coders until coding has begun, as
// EditTranscript has it), and nobody else sees the page.

// TextAlignment is what the alignment page shows: the interview, the text,
// the units of each (text.Units) and the unit map to start from: the
// stored one, Align's when the texts align turn by turn, else "" (every
// unit alone). Basis is ownwords.AlignmentBasis of the two texts, sent
// back with the map.
type TextAlignment struct {
	Interview       *ownwords.Interview
	Text            *ownwords.InterviewText
	TranscriptUnits []text.Unit
	TextUnits       []text.Unit
	Map             string
	Basis           string
}

// TextAlignment returns what c needs to align text textID of interviewID
// by hand, and audits the reading as InterviewTexts does. EUNAUTHORIZED,
// EFORBIDDEN (not a text role, or a coder once coding has begun),
// ENOTFOUND (interview, withheld from c, or no such text of it).
func (g *Gate) TextAlignment(ctx context.Context, c Caller, interviewID, textID string) (*TextAlignment, error) {
	iv, t, err := g.alignable(ctx, c, interviewID, textID)
	if err != nil {
		return nil, err
	}
	if err := g.store.Record(c.Context(ctx), g.studyID, "transcript.view", iv.ID, "texts"); err != nil {
		return nil, err
	}
	a := &TextAlignment{Interview: iv, Text: t, Basis: ownwords.AlignmentBasis(iv.Transcript, t.Text)}
	a.TranscriptUnits, _ = text.Units(iv.Transcript)
	a.TextUnits, _ = text.Units(t.Text)
	switch {
	case t.Alignment != "":
		a.Map = t.Alignment
	case !t.Unaligned:
		a.Map = text.Identity(len(a.TranscriptUnits)).String()
	}
	return a, nil
}

// AlignText stores unitMap as the alignment of text textID with the
// transcript of interviewID, made on basis at the text's version
// (ownwords.InterviewTextService.AlignInterviewText; audited). Errors as
// TextAlignment's, and the store's: ECONFLICT (either text changed
// since), EINVALID (the map does not pair the units of both texts).
func (g *Gate) AlignText(ctx context.Context, c Caller, interviewID, textID string, version int, basis, unitMap string) error {
	if _, _, err := g.alignable(ctx, c, interviewID, textID); err != nil {
		return err
	}
	return g.store.AlignInterviewText(c.Context(ctx), textID, version, basis, unitMap)
}

// alignable returns interviewID with its transcript and its text textID,
// when c may align them (see TextAlignment).
func (g *Gate) alignable(ctx context.Context, c Caller, interviewID, textID string) (*ownwords.Interview, *ownwords.InterviewText, error) {
	head, err := g.transcriptFor(ctx, c, "aligning the interview's texts (transcript text)", interviewID)
	if err != nil {
		return nil, nil, err
	}
	if may, err := g.mayEditText(ctx, c, head.ID); err != nil {
		return nil, nil, err
	} else if !may {
		return nil, nil, ownwords.Errorf(ownwords.EFORBIDDEN, "texts of %q: coding has begun, so only an owner may align them now (an alignment moves where every coder's passages show in the other text)", head.Title)
	}
	iv, err := g.interviewOf(ctx, head.ID)
	if err != nil {
		return nil, nil, err
	}
	texts, err := g.store.InterviewTexts(ctx, iv.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range texts {
		if t.ID == textID {
			return iv, t, nil
		}
	}
	return nil, nil, ownwords.Errorf(ownwords.ENOTFOUND, "interview %q has no text %s", iv.Title, textID)
}
