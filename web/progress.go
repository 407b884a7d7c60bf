package web

import (
	"cmp"
	"context"
	"slices"

	"ownwords/gate"
)

// coderProgress is one coder's work: coder-layer segments and the
// interviews they touch.
type coderProgress struct {
	Name       string
	Segments   int
	Interviews int
}

// interviewProgress is the coding state of one interview, as the
// application layer shapes it for the user.
type interviewProgress struct {
	gate.InterviewRow
	// Href links the interview's comparison, on the reliability page.
	Href string
}

// studyProgress returns the number of the study's participants and the
// coding progress tables (per coder when names is given, and per
// interview), as the dashboard and the interviews list show them: counts
// only, shaped by the application layer for the request's user.
func (s *Server) studyProgress(ctx context.Context, names map[string]string) (participants int, coders []coderProgress, rows []interviewProgress, err error) {
	list, err := s.gate.Interviews(ctx, accountFrom(ctx).caller())
	if err != nil {
		return 0, nil, nil, err
	}
	if names != nil {
		for _, cp := range list.Coders {
			name := names[cp.CoderID]
			if name == "" {
				name = "(removed account)"
			}
			coders = append(coders, coderProgress{Name: name, Segments: cp.Segments, Interviews: cp.Interviews})
		}
		slices.SortFunc(coders, func(a, b coderProgress) int { return cmp.Compare(a.Name, b.Name) })
	}
	rows = make([]interviewProgress, len(list.Interviews))
	for i, row := range list.Interviews {
		rows[i].InterviewRow = row
	}
	return list.Participants, coders, rows, nil
}
