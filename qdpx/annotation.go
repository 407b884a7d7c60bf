package qdpx

import (
	"fmt"
	"slices"
	"strings"

	"ownwords"
)

// Annotations. REFI-QDA tools write a note on a passage (an annotation)
// in three ways, all kept by ownwords as a memo on the interview anchored
// to the passage's span (ownwords.MemoAnchor):
//
//   - a PlainTextSelection without Coding that refers to a Note (NoteRef):
//     the standard's way, and how ownwords exports anchored memos (with
//     the memo's text also as the selection's Description, which is what
//     QualCoder reads);
//   - a PlainTextSelection without Coding with a Description (MAXQDA);
//   - a Note holding a PlainTextSelection, referred to by the TextSource
//     (QualCoder): the note's selection counts positions of that source.
//
// A selection whose codings were all dropped keeps its notes the same
// way, so no note on a passage is lost; one that cannot be placed keeps
// them as memos on the whole interview, and the report says so.

// liftAnnotations turns QualCoder's annotation notes (a Note with a
// PlainTextSelection, referred to by a TextSource) into selections of that
// source without codings that refer to the note, so that Read places them
// as every selection, and Apply keeps them as anchored memos.
func (p *Project) liftAnnotations() {
	if p.Sources == nil || p.Notes == nil {
		return
	}
	notes := map[string]*TextSource{}
	for _, n := range p.Notes.Notes {
		notes[n.GUID] = n
	}
	for _, s := range p.Sources.Text {
		s.NoteRefs = slices.DeleteFunc(s.NoteRefs, func(r Ref) bool {
			n := notes[r.Target]
			if n == nil || len(n.Selections) == 0 {
				return false
			}
			for _, sel := range n.Selections {
				s.Selections = append(s.Selections, &Selection{GUID: sel.GUID, Name: sel.Name, Start: sel.Start, End: sel.End,
					CreatingUser: cmpOr(sel.CreatingUser, n.CreatingUser), NoteRefs: []Ref{{Target: n.GUID}}})
			}
			n.Selections = nil // lifted once, for the first source that refers to it
			return true
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// annotate keeps the notes and description of sel, a selection of source
// s (interview iv) that made no segment, as memos anchored to its span.
func (a *applier) annotate(s *TextSource, iv string, sel *Selection, notes map[string]*TextSource, used map[string]bool) error {
	refs := slices.Clone(sel.NoteRefs)
	for _, c := range sel.Codings {
		refs = append(refs, c.NoteRefs...)
	}
	desc := strings.TrimSpace(sel.Description)
	if len(refs) == 0 && (desc == "" || len(sel.Codings) > 0) {
		// A coded selection's description is its segments' memo: with
		// its codings dropped (reported) there is nothing else to keep.
		return nil
	}
	where := fmt.Sprintf("%s [%d,%d)", s.title, sel.Start, sel.End)
	var anchor *ownwords.MemoAnchor
	if sel.Dropped == "" {
		anchor = &ownwords.MemoAnchor{Start: sel.Start, End: sel.End}
	}
	texts := map[string]bool{}
	kept := 0
	for _, ref := range refs {
		n := a.noteOf(ref, notes, used)
		if n == nil {
			continue
		}
		if e := a.anchoredEntry(s, sel.Start, sel.End); n.Name == "" && e != nil {
			// QualCoder's annotation note: its entry in ownwords' data,
			// found by source and span, has its title.
			named := *n
			named.GUID, named.Name = guid(e.GUID), e.Name
			n = &named
		}
		texts[strings.TrimSpace(n.Text)] = true
		ok, err := a.memoAt(n, ownwords.MemoInterview, iv, anchor)
		if err != nil {
			return err
		}
		if ok {
			kept++
		}
	}
	if desc != "" && !texts[desc] {
		// MAXQDA's annotation; ownwords writes the note's text here too.
		ok, err := a.memoAt(&TextSource{Name: "Annotation", Text: desc, CreatingUser: sel.CreatingUser}, ownwords.MemoInterview, iv, anchor)
		if err != nil {
			return err
		}
		if ok {
			kept++
		}
	}
	switch {
	case kept == 0:
	case anchor == nil:
		a.r.note("annotation at %s: %d note(s) kept as memos on the whole interview, as the span could not be placed (%s)", where, kept, sel.Dropped)
	default:
		a.r.Annotations += kept
	}
	return nil
}

// annotationSelections returns the anchored memos on interview ivID as
// annotations: selections without codings that refer to the memo's note
// and carry its text as their description.
func (e *exporter) annotationSelections(ivID string) []*Selection {
	var out []*Selection
	for _, m := range e.memos[ivID] {
		if m.TargetType != ownwords.MemoInterview || m.Anchor == nil {
			continue
		}
		sel := &Selection{GUID: derivedGID(m.ID, "annotation"), Start: m.Anchor.Start, End: m.Anchor.End,
			Description: m.Body, NoteRefs: []Ref{{Target: gid(m.ID)}}}
		if m.AuthorID != "" {
			sel.CreatingUser = gid(m.AuthorID)
		}
		out = append(out, sel)
	}
	return out
}
