package qdpx_test

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"ownwords/qdpx"
)

// qcOptions vary what a QualCoder user does between import and export.
type qcOptions struct {
	// linkCases: the user links each case to its files again in
	// QualCoder. Its import (parse_cases) does not read a Case's
	// SourceRefs, so without this the export has none. With it, the
	// case file manager stores a link to the whole text (case_text from
	// 0 to the text's length), and case_source_ref_xml writes a SourceRef
	// only for links with pos0 = pos1 = 0: for a text source with text,
	// none either (checked against the real QualCoder, see below).
	linkCases bool
}

// asQualCoder rewrites the .qdpx archive b the way QualCoder (the
// REFI-QDA code of src/qualcoder/refi.py, read at the commit of its
// repository's default branch of August 2026) imports it into its
// database and exports it again. It is a model written from reading that
// code, not a copy of it. It was checked against the real QualCoder
// (commit c3204641, "QualCoder 4.0 Beta"), which imported an export of
// the synthetic study and exported it again (the files are
// testdata/refi-qda/qualcoder-synthetic*.qdpx, TestReplayQualCoder):
// codes, variables, cases, values, sources, selections, codings and
// users agree element for element. What that check corrected: the
// project's name and origin, every code's colour, and case SourceRefs,
// which QualCoder does not write for text sources (see linkCases).
//
//   - import_project, parse_users: users are kept by name; a selection's
//     creatingUser (else modifyingUser) names the coder of its codings
//     (load_codings_for_text); the selection's modifyingUser is not kept.
//   - sub_codes: a Code with isCodable="false" is a category, any other a
//     code (codable codes nest as sub-codes); names are unique in
//     QualCoder's tables, so a second code or category of a name is not
//     created and codings of the second code are lost; a category below
//     a code becomes a top-level category. Description is the memo.
//   - parse_variables: Text, Boolean, Date and DateTime become
//     "character", Integer and Float "numeric"; Description is the memo.
//   - parse_cases: name, Description and variable values are kept; its
//     SourceRefs are not read.
//   - load_text_source: name (a repeated name gets a "N_" prefix),
//     Description, the text of plainTextPath; the source's owner is its
//     creatingUser's name, "default" when it has none.
//   - load_codings_for_text: a PlainTextSelection without Coding is an
//     annotation: its span, its Description as text, its creatingUser as
//     owner. NoteRefs of selections and codes are not read.
//   - parse_notes: a Note without creationDateTime and modifiedDateTime
//     stops the whole import (AttributeError; the real QualCoder stopped
//     on ownwords' notes before they carried the date). A Note a
//     TextSource refers to is an annotation (insert_annotation), kept only
//     if it has a PlainTextContent and a PlainTextSelection of its own;
//     any other Note with a plainTextPath and a name is a journal (name,
//     the file's text, owner, date); others are lost. A second journal of
//     a name stops the import (its fix calls randint with one argument),
//     so ownwords gives every note a name of its own. ownwords writes the
//     notes of memos without an anchor as such journals (and its anchored
//     memos as annotation selections, whose notes, text inline, are
//     neither), so every memo is kept.
//   - parse_project_description: the project Description is the project
//     memo.
//
// Export (project_xml and what it calls):
//
//   - create_guid: every element gets a fresh GUID.
//   - get_users: the owners of codings and sources, by name.
//   - codebook_xml, code_xml, add_sub_categories: top-level codes, then
//     categories (isCodable="false") with their codes and sub-categories;
//     every code isCodable="true" with its sub-codes; memos as
//     Description.
//   - variables_xml, case_variables_xml: numeric variables as Float with
//     FloatValue, all others as Text with TextValue.
//   - cases_xml, case_source_ref_xml: cases with their memo and values;
//     SourceRefs only for case_text rows with pos0 = pos1 = 0, which for a
//     text source arise only if it is empty; they name the GUIDs
//     get_sources made, while sources_xml gives each source another fresh
//     GUID, so such a reference dangles.
//   - sources_xml, text_selection_xml: a TextSource per text with
//     plainTextPath "internal://<guid>.txt" (UTF-8 with a byte-order
//     mark), its memo as Description, and a PlainTextSelection per coding
//     named by the selected text (written raw in the attribute, so a
//     reader sees line breaks as spaces), whose creatingUser, like its
//     Coding's, is the coding's owner; the copy of the document itself
//     goes to sources/<another guid>.txt, which nothing references.
//   - notes_xml: each journal as a Note with a name, creatingUser (empty
//     unless its owner is one of get_users: a memo's author who coded
//     nothing is lost) and plainTextPath to its text (UTF-8 with a
//     byte-order mark); then each annotation as a Note without a name,
//     its text as PlainTextContent and a PlainTextSelection of its span,
//     which its TextSource refers to (NoteRef).
//   - project_description_xml: the project memo as Description.
//   - project_xml: the project's name is QualCoder's project file name
//     (what the user named the new project, with ".qda"), the origin
//     QualCoder's version; code_xml writes every code's colour: a code
//     without one has been given one of QualCoder's palette.
//
// What the model leaves out: which colour (color_matcher picks a similar
// colour of QualCoder's palette for a code's own colour, the import a
// random one for a code without), dates, the Project's creatingUserGUID
// (a GUID of no user), empty Description elements of variables and
// cases, and sources other than text.
func asQualCoder(tb testing.TB, b []byte, opt qcOptions) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		tb.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		files[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
	}
	in, err := qdpx.ReadProject("project.qde", bytes.NewReader(files["project.qde"]))
	if err != nil {
		tb.Fatal(err)
	}
	if in.Notes != nil {
		for _, n := range in.Notes.Notes {
			// parse_notes reads creationDateTime, else modifiedDateTime
			// (which ownwords does not write), and stops the whole import
			// on a note that has neither.
			if n.Created == "" {
				tb.Fatalf("QualCoder's import stops on note %q: it has no creationDateTime", n.Name)
			}
		}
	}
	db := qcImport(in, files)
	return db.export(tb, opt)
}

