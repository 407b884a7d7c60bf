package qdpx

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"ownwords"
)

// attrType maps a REFI-QDA variable type to an attribute type. Text
// becomes a category (what CAQDAS text variables mostly hold: gender,
// site, cohort) unless a value is long or multi-line, when it stays text.
func attrType(typ string, values []string) ownwords.AttrType {
	switch typ {
	case "Boolean":
		return ownwords.AttrBoolean
	case "Integer":
		return ownwords.AttrInteger
	case "Float":
		return ownwords.AttrNumber
	case "Date", "DateTime":
		return ownwords.AttrDate
	}
	for _, v := range values {
		if utf8.RuneCountInString(v) > 100 || strings.Contains(v, "\n") {
			return ownwords.AttrText
		}
	}
	return ownwords.AttrCategory
}

// raw returns a variable value's text and its REFI-QDA type.
func (v VariableValue) raw() (string, bool) {
	for _, s := range []*string{v.Text, v.Boolean, v.Integer, v.Float, v.Date, v.DateTime} {
		if s != nil {
			return strings.TrimSpace(*s), true
		}
	}
	return "", false
}

func (a *applier) allValues() map[string][]string {
	out := map[string][]string{}
	add := func(vs []VariableValue) {
		for _, v := range vs {
			if s, ok := v.raw(); ok {
				out[v.Variable.Target] = append(out[v.Variable.Target], s)
			}
		}
	}
	if a.p.Cases != nil {
		for _, c := range a.p.Cases.Cases {
			add(c.Values)
		}
	}
	for _, s := range a.textSources() {
		add(s.Values)
	}
	return out
}

func (a *applier) applyAttributes() error {
	have, err := a.svc.Attributes(a.ctx, a.study)
	if err != nil {
		return a.fail(err, "read attributes")
	}
	bySlug := map[string]*ownwords.Attribute{}
	for _, at := range have {
		bySlug[at.Slug] = at
	}
	ensure := func(g string, want *ownwords.Attribute) error {
		if old := bySlug[want.Slug]; old != nil {
			if old.Type != want.Type {
				a.r.drop("variable", want.Label, "the study's attribute %s has type %s, not %s; its values are not imported", want.Slug, old.Type, want.Type)
				return nil
			}
			a.r.note("variable %q: the study already has attribute %s; values go there", orDefault(want.Label, want.Slug), want.Slug)
			a.attrs[g] = old
			a.r.Kept.Attributes++
			return nil
		}
		if err := a.svc.CreateAttribute(a.ctx, want); err != nil {
			return a.fail(err, "variable %q", want.Label)
		}
		bySlug[want.Slug], a.attrs[g] = want, want
		a.r.Kept.Attributes++
		a.r.Created.Attributes++
		return nil
	}
	values := a.allValues()
	if a.p.Variables != nil {
		for _, v := range a.p.Variables.Variables {
			if isTextVar(v.Name) {
				continue // links of interviews' texts (texts.go), not attributes
			}
			m, desc := a.meta.variable(v)
			at := &ownwords.Attribute{StudyID: a.study, Slug: m.Slug, Label: strings.TrimSpace(v.Name),
				Type: ownwords.AttrType(m.Type), Values: m.Values, Description: desc, Tag: m.Tag}
			if !ownwords.ValidSlug(at.Slug) {
				at.Slug = orDefault(slugify(v.Name), "variable")
			}
			if !at.Type.Valid() {
				at.Type = attrType(v.Type, values[v.GUID])
			}
			if v.Type == "DateTime" && m.Type == "" {
				a.r.note("variable %q: date-times are kept as dates (the time of day is dropped)", v.Name)
			}
			if m.NoLabel {
				at.Label = ""
			}
			created := a.r.Created.Attributes
			if err := ensure(v.GUID, at); err != nil {
				return err
			}
			if a.r.Created.Attributes > created && m.Slug == "" && m.Type == "" && m.Tag == "" {
				// Without ownwords' data the variable's disclosure tag is
				// unknown: say so, or an identifier would go untagged.
				a.r.note("variable %q: created without ownwords' data, so with no disclosure tag; if it can identify a participant, tag it identifier or quasi_identifier (an attribute schema import) before any output", strings.TrimSpace(v.Name))
			}
		}
	}
	for _, s := range a.sets() {
		if len(s.Sources) == 0 {
			continue
		}
		at := &ownwords.Attribute{StudyID: a.study, Slug: setSlug(s.Name), Label: s.Name, Type: ownwords.AttrBoolean,
			Description: strings.TrimSpace(orDefault(s.Description, "Member of the REFI-QDA set "+strconvQuote(s.Name)+"."))}
		created := a.r.Created.Attributes
		if err := ensure("set:"+s.GUID, at); err != nil {
			return err
		}
		a.r.Kept.Sets++
		if a.r.Created.Attributes > created {
			a.r.Created.Sets++
		}
	}
	return nil
}

func setSlug(name string) string {
	s := "set-" + orDefault(slugify(name), "set")
	return strings.TrimRight(s[:min(len(s), 64)], "-_")
}

