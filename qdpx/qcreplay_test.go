package qdpx_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/qdpx"
	"ownwords/sqldb/sqldbtest"
)

// TestReplayQualCoder imports files the real QualCoder wrote from an
// export of the synthetic study (testdata/refi-qda/README.md says which
// QualCoder and how) into a fresh study on each store, applies the
// original's plan, and compares with the original, rebuilt here as the
// fixture was made (syntheticStudy), as checkSyntheticFromQualCoder does:
// the same team report byte for byte, every code and coding, consensus as
// its own layer, every memo. It also pins what QualCoder loses.
func TestReplayQualCoder(t *testing.T) {
	for _, file := range []string{"qualcoder-synthetic.qdpx", "qualcoder-synthetic-cases-linked.qdpx"} {
		t.Run(file, func(t *testing.T) {
			eachStore(t, func(t *testing.T, open func(testing.TB) ownwords.Store) {
				src := open(t)
				study := syntheticStudy(t, src)
				dst := open(t)
				rep := checkSyntheticFromQualCoder(t, src, study.ID, dst, file, mustReadFile(t, fixture(file)))
				// It names the owner of every text "default", which would
				// be an account without codings; ownwords' sources have no
				// owner, so none is made.
				if countNotes(rep, "user default only owns texts") != 1 || rep.Created.Users != 3 || rep.Kept.Users != 3 {
					t.Errorf("users:\n%s", rep)
				}
				if _, err := dst.UserByName(t.Context(), "default"); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
					t.Errorf("QualCoder's owner of texts became an account (err %v)", err)
				}
			})
		})
	}
}

// TestModelMatchesRealQualCoder: asQualCoder, given an export of the
// synthetic study, writes what the real QualCoder wrote from one
// (the replayed fixtures), element for element once GUIDs, dates, the
// project's name and which colour are set aside: users, codes with their
// hierarchy, isCodable and descriptions, variables and their types, cases
// with their values and SourceRefs, sources with their owner, description
// and text, selections with their names, positions, users and codings,
// notes with their names, users, dates' presence, text and selections,
// sets and the archive's entries. The export is made anew, so ownwords'
// data in the project Description is compared apart from its GUIDs.
func TestModelMatchesRealQualCoder(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	study := syntheticStudy(t, st)
	out := mustExport(t, st, study.ID)
	for _, tc := range []struct {
		file string
		opt  qcOptions
	}{
		{"qualcoder-synthetic.qdpx", qcOptions{}},
		{"qualcoder-synthetic-cases-linked.qdpx", qcOptions{linkCases: true}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			real := mustReadFile(t, fixture(tc.file))
			sameLines(t, "QualCoder's file", qcShape(t, real), qcShape(t, asQualCoder(t, out, tc.opt)))
		})
	}
}

var guidPattern = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// qcShape lists what of a file QualCoder wrote TestModelMatchesRealQualCoder
// compares, sorted.
func qcShape(tb testing.TB, b []byte) []string {
	tb.Helper()
	p := mustRead(tb, "qc.qdpx", b)
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	add("origin %q", p.Origin)
	add("description %q", guidPattern.ReplaceAllString(p.Description, "G"))
	users := map[string]string{}
	for _, u := range p.Users.Users {
		users[u.GUID] = u.Name
		add("user %q", u.Name)
	}
	codes := map[string]string{}
	var walk func([]*qdpx.Code, string)
	walk = func(cs []*qdpx.Code, prefix string) {
		for _, c := range cs {
			codes[c.GUID] = prefix + c.Name
			add("code %q codable=%s coloured=%v %q", prefix+c.Name, c.Codable, c.Color != "", c.Description)
			walk(c.Codes, prefix+c.Name+"/")
		}
	}
	walk(p.CodeBook.Codes.Codes, "")
	vars := map[string]string{}
	for _, v := range p.Variables.Variables {
		vars[v.GUID] = v.Name
		add("variable %q %s %q", v.Name, v.Type, v.Description)
	}
	for _, c := range p.Cases.Cases {
		add("case %q %q %d source refs %d other", c.Name, c.Description, len(c.SourceRefs), len(c.CodeRefs)+len(c.Selections)+len(c.Other))
		for _, v := range c.Values {
			for kind, s := range map[string]*string{"Text": v.Text, "Boolean": v.Boolean, "Integer": v.Integer, "Float": v.Float, "Date": v.Date, "DateTime": v.DateTime} {
				if s != nil {
					add("value %q %q %s %q", c.Name, vars[v.Variable.Target], kind, *s)
				}
			}
		}
	}
	for _, s := range p.Sources.Text {
		add("source %q by %q %q %v %s %d notes %d other", s.Name, users[s.CreatingUser], s.Description, strings.HasPrefix(s.PlainTextPath, "internal://"), ownwords.HashText(s.Text), len(s.NoteRefs), len(s.Other))
		for _, sel := range s.Selections {
			for _, c := range sel.Codings {
				add("selection %q %d-%d %q by %q/%q %q: coding by %q of %q", s.Name, sel.Start, sel.End, sel.Name, users[sel.CreatingUser], users[sel.ModifyingUser], sel.Description, users[c.CreatingUser], codes[c.Code.Target])
			}
		}
	}
	add("%d other sources", len(p.Sources.Other))
	if p.Notes != nil {
		add("%d notes", len(p.Notes.Notes))
		for _, n := range p.Notes.Notes {
			var spans []string
			for _, sel := range n.Selections {
				spans = append(spans, fmt.Sprintf("%d-%d", sel.Start, sel.End))
			}
			add("note %q by %q dated %v file %v inline %v %q %q selections %v", n.Name, users[n.CreatingUser], n.Created != "", strings.HasPrefix(n.PlainTextPath, "internal://"), n.Content != nil, n.Description, n.Text, spans)
		}
	}
	if p.Sets != nil {
		add("%d sets", len(p.Sets.Sets))
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	fatal(tb, err)
	entries := 0
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, "/") {
			entries++
		}
	}
	add("%d archive entries, %d unreferenced", entries, p.Report.DroppedCount("archive entry"))
	slices.Sort(out)
	return out
}

