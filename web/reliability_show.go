package web

import (
	"fmt"
	"net/http"
	"strings"

	"ownwords/gate"
	"ownwords/reliability"
)

// reliabilityView is the data of the reliability page.
type reliabilityView struct {
	Table *reliability.Table
	// Rows are the table's codes then the pooled row, formatted.
	Rows []reliabilityRow
	// Reason says why there is no table (fewer than two coders, or no
	// double-coded interview).
	Reason string
	// BlindLeftOut says the figures leave out interviews still in blind
	// coding.
	BlindLeftOut bool
	// Interviews lists the double-coded interviews, for the owner's
	// comparison links.
	Interviews []interviewProgress
}

// showReliabilityPage shows agreement between coders per code and pooled:
// aggregate figures only, no text. What each role gets (coders: only
// interviews whose comparison is open; the owner also the double-coded
// interviews, linked to their comparison) is gate.Reliability's rule.
func (s *Server) showReliabilityPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	res, err := s.gate.Reliability(ctx, accountFrom(ctx).caller(), nil, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := reliabilityView{Table: res.Table, Reason: res.Reason, BlindLeftOut: res.BlindLeftOut}
	if tab := res.Table; tab != nil {
		for _, row := range append(tab.Codes, tab.Pooled) {
			v.Rows = append(v.Rows, formatReliability(row))
		}
		v.Rows[len(v.Rows)-1].Code = "all codes (pooled)"
	}
	for _, d := range res.DoubleCoded {
		row := gate.InterviewRow{ID: d.Interview.ID, Title: d.Interview.Title, Coders: d.Coders, ConsensusSegments: d.Consensus, Opened: d.Opened}
		v.Interviews = append(v.Interviews, interviewProgress{InterviewRow: row, Href: "/interviews/" + d.Interview.ID + "/comparison"})
	}
	s.render(w, r, http.StatusOK, "reliability", "Reliability", v)
}

// reliabilityRow is one row of the table, formatted.
type reliabilityRow struct {
	Code, Alpha, Kappa, Agreement, Unitizing, Matched string
	Flag, UnitizingFlag                               string
	// Reason says why the presence alpha is undefined.
	Reason string
}

// formatReliability formats a row: three decimals, "undefined" for a
// value that is not defined.
func formatReliability(r reliability.Row) reliabilityRow {
	num := func(m reliability.Measure) string {
		if m.Value == nil {
			return "undefined"
		}
		return fmt.Sprintf("%.3f", *m.Value)
	}
	out := reliabilityRow{Code: r.Code, Alpha: num(r.Presence.Alpha), Kappa: "–", Unitizing: num(r.Segment.Alpha),
		Agreement: fmt.Sprintf("%.1f%%", 100*r.Presence.Agreement), Flag: r.Flag, UnitizingFlag: r.Segment.Alpha.Flag,
		Reason: r.Presence.Alpha.Reason}
	if r.Presence.Kappa != nil {
		out.Kappa = num(*r.Presence.Kappa)
	}
	var parts []string
	for _, m := range r.Segment.Matches {
		if m.Share != nil {
			parts = append(parts, fmt.Sprintf("%s %d/%d", m.Coder, m.Matched, m.Segments))
		}
	}
	out.Matched = strings.Join(parts, ", ")
	return out
}
