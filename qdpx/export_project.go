package qdpx

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"ownwords"
)

// project builds the project document and the texts of its sources.
func (e *exporter) project() (*Project, []sourceText, error) {
	ctx, svc, id := e.ctx, e.svc, e.study.ID
	p := &Project{Xmlns: ProjectNS, Name: e.study.Name, Origin: "ownwords", NoteRefs: e.noteRefs(id)}
	if codes := e.codes("", nil); len(codes) > 0 {
		p.CodeBook = &CodeBook{Codes: Codes{Codes: codes}}
	}
	all, err := svc.Attributes(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	var attrs []*ownwords.Attribute
	for _, at := range all {
		if e.tier.KeepsAttribute(at) {
			attrs = append(attrs, at)
		}
	}
	parts, err := svc.Participants(ctx, ownwords.ParticipantFilter{StudyID: id})
	if err != nil {
		return nil, nil, err
	}
	ivs, err := svc.Interviews(ctx, ownwords.InterviewFilter{StudyID: id})
	if err != nil {
		return nil, nil, err
	}
	segs, err := svc.Segments(ctx, ownwords.SegmentFilter{StudyID: id})
	if err != nil {
		return nil, nil, err
	}
	types := map[string]string{}
	if len(attrs) > 0 {
		p.Variables = &Variables{}
		for _, at := range attrs {
			v, m := variable(at, parts)
			types[at.Slug] = v.Type
			p.Variables.Variables = append(p.Variables.Variables, v)
			e.meta.Variables = append(e.meta.Variables, attrEntry{GUID: v.GUID, Name: v.Name, attrMeta: m})
		}
	}
	byPart := map[string][]*ownwords.Interview{}
	partByID := map[string]*ownwords.Participant{}
	for _, pt := range parts {
		partByID[pt.ID] = pt
	}
	// Each interview's source, then its other texts' (texts.go): their
	// names in that order key ownwords' block (ordinals).
	full := make([]*ownwords.Interview, len(ivs))
	others := make([][]*ownwords.InterviewText, len(ivs))
	var names []string
	textRefs := map[string][]Ref{} // interview ID -> its texts' sources
	for i, iv := range ivs {
		if full[i], err = svc.Interview(ctx, iv.ID); err != nil {
			return nil, nil, err
		}
		byPart[iv.ParticipantID] = append(byPart[iv.ParticipantID], iv)
		names = append(names, iv.Title)
		ts, err := svc.InterviewTexts(ctx, iv.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, t := range ts {
			if t.Text != "" && full[i].Transcript != "" {
				others[i] = append(others[i], t)
				names = append(names, textSourceName(iv.Title, t))
				textRefs[iv.ID] = append(textRefs[iv.ID], Ref{Target: gid(t.ID)})
			}
		}
	}
	if len(textRefs) > 0 {
		if p.Variables == nil {
			p.Variables = &Variables{}
		}
		p.Variables.Variables = append(p.Variables.Variables, textVariables(id)...)
	}
	if len(parts) > 0 {
		p.Cases = &Cases{}
		for _, pt := range parts {
			c := &Case{GUID: gid(pt.ID), Name: pt.Code}
			for _, at := range attrs {
				if v, ok := pt.Values[at.Slug]; ok && !v.Missing {
					c.Values = append(c.Values, variableValue(at, v, types[at.Slug]))
				}
			}
			for _, iv := range byPart[pt.ID] {
				c.SourceRefs = append(c.SourceRefs, Ref{Target: gid(iv.ID)})
				c.SourceRefs = append(c.SourceRefs, textRefs[iv.ID]...)
			}
			p.Cases.Cases = append(p.Cases.Cases, c)
		}
	}
	users := map[string]bool{}
	bySource := map[string][]*ownwords.Segment{}
	for _, s := range segs {
		bySource[s.InterviewID] = append(bySource[s.InterviewID], s)
		users[s.CoderID] = true
	}
	consensus := derivedGID(id, ConsensusUser)
	var texts []sourceText
	if len(ivs) > 0 {
		p.Sources = &Sources{}
	}
	ordinal := ordinals(names)
	sources := map[string]srcEntry{}
	n := 0 // index of the source in names
	for i, iv := range ivs {
		g := gid(iv.ID)
		// No NoteRef to the interview's memos: QualCoder takes a note a
		// source refers to for an annotation and drops it when it holds no
		// selection. Their entries in ownwords' block name the source.
		ts := &TextSource{GUID: g, Name: iv.Title, PlainTextPath: "internal://" + g + ".txt"}
		src := srcEntry{GUID: g, Name: iv.Title, N: ordinal[n], interviewMeta: interviewMeta{Date: dateString(iv.Date), Place: iv.Place,
			Language: iv.Language, Interpreter: iv.Interpreter, Status: iv.Status, Translation: full[i].Translation}}
		n += 1 + len(others[i])
		if pt := partByID[iv.ParticipantID]; pt != nil {
			src.CaseGUID, src.CaseName = gid(pt.ID), pt.Code
		}
		e.meta.Sources = append(e.meta.Sources, src)
		sources[iv.ID] = src
		list := bySource[iv.ID]
		slices.SortStableFunc(list, func(a, b *ownwords.Segment) int {
			return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), cmp.Compare(a.ID, b.ID))
		})
		for _, s := range list {
			// A consensus segment is the consensus user's on every element
			// that names a creator (tools read the selection's), and the
			// adjudicator's as its last modifier.
			by, modifier := gid(s.CoderID), ""
			if s.Layer == ownwords.LayerConsensus {
				by, modifier = consensus, gid(s.CoderID)
			}
			ts.Selections = append(ts.Selections, &Selection{GUID: gid(s.ID), Start: s.Start, End: s.End,
				CreatingUser: by, ModifyingUser: modifier, Description: s.Memo, NoteRefs: e.noteRefs(s.ID),
				Codings: []*Coding{{GUID: derivedGID(s.ID, "coding"), CreatingUser: by, Code: Ref{Target: gid(s.CodeID)}}}})
		}
		if ann := e.annotationSelections(iv.ID); len(ann) > 0 {
			ts.Selections = append(ts.Selections, ann...)
			slices.SortStableFunc(ts.Selections, func(a, b *Selection) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End)) })
		}
		p.Sources.Text = append(p.Sources.Text, ts)
		texts = append(texts, sourceText{guid: g, text: full[i].Transcript})
		for _, t := range others[i] {
			p.Sources.Text = append(p.Sources.Text, textSource(id, g, iv.Title, t))
			texts = append(texts, sourceText{guid: gid(t.ID), text: t.Text})
		}
	}
	notes, err := e.notes(p, users, partByID, sources, segs)
	if err != nil {
		return nil, nil, err
	}
	texts = append(texts, notes...)
	if err := e.users(p, users, consensus, segs); err != nil {
		return nil, nil, err
	}
	if p.Description, err = metaDescription("", &e.meta); err != nil {
		return nil, nil, err
	}
	return p, texts, nil
}