// qcDB is the part of a QualCoder project database the model needs.
type qcDB struct {
	name, memo  string
	users       map[string]string // user GUID of the imported file -> name
	cats        []*qcCat
	codes       []*qcCode
	codeByGUID  map[string]*qcCode // code GUID of the imported file
	vars        []*qcVar
	cases       []*qcCase
	sources     []*qcSource
	caseSources map[*qcCase][]*qcSource // case_text rows linking whole files
	journals    []qcJournal
}

// qcJournal is a row of QualCoder's journal table.
type qcJournal struct{ name, text, owner, date string }

// qcAnnotation is a row of QualCoder's annotation table.
type qcAnnotation struct {
	pos0, pos1  int
	memo, owner string
}

type qcCat struct {
	name, memo string
	super      *qcCat
}

type qcCode struct {
	name, memo, color string
	cat               *qcCat
	super             *qcCode
}

type qcVar struct {
	name, memo string
	numeric    bool
	guid       string // of the imported file
}

type qcCase struct {
	name, memo string
	attrs      []qcAttr
	refs       []string // SourceRef GUIDs of the imported file
}

type qcAttr struct{ name, value string }

type qcSource struct {
	name, memo, owner, text, guid string
	codings                       []qcCoding
	annotations                   []qcAnnotation
	noteRefs                      []string // NoteRef GUIDs of the imported file
}

type qcCoding struct {
	code        *qcCode
	pos0, pos1  int
	owner, memo string
}

