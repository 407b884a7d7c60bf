package qdpx

import (
	"encoding/json"
	"strconv"
	"strings"
)

// metaIndex finds the entries of ownwords' block (see metaNotice) by
// GUID, then by name key: tools that keep GUIDs match by GUID, tools that
// write fresh ones (QualCoder) by name.
type metaIndex struct {
	codes        map[string]*codeEntry
	vars         map[string]*attrEntry
	sources      map[string]*srcEntry
	notes        map[string]*noteEntry
	noteList     []*noteEntry // the note entries in order
	adjudicators []string
	// text is the project Description without the block: what a person
	// wrote.
	text string
}

// pathKey joins a code's path of names into a key of metaIndex.codes.
func pathKey(path []string) string { return "p:" + strings.Join(path, "\x1f") }

// nameKey is the key of a source or note by name and ordinal.
func nameKey(name string, n int) string { return "n:" + name + "\x1f" + strconv.Itoa(n) }

// readMeta reads ownwords' block from the project Description (or, in a
// .qdc codebook, from the set metaSetName). A block that is not valid
// JSON is reported and ignored.
func readMeta(p *Project, r *Report) *metaIndex {
	x := &metaIndex{codes: map[string]*codeEntry{}, vars: map[string]*attrEntry{}, sources: map[string]*srcEntry{}, notes: map[string]*noteEntry{}}
	text, js := splitProjectMeta(p.Description)
	x.text = text
	if js == nil {
		if sets := p.codebookSets(); sets != nil {
			for _, s := range sets.Sets {
				if _, b := splitProjectMeta(s.Description); b != nil && s.Name == metaSetName {
					js = b
				}
			}
		}
	}
	if js == nil {
		return x
	}
	var m projectMeta
	if err := json.Unmarshal(js, &m); err != nil {
		r.drop("ownwords data", "", "the block at the end of the project description is not valid JSON (%v); the import uses only what the elements carry", err)
		return x
	}
	if m.Version > metaVersion {
		r.note("the ownwords data of the project has version %d, newer than this version of ownwords reads (%d); what it knows is restored", m.Version, metaVersion)
	}
	x.adjudicators = m.Adjudicators
	names := map[string]int{}
	for _, c := range m.Codes {
		if len(c.Path) > 0 {
			names[c.Path[len(c.Path)-1]]++
		}
	}
	for i := range m.Codes {
		c := &m.Codes[i]
		x.codes["g:"+guid(c.GUID)] = c
		x.codes[pathKey(c.Path)] = c
		if len(c.Path) > 0 && names[c.Path[len(c.Path)-1]] == 1 {
			// Export makes every code's name unique, so a code moved to
			// another parent is still found by its name.
			x.codes["n:"+c.Path[len(c.Path)-1]] = c
		}
	}
	for i := range m.Variables {
		v := &m.Variables[i]
		x.vars["g:"+guid(v.GUID)] = v
		x.vars["n:"+v.Name] = v
	}
	for i := range m.Sources {
		s := &m.Sources[i]
		x.sources["g:"+guid(s.GUID)] = s
		x.sources[nameKey(s.Name, s.N)] = s
	}
	for i := range m.Notes {
		n := &m.Notes[i]
		x.notes["g:"+guid(n.GUID)] = n
		x.notes[nameKey(n.Name, n.N)] = n
		x.noteList = append(x.noteList, n)
	}
	return x
}

// code returns the metadata of code c at path (names in the file), from
// the block or else from the ownwords line of an earlier export, and c's
// Description without either.
func (x *metaIndex) code(c *Code, path []string) (codeMeta, string) {
	desc, js := splitMeta(strings.TrimSpace(c.Description))
	var m codeMeta
	e := x.codes["g:"+c.GUID]
	if e == nil {
		e = x.codes[pathKey(path)]
	}
	if e == nil && len(path) > 0 {
		e = x.codes["n:"+path[len(path)-1]]
	}
	switch {
	case e != nil:
		m = e.codeMeta
		if len(e.Path) > 0 && e.Path[len(e.Path)-1] != c.Name {
			// Renamed in another tool: the new name is the label.
			m.Label, m.NoLabel = "", false
		}
	case js != nil && json.Unmarshal(js, &m) != nil:
		m = codeMeta{}
	}
	if m.Derived != nil {
		desc = splitDerived(desc)
	}
	return m, strings.TrimSpace(desc)
}

// variable returns the metadata of v and its Description without an
// ownwords line.
func (x *metaIndex) variable(v *Variable) (attrMeta, string) {
	desc, js := splitMeta(strings.TrimSpace(v.Description))
	var m attrMeta
	e := x.vars["g:"+v.GUID]
	if e == nil {
		e = x.vars["n:"+strings.TrimSpace(v.Name)]
	}
	switch {
	case e != nil:
		m = e.attrMeta
		if e.Name != strings.TrimSpace(v.Name) {
			m.NoLabel = false // renamed in another tool: the name is the label
		}
	case js != nil && json.Unmarshal(js, &m) != nil:
		m = attrMeta{}
	}
	return m, strings.TrimSpace(desc)
}

// source returns the entry of text source s, n its ordinal among sources
// of its name (0 when unique), or an entry built from the ownwords line
// of an earlier export; nil if there is neither.
func (x *metaIndex) source(s *TextSource, n int) *srcEntry {
	if e := x.sources["g:"+s.GUID]; e != nil {
		return e
	}
	if e := x.sources[nameKey(s.Name, n)]; e != nil {
		return e
	}
	if _, js := splitMeta(s.Description); js != nil {
		var m interviewMeta
		if json.Unmarshal(js, &m) == nil {
			return &srcEntry{GUID: s.GUID, Name: s.Name, interviewMeta: m}
		}
	}
	return nil
}

// note returns the entry of note n, k its ordinal among notes of its
// name, or one built from the ownwords line of an earlier export.
func (x *metaIndex) note(n *TextSource, k int) *noteEntry {
	if e := x.notes["g:"+n.GUID]; e != nil {
		return e
	}
	if e := x.notes[nameKey(n.Name, k)]; e != nil {
		return e
	}
	if _, js := splitMeta(n.Description); js != nil {
		var m noteMeta
		if json.Unmarshal(js, &m) == nil {
			return &noteEntry{GUID: n.GUID, Name: n.Name, Target: m.Target, CaseGUID: m.GUID}
		}
	}
	return nil
}

// nameOrdinals returns, for each of items, its ordinal among the items
// of its name (see ordinals), by the items' GUIDs.
func nameOrdinals(items []*TextSource) map[string]int {
	names := make([]string, len(items))
	for i, s := range items {
		names[i] = s.Name
	}
	out := map[string]int{}
	for i, n := range ordinals(names) {
		out[items[i].GUID] = n
	}
	return out
}
