package gate

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"

	"ownwords"
	"ownwords/analysis"
	"ownwords/report"
)

// DefaultRetrieveLimit bounds the passages of one retrieval when the
// request sets no limit.
const DefaultRetrieveLimit = 200

// RetrieveRequest asks for the passages coded with a code.
type RetrieveRequest struct {
	// Code is a code's ID or path; its descendants count too.
	Code string
	// Attributes keeps participants with these values (slug → value as
	// typed).
	Attributes map[string]string
	// Layer is ownwords.LayerConsensus ("" too) or ownwords.LayerCoder.
	Layer string
	// Plan is the analysis plan whose sample attributions are counted
	// over ("" picks as every output does).
	Plan string
	// Limit bounds the passages given (0: DefaultRetrieveLimit); Total
	// counts them all.
	Limit int
}

// Retrieval is the answer to a RetrieveRequest.
type Retrieval struct {
	Code  *ownwords.Code
	Path  string
	Layer string
	// Group describes the attribute filter: "gender = woman", or
	// "everyone".
	Group string
	// Total counts the passages the caller may see; Passages are the
	// first of them.
	Total    int
	Passages []RetrievedPassage
}

// RetrievedPassage is one coded passage with a coarse attribution.
type RetrievedPassage struct {
	SegmentID, InterviewID, Language string
	// Path is the code's path (the code asked for or a descendant), Label
	// its label (its slug when it has none).
	Path, Label string
	Text        string
	Attribution string
}

// Retrieve lists, for c, the passages coded with a code (or one below it)
// in one layer, for participants with the given attributes, each with the
// coarse attribution every quote gets (report.StudyAttribution over the
// analysis sample). Owners see every passage; coders only what blind
// coding lets them see: their own coder-layer passages, and everyone's in
// interviews whose comparison is open. Nothing is said about the passages
// left out. Every retrieval is audited as a view of transcript text
// ("quotes.view", the code, the layer and group).
//
// EUNAUTHORIZED for the public; EFORBIDDEN for analysts and viewers;
// EINVALID for an unknown layer, attribute or a malformed value; ENOTFOUND
// for an unknown code or plan.
func (g *Gate) Retrieve(ctx context.Context, c Caller, req RetrieveRequest) (*Retrieval, error) {
	if err := c.need("retrieving coded passages", ownwords.RoleOwner, ownwords.RoleCoder); err != nil {
		return nil, err
	}
	out := &Retrieval{Layer: ownwords.LayerConsensus}
	switch req.Layer {
	case "", ownwords.LayerConsensus:
	case ownwords.LayerCoder:
		out.Layer = ownwords.LayerCoder
	default:
		return nil, ownwords.Errorf(ownwords.EINVALID, "layer %q: want consensus or coder", req.Layer)
	}
	group, err := g.attributeFilter(ctx, c, req.Attributes)
	if err != nil {
		return nil, err
	}
	out.Group = describeGroup(group)
	cb, err := g.store.Codebook(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	if out.Code = cb.ByID(req.Code); out.Code == nil {
		out.Code = cb.ByPath(req.Code)
	}
	if out.Code == nil {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "code %q not found in this study", req.Code)
	}
	out.Path = cb.Path(out.Code)
	in, attr, err := g.sampleAttribution(ctx, req.Plan)
	if err != nil {
		return nil, err
	}
	segs, err := g.VisibleSegments(ctx, c, ownwords.SegmentFilter{CodeIDs: cb.Descendants(out.Code.ID), Layer: out.Layer})
	if err != nil {
		return nil, err
	}
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultRetrieveLimit
	}
	people := make(map[string]*ownwords.Participant, len(in.Participants))
	for _, p := range in.Participants {
		people[p.ID] = p
	}
	owners := make(map[string]string, len(in.Interviews)) // interview → participant
	for _, iv := range in.Interviews {
		owners[iv.ID] = iv.ParticipantID
	}
	texts := map[string]*ownwords.Interview{}
	for _, seg := range segs {
		p := people[owners[seg.InterviewID]]
		if p == nil || !Filter(group).Matches(p) {
			continue
		}
		out.Total++
		if len(out.Passages) == limit {
			continue
		}
		iv := texts[seg.InterviewID]
		if iv == nil {
			if iv, err = g.store.Interview(ctx, seg.InterviewID); err != nil {
				return nil, err
			}
			texts[iv.ID] = iv
		}
		text, _ := ownwords.Slice(iv.Transcript, seg.Start, seg.End)
		row := RetrievedPassage{SegmentID: seg.ID, InterviewID: iv.ID, Language: iv.Language, Text: text, Attribution: attr.Of(p)}
		if k := cb.ByID(seg.CodeID); k != nil {
			row.Path, row.Label = cb.Path(k), cmp.Or(k.Label, k.Slug)
		}
		out.Passages = append(out.Passages, row)
	}
	if err := g.store.Record(c.Context(ctx), g.studyID, "quotes.view", out.Code.ID, out.Layer+" "+out.Group); err != nil {
		return nil, err
	}
	return out, nil
}

// sampleAttribution returns the analysis input of the study and the
// attribution over the analysis sample of plan; with no plan named and
// none in the study (one still being coded), over every participant.
func (g *Gate) sampleAttribution(ctx context.Context, plan string) (*analysis.Input, *report.Attribution, error) {
	in, res, err := report.Analyse(ctx, g.store, g.studyID, plan)
	if ownwords.ErrorCode(err) == ownwords.ENOTFOUND && plan == "" {
		if in, err = analysis.Load(ctx, g.store, g.studyID); err != nil {
			return nil, nil, err
		}
		res, err = analysis.Run(in, &analysis.Plan{Name: "everyone", Groups: []analysis.Group{{Name: "all", Filter: map[string]string{}}}})
	}
	if err != nil {
		return nil, nil, err
	}
	attr, err := report.StudyAttribution(in, res)
	return in, attr, err
}

// describeGroup returns "gender = woman, origin = foreign", or "everyone".
func describeGroup(f map[string]string) string {
	if len(f) == 0 {
		return "everyone"
	}
	parts := make([]string, 0, len(f))
	for _, slug := range slices.Sorted(maps.Keys(f)) {
		parts = append(parts, slug+" = "+f[slug])
	}
	return strings.Join(parts, ", ")
}

// RetrieveChoices are what a retrieval form offers: the codebook and the
// attributes c may filter by.
type RetrieveChoices struct {
	Codebook *ownwords.Codebook
	Filters  []FilterChoice
}

// RetrieveChoices returns the choices of c's retrieval form. The errors
// of Retrieve's role check.
func (g *Gate) RetrieveChoices(ctx context.Context, c Caller) (*RetrieveChoices, error) {
	if err := c.need("retrieving coded passages", ownwords.RoleOwner, ownwords.RoleCoder); err != nil {
		return nil, err
	}
	cb, err := g.store.Codebook(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	fs, err := g.attributeFilters(ctx, c)
	if err != nil {
		return nil, err
	}
	return &RetrieveChoices{Codebook: cb, Filters: fs}, nil
}