func qcImport(p *qdpx.Project, files map[string][]byte) *qcDB {
	db := &qcDB{name: p.Name, memo: p.Description, users: map[string]string{}, codeByGUID: map[string]*qcCode{},
		caseSources: map[*qcCase][]*qcSource{}}
	if p.Users != nil {
		for _, u := range p.Users.Users {
			db.users[u.GUID] = u.Name
		}
	}
	catByName, codeByName := map[string]*qcCat{}, map[string]*qcCode{}
	var sub func(c *qdpx.Code, cat *qcCat, super *qcCode)
	sub = func(c *qdpx.Code, cat *qcCat, super *qcCode) {
		if c.Codable == "false" {
			x := catByName[c.Name]
			if x == nil {
				x = &qcCat{name: c.Name, memo: c.Description, super: cat}
				catByName[c.Name] = x
				db.cats = append(db.cats, x)
			}
			for _, ch := range c.Codes {
				sub(ch, x, nil)
			}
			return
		}
		x := codeByName[c.Name]
		if x == nil {
			// Every code has a colour in QualCoder; one of its palette.
			x = &qcCode{name: c.Name, memo: c.Description, color: cmp.Or(c.Color, "#D8D8D8")}
			if super != nil {
				x.super = super
			} else {
				x.cat = cat
			}
			codeByName[c.Name] = x
			db.codes = append(db.codes, x)
			db.codeByGUID[c.GUID] = x
		}
		for _, ch := range c.Codes {
			sub(ch, nil, x)
		}
	}
	if p.CodeBook != nil {
		for _, c := range p.CodeBook.Codes.Codes {
			sub(c, nil, nil)
		}
	}
	varByGUID := map[string]*qcVar{}
	if p.Variables != nil {
		for _, v := range p.Variables.Variables {
			x := &qcVar{name: v.Name, memo: v.Description, numeric: v.Type == "Integer" || v.Type == "Float", guid: v.GUID}
			db.vars = append(db.vars, x)
			varByGUID[v.GUID] = x
		}
	}
	names := map[string]bool{}
	prefix := 0
	if p.Sources != nil {
		for _, s := range p.Sources.Text {
			name := s.Name
			if names[name] {
				prefix++
				name = fmt.Sprintf("%d_%s", prefix, name)
			}
			names[name] = true
			owner := orName(db.users[s.CreatingUser], "default")
			text := string(bytes.TrimPrefix(files["sources/"+strings.TrimPrefix(s.PlainTextPath, "internal://")], []byte("\xEF\xBB\xBF")))
			x := &qcSource{name: name, memo: s.Description, owner: owner, text: text, guid: s.GUID}
			type key struct {
				code       *qcCode
				pos0, pos1 int
				owner      string
			}
			seen := map[key]bool{}
			for _, sel := range s.Selections {
				by := sel.CreatingUser
				if by == "" {
					by = sel.ModifyingUser
				}
				if len(sel.Codings) == 0 {
					// load_codings_for_text: an annotation, its text the
					// selection's Description.
					x.annotations = append(x.annotations, qcAnnotation{sel.Start, sel.End, sel.Description, orName(db.users[by], "default")})
				}
				for _, c := range sel.Codings {
					k := key{db.codeByGUID[c.Code.Target], sel.Start, sel.End, orName(db.users[by], "default")}
					if seen[k] {
						continue // unique in code_text
					}
					seen[k] = true
					x.codings = append(x.codings, qcCoding{code: k.code, pos0: k.pos0, pos1: k.pos1, owner: k.owner, memo: sel.Description})
				}
			}
			for _, r := range s.NoteRefs {
				x.noteRefs = append(x.noteRefs, r.Target)
			}
			db.sources = append(db.sources, x)
		}
	}
	db.notes(p, files)
	if p.Cases != nil {
		for _, c := range p.Cases.Cases {
			if c.Name == "" {
				continue // file variables (MAXQDA, Quirkos); none in ownwords' files
			}
			x := &qcCase{name: c.Name, memo: c.Description}
			for _, v := range c.Values {
				val := ""
				for _, s := range []*string{v.Text, v.Boolean, v.Integer, v.Float, v.Date, v.DateTime} {
					if s != nil {
						val = *s
					}
				}
				name := ""
				if vr := varByGUID[v.Variable.Target]; vr != nil {
					name = vr.name
				}
				x.attrs = append(x.attrs, qcAttr{name, val})
			}
			for _, r := range c.SourceRefs {
				x.refs = append(x.refs, r.Target)
			}
			db.cases = append(db.cases, x)
		}
	}
	return db
}

// notes is parse_notes: a note a source refers to is an annotation of
// that source (insert_annotation, kept only with a PlainTextContent and a
// PlainTextSelection of its own); any other with a plainTextPath and a
// name is a journal, its text read from that file as it is.
func (db *qcDB) notes(p *qdpx.Project, files map[string][]byte) {
	if p.Notes == nil {
		return
	}
	for _, n := range p.Notes.Notes {
		var src *qcSource
		for _, s := range db.sources {
			if slices.Contains(s.noteRefs, n.GUID) {
				src = s
				break
			}
		}
		owner := orName(db.users[n.CreatingUser], "default")
		switch {
		case src != nil:
			if n.Content != nil && len(n.Selections) > 0 {
				sel := n.Selections[len(n.Selections)-1]
				src.annotations = append(src.annotations, qcAnnotation{sel.Start, sel.End, *n.Content, owner})
			}
		case n.PlainTextPath != "" && n.Name != "":
			text := string(files["sources/"+strings.TrimPrefix(n.PlainTextPath, "internal://")])
			db.journals = append(db.journals, qcJournal{n.Name, text, owner, n.Created})
		}
	}
}