// TestTextOwnerAccount: a user who only owns texts (QualCoder's
// "default") becomes an account only when the file has no ownwords' data
// to say that its sources had no owner, or when that user also coded.
func TestTextOwnerAccount(t *testing.T) {
	real := mustReadFile(t, fixture("qualcoder-synthetic.qdpx"))
	qde := mustUnzipEntry(t, real, "project.qde")
	i := bytes.LastIndex(qde, []byte("<Description>"))
	if i < 0 || !bytes.Contains(qde[i:], []byte("ownwords-data:")) {
		t.Fatal("the fixture's project Description has no ownwords' data")
	}
	withoutData := append(append([]byte{}, qde[:i]...), []byte("</Project>")...)
	ben := regexp.MustCompile(`<User guid="([^"]+)" name="ben"`).FindSubmatch(qde)
	def := regexp.MustCompile(`<User guid="([^"]+)" name="default"`).FindSubmatch(qde)
	if ben == nil || def == nil {
		t.Fatal("the fixture has no users ben and default")
	}
	// One coding of ben's made by default instead.
	k := bytes.Index(qde, []byte(`<Coding guid=`))
	j := k + bytes.Index(qde[k:], ben[1])
	defCoded := append(append(append([]byte{}, qde[:j]...), def[1]...), qde[j+len(ben[1]):]...)
	for _, tc := range []struct {
		name    string
		qde     []byte
		account bool
	}{
		{"as QualCoder wrote it", qde, false},
		{"without ownwords' data", withoutData, true},
		{"default coded", defCoded, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, _, rep := mustImport(t, "qc.qdpx", replaceEntry(t, real, "project.qde", tc.qde))
			_, err := st.UserByName(t.Context(), "default")
			if got := err == nil; got != tc.account || (countNotes(rep, "user default only owns texts") == 1) == tc.account {
				t.Errorf("account default: %v (err %v), want %v:\n%s", got, err, tc.account, rep)
			}
		})
	}
}

// TestUntaggedVariablesAreNamed checks that a variable created without
// ownwords' data (the block lost, e.g. the project memo edited in the other
// tool) is named in the report: its disclosure tag is unknown, and an
// identifier left untagged would reach outputs that leave identifiers out.
func TestUntaggedVariablesAreNamed(t *testing.T) {
	real := mustReadFile(t, fixture("qualcoder-synthetic.qdpx"))
	qde := mustUnzipEntry(t, real, "project.qde")
	i := bytes.LastIndex(qde, []byte("<Description>"))
	if i < 0 || !bytes.Contains(qde[i:], []byte("ownwords-data:")) {
		t.Fatal("the fixture's project Description has no ownwords' data")
	}
	withoutData := append(append([]byte{}, qde[:i]...), []byte("</Project>")...)
	vars := len(regexp.MustCompile(`<Variable `).FindAll(qde, -1))
	if vars == 0 {
		t.Fatal("the fixture has no variables")
	}
	for _, tc := range []struct {
		name string
		qde  []byte
		want int
	}{
		{"as QualCoder wrote it", qde, 0},
		{"without ownwords' data", withoutData, vars},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, rep := mustImport(t, "qc.qdpx", replaceEntry(t, real, "project.qde", tc.qde))
			if n := countNotes(rep, "created without ownwords' data, so with no disclosure tag"); n != tc.want {
				t.Errorf("%d untagged variables named, want %d:\n%s", n, tc.want, rep)
			}
		})
	}
}