func (a *applier) sets() []*Set {
	if a.p.Sets == nil {
		return nil
	}
	return a.p.Sets.Sets
}

func (a *applier) applyParticipants() error {
	owner := map[string]string{} // source GUID -> case GUID
	codes := map[string]bool{}
	known := map[string]bool{} // GUIDs of the project's sources of every kind
	for _, s := range a.textSources() {
		known[s.GUID] = true
	}
	if a.p.Sources != nil {
		for _, u := range a.p.Sources.Other {
			for _, at := range u.Attrs {
				if at.Name.Local == "guid" {
					known[guid(at.Value)] = true
				}
			}
		}
	}
	a.caseNames = map[string][]string{}
	if a.p.Cases != nil {
		for _, c := range a.p.Cases.Cases {
			if n := strings.TrimSpace(c.Name); n != "" {
				a.caseNames[n] = append(a.caseNames[n], c.GUID)
			}
			code := safeName(c.Name, false)
			if code == "" {
				code = "case-" + strings.ReplaceAll(c.GUID, "-", "")[:8]
			}
			code = uniqueName(code, codes)
			if err := a.participant(c.GUID, code, c.Values); err != nil {
				return err
			}
			for _, ref := range c.SourceRefs {
				if !known[ref.Target] {
					a.r.drop("case reference", c.Name, "names source %s, which is not in the project (tools that write fresh GUIDs on export leave such references); the case's sources are looked for by ownwords' data and by name", ref.Target)
					continue
				}
				if _, ok := owner[ref.Target]; ok {
					a.r.drop("case membership", c.Name, "source %s is also in an earlier case; its interview belongs to that case's participant", ref.Target)
					continue
				}
				owner[ref.Target] = c.GUID
			}
		}
	}
	titles := map[string]bool{}
	ordinal := nameOrdinals(a.textSources())
	for _, s := range a.textSources() {
		s.title = uniqueTitle(a.sourceTitle(s), titles)
		if s.Text == "" || a.isText(s) {
			continue
		}
		cg, ok := owner[s.GUID]
		if !ok {
			cg, ok = a.caseOf(s, ordinal[s.GUID])
		}
		if ok {
			a.parts[s.GUID] = a.parts[cg]
			continue
		}
		code := uniqueName(orDefault(safeName(s.title, false), "source"), codes)
		if err := a.participant(s.GUID, code, nil); err != nil {
			return err
		}
	}
	return a.sourceValues()
}

// caseOf finds the case of a source no case refers to: the case ownwords'
// data names (by GUID, then by name), else the case whose name is the
// source's name or begins it followed by "_", " " or "-" (the longest such
// name; none if two cases tie). Each link made, or not made for
// ambiguity, is a line of the report.
func (a *applier) caseOf(s *TextSource, n int) (string, bool) {
	if a.p.Cases == nil {
		return "", false
	}
	if m := a.meta.source(s, n); m != nil {
		if g := guid(m.CaseGUID); g != "" && a.isCase(g) && a.parts[g] != nil {
			a.r.note("source %q: linked to case %s by its GUID in ownwords' data (the file's case does not refer to it)", s.title, a.parts[g].Code)
			return g, true
		}
		if gs := a.caseNames[m.CaseName]; len(gs) == 1 {
			a.r.note("source %q: linked to case %q by ownwords' data (the file's reference to it dangles or is missing)", s.title, m.CaseName)
			return gs[0], true
		}
	}
	name := strings.ToLower(strings.TrimSpace(s.Name))
	if name == "" {
		return "", false
	}
	var best, ties []string // GUIDs and names of the cases of the longest fitting name
	bestLen := 0
	for cname, gs := range a.caseNames {
		c := strings.ToLower(cname)
		ok := name == c
		for _, sep := range []string{"_", " ", "-"} {
			ok = ok || strings.HasPrefix(name, c+sep)
		}
		switch {
		case !ok || len(c) < bestLen:
		case len(c) > bestLen:
			best, bestLen, ties = slices.Clone(gs), len(c), nil
			for range gs {
				ties = append(ties, cname)
			}
		default:
			best = append(best, gs...)
			for range gs {
				ties = append(ties, cname)
			}
		}
	}
	switch {
	case len(best) > 1:
		slices.Sort(ties)
		a.r.drop("case link", s.title, "the source's name fits %d cases equally well (%s); it is linked to none and becomes a participant of its own", len(best), strings.Join(ties, ", "))
	case len(best) == 1:
		a.r.note("source %q: linked to case %q by name (the file's reference to it dangles or is missing)", s.title, ties[0])
		return best[0], true
	}
	return "", false
}

// isCase tells whether g is the GUID of a case of the file.
func (a *applier) isCase(g string) bool {
	if a.p.Cases == nil {
		return false
	}
	return slices.ContainsFunc(a.p.Cases.Cases, func(c *Case) bool { return c.GUID == g })
}

