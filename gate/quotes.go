package gate

import (
	"context"
	"slices"

	"ownwords"
	"ownwords/quotes"
)

// QuotesRequest asks for the quote bank of one figure.
type QuotesRequest struct {
	// Item is the figure's "section/slug"; Group a plan group ("" is the
	// whole analysis sample); Plan the analysis plan ("" picks as every
	// output does).
	Item, Group, Plan string
	// Audience is AudienceTeam, AudiencePublic (an owner's preview) or ""
	// (the team).
	Audience string
}

// QuoteBank is a figure's quote bank as its caller may have it.
type QuoteBank struct {
	*quotes.Bank
	// Preview marks the public selection shown to an owner: what a
	// publication would quote before the disclosure scan and the second
	// owner's reading (`quotes publish`). It is not checked output.
	Preview bool `json:"preview,omitempty"`
	// MayPreview says the caller may switch between the team view and
	// the public preview (owners).
	MayPreview bool `json:"-"`
	// Blind counts, for a coder, the interviews still in blind coding:
	// none of their passages is in the bank. It counts every such
	// interview of the study, whatever the figure.
	Blind int `json:"blind_interviews_left_out,omitempty"`
}

// Quotes returns the quote bank of a figure for c: the passages every
// output would quote (one per participant, bounded, with coarse
// attribution from the analysis sample; see quotes.For). Owners and
// coders get the team audience: participant codes and where each passage
// lies. Coders never get a passage of an interview still in blind coding
// (the consensus there is not theirs to see yet). Owners may also preview
// the public selection, clearly marked as a preview: quotes leave the
// study only through quote publication (RequestPublication). Every view is
// audited ("quotes.team" or "quotes.public", the figure and group).
//
// EUNAUTHORIZED for the public; EFORBIDDEN for analysts and viewers (quotes
// are text) and for a coder asking for the public preview; EINVALID for a
// malformed item or audience; ENOTFOUND for an unknown figure, group or
// plan.
func (g *Gate) Quotes(ctx context.Context, c Caller, req QuotesRequest) (*QuoteBank, error) {
	if err := c.need("the quote bank", ownwords.RoleOwner, ownwords.RoleCoder); err != nil {
		return nil, err
	}
	out := &QuoteBank{MayPreview: c.is(ownwords.RoleOwner)}
	audience := AudienceTeam
	switch req.Audience {
	case "", AudienceTeam:
	case AudiencePublic:
		if err := c.need("the public preview of quotes", ownwords.RoleOwner); err != nil {
			return nil, err
		}
		audience, out.Preview = AudiencePublic, true
	default:
		return nil, ownwords.Errorf(ownwords.EINVALID, "quotes: audience %q: want team or public", req.Audience)
	}
	opt := quotes.Options{Item: req.Item, Group: req.Group, Plan: req.Plan, Audience: audience}
	var svc ownwords.Services = g.store
	if c.blindTo("") {
		open, closed, err := g.comparisons(ctx)
		if err != nil {
			return nil, err
		}
		opt.Interviews, out.Blind = open, closed
		// Who stands behind the figure is counted as the coder may know
		// the study too: a derived item (all of A and B) would otherwise
		// take in a participant through a consensus coding of a blind
		// interview, and show one of their open passages for it.
		svc = blindSource{Services: g.store, c: c, open: open}
	}
	var err error
	if out.Bank, err = quotes.For(ctx, svc, g.studyID, opt); err != nil {
		return nil, err
	}
	if err := g.store.Record(c.Context(ctx), g.studyID, "quotes."+audience, req.Item, req.Group); err != nil {
		return nil, err
	}
	return out, nil
}

// The publication of quotes: an owner requests the public quotes of a
// figure, a second owner reads and approves their exact text, an owner
// exports it (package quotes holds the two-owner rules and the disclosure
// scan). Only owners take part: EUNAUTHORIZED for the public, EFORBIDDEN
// for every other role, before anything is prepared; the errors of package
// quotes otherwise.

// RequestPublication asks, as c, to publish the public quotes of a figure
// (quotes.RequestPublication).
func (g *Gate) RequestPublication(ctx context.Context, c Caller, opt quotes.Options) (*quotes.Request, *quotes.Publication, error) {
	if err := c.need("publishing quotes", ownwords.RoleOwner); err != nil {
		return nil, nil, err
	}
	opt.Interviews = nil // an owner's request covers every interview
	return quotes.RequestPublication(c.Context(ctx), g.store, g.studyID, opt)
}

// ReviewPublication gives c the text of request id to read before
// approving it (quotes.ReviewPublication).
func (g *Gate) ReviewPublication(ctx context.Context, c Caller, id string) (*quotes.Request, *quotes.Publication, error) {
	if err := c.need("publishing quotes", ownwords.RoleOwner); err != nil {
		return nil, nil, err
	}
	return quotes.ReviewPublication(c.Context(ctx), g.store, g.studyID, id)
}

// ApprovePublication records c's approval of request id, c being an owner
// other than the requester (quotes.ApprovePublication).
func (g *Gate) ApprovePublication(ctx context.Context, c Caller, id string) (*quotes.Request, *quotes.Publication, error) {
	if err := c.need("publishing quotes", ownwords.RoleOwner); err != nil {
		return nil, nil, err
	}
	return quotes.ApprovePublication(c.Context(ctx), g.store, g.studyID, id)
}

// ReleasePublication gives c the approved text of request id to write out
// (quotes.ReleasePublication); the front end writes it where the owner
// asked (an export file) and then calls Published.
func (g *Gate) ReleasePublication(ctx context.Context, c Caller, id string) (*quotes.Request, *quotes.Publication, error) {
	if err := c.need("publishing quotes", ownwords.RoleOwner); err != nil {
		return nil, nil, err
	}
	return quotes.ReleasePublication(c.Context(ctx), g.store, g.studyID, id)
}

// Published records that c wrote the publication of req to file.
func (g *Gate) Published(ctx context.Context, c Caller, req *quotes.Request, pub *quotes.Publication, file string) error {
	if err := c.need("publishing quotes", ownwords.RoleOwner); err != nil {
		return err
	}
	return quotes.Published(c.Context(ctx), g.store, g.studyID, req, pub, file)
}

// blindSource is the study as a blind coder may know it: of an interview
// still in blind coding, only the coder's own segments.
type blindSource struct {
	ownwords.Services
	c    Caller
	open map[string]bool
}

// Segments lists the segments of f that b's coder may see.
func (b blindSource) Segments(ctx context.Context, f ownwords.SegmentFilter) ([]*ownwords.Segment, error) {
	segs, err := b.Services.Segments(ctx, f)
	return slices.DeleteFunc(segs, func(s *ownwords.Segment) bool { return !b.c.seesSegment(s, b.open[s.InterviewID]) }), err
}
