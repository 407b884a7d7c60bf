package web

import (
	"fmt"
	"net/http"
	"strings"

	"ownwords"
)

// comparisonView is the data of the comparison page.
type comparisonView struct {
	Interview   *ownwords.Interview
	Participant *ownwords.Participant
	Dir         string
	Opened      bool
	Coders      []coderChoice
	Left, Right coderChoice
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
	kindAgreement:  "agreement",
	kindBoundaries: "same code, different boundaries",
	kindCodes:      "different codes on the same passage",
	kindOnly:       "code only one coder applied",
}

// showComparisonPage (owner, the adjudicator) shows a double-coded
// interview with each coder's stripes side by side and the consensus, the
// passages where they disagree with a form to decide each, and the
// "accept all agreements" action. Before the owner opens comparison the
// page offers only that. Viewing it is audited as a transcript view.
func (s *Server) showComparisonPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	iv, err := s.interview(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.loadComparison(ctx, s.store, iv, r.URL.Query().Get("a"), r.URL.Query().Get("b"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
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
	if err := s.store.Record(ctx, s.studyID, "transcript.view", iv.ID, "comparison"); err != nil {
		s.fail(w, r, err)
		return
	}
	v := &comparisonView{Interview: iv, Participant: p, Dir: direction(iv.Language), Opened: !iv.ComparisonOpenedAt.IsZero(),
		Coders: c.Coders, Consensus: len(c.Consensus), Threshold: fmt.Sprintf("%.2f", c.Threshold)}
	for _, k := range c.Coders {
		switch k.ID {
		case c.Left:
			v.Left = k
		case c.Right:
			v.Right = k
		}
	}
	label := func(seg *ownwords.Segment) (string, string, string) {
		if k := cb.ByID(seg.CodeID); k != nil {
			return codeLabel(k), cb.Path(k), codeColor(cb, k)
		}
		return seg.CodeID, seg.CodeID, ""
	}
	v.Rows, v.LaneWidth = comparisonRows(iv, c, v, label)
	for _, ps := range c.Passages {
		row := passageRow{Key: ps.Key(), Kind: ps.Kind, Label: kindLabels[ps.Kind], Resolved: c.resolved(ps)}
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
		case ps.Kind == kindAgreement:
			v.Agreements++
		default:
			v.Open++
		}
		v.Passages = append(v.Passages, row)
	}
	s.render(w, r, http.StatusOK, "comparison", "Comparison: "+iv.Title, v)
}

// choices lists the decisions that mean something for a passage.
func choices(p passage, left, right string) []choiceRow {
	var out []choiceRow
	if p.Left != nil {
		out = append(out, choiceRow{chooseLeft, "accept " + left + "'s"})
	}
	if p.Right != nil {
		out = append(out, choiceRow{chooseRight, "accept " + right + "'s"})
	}
	if p.Left != nil && p.Right != nil {
		if p.Left.CodeID == p.Right.CodeID {
			out = append(out, choiceRow{chooseUnion, "union of both ranges"}, choiceRow{chooseIntersection, "intersection (the text both coded)"})
		} else {
			out = append(out, choiceRow{chooseUnion, "both codes"})
		}
	}
	return append(out, choiceRow{chooseNeither, "neither"})
}

// comparisonRows lays the transcript out with three groups of lanes side
// by side in each paragraph's margin: left coder, right coder, consensus,
// a blank lane between groups.
func comparisonRows(iv *ownwords.Interview, c *comparison, v *comparisonView, label func(*ownwords.Segment) (name, path, color string)) ([]comparisonRow, int) {
	groups := [][]*ownwords.Segment{nil, nil, c.Consensus}
	for _, seg := range c.Segments {
		switch {
		case seg.Layer != ownwords.LayerCoder:
		case seg.CoderID == c.Left:
			groups[0] = append(groups[0], seg)
		case seg.CoderID == c.Right:
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
