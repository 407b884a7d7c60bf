package qdpx

import (
	"encoding/json"
	"fmt"
	"strings"

	"ownwords"
)

func (a *applier) applyInterviews() error {
	for _, s := range a.textSources() {
		if s.Text == "" {
			a.r.drop("source", s.title, "%s; its %d selection(s) are not imported either", orDefault(s.Missing, "no text"), len(s.Selections))
			continue
		}
		iv := &ownwords.Interview{StudyID: a.study, ParticipantID: a.parts[s.GUID].ID, Title: s.title, Transcript: s.Text}
		if _, js := splitMeta(s.Description); js != nil {
			var m interviewMeta
			if json.Unmarshal(js, &m) == nil {
				if d, err := ownwords.ParseDate(m.Date); err == nil {
					iv.Date = d
				}
				iv.Place, iv.Language, iv.Interpreter, iv.Status, iv.Translation = m.Place, m.Language, m.Interpreter, m.Status, m.Translation
			}
		}
		if err := a.svc.CreateInterview(a.ctx, iv); err != nil {
			return a.fail(err, "source %q", s.title)
		}
		a.interviews[s.GUID] = iv.ID
		a.r.Kept.Sources++
		a.r.Created.Sources++
	}
	return nil
}

// segKey identifies a coding for de-duplication.
type segKey struct {
	interview, code, coder, layer string
	start, end                    int
}

func (a *applier) applySegments() error {
	derived := a.derivedCodes()
	seen := map[segKey]bool{}
	for _, s := range a.textSources() {
		iv := a.interviews[s.GUID]
		if iv == "" {
			continue
		}
		for _, sel := range s.Selections {
			where := fmt.Sprintf("%s [%d,%d)", s.title, sel.Start, sel.End)
			if sel.Dropped != "" {
				a.r.drop("selection", where, "%s; its %d coding(s) are not imported", sel.Dropped, len(sel.Codings))
				continue
			}
			quote, _ := ownwords.Slice(s.Text, sel.Start, sel.End)
			for _, c := range sel.Codings {
				code := a.codes[c.Code.Target]
				switch {
				case code == "":
					a.r.drop("coding", where, "names code %s, which is not in the codebook", c.Code.Target)
					continue
				case derived[code]:
					a.r.drop("coding", where, "applies a derived code, which is computed, never coded")
					continue
				}
				seg := &ownwords.Segment{StudyID: a.study, InterviewID: iv, CodeID: code, Layer: ownwords.LayerCoder,
					Start: sel.Start, End: sel.End, TextHash: ownwords.HashText(quote), Memo: strings.TrimSpace(sel.Description)}
				by := c.CreatingUser
				if by == "" {
					by = sel.CreatingUser
				}
				if a.consensus[by] {
					// The adjudicator: the selection's modifier (ownwords
					// writes it so), else its creator when that is not the
					// consensus user (files of earlier versions), else the
					// importing account's stand-in.
					seg.Layer = ownwords.LayerConsensus
					by = ""
					for _, u := range []string{sel.ModifyingUser, sel.CreatingUser} {
						if u != "" && !a.consensus[u] {
							by = u
							break
						}
					}
				}
				var err error
				if seg.CoderID, err = a.coder(by); err != nil {
					return err
				}
				k := segKey{iv, code, seg.CoderID, seg.Layer, seg.Start, seg.End}
				if seen[k] {
					a.r.drop("coding", where, "duplicates another coding of the same code by the same coder")
					continue
				}
				seen[k] = true
				if err := a.svc.CreateSegment(a.ctx, seg); err != nil {
					return a.fail(err, "coding of selection %s", where)
				}
				a.segments[sel.GUID] = append(a.segments[sel.GUID], seg.ID)
				a.r.Kept.Codings++
				a.r.Created.Codings++
			}
		}
	}
	return nil
}

func (a *applier) derivedCodes() map[string]bool {
	out := map[string]bool{}
	cb, err := a.svc.Codebook(a.ctx, a.study)
	if err != nil {
		return out
	}
	for _, c := range cb.Codes {
		if c.Derived != nil {
			out[c.ID] = true
		}
	}
	return out
}
