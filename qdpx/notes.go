package qdpx

import (
	"cmp"
	"fmt"
	"slices"

	"ownwords"
)

// Memos as notes. Every memo is a Note, and an entry of ownwords' block
// says what it is on (noteEntry), so that it reaches its target through
// tools that keep the note but not the reference to it:
//
//   - a memo on the study, a code or a segment: a note the Project, Code
//     or PlainTextSelection refers to (NoteRef);
//   - a memo on an interview: a note no element refers to, as QualCoder
//     takes a note a TextSource refers to for an annotation, and drops it
//     when it holds no selection;
//   - a memo on a participant: a note no element refers to (a REFI-QDA
//     Case has no NoteRef);
//   - an anchored memo: a note with its text inline, which an annotation
//     selection refers to (annotationSelections).
//
// Notes of memos without an anchor keep their text in a file of the
// archive (plainTextPath "internal://<guid>.txt") and have a name no other
// note has: QualCoder keeps such a note as a journal (its name, text,
// author and date) and exports it again, with a fresh GUID, which the
// entry's name key still finds. A note with an anchor has no file, or
// QualCoder would keep it twice (as the annotation the selection makes and
// as a journal).

// notes writes every memo as a note and its entry, and returns the texts
// of the notes' files; sources holds the entries of the interviews' sources.
func (e *exporter) notes(p *Project, users map[string]bool, parts map[string]*ownwords.Participant, sources map[string]srcEntry, segs []*ownwords.Segment) ([]sourceText, error) {
	var all []*ownwords.Memo
	for _, ms := range e.memos {
		all = append(all, ms...)
	}
	if len(all) == 0 {
		return nil, nil
	}
	slices.SortFunc(all, func(a, b *ownwords.Memo) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	accounts, err := e.svc.Users(e.ctx)
	if err != nil {
		return nil, err
	}
	userNames := map[string]string{}
	for _, u := range accounts {
		userNames[u.ID] = u.Name
	}
	segByID := map[string]*ownwords.Segment{}
	for _, s := range segs {
		segByID[s.ID] = s
	}
	p.Notes = &Notes{}
	var texts []sourceText
	taken := map[string]bool{}
	for _, m := range all {
		name := orDefault(m.Title, "Memo")
		for n, base := 2, name; taken[name]; n++ {
			name = fmt.Sprintf("%s (%d)", base, n)
		}
		taken[name] = true
		g := gid(m.ID)
		n := &TextSource{GUID: g, Name: name, Created: e.dateTime(m.CreatedAt)}
		if m.AuthorID != "" {
			n.CreatingUser = gid(m.AuthorID)
			users[m.AuthorID] = true
		}
		if m.Anchor != nil {
			body := m.Body
			n.Content = &body
		} else {
			n.PlainTextPath = "internal://" + g + ".txt"
			texts = append(texts, sourceText{guid: g, text: m.Body})
		}
		ne := noteEntry{GUID: g, Name: name, Target: m.TargetType, NoTitle: m.Title == "", Author: userNames[m.AuthorID]}
		if name != m.Title && m.Title != "" {
			ne.Title = m.Title
		}
		source := func(ivID string) {
			if src, ok := sources[ivID]; ok {
				ne.SourceGUID, ne.SourceName, ne.SourceN = src.GUID, src.Name, src.N
			}
		}
		switch m.TargetType {
		case ownwords.MemoParticipant:
			ne.CaseGUID = gid(m.TargetID)
			if pt := parts[m.TargetID]; pt != nil {
				ne.CaseName = pt.Code
			}
		case ownwords.MemoCode:
			ne.CodeGUID, ne.CodeName = gid(m.TargetID), e.names[m.TargetID]
		case ownwords.MemoInterview:
			source(m.TargetID)
			if m.Anchor != nil {
				ne.Span = []int{m.Anchor.Start, m.Anchor.End}
			}
		case ownwords.MemoSegment:
			if s := segByID[m.TargetID]; s != nil {
				source(s.InterviewID)
				ne.SelectionGUID, ne.CodeGUID, ne.CodeName, ne.Span = gid(s.ID), gid(s.CodeID), e.names[s.CodeID], []int{s.Start, s.End}
				ne.Coder = userNames[s.CoderID]
				if s.Layer == ownwords.LayerConsensus {
					ne.Coder = ConsensusUser
				}
			}
		}
		e.meta.Notes = append(e.meta.Notes, ne)
		p.Notes.Notes = append(p.Notes.Notes, n)
	}
	return texts, nil
}

// author returns the ID of the account of user name, a memo's author
// that ownwords' data names: the file's user of that name, else the
// account of that name, matched or created as users of the file are.
func (a *applier) author(name string) (string, error) {
	name = safeName(name, true)
	if id, ok := a.authors[name]; ok {
		return id, nil
	}
	id := ""
	if a.p.Users != nil {
		for _, u := range a.p.Users.Users {
			if safeName(u.Name, true) == name && a.users[u.GUID] != "" {
				id = a.users[u.GUID]
			}
		}
	}
	if id == "" && len(a.meta.adjudicators) == 1 && safeName(a.meta.adjudicators[0], true) == name && a.judge != "" {
		id = a.judge
	}
	if id == "" {
		var err error
		if id, err = a.user(name); err != nil {
			return "", err
		}
		a.r.note("memo author %s: named in ownwords' data, not among the file's users", name)
	}
	if a.authors == nil {
		a.authors = map[string]string{}
	}
	a.authors[name] = id
	return id, nil
}

// title is the memo title of note n, named name, that entry e (nil if
// none) describes.
func (e *noteEntry) title(name string) string {
	switch {
	case e == nil:
		return name
	case e.NoTitle:
		return ""
	case e.Title != "":
		return e.Title
	}
	return name
}

// noteTarget returns the target of a note no element refers to, from its
// entry e (nil if none): the study, unless the entry names a target found
// in the file; a target not found is reported, and the memo kept on the
// interview of a segment not found, else on the study. A note of an
// anchored memo whose annotation was lost is kept on its interview
// without the span (which the file no longer places).
func (a *applier) noteTarget(n *TextSource, e *noteEntry) (string, string) {
	if e == nil {
		return ownwords.MemoStudy, a.study
	}
	label := strconvQuote(orDefault(n.Name, n.GUID))
	lost := func(what string) (string, string) {
		a.r.note("memo %s was on %s that the file no longer has: kept on the study", label, what)
		return ownwords.MemoStudy, a.study
	}
	switch e.Target {
	case ownwords.MemoParticipant:
		if p := a.caseParticipant(e.CaseGUID, e.CaseName); p != nil {
			return ownwords.MemoParticipant, p.ID
		}
		return lost("participant " + strconvQuote(e.CaseName))
	case ownwords.MemoCode:
		if id := a.codeOfEntry(e); id != "" {
			return ownwords.MemoCode, id
		}
		return lost("code " + strconvQuote(e.CodeName))
	case ownwords.MemoInterview, ownwords.MemoSegment:
		s := a.sourceOfEntry(e)
		iv := ""
		if s != nil {
			iv = a.interviews[s.GUID]
		}
		if iv == "" {
			return lost("interview " + strconvQuote(e.SourceName))
		}
		if e.Target == ownwords.MemoSegment {
			if seg := a.segmentOfEntry(s, e); seg != "" {
				return ownwords.MemoSegment, seg
			}
			a.r.note("memo %s was on a segment of %s coded %s that the file no longer has: kept on the interview", label, strconvQuote(e.SourceName), strconvQuote(e.CodeName))
		} else if len(e.Span) == 2 {
			a.r.note("memo %s was anchored to [%d,%d) of %s, an annotation the file no longer has: kept on the whole interview", label, e.Span[0], e.Span[1], strconvQuote(e.SourceName))
		}
		return ownwords.MemoInterview, iv
	}
	return ownwords.MemoStudy, a.study
}

// codeOfEntry returns the ID of the code entry e names, by GUID, else by
// its name in the file (export makes code names unique); "" if none.
func (a *applier) codeOfEntry(e *noteEntry) string {
	if id := a.codes[guid(e.CodeGUID)]; id != "" || e.CodeName == "" || a.p.CodeBook == nil {
		return id
	}
	var found []string
	walkCodes(a.p.CodeBook.Codes.Codes, func(c *Code, _ []*Code) {
		if c.Name == e.CodeName && a.codes[c.GUID] != "" {
			found = append(found, a.codes[c.GUID])
		}
	})
	if len(found) == 1 {
		return found[0]
	}
	return ""
}

// sourceOfEntry returns the text source entry e names, by GUID, else by
// name and ordinal; nil if none.
func (a *applier) sourceOfEntry(e *noteEntry) *TextSource {
	all := a.textSources()
	if e.SourceGUID != "" {
		for _, s := range all {
			if s.GUID == guid(e.SourceGUID) {
				return s
			}
		}
	}
	ordinal := nameOrdinals(all)
	for _, s := range all {
		if s.Name == e.SourceName && ordinal[s.GUID] == e.SourceN {
			return s
		}
	}
	return nil
}

// segmentOfEntry returns the ID of the segment entry e names in source s:
// by its selection's GUID, else the segment of a selection of the same
// span with a coding of the same code by the entry's coder (by anyone
// if the entry names none); "" if none.
func (a *applier) segmentOfEntry(s *TextSource, e *noteEntry) string {
	if ids := a.segments[guid(e.SelectionGUID)]; len(ids) == 1 {
		return ids[0]
	}
	code := a.codeOfEntry(e)
	if len(e.Span) != 2 || code == "" {
		return ""
	}
	names := map[string]string{}
	if a.p.Users != nil {
		for _, u := range a.p.Users.Users {
			names[u.GUID] = u.Name
		}
	}
	for _, sel := range s.Selections {
		ids := a.segments[sel.GUID]
		if sel.Dropped != "" || sel.Start != e.Span[0] || sel.End != e.Span[1] || len(ids) != len(sel.Codings) {
			continue
		}
		for i, c := range sel.Codings {
			if a.codes[c.Code.Target] != code {
				continue
			}
			if e.Coder == "" || names[cmpOr(c.CreatingUser, sel.CreatingUser)] == e.Coder {
				return ids[i]
			}
		}
	}
	return ""
}

// anchoredEntry returns the entry of the anchored memo at [start,end) of
// source s: QualCoder writes annotations as notes of fresh GUIDs without
// a name, which the entry's source and span still find.
func (a *applier) anchoredEntry(s *TextSource, start, end int) *noteEntry {
	ordinal := nameOrdinals(a.textSources())
	for _, e := range a.meta.noteList {
		if e.Target != ownwords.MemoInterview || len(e.Span) != 2 || e.Span[0] != start || e.Span[1] != end {
			continue
		}
		if guid(e.SourceGUID) == s.GUID || (e.SourceName == s.Name && e.SourceN == ordinal[s.GUID]) {
			return e
		}
	}
	return nil
}
