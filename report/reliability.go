package report

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"ownwords"
	"ownwords/reliability"
)

// Reliability is the agreement between the study's coders on the
// interviews two or more of them coded (package reliability), as a report
// shows it. Its figures are aggregates over interviews, not participants'
// answers, so both audiences see it; a public report leaves out rare codes
// and numbers the coders instead of naming them.
type Reliability struct {
	// Coders names the compared coders, in order; a public report calls
	// them "coder 1", "coder 2", ….
	Coders []string
	// Interviews counts the interviews coded by two or more of them.
	Interviews int
	// OverlapThreshold is the Jaccard overlap at which two segments match.
	OverlapThreshold float64
	// Codes holds one row per code shown, ordered by path.
	Codes []reliability.Row
	// Pooled is the row over the codes shown; nil when none is.
	Pooled *reliability.Row
	// MinInterviews is, in a public report, the number of interviews (k)
	// in which every coder must have applied a code for its row to be
	// shown; 0 in a team report.
	MinInterviews int
	// Hidden counts the codes a public report leaves out.
	Hidden int
	// Labels name the codes for readers, by path: "Section: Item" from
	// the codebook's labels. JSON keeps the paths.
	Labels map[string]string
	// Sections name each code's codebook section, by path; Items its own
	// label (HTML heads rows by section).
	Sections, Items map[string]string
}

// studyReliability computes the reliability section of a stored study for
// rep's audience. It returns nil, and no error, when no interview of the
// study was coded by two or more coders. The public section, which coders
// read too, compares only interviews whose comparison is open: agreement
// on an interview still in blind coding would tell one coder how the
// other coded it.
func studyReliability(ctx context.Context, svc reliability.Source, study *ownwords.Study, cb *ownwords.Codebook, rep *Report) (*Reliability, error) {
	in, err := reliability.LoadInput(ctx, svc, study.ID)
	if err != nil {
		return nil, err
	}
	if rep.Audience == AudiencePublic {
		if err := comparedOnly(ctx, svc, study.ID, &in); err != nil {
			return nil, err
		}
	}
	if !doubleCoded(in) {
		return nil, nil
	}
	opt := reliability.Options{OverlapThreshold: study.Settings.OverlapThreshold}
	tab, err := reliability.Compute(in, opt)
	if err != nil {
		return nil, err
	}
	if rep.Audience != AudiencePublic {
		rel := newReliability(tab, nil)
		rel.labelCodes(cb)
		return rel, nil
	}
	var shown []string
	hidden := 0
	for _, r := range tab.Codes {
		if rareCode(r, tab.Coders, rep.K) {
			hidden++
		} else {
			shown = append(shown, r.CodeID)
		}
	}
	switch {
	case len(shown) == 0:
		tab.Codes = nil
	case hidden > 0:
		// Pool over the codes shown only, so that the pooled row and the
		// rows shown cannot be differenced into the hidden codes' figures.
		opt.Codes = shown
		if tab, err = reliability.Compute(in, opt); err != nil {
			return nil, err
		}
	}
	rel := newReliability(tab, numberedCoders(tab.Coders))
	rel.MinInterviews, rel.Hidden = rep.K, hidden
	rel.labelCodes(cb)
	if len(rel.Codes) == 0 {
		rel.Pooled = nil
	}
	return rel, nil
}

// doubleCoded reports whether some interview of in has coder-layer
// segments of two or more coders: the condition under which
// reliability.Compute has something to measure.
func doubleCoded(in reliability.Input) bool {
	coders := map[string]string{} // interview → its first coder
	for _, s := range in.Segments {
		if s.Layer != ownwords.LayerCoder {
			continue
		}
		if _, ok := in.Lengths[s.InterviewID]; !ok {
			continue
		}
		first, ok := coders[s.InterviewID]
		switch {
		case !ok:
			coders[s.InterviewID] = s.CoderID
		case first != s.CoderID:
			return true
		}
	}
	return false
}