// dateTime is t as a REFI-QDA dateTime in UTC, to the second; the
// export's stamp if t is unset.
func (e *exporter) dateTime(t time.Time) string {
	if t.IsZero() {
		t = e.stamp
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// users lists the study's members, coders and memo authors, by name.
func (e *exporter) users(p *Project, ids map[string]bool, consensus string, segs []*ownwords.Segment) error {
	members, err := e.svc.Memberships(e.ctx, e.study.ID)
	if err != nil {
		return err
	}
	for _, m := range members {
		ids[m.UserID] = true
	}
	all, err := e.svc.Users(e.ctx)
	if err != nil {
		return err
	}
	p.Users = &Users{}
	names := map[string]string{}
	for _, u := range all {
		names[u.ID] = u.Name
		if ids[u.ID] {
			p.Users.Users = append(p.Users.Users, User{GUID: gid(u.ID), Name: u.Name})
		}
	}
	for _, s := range segs {
		if n := names[s.CoderID]; s.Layer == ownwords.LayerConsensus && n != "" && !slices.Contains(e.meta.Adjudicators, n) {
			e.meta.Adjudicators = append(e.meta.Adjudicators, n)
		}
	}
	slices.Sort(e.meta.Adjudicators)
	if slices.ContainsFunc(segs, func(s *ownwords.Segment) bool { return s.Layer == ownwords.LayerConsensus }) {
		p.Users.Users = append(p.Users.Users, User{GUID: consensus, Name: ConsensusUser})
	}
	if len(p.Users.Users) == 0 {
		p.Users = nil
	}
	return nil
}

func dateString(d ownwords.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// variable maps an attribute to a REFI-QDA variable, and returns what
// ownwords' block keeps of it: its slug, exact type, categories and tag.
func variable(at *ownwords.Attribute, parts []*ownwords.Participant) (*Variable, attrMeta) {
	name := orDefault(at.Label, at.Slug)
	m := attrMeta{Type: string(at.Type), Values: at.Values, Tag: at.Tag, NoLabel: at.Label == ""}
	m.Slug = at.Slug // always: a renamed variable keeps it
	return &Variable{GUID: gid(at.ID), Name: name, Type: refiType(at, parts), Description: at.Description}, m
}

// refiType is the variable type; dates known only to the year or month
// are not xsd:dates and travel as text.
func refiType(at *ownwords.Attribute, parts []*ownwords.Participant) string {
	switch at.Type {
	case ownwords.AttrBoolean:
		return "Boolean"
	case ownwords.AttrInteger:
		return "Integer"
	case ownwords.AttrNumber:
		return "Float"
	case ownwords.AttrDate:
		for _, p := range parts {
			if v, ok := p.Values[at.Slug]; ok && !v.Missing && v.Date.Precision() != ownwords.PrecisionDay {
				return "Text"
			}
		}
		return "Date"
	}
	return "Text"
}

func variableValue(at *ownwords.Attribute, v ownwords.Value, typ string) VariableValue {
	s := v.String()
	vv := VariableValue{Variable: Ref{Target: gid(at.ID)}}
	switch at.Type {
	case ownwords.AttrBoolean:
		vv.Boolean = &s
	case ownwords.AttrInteger:
		vv.Integer = &s
	case ownwords.AttrNumber:
		s = strconv.FormatFloat(v.Num, 'f', -1, 64)
		vv.Float = &s
	case ownwords.AttrDate:
		if typ == "Date" {
			vv.Date = &s
		} else {
			vv.Text = &s
		}
	default:
		vv.Text = &s
	}
	return vv
}

// ordinals numbers names that occur more than once (1, 2, … in order) and
// gives unique names 0: the name keys of ownwords' block.
func ordinals(names []string) []int {
	count := map[string]int{}
	for _, n := range names {
		count[n]++
	}
	seen := map[string]int{}
	out := make([]int, len(names))
	for i, n := range names {
		if count[n] > 1 {
			seen[n]++
			out[i] = seen[n]
		}
	}
	return out
}
