package qdpx_test

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"ownwords"
	"ownwords/qdpx"
	"ownwords/sqldb/sqldbtest"
)

// TestMemoTargetsByOwnwordsData: a tool that keeps notes but not the
// references to them, and writes fresh GUIDs (as QualCoder does with
// journals), still brings every memo back to its target by ownwords'
// data; a memo whose target the file no longer has is kept on the
// interview (a segment's) or the study, and the report says so.
func TestMemoTargetsByOwnwordsData(t *testing.T) {
	src, _ := sqldbtest.OpenSQLite(t)
	study := syntheticStudy(t, src)
	out := mustExport(t, src, study.ID)
	want := memoLines(t, src, study.ID)
	for _, tc := range []struct {
		name   string
		edit   func(p *qdpx.Project)
		placed int    // notes placed by ownwords' data
		report string // a line the report must have ("" for none)
		moved  string // the memo line that changes, and what it becomes
		to     string
	}{
		{name: "references dropped", placed: 4},
		{
			name: "segment gone",
			edit: func(p *qdpx.Project) {
				for _, s := range p.Sources.Text {
					s.Selections = slices.DeleteFunc(s.Selections, func(sel *qdpx.Selection) bool { return len(sel.Codings) > 0 && len(sel.NoteRefs) > 0 })
				}
			},
			placed: 3,
			report: `memo "Scope (2)" was on a segment of "P-01_2017-08-16" coded "Revenge (Atrocities admitted)" that the file no longer has: kept on the interview`,
			moved:  `memo on segment P-01_2017-08-16 atrocities/revenge ada consensus [74,113) "Scope" by ada: "Both coders read this as a turning point."`,
			to:     `memo on interview P-01_2017-08-16 "Scope" by ada: "Both coders read this as a turning point."`,
		},
		{
			name: "code renamed under a fresh GUID",
			edit: func(p *qdpx.Project) {
				old, fresh := "", uuid.NewString()
				for _, c := range p.CodeBook.Codes.Codes[1].Codes {
					if c.Name == "Revenge (Will to fight)" {
						old, c.GUID, c.Name = c.GUID, fresh, "Vengeance"
					}
				}
				for _, s := range p.Sources.Text {
					for _, sel := range s.Selections {
						for _, c := range sel.Codings {
							if c.Code.Target == old {
								c.Code.Target = fresh
							}
						}
					}
				}
			},
			placed: 3,
			report: `memo "Memo" was on code "Revenge (Will to fight)" that the file no longer has: kept on the study`,
			moved:  `memo on code will/revenge "" by ada: "Compare with atrocities/revenge."`,
			to:     `memo on study study "" by ada: "Compare with atrocities/revenge."`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := mustRead(t, "out.qdpx", out)
			if tc.edit != nil {
				tc.edit(p)
			}
			// What the other tool drops: every reference to a note of a
			// memo without an anchor, and the notes' GUIDs.
			p.NoteRefs = nil
			var walk func([]*qdpx.Code)
			walk = func(cs []*qdpx.Code) {
				for _, c := range cs {
					c.NoteRefs = nil
					walk(c.Codes)
				}
			}
			walk(p.CodeBook.Codes.Codes)
			fresh := map[string]string{}
			for _, n := range p.Notes.Notes {
				if n.Content == nil {
					fresh[n.GUID] = uuid.NewString()
					n.GUID = fresh[n.GUID]
				}
			}
			for _, s := range p.Sources.Text {
				for _, sel := range s.Selections {
					if len(sel.Codings) > 0 {
						sel.NoteRefs = nil
					}
				}
			}
			dst, _ := sqldbtest.OpenSQLite(t)
			st := sqldbtest.MustStudy(t, dst, "copy")
			rep := mustApply(t, dst, st.ID, p)
			exp := slices.Clone(want)
			if tc.moved != "" {
				i := slices.Index(exp, tc.moved)
				if i < 0 {
					t.Fatalf("no memo %s among:\n%s", tc.moved, strings.Join(exp, "\n"))
				}
				exp[i] = tc.to
				slices.Sort(exp)
			}
			sameLines(t, "the memos", exp, memoLines(t, dst, st.ID))
			if countNotes(rep, "placed on their memo's target") != 1 || !strings.Contains(rep.String(), strconv.Itoa(tc.placed)+" note(s) no element refers to placed") {
				t.Errorf("want %d notes placed by ownwords' data:\n%s", tc.placed, rep)
			}
			if tc.report != "" && countNotes(rep, tc.report) != 1 {
				t.Errorf("the report lacks %q:\n%s", tc.report, rep)
			}
			if rep.Kept.Memos != len(want) {
				t.Errorf("kept %d memos, want %d", rep.Kept.Memos, len(want))
			}
		})
	}
}

// TestQualCoderUnescapedAnnotationText: QualCoder writes an annotation's
// text into PlainTextContent without escaping it (seen with the real
// QualCoder at the fixtures' commit: a memo "a & b <3" made its
// project.qde malformed). Import escapes "<" and a bare "&" inside
// PlainTextContent when, and only when, the document does not parse
// otherwise, and says so; a document malformed elsewhere is still refused.
func TestQualCoderUnescapedAnnotationText(t *testing.T) {
	real := mustReadFile(t, fixture("qualcoder-synthetic.qdpx"))
	qde := string(mustUnzipEntry(t, real, "project.qde"))
	const text = "Long silence before this answer."
	if !strings.Contains(qde, "<PlainTextContent>"+text+"</PlainTextContent>") {
		t.Fatal("the fixture has no annotation note of the anchored memo")
	}
	for _, tc := range []struct {
		name, from, to, body string
		repaired             int
		err                  string
	}{
		{name: "bare ampersand and less-than", from: text, to: "Silence & a sigh <3 &amp; more", body: "Silence & a sigh <3 & more", repaired: 1},
		{name: "escaped as it should be", from: text, to: "Silence &amp; a sigh &lt;3", body: "Silence & a sigh <3"},
		{name: "malformed elsewhere", from: "<Description />", to: "<Description>R&D</Description>", err: "EINVALID"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := replaceEntry(t, real, "project.qde", []byte(strings.Replace(qde, tc.from, tc.to, 1)))
			p, err := qdpx.Read("qc.qdpx", bytes.NewReader(b), int64(len(b)))
			if tc.err != "" {
				if ownwords.ErrorCode(err) != ownwords.EINVALID {
					t.Fatalf("err %v, want EINVALID", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			st, _ := sqldbtest.OpenSQLite(t)
			study := sqldbtest.MustStudy(t, st, "copy")
			rep := mustApply(t, st, study.ID, p)
			ms, err := st.Memos(t.Context(), study.ID, "", "")
			fatal(t, err)
			var bodies []string
			for _, m := range ms {
				if m.Anchor != nil {
					bodies = append(bodies, m.Title+": "+m.Body)
				}
			}
			if want := []string{"Pause: " + tc.body}; !slices.Equal(bodies, want) {
				t.Errorf("anchored memos %q, want %q", bodies, want)
			}
			if got := countNotes(rep, "PlainTextContent element(s) held an unescaped"); got != min(tc.repaired, 1) || (tc.repaired > 0 && countNotes(rep, strconv.Itoa(tc.repaired)+" PlainTextContent") != 1) {
				t.Errorf("repair of %d element(s) not reported:\n%s", tc.repaired, rep)
			}
		})
	}
}