// comparedOnly keeps in in the segments of interviews whose comparison is
// open.
func comparedOnly(ctx context.Context, svc reliability.Source, studyID string, in *reliability.Input) error {
	ivs, err := svc.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID})
	if err != nil {
		return err
	}
	open := make(map[string]bool, len(ivs))
	for _, iv := range ivs {
		open[iv.ID] = !iv.ComparisonOpenedAt.IsZero()
	}
	in.Segments = slices.DeleteFunc(in.Segments, func(s *ownwords.Segment) bool { return !open[s.InterviewID] })
	return nil
}

// rareCode reports whether some coder applied the code of r in fewer than
// k interviews: its agreement says little, and its interviews could be
// few people's.
func rareCode(r reliability.Row, coders []string, k int) bool {
	for _, c := range coders {
		if r.Presence.Applied[c] < k {
			return true
		}
	}
	return false
}

// numberedCoders maps coder names to "coder 1", "coder 2", … in order.
func numberedCoders(names []string) map[string]string {
	out := make(map[string]string, len(names))
	for i, n := range names {
		out[n] = fmt.Sprintf("coder %d", i+1)
	}
	return out
}

// newReliability copies tab into a report section, cleaning its text and
// renaming coders by rename (nil keeps their names).
func newReliability(tab *reliability.Table, rename map[string]string) *Reliability {
	name := func(n string) string {
		if r, ok := rename[n]; ok {
			return r
		}
		return Clean(n)
	}
	rel := &Reliability{Interviews: tab.Interviews, OverlapThreshold: tab.OverlapThreshold}
	for _, c := range tab.Coders {
		rel.Coders = append(rel.Coders, name(c))
	}
	for _, r := range tab.Codes {
		rel.Codes = append(rel.Codes, copyRow(r, name))
	}
	pooled := copyRow(tab.Pooled, name)
	rel.Pooled = &pooled
	return rel
}

// copyRow returns a deep copy of r with its text cleaned and its coders
// renamed by name.
func copyRow(r reliability.Row, name func(string) string) reliability.Row {
	out := r
	out.Code = Clean(r.Code)
	out.Presence.Applied = renameKeys(r.Presence.Applied, name)
	out.Presence.Alpha = cleanMeasure(r.Presence.Alpha)
	if r.Presence.Kappa != nil {
		k := cleanMeasure(*r.Presence.Kappa)
		out.Presence.Kappa = &k
	}
	out.Segment.Segments = renameKeys(r.Segment.Segments, name)
	out.Segment.Alpha = cleanMeasure(r.Segment.Alpha)
	out.Segment.Matches = make([]reliability.Match, 0, len(r.Segment.Matches))
	for _, m := range r.Segment.Matches {
		m.Coder, m.Other = name(m.Coder), name(m.Other)
		out.Segment.Matches = append(out.Segment.Matches, m)
	}
	return out
}

func cleanMeasure(m reliability.Measure) reliability.Measure {
	m.Reason = Clean(m.Reason)
	return m
}

func renameKeys(m map[string]int, name func(string) string) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range maps.All(m) {
		out[name(k)] = v
	}
	return out
}

// labelCodes names the codes of rel for readers: "Section: Item" by the
// codebook's labels (a label missing is made from the slug).
func (rel *Reliability) labelCodes(cb *ownwords.Codebook) {
	rel.Labels = make(map[string]string, len(rel.Codes))
	rel.Sections = make(map[string]string, len(rel.Codes))
	rel.Items = make(map[string]string, len(rel.Codes))
	for _, r := range rel.Codes {
		item, section := humanize(r.Code), ""
		if c := codeByPath(cb, r.Code); c != nil {
			item = cmp.Or(c.Label, humanize(c.Slug))
			if s := cb.Section(c); s != nil && s != c {
				section = cmp.Or(s.Label, humanize(s.Slug))
			}
		}
		rel.Items[r.Code], rel.Sections[r.Code] = Clean(item), Clean(section)
		rel.Labels[r.Code] = Clean(item)
		if section != "" {
			rel.Labels[r.Code] = Clean(section + ": " + item)
		}
	}
}

func codeByPath(cb *ownwords.Codebook, path string) *ownwords.Code {
	if cb == nil {
		return nil
	}
	return cb.ByPath(path)
}
