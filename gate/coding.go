package gate

import (
	"context"
	"slices"

	"ownwords"
)

// Coding: the coding view of an interview and the changes coders and the
// owner make to its segments. Coding is for the roles that read
// transcripts (owner, coder): the public gets EUNAUTHORIZED, analysts and
// viewers EFORBIDDEN. Every write is audited by the store with the caller
// as actor ("segment.create", "segment.update", "segment.delete").
//
// Blind coding: a coder sees their own coder-layer segments, and everyone's
// (other coders' and the consensus) only once the owner has opened
// comparison for the interview, so that a second coder cannot be swayed by
// the first. Owners see everything. A coder changes or removes only their
// own coder-layer segments; the owner any. A segment hidden from the
// caller is ENOTFOUND, exactly like a missing one.

// codingRoles may code.
var codingRoles = []ownwords.Role{ownwords.RoleOwner, ownwords.RoleCoder}

// seesSegment reports whether c sees seg, of an interview whose comparison
// is open or not.
func (c Caller) seesSegment(seg *ownwords.Segment, opened bool) bool {
	switch {
	case c.is(ownwords.RoleOwner):
		return true
	case c.is(ownwords.RoleCoder):
		return opened || c.ownsSegment(seg)
	}
	return false
}

// editsSegment reports whether c may change or remove seg.
func (c Caller) editsSegment(seg *ownwords.Segment) bool {
	return c.is(ownwords.RoleOwner) || (c.is(ownwords.RoleCoder) && c.ownsSegment(seg))
}

// ownsSegment reports whether seg is in c's own coder layer.
func (c Caller) ownsSegment(seg *ownwords.Segment) bool {
	return c.User != nil && seg.Layer == ownwords.LayerCoder && seg.CoderID == c.User.ID
}

// Coding is an interview as the coding view shows it to one caller.
type Coding struct {
	// Interview is the interview with its transcript.
	Interview *ownwords.Interview
	// Codebook is the study's codebook (examples included: the caller
	// reads text).
	Codebook *ownwords.Codebook
	// Segments are the segments the caller may see, by start.
	Segments []*ownwords.Segment
	// Editable holds the IDs of the Segments the caller may change.
	Editable map[string]bool
	// Memos are the interview's memos the caller may read: a blind coder
	// only their own (another coder's analytic memo is their layer too).
	Memos []*ownwords.Memo
	// Coders counts the coders with coder-layer segments here that the
	// caller may see (a blind coder: only themselves).
	Coders int
	// Opened is set once the owner has opened comparison.
	Opened bool
	// Blind is set when the caller sees only their own codings.
	Blind bool
	// Consensus is set when the caller may write the consensus layer.
	Consensus bool
	// Times are the time spans of the Segments in the recording, by
	// segment ID (ownwords.SpanOf over Interview.Anchors); empty when the
	// transcript has no time anchors.
	Times map[string]ownwords.TimeSpan
}

