package qdpx

import "strings"

// guid returns a GUID in the one form the importer compares: lower case,
// without braces. Tools write upper case (MAXQDA), lower case (NVivo) and
// braced forms.
func guid(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimSuffix(s, "}"), "{")
	return strings.ToLower(s)
}

func guidRefs(refs []Ref) {
	for i := range refs {
		refs[i].Target = guid(refs[i].Target)
	}
}

// normalise puts every GUID into the form guid returns.
func (p *Project) normalise() {
	p.NoteRefs = normRefs(p.NoteRefs)
	if p.Users != nil {
		for i := range p.Users.Users {
			p.Users.Users[i].GUID = guid(p.Users.Users[i].GUID)
		}
	}
	if p.CodeBook != nil {
		walkCodes(p.CodeBook.Codes.Codes, func(c *Code, _ []*Code) {
			c.GUID = guid(c.GUID)
			guidRefs(c.NoteRefs)
		})
	}
	if p.Variables != nil {
		for _, v := range p.Variables.Variables {
			v.GUID = guid(v.GUID)
		}
	}
	if p.Cases != nil {
		for _, c := range p.Cases.Cases {
			c.GUID = guid(c.GUID)
			guidRefs(c.CodeRefs)
			guidRefs(c.SourceRefs)
			guidRefs(c.Selections)
			normValues(c.Values)
		}
	}
	if p.Sources != nil {
		for _, s := range p.Sources.Text {
			normSource(s)
		}
	}
	if p.Notes != nil {
		for _, n := range p.Notes.Notes {
			normSource(n)
		}
	}
	for _, sets := range []*Sets{p.Sets, p.codebookSets()} {
		if sets == nil {
			continue
		}
		for _, s := range sets.Sets {
			s.GUID = guid(s.GUID)
			guidRefs(s.Sources)
			guidRefs(s.Notes)
			for i := range s.Codes {
				s.Codes[i].Target, s.Codes[i].GUID = guid(s.Codes[i].Target), guid(s.Codes[i].GUID)
			}
		}
	}
}

func normRefs(refs []Ref) []Ref { guidRefs(refs); return refs }

func normValues(vs []VariableValue) {
	for i := range vs {
		vs[i].Variable.Target = guid(vs[i].Variable.Target)
	}
}

func normSource(s *TextSource) {
	s.GUID, s.CreatingUser = guid(s.GUID), guid(s.CreatingUser)
	guidRefs(s.NoteRefs)
	normValues(s.Values)
	for _, c := range s.Codings {
		normCoding(c)
	}
	for _, sel := range s.Selections {
		sel.GUID, sel.CreatingUser = guid(sel.GUID), guid(sel.CreatingUser)
		guidRefs(sel.NoteRefs)
		for _, c := range sel.Codings {
			normCoding(c)
		}
	}
}

func normCoding(c *Coding) {
	c.GUID, c.CreatingUser, c.Code.Target = guid(c.GUID), guid(c.CreatingUser), guid(c.Code.Target)
	guidRefs(c.NoteRefs)
}

func (p *Project) codebookSets() *Sets {
	if p.CodeBook == nil {
		return nil
	}
	return p.CodeBook.Sets
}

// walkCodes calls fn for every code depth-first, parents before children,
// with the code's ancestors (outermost first).
func walkCodes(codes []*Code, fn func(c *Code, parents []*Code)) {
	var walk func([]*Code, []*Code)
	walk = func(cs []*Code, parents []*Code) {
		for _, c := range cs {
			fn(c, parents)
			walk(c.Codes, append(parents[:len(parents):len(parents)], c))
		}
	}
	walk(codes, nil)
}

// reportUnread lists the elements the importer does not read.
func (p *Project) reportUnread() {
	r := p.Report
	unknownAll := func(where string, us []unknown) {
		for _, u := range us {
			r.drop("element", u.label(), "unknown element in %s; not imported", where)
		}
	}
	unknownAll("the project", p.Other)
	if p.Links != nil {
		r.drop("links", "", "links between objects are not imported (ownwords has no links)")
	}
	if p.Graphs != nil {
		r.drop("graphs", "", "graphs are not imported (ownwords has no graphs)")
	}
	if p.CodeBook != nil {
		unknownAll("the codebook", p.CodeBook.Other)
		walkCodes(p.CodeBook.Codes.Codes, func(c *Code, _ []*Code) { unknownAll("code "+strconvQuote(c.Name), c.Other) })
	}
	if p.Cases != nil {
		for _, c := range p.Cases.Cases {
			unknownAll("case "+strconvQuote(c.Name), c.Other)
			if len(c.CodeRefs) > 0 {
				r.drop("case codes", c.Name, "%d code(s) applied to the whole case are not imported (ownwords codes passages)", len(c.CodeRefs))
			}
			if len(c.Selections) > 0 {
				r.drop("case selections", c.Name, "%d selection reference(s) are not imported; the case's sources are", len(c.Selections))
			}
		}
	}
	if p.Sources != nil {
		for _, u := range p.Sources.Other {
			switch u.XMLName.Local {
			case "PictureSource", "PDFSource", "AudioSource", "VideoSource":
				r.drop("source", u.label(), "%s sources and their selections are not imported (ownwords keeps text only)", strings.TrimSuffix(u.XMLName.Local, "Source"))
			default:
				r.drop("element", u.label(), "unknown element in Sources; not imported")
			}
		}
		for _, s := range p.Sources.Text {
			unknownAll("source "+strconvQuote(s.Name), s.Other)
			for _, sel := range s.Selections {
				unknownAll("selection "+sel.GUID, sel.Other)
			}
			if len(s.Codings) > 0 {
				r.drop("source codings", sourceLabel(s), "%d code(s) applied to the whole source without a selection are not imported", len(s.Codings))
			}
		}
	}
	for _, sets := range []*Sets{p.Sets, p.codebookSets()} {
		if sets == nil {
			continue
		}
		for _, s := range sets.Sets {
			if len(s.Codes) > 0 {
				r.drop("set members", s.Name, "%d code member(s): sets of codes are not imported (ownwords groups codes by the tree)", len(s.Codes))
			}
			if len(s.Notes) > 0 {
				r.drop("set members", s.Name, "%d note member(s): sets of notes are not imported", len(s.Notes))
			}
		}
	}
}

// sourceLabel names a source in reports: its name, else its file, else
// its GUID.
func sourceLabel(s *TextSource) string {
	switch {
	case s.Name != "":
		return s.Name
	case s.PlainTextPath != "":
		return baseName(s.PlainTextPath)
	}
	return s.GUID
}