// caseParticipant returns the participant of the case of GUID g, else of
// the case named name; nil if neither is in the file.
func (a *applier) caseParticipant(g, name string) *ownwords.Participant {
	if g = guid(g); g != "" && a.isCase(g) && a.parts[g] != nil {
		return a.parts[g]
	}
	if gs := a.caseNames[name]; len(gs) == 1 {
		return a.parts[gs[0]]
	}
	return nil
}

// sourceValues applies variable values of sources and set memberships to
// the sources' participants, then stores every participant's values.
func (a *applier) sourceValues() error {
	for _, s := range a.textSources() {
		p := a.parts[s.GUID]
		if p == nil || a.isText(s) {
			continue
		}
		for _, v := range s.Values {
			at := a.attrs[v.Variable.Target]
			if at != nil && !p.Values[at.Slug].Missing && p.Values[at.Slug].Type != "" {
				old, _ := v.raw()
				if p.Values[at.Slug].String() != old {
					a.r.drop("variable value", at.Slug, "source %s has %q but its participant %s already has %q", s.title, old, p.Code, p.Values[at.Slug].String())
				}
				continue
			}
			a.setValue(p, v)
		}
	}
	for _, set := range a.sets() {
		at := a.attrs["set:"+set.GUID]
		if at == nil {
			continue
		}
		members := map[*ownwords.Participant]bool{}
		for _, ref := range set.Sources {
			if p := a.parts[ref.Target]; p != nil {
				members[p] = true
			} else {
				a.r.drop("set member", set.Name, "source %s was not imported", ref.Target)
			}
		}
		for _, p := range a.distinctParticipants() {
			p.Values[at.Slug] = ownwords.Value{Type: ownwords.AttrBoolean, Bool: members[p]}
		}
	}
	for _, p := range a.distinctParticipants() {
		if err := a.svc.UpdateParticipant(a.ctx, p); err != nil {
			return a.fail(err, "participant %s", p.Code)
		}
	}
	return nil
}

func (a *applier) distinctParticipants() []*ownwords.Participant {
	seen := map[*ownwords.Participant]bool{}
	var out []*ownwords.Participant
	add := func(g string) {
		if p := a.parts[g]; p != nil && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	if a.p.Cases != nil {
		for _, c := range a.p.Cases.Cases {
			add(c.GUID)
		}
	}
	for _, s := range a.textSources() {
		add(s.GUID)
	}
	return out
}

// participant creates (or, if the code exists, reuses) a participant.
func (a *applier) participant(g, code string, values []VariableValue) error {
	ps, err := a.svc.Participants(a.ctx, ownwords.ParticipantFilter{StudyID: a.study, Code: code})
	if err != nil {
		return a.fail(err, "participant %s", code)
	}
	var p *ownwords.Participant
	if len(ps) > 0 {
		p = ps[0]
		a.r.note("participant %s: the study already has it; interviews and values are added to it", code)
	} else {
		p = &ownwords.Participant{StudyID: a.study, Code: code, Values: map[string]ownwords.Value{}}
		if err := a.svc.CreateParticipant(a.ctx, p); err != nil {
			return a.fail(err, "participant %s", code)
		}
		a.r.Created.Participants++
	}
	if p.Values == nil {
		p.Values = map[string]ownwords.Value{}
	}
	a.parts[g] = p
	a.r.Kept.Participants++
	for _, v := range values {
		a.setValue(p, v)
	}
	return nil
}

func (a *applier) setValue(p *ownwords.Participant, v VariableValue) {
	at := a.attrs[v.Variable.Target]
	if at == nil {
		a.r.drop("variable value", v.Variable.Target, "of participant %s names no imported variable", p.Code)
		return
	}
	s, ok := v.raw()
	if !ok {
		return
	}
	if at.Type == ownwords.AttrDate && len(s) > 10 && v.DateTime != nil {
		s = s[:10]
	}
	val, err := ownwords.ParseValue(at.Type, s)
	if err == nil {
		err = at.Check(val)
	}
	if err != nil {
		a.r.drop("variable value", at.Slug, "of participant %s: %s", p.Code, ownwords.ErrorMessage(err))
		return
	}
	p.Values[at.Slug] = val
}

// sourceTitle names a source's interview: its ownwords title, name, or
// file name without extension.
func (a *applier) sourceTitle(s *TextSource) string {
	if t := strings.TrimSpace(s.Name); t != "" {
		return t
	}
	if s.PlainTextPath != "" {
		b := baseName(s.PlainTextPath)
		return strings.TrimSuffix(b, path.Ext(b))
	}
	return "source " + s.GUID
}

func uniqueName(s string, taken map[string]bool) string {
	out := s
	for n := 2; taken[out]; n++ {
		out = fmt.Sprintf("%s-%d", s, n)
	}
	taken[out] = true
	return out
}

func uniqueTitle(s string, taken map[string]bool) string {
	out := s
	for n := 2; taken[out]; n++ {
		out = fmt.Sprintf("%s (%d)", s, n)
	}
	taken[out] = true
	return out
}
