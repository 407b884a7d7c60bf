package web

import (
	"fmt"
	"net/http"
	"strings"

	"ownwords"
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
	// Interviews lists the double-coded interviews, for the owner's
	// comparison links.
	Interviews []interviewProgress
}

// showReliabilityPage (owner, analyst) shows agreement between coders per
// code and pooled (package reliability): aggregate figures only, no text.
// The owner also gets the double-coded interviews, linked to their
// comparison.
func (s *Server) showReliabilityPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := reliabilityView{}
	tab, err := reliability.FromStore(ctx, s.store, s.studyID, nil, nil)
	switch {
	case ownwords.ErrorCode(err) == ownwords.EINVALID:
		v.Reason = ownwords.ErrorMessage(err)
	case err != nil:
		s.fail(w, r, err)
		return
	default:
		v.Table = tab
		for _, row := range append(tab.Codes, tab.Pooled) {
			v.Rows = append(v.Rows, formatReliability(row))
		}
		v.Rows[len(v.Rows)-1].Code = "all codes (pooled)"
	}
	if accountFrom(ctx).role == ownwords.RoleOwner {
		_, _, rows, err := s.studyProgress(ctx, nil)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, row := range rows {
			if row.Coders >= 2 {
				row.Href = "/interviews/" + row.ID + "/comparison"
				v.Interviews = append(v.Interviews, row)
			}
		}
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