func orName(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (db *qcDB) export(tb testing.TB, opt qcOptions) []byte {
	tb.Helper()
	fresh := func() string { return uuid.NewString() }
	// get_users: owners of codings and sources.
	var users []string
	for _, s := range db.sources {
		users = append(users, s.owner)
		for _, c := range s.codings {
			users = append(users, c.owner)
		}
	}
	slices.Sort(users)
	users = slices.Compact(users)
	userGUID := map[string]string{}
	p := &qdpx.Project{Xmlns: qdpx.ProjectNS, Name: db.name + ".qda", Origin: "QualCoder 4.0 Beta", Users: &qdpx.Users{}}
	for _, u := range users {
		userGUID[u] = fresh()
		p.Users.Users = append(p.Users.Users, qdpx.User{GUID: userGUID[u], Name: u})
	}
	// get_codes, get_categories: fresh GUIDs.
	codeGUID := map[*qcCode]string{}
	for _, c := range db.codes {
		codeGUID[c] = fresh()
	}
	var codeXML func(c *qcCode) *qdpx.Code
	codeXML = func(c *qcCode) *qdpx.Code {
		x := &qdpx.Code{GUID: codeGUID[c], Name: c.name, Codable: "true", Color: c.color, Description: c.memo}
		for _, ch := range db.codes {
			if ch.super == c {
				x.Codes = append(x.Codes, codeXML(ch))
			}
		}
		return x
	}
	var catXML func(cat *qcCat) *qdpx.Code
	catXML = func(cat *qcCat) *qdpx.Code {
		x := &qdpx.Code{GUID: fresh(), Name: cat.name, Codable: "false", Description: cat.memo}
		for _, sc := range db.cats {
			if sc.super == cat {
				x.Codes = append(x.Codes, catXML(sc))
			}
		}
		for _, c := range db.codes {
			if c.cat == cat && c.super == nil {
				x.Codes = append(x.Codes, codeXML(c))
			}
		}
		return x
	}
	if len(db.codes) > 0 {
		p.CodeBook = &qdpx.CodeBook{}
		for _, c := range db.codes {
			if c.cat == nil && c.super == nil {
				p.CodeBook.Codes.Codes = append(p.CodeBook.Codes.Codes, codeXML(c))
			}
		}
		for _, cat := range db.cats {
			if cat.super == nil {
				p.CodeBook.Codes.Codes = append(p.CodeBook.Codes.Codes, catXML(cat))
			}
		}
	}
	varGUID := map[string]*qcVar{}
	if len(db.vars) > 0 {
		p.Variables = &qdpx.Variables{}
		for _, v := range db.vars {
			g := fresh()
			varGUID[v.name] = v
			v.guid = g
			typ := "Text"
			if v.numeric {
				typ = "Float"
			}
			p.Variables.Variables = append(p.Variables.Variables, &qdpx.Variable{GUID: g, Name: v.name, Type: typ, Description: v.memo})
		}
	}
	// get_sources: a GUID per source that case_source_ref_xml uses and
	// sources_xml does not.
	refGUID := map[*qcSource]string{}
	byOldGUID := map[string]*qcSource{}
	for _, s := range db.sources {
		refGUID[s] = fresh()
		byOldGUID[s.guid] = s
	}
	if len(db.cases) > 0 {
		p.Cases = &qdpx.Cases{}
		for _, c := range db.cases {
			x := &qdpx.Case{GUID: fresh(), Name: c.name, Description: c.memo}
			for _, a := range c.attrs {
				v := varGUID[a.name]
				vv := qdpx.VariableValue{}
				val := a.value
				switch {
				case v == nil:
					vv.Text = &val
				case v.numeric && val == "":
				case v.numeric:
					vv.Float = &val
				default:
					vv.Text = &val
				}
				if v != nil {
					vv.Variable.Target = v.guid
				}
				x.Values = append(x.Values, vv)
			}
			if opt.linkCases {
				for _, r := range c.refs {
					if s := byOldGUID[r]; s != nil && s.text == "" {
						x.SourceRefs = append(x.SourceRefs, qdpx.Ref{Target: refGUID[s]})
					}
				}
			}
			p.Cases.Cases = append(p.Cases.Cases, x)
		}
	}
	out := map[string][]byte{}
	if len(db.sources) > 0 {
		p.Sources = &qdpx.Sources{}
	}
	var annotations []*qdpx.TextSource
	for _, s := range db.sources {
		plain := fresh() + ".txt"
		x := &qdpx.TextSource{GUID: fresh(), Name: s.name, PlainTextPath: "internal://" + plain, CreatingUser: userGUID[s.owner], Description: s.memo}
		runes := []rune(s.text)
		for _, c := range s.codings {
			if c.code == nil {
				continue // text_selection_xml: no code GUID, no selection
			}
			seltext := strings.NewReplacer("\r", " ", "\n", " ", "\t", " ").Replace(string(runes[c.pos0:c.pos1]))
			x.Selections = append(x.Selections, &qdpx.Selection{GUID: fresh(), Name: seltext, Start: c.pos0, End: c.pos1,
				CreatingUser: userGUID[c.owner], Description: c.memo,
				Codings: []*qdpx.Coding{{GUID: fresh(), CreatingUser: userGUID[c.owner], Code: qdpx.Ref{Target: codeGUID[c.code]}}}})
		}
		p.Sources.Text = append(p.Sources.Text, x)
		for _, a := range s.annotations {
			// create_annotation_note_xml: a note of the annotation's
			// text and span, which its source refers to.
			g, text := fresh(), a.memo
			x.NoteRefs = append(x.NoteRefs, qdpx.Ref{Target: g})
			// Its date: the time of the import (insert_annotation reads
			// only a modifiedDateTime).
			annotations = append(annotations, &qdpx.TextSource{GUID: g, CreatingUser: userGUID[a.owner], Content: &text, Created: time.Now().UTC().Format("2006-01-02T15:04:05Z"),
				Selections: []*qdpx.Selection{{GUID: fresh(), Start: a.pos0, End: a.pos1}}})
		}
		bom := append([]byte("\xEF\xBB\xBF"), s.text...)
		out["sources/"+plain] = bom
		out["sources/"+refGUID[s]+".txt"] = bom // the document's copy
	}
	// notes_xml: the journals (create_journal_note_xml: the text in a
	// file, UTF-8 with a byte-order mark; the author only if get_users
	// has it), then the annotations.
	var notes []*qdpx.TextSource
	for _, j := range db.journals {
		g := fresh()
		notes = append(notes, &qdpx.TextSource{GUID: g, Name: j.name, CreatingUser: userGUID[j.owner], Created: j.date, PlainTextPath: "internal://" + g + ".txt"})
		out["sources/"+g+".txt"] = append([]byte("\xEF\xBB\xBF"), j.text...)
	}
	if notes = append(notes, annotations...); len(notes) > 0 {
		p.Notes = &qdpx.Notes{Notes: notes}
	}
	p.Description = db.memo
	var qde bytes.Buffer
	qde.WriteString(xml.Header)
	if err := xml.NewEncoder(&qde).Encode(p); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, b []byte) {
		w, err := zw.Create(name)
		if err == nil {
			_, err = w.Write(b)
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
	put("project.qde", qde.Bytes())
	names := make([]string, 0, len(out))
	for n := range out {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		put(n, out[n])
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// withoutColours blanks the colour of each code in a fingerprint (the
// sixth quoted field of a code line); it panics on a code line it cannot
// read, so that it cannot blank something else.
func withoutColours(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if rest, ok := strings.CutPrefix(l, "code "); ok {
			_, rest, _ = strings.Cut(rest, " ") // the path
			var fields []string
			for range 6 {
				q, err := strconv.QuotedPrefix(rest)
				if err != nil {
					panic(fmt.Sprintf("code line %q: %v", l, err))
				}
				fields = append(fields, q)
				rest = strings.TrimPrefix(rest[len(q):], " ")
			}
			fields[5] = `"#"`
			path, _, _ := strings.Cut(strings.TrimPrefix(l, "code "), " ")
			l = "code " + path + " " + strings.Join(fields, " ") + " " + rest
		}
		out[i] = l
	}
	return out
}
