package qdpx

import (
	"fmt"
	"strings"

	"ownwords"
)

func (a *applier) applyInterviews() error {
	ordinal := nameOrdinals(a.textSources())
	for _, s := range a.textSources() {
		if a.isText(s) {
			continue // applyTexts
		}
		if s.Text == "" {
			a.r.drop("source", s.title, "%s; its %d selection(s) are not imported either", orDefault(s.Missing, "no text"), len(s.Selections))
			continue
		}
		iv := &ownwords.Interview{StudyID: a.study, ParticipantID: a.parts[s.GUID].ID, Title: s.title, Transcript: s.Text}
		if m := a.meta.source(s, ordinal[s.GUID]); m != nil {
			if d, err := ownwords.ParseDate(m.Date); err == nil {
				iv.Date = d
			}
			iv.Place, iv.Language, iv.Interpreter, iv.Status, iv.Translation = m.Place, m.Language, m.Interpreter, m.Status, m.Translation
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
				if seg.Layer == ownwords.LayerConsensus && by == "" {
					seg.CoderID, err = a.adjudicator()
				} else {
					seg.CoderID, err = a.coder(by)
				}
				if err != nil {
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

// adjudicator returns the user ID for consensus codings the file names no
// adjudicator for (tools that keep one user per coding drop the
// selection's modifyingUser): the one adjudicator ownwords' data names,
// else the importing account's stand-in.
func (a *applier) adjudicator() (string, error) {
	if a.judge != "" {
		return a.judge, nil
	}
	if len(a.meta.adjudicators) != 1 {
		if len(a.meta.adjudicators) > 1 {
			a.r.note("consensus codings name no adjudicator and ownwords' data names several (%s): they are attributed to user %s", strings.Join(a.meta.adjudicators, ", "), importUser)
		}
		id, err := a.coder("")
		a.judge = id
		return id, err
	}
	name := safeName(a.meta.adjudicators[0], true)
	var id string
	if a.p.Users != nil {
		for _, u := range a.p.Users.Users {
			if safeName(u.Name, true) == name && a.users[u.GUID] != "" {
				id = a.users[u.GUID]
			}
		}
	}
	if id == "" {
		var err error
		if id, err = a.user(name); err != nil {
			return "", err
		}
	}
	a.judge = id
	a.r.note("consensus codings name no adjudicator (the selection's modifyingUser is gone): attributed to %s, the adjudicator ownwords' data names", name)
	return id, nil
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
