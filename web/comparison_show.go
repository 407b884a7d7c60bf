package web

import (
	"fmt"
	"net/http"
	"strings"

	"ownwords"
	"ownwords/gate"
)

// comparisonView is the data of the comparison page.
type comparisonView struct {
	Interview   *ownwords.Interview
	Participant *ownwords.Participant
	Dir         string
	Opened      bool
	Coders      []gate.Coder
	Left, Right gate.Coder
	Rows        []comparisonRow
	LaneWidth   int
	Passages    []passageRow
	// Open counts undecided disagreements, Agreements undecided agreements.
	Open, Agreements int
	Consensus        int
	Threshold        string
}

// comparisonRow is a paragraph with the margin of all three layers: the
// left coder's stripes, then the right coder's, then the consensus.
type comparisonRow struct {
	Start, End int
	Text       string
	Stripes    []stripe
}

// passageRow is a passage as the list of disagreements shows it.
type passageRow struct {
	Key, Kind, Label string
	Left, Right      *sideRow
	Overlap          string
	Resolved         bool
	Choices          []choiceRow
}

// sideRow is one coder's segment of a passage.
type sideRow struct {
	ID, Label, Path, Color string
	Start, End             int
	Quote                  string
}

// choiceRow is one option of an adjudication form.
type choiceRow struct{ Value, Label string }

// kindLabels describe the kinds of passage.
var kindLabels = map[string]string{
	gate.KindAgreement:  "agreement",
	gate.KindBoundaries: "same code, different boundaries",
	gate.KindCodes:      "different codes on the same passage",
	gate.KindOnly:       "code only one coder applied",
}

// showComparisonPage (owner, the adjudicator) shows a double-coded
// interview with each coder's stripes side by side and the consensus, the
// passages where they disagree with a form to decide each, and the
// "accept all agreements" action. Before the owner opens comparison the
// page offers only that. Viewing it is audited as a transcript view.
func (s *Server) showComparisonPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := s.gate.Comparison(ctx, accountFrom(ctx).caller(), r.PathValue("id"), r.URL.Query().Get("a"), r.URL.Query().Get("b"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	iv := c.Interview
	p, err := s.participant(ctx, iv.ParticipantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cb, err := s.store.Codebook(ctx, s.studyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &comparisonView{Interview: iv, Participant: p, Dir: direction(iv.Language), Opened: c.Opened,
		Coders: c.Coders, Left: c.Left, Right: c.Right, Consensus: len(c.Consensus), Threshold: fmt.Sprintf("%.2f", c.Threshold)}
	label := func(seg *ownwords.Segment) (string, string, string) {
		if k := cb.ByID(seg.CodeID); k != nil {
			return codeLabel(k), cb.Path(k), codeColor(cb, k)
		}
		return seg.CodeID, seg.CodeID, ""
	}
	v.Rows, v.LaneWidth = comparisonRows(iv, c, v, label)
	for _, ps := range c.Passages {
		row := passageRow{Key: ps.Key(), Kind: ps.Kind, Label: kindLabels[ps.Kind], Resolved: ps.Resolved}
		if ps.Left != nil && ps.Right != nil {
			row.Overlap = fmt.Sprintf("%.2f", ps.Overlap)
		}
		side := func(seg *ownwords.Segment) *sideRow {
			if seg == nil {
				return nil
			}
			name, path, color := label(seg)
			quote, _ := ownwords.Slice(iv.Transcript, seg.Start, seg.End)
			return &sideRow{ID: seg.ID, Label: name, Path: path, Color: color, Start: seg.Start, End: seg.End, Quote: quote}
		}
		row.Left, row.Right = side(ps.Left), side(ps.Right)
		row.Choices = choices(ps, v.Left.Name, v.Right.Name)
		switch {
		case row.Resolved:
		case ps.Kind == gate.KindAgreement:
			v.Agreements++
		default:
			v.Open++
		}
		v.Passages = append(v.Passages, row)
	}
	s.render(w, r, http.StatusOK, "comparison", "Comparison: "+iv.Title, v)
}

// choices labels the decisions that mean something for a passage.
func choices(p gate.Passage, left, right string) []choiceRow {
	var out []choiceRow
	for _, c := range p.Choices() {
		label := map[string]string{gate.ChooseLeft: "accept " + left + "'s", gate.ChooseRight: "accept " + right + "'s",
			gate.ChooseUnion: "both codes", gate.ChooseIntersection: "intersection (the text both coded)", gate.ChooseNeither: "neither"}[c]
		if c == gate.ChooseUnion && p.Left.CodeID == p.Right.CodeID {
			label = "union of both ranges"
		}
		out = append(out, choiceRow{c, label})
	}
	return out
}

// comparisonRows lays the transcript out with three groups of lanes side
// by side in each paragraph's margin: left coder, right coder, consensus,
// a blank lane between groups.
func comparisonRows(iv *ownwords.Interview, c *gate.Comparison, v *comparisonView, label func(*ownwords.Segment) (name, path, color string)) ([]comparisonRow, int) {
	groups := [][]*ownwords.Segment{nil, nil, c.Consensus}
	for _, seg := range c.Segments {
		switch {
		case seg.Layer != ownwords.LayerCoder:
		case seg.CoderID == c.Left.ID:
			groups[0] = append(groups[0], seg)
		case seg.CoderID == c.Right.ID:
			groups[1] = append(groups[1], seg)
		}
	}
	names := []string{v.Left.Name, v.Right.Name, "consensus"}
	var rows []comparisonRow
	offset := 0
	for g, segs := range groups {
		cs := make([]coded, len(segs))
		for i, seg := range segs {
			name, _, color := label(seg)
			href := "#p-" + seg.ID
			if g == 2 {
				href = "/interviews/" + iv.ID + "?segment=" + seg.ID + "#segment-panel"
			}
			cs[i] = coded{Seg: seg, Color: color, Href: href, Title: name + " — " + names[g]}
		}
		paras, n := layoutTranscript(iv.Transcript, cs, "")
		if rows == nil {
			rows = make([]comparisonRow, len(paras))
			for i, p := range paras {
				var text strings.Builder
				for _, pc := range p.Pieces {
					text.WriteString(pc.Text)
				}
				rows[i] = comparisonRow{Start: p.Start, End: p.End, Text: text.String()}
			}
		}
		for i, p := range paras {
			for _, st := range p.Stripes {
				st.X += offset
				rows[i].Stripes = append(rows[i].Stripes, st)
			}
		}
		offset += (max(n, 1) + 1) * laneWidth
	}
	return rows, offset - laneWidth
}