// Segments returns the coding view of interviewID for c: the transcript
// and the segments c may see (blind coding applied), and audits the view
// ("transcript.view"). EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND.
func (g *Gate) Segments(ctx context.Context, c Caller, interviewID string) (*Coding, error) {
	if err := c.need("the coding view (transcript text)", codingRoles...); err != nil {
		return nil, err
	}
	iv, err := g.interviewOf(ctx, interviewID)
	if err != nil {
		return nil, err
	}
	if err := g.withheldFrom(ctx, c, iv); err != nil {
		return nil, err
	}
	cb, err := g.store.Codebook(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	all, err := g.store.Segments(ctx, ownwords.SegmentFilter{StudyID: g.studyID, InterviewID: iv.ID})
	if err != nil {
		return nil, err
	}
	out := &Coding{Interview: iv, Codebook: cb, Segments: make([]*ownwords.Segment, 0, len(all)), Editable: map[string]bool{}, Opened: opened(iv),
		Consensus: c.is(ownwords.RoleOwner)}
	out.Blind = c.is(ownwords.RoleCoder) && !out.Opened
	coders := map[string]bool{}
	for _, seg := range all {
		if !c.seesSegment(seg, out.Opened) {
			continue // nor counted: how many code a blind interview is another layer's news
		}
		if seg.Layer == ownwords.LayerCoder {
			coders[seg.CoderID] = true
		}
		out.Segments = append(out.Segments, seg)
		if c.editsSegment(seg) {
			out.Editable[seg.ID] = true
		}
	}
	out.Coders = len(coders)
	out.Times = map[string]ownwords.TimeSpan{}
	for _, seg := range out.Segments {
		if sp, ok := ownwords.SpanOf(iv.Anchors, seg.Start, seg.End); ok {
			out.Times[seg.ID] = sp
		}
	}
	memos, err := g.store.Memos(ctx, g.studyID, ownwords.MemoInterview, iv.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range memos {
		if !out.Blind || m.AuthorID == c.User.ID {
			out.Memos = append(out.Memos, m)
		}
	}
	if err := g.store.Record(c.Context(ctx), g.studyID, "transcript.view", iv.ID, ""); err != nil {
		return nil, err
	}
	return out, nil
}

// VisibleSegments returns the study's segments matching f that c may see
// (blind coding applied), as code retrieval lists them. f's study is
// always the gate's. EUNAUTHORIZED, EFORBIDDEN.
func (g *Gate) VisibleSegments(ctx context.Context, c Caller, f ownwords.SegmentFilter) ([]*ownwords.Segment, error) {
	if err := c.need("coded passages (transcript text)", codingRoles...); err != nil {
		return nil, err
	}
	f.StudyID = g.studyID
	segs, err := g.store.Segments(ctx, f)
	if err != nil {
		return nil, err
	}
	open, _, err := g.comparisons(ctx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(segs, func(seg *ownwords.Segment) bool { return !c.seesSegment(seg, open[seg.InterviewID]) }), nil
}

// NewSegment is a coding to create: a code on the code points
// [Start, End) of an interview, with the SHA-256 of the text the caller
// selected (the store re-checks both against the transcript).
type NewSegment struct {
	InterviewID, CodeID string
	Start, End          int
	TextHash            string
	// Layer is "" or "coder" (the caller's own layer), or "consensus"
	// (owners only).
	Layer string
	Memo  string
	// Time, when set, codes the passage spoken in that time span of the
	// recording instead of Start and End: its range comes from the
	// transcript's time anchors (ownwords.RangeOfTimes), its hash from
	// the stored text.
	Time *TimeRange
	// TextID, when set, names another text of the interview
	// (ownwords.InterviewText) in which Start, End and TextHash select the
	// passage: the segment is created on the transcript at the aligned
	// span (text.Projection), its hash from the stored transcript. One
	// coding, on the transcript, whichever text the coder worked in.
	TextID string
}

// TimeRange is a time span of a recording in seconds, as a coder marks it
// while listening.
type TimeRange struct{ From, To float64 }

// CreateSegment codes a passage for c: coders in their own layer, owners
// in theirs or in the consensus. The code must be applicable (see
// Applicable). EUNAUTHORIZED, EFORBIDDEN (consensus by a coder),
// ENOTFOUND (interview, code), EINVALID (layer, code, range, hash).
func (g *Gate) CreateSegment(ctx context.Context, c Caller, in NewSegment) (*ownwords.Segment, error) {
	seg, err := g.newSegment(ctx, c, in)
	if err != nil {
		return nil, err
	}
	if err := g.store.CreateSegment(c.Context(ctx), seg); err != nil {
		return nil, err
	}
	return seg, nil
}

// CodePassage codes the passage [start, end) of interviewID with codeID in
// c's own coder layer, as "code this passage" on a search hit does, unless
// c already coded exactly that passage with that code: then it returns that
// segment and created is false. Looking and creating are one transaction,
// so that a double click codes once. Errors as CreateSegment.
func (g *Gate) CodePassage(ctx context.Context, c Caller, interviewID, codeID string, start, end int, textHash string) (seg *ownwords.Segment, created bool, err error) {
	seg, err = g.newSegment(ctx, c, NewSegment{InterviewID: interviewID, CodeID: codeID, Start: start, End: end, TextHash: textHash})
	if err != nil {
		return nil, false, err
	}
	ctx = c.Context(ctx)
	err = g.store.Update(ctx, func(tx ownwords.Services) error {
		mine, err := tx.Segments(ctx, ownwords.SegmentFilter{StudyID: g.studyID, InterviewID: seg.InterviewID, CodeIDs: []string{codeID},
			CoderID: c.User.ID, Layer: ownwords.LayerCoder})
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(mine, func(m *ownwords.Segment) bool { return m.Start == start && m.End == end }); i >= 0 {
			seg = mine[i]
			return nil
		}
		created = true
		return tx.CreateSegment(ctx, seg)
	})
	if err != nil {
		return nil, false, err
	}
	return seg, created, nil
}

// newSegment checks what c asks to code and returns the segment to create.
func (g *Gate) newSegment(ctx context.Context, c Caller, in NewSegment) (*ownwords.Segment, error) {
	if err := c.need("coding", codingRoles...); err != nil {
		return nil, err
	}
	iv, err := g.interviewHeadOf(ctx, in.InterviewID)
	if err != nil {
		return nil, err
	}
	if err := g.withheldFrom(ctx, c, iv); err != nil {
		return nil, err
	}
	switch in.Layer {
	case "", ownwords.LayerCoder:
		in.Layer = ownwords.LayerCoder
	case ownwords.LayerConsensus:
		if !c.is(ownwords.RoleOwner) {
			return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "only the study owner writes the consensus layer")
		}
	default:
		return nil, ownwords.Errorf(ownwords.EINVALID, "segment: layer must be coder or consensus")
	}
	if err := g.applicable(ctx, in.CodeID); err != nil {
		return nil, err
	}
	if in.TextID != "" {
		if in, err = g.projected(ctx, iv, in); err != nil {
			return nil, err
		}
	}
	if in.Time != nil {
		full, err := g.interviewOf(ctx, iv.ID)
		if err != nil {
			return nil, err
		}
		if in.Start, in.End, err = ownwords.RangeOfTimes(full.Anchors, full.Transcript, in.Time.From, in.Time.To); err != nil {
			return nil, err
		}
		text, _ := ownwords.Slice(full.Transcript, in.Start, in.End)
		in.TextHash = ownwords.HashText(text)
	}
	return &ownwords.Segment{StudyID: g.studyID, InterviewID: iv.ID, CodeID: in.CodeID, CoderID: c.User.ID,
		Layer: in.Layer, Start: in.Start, End: in.End, TextHash: in.TextHash, Memo: in.Memo}, nil
}

// SegmentChange is a change to a segment at the version the caller saw.
// Empty fields keep the segment's value.
type SegmentChange struct {
	ID      string
	Version int
	// CodeID re-codes the segment.
	CodeID string
	// Start and End resize it (both or neither); TextHash is the hash of
	// the new range's text, computed from the stored transcript when
	// empty.
	Start, End *int
	TextHash   string
	// Layer, when set, must be the segment's own: a layer never changes.
	Layer string
	Memo  *string
	// TextID, when set, names another text of the interview in which
	// Start, End and TextHash (required) select the new passage, as
	// NewSegment.TextID: the segment is resized to the aligned span of
	// the transcript (side by side, resizing in the other column).
	TextID string
}

// UpdateSegment re-codes, resizes or re-memos a segment c may change. If
// someone saved it since Version, nothing changes (ECONFLICT): never a
// silent overwrite. EUNAUTHORIZED, EFORBIDDEN (another's segment c sees),
// ENOTFOUND (a segment c does not see), EINVALID.
func (g *Gate) UpdateSegment(ctx context.Context, c Caller, ch SegmentChange) (*ownwords.Segment, error) {
	seg, iv, err := g.editableSegment(ctx, c, ch.ID)
	if err != nil {
		return nil, err
	}
	switch {
	case ch.Version < 1:
		return nil, ownwords.Errorf(ownwords.EINVALID, "segment: version required")
	case ch.Layer != "" && ch.Layer != seg.Layer:
		return nil, ownwords.Errorf(ownwords.EINVALID, "segment: the layer of a segment cannot change")
	case (ch.Start == nil) != (ch.End == nil):
		return nil, ownwords.Errorf(ownwords.EINVALID, "segment: give both start and end")
	case ch.TextID != "" && ch.Start == nil:
		return nil, ownwords.Errorf(ownwords.EINVALID, "segment: give the start and end of the passage in the other text")
	}
	if ch.TextID != "" {
		start, end, hash, err := g.projectBack(ctx, iv, ch.TextID, *ch.Start, *ch.End, ch.TextHash)
		if err != nil {
			return nil, err
		}
		ch.Start, ch.End, ch.TextHash = &start, &end, hash
	}
	if ch.CodeID != "" && ch.CodeID != seg.CodeID {
		if err := g.applicable(ctx, ch.CodeID); err != nil {
			return nil, err
		}
		seg.CodeID = ch.CodeID
	}
	if ch.Start != nil && (*ch.Start != seg.Start || *ch.End != seg.End || ch.TextHash != "") {
		seg.Start, seg.End, seg.TextHash = *ch.Start, *ch.End, ch.TextHash
		if seg.TextHash == "" {
			if iv, err = g.interviewOf(ctx, iv.ID); err != nil {
				return nil, err
			}
			text, ok := ownwords.Slice(iv.Transcript, seg.Start, seg.End)
			if !ok {
				return nil, ownwords.Errorf(ownwords.EINVALID, "segment %d..%d lies outside the transcript", seg.Start, seg.End)
			}
			seg.TextHash = ownwords.HashText(text)
		}
	}
	if ch.Memo != nil {
		seg.Memo = *ch.Memo
	}
	seg.Version = ch.Version
	if err := g.store.UpdateSegment(c.Context(ctx), seg); err != nil {
		return nil, err
	}
	return seg, nil
}

// DeleteSegment removes a segment c may change, at the version c saw, and
// returns it as it was. Errors as UpdateSegment.
func (g *Gate) DeleteSegment(ctx context.Context, c Caller, id string, version int) (*ownwords.Segment, error) {
	seg, _, err := g.editableSegment(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if version < 1 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "version: a positive whole number is required")
	}
	if err := g.store.DeleteSegment(c.Context(ctx), seg.ID, version); err != nil {
		return nil, err
	}
	return seg, nil
}

// AdoptSegment (owner) copies a coder's segment into the consensus layer,
// which is what analysis counts, with the owner recorded as adjudicator.
// It carries an existing coding over, so a code deprecated since still
// passes. EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND, EINVALID (already
// consensus).
func (g *Gate) AdoptSegment(ctx context.Context, c Caller, id string) (*ownwords.Segment, error) {
	if err := c.need("adopting a segment into the consensus", ownwords.RoleOwner); err != nil {
		return nil, err
	}
	seg, _, err := g.editableSegment(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if seg.Layer == ownwords.LayerConsensus {
		return nil, ownwords.Errorf(ownwords.EINVALID, "the segment is already in the consensus layer")
	}
	adopted := &ownwords.Segment{StudyID: g.studyID, InterviewID: seg.InterviewID, CodeID: seg.CodeID, CoderID: c.User.ID,
		Layer: ownwords.LayerConsensus, Start: seg.Start, End: seg.End, TextHash: seg.TextHash, Memo: seg.Memo}
	if err := g.store.CreateSegment(c.Context(ctx), adopted); err != nil {
		return nil, err
	}
	return adopted, nil
}

// editableSegment loads segment id and its interview (without its text)
// for a change by c: ENOTFOUND if it is not in the study or hidden from c
// by blind coding, EFORBIDDEN if c may see but not change it.
func (g *Gate) editableSegment(ctx context.Context, c Caller, id string) (*ownwords.Segment, *ownwords.Interview, error) {
	if err := c.need("coding", codingRoles...); err != nil {
		return nil, nil, err
	}
	seg, err := g.segmentOf(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	iv, err := g.interviewHeadOf(ctx, seg.InterviewID)
	if err != nil {
		return nil, nil, err
	}
	if err := g.withheldFrom(ctx, c, iv); err != nil {
		return nil, nil, notFoundOr(err, "segment", id)
	}
	if !c.seesSegment(seg, opened(iv)) {
		return nil, nil, notInStudy("segment", id)
	}
	if !c.editsSegment(seg) {
		return nil, nil, ownwords.Errorf(ownwords.EFORBIDDEN, "only its coder or the owner may change this segment")
	}
	return seg, iv, nil
}
