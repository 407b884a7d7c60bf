package gate

import (
	"context"
	"slices"
	"strings"

	"ownwords"
	"ownwords/reliability"
)

// Reliability is the agreement between coders a caller may see.
type Reliability struct {
	// Table is the reliability table; nil when it cannot be computed
	// (Reason says why).
	Table *reliability.Table
	// Reason says why there is no table: fewer than two coders, or no
	// interview coded by two of them.
	Reason string
	// BlindLeftOut is set when the figures leave out the interviews still
	// in blind coding (for coders).
	BlindLeftOut bool
	// DoubleCoded lists, for the owner (who opens and adjudicates their
	// comparison), the interviews coded by two or more coders; nil for
	// everyone else.
	DoubleCoded []DoubleCoded
}

// DoubleCoded is an interview coded by two or more coders.
type DoubleCoded struct {
	// Interview is the interview, without its text.
	Interview         *ownwords.Interview
	Coders, Consensus int
	Opened            bool
}

// Reliability returns the agreement between coders per code and pooled
// (package reliability), for the coders and codes named (user names, code
// paths; either empty for all), and audits it ("reliability.report").
//
// Owners and analysts get every double-coded interview. Coders get only
// the interviews whose comparison is open: per-code agreement on an
// interview still in blind coding would tell them whether the other coder
// applied a code there. Viewers and the public get nothing: the figures
// name the team's coders and are not part of any public output
// (EFORBIDDEN, EUNAUTHORIZED). A name not in the study is EINVALID.
func (g *Gate) Reliability(ctx context.Context, c Caller, coders, codes []string) (*Reliability, error) {
	if err := c.need("agreement between coders", ownwords.RoleOwner, ownwords.RoleAnalyst, ownwords.RoleCoder); err != nil {
		return nil, err
	}
	study, err := g.study(ctx)
	if err != nil {
		return nil, err
	}
	// Agreement is an analysis of the coded interviews: only those of
	// participants whose consent allows analysis (consented), for every
	// role.
	src, err := g.consented(ctx)
	if err != nil {
		return nil, err
	}
	in, err := reliability.LoadInput(ctx, src, g.studyID)
	if err != nil {
		return nil, err
	}
	opt, err := in.Options(coders, codes)
	if err != nil {
		return nil, err
	}
	opt.OverlapThreshold = study.Settings.OverlapThreshold
	ivs, err := src.Interviews(ctx, ownwords.InterviewFilter{StudyID: g.studyID})
	if err != nil {
		return nil, err
	}
	out := &Reliability{BlindLeftOut: c.is(ownwords.RoleCoder)}
	if out.BlindLeftOut {
		open := map[string]bool{}
		for _, iv := range ivs {
			open[iv.ID] = opened(iv)
		}
		in.Segments = slices.DeleteFunc(in.Segments, func(s *ownwords.Segment) bool { return !open[s.InterviewID] })
	}
	out.Table, err = reliability.Compute(in, opt)
	if ownwords.ErrorCode(err) == ownwords.EINVALID {
		out.Table, out.Reason = nil, ownwords.ErrorMessage(err)
	} else if err != nil {
		return nil, err
	}
	if c.is(ownwords.RoleOwner) {
		if out.DoubleCoded, err = g.doubleCoded(ctx, src, ivs); err != nil {
			return nil, err
		}
	}
	detail := strings.Join(append(append([]string{}, coders...), codes...), ",")
	if err := g.store.Record(c.Context(ctx), g.studyID, "reliability.report", "", detail); err != nil {
		return nil, err
	}
	return out, nil
}

// doubleCoded returns the interviews of ivs coded by two or more coders.
func (g *Gate) doubleCoded(ctx context.Context, src ownwords.Services, ivs []*ownwords.Interview) ([]DoubleCoded, error) {
	segs, err := src.Segments(ctx, ownwords.SegmentFilter{StudyID: g.studyID})
	if err != nil {
		return nil, err
	}
	coders := map[string]map[string]bool{}
	consensus := map[string]int{}
	for _, s := range segs {
		if s.Layer == ownwords.LayerConsensus {
			consensus[s.InterviewID]++
			continue
		}
		if coders[s.InterviewID] == nil {
			coders[s.InterviewID] = map[string]bool{}
		}
		coders[s.InterviewID][s.CoderID] = true
	}
	var out []DoubleCoded
	for _, iv := range ivs {
		if n := len(coders[iv.ID]); n >= 2 {
			out = append(out, DoubleCoded{Interview: iv, Coders: n, Consensus: consensus[iv.ID], Opened: opened(iv)})
		}
	}
	return out, nil
}
