package qdpx_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/qdpx"
	"ownwords/sqldb/sqldbtest"
)

// mustExport exports a study as .qdpx bytes.
func mustExport(tb testing.TB, st ownwords.Store, studyID string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := qdpx.Export(context.Background(), st, studyID, &buf); err != nil {
		tb.Fatalf("export: %v", err)
	}
	return buf.Bytes()
}

// quotes lists every coding of a project as "source|code path|coder|quoted
// text", sorted: what must survive a round trip.
func quotes(tb testing.TB, p *qdpx.Project) []string {
	tb.Helper()
	paths := map[string]string{}
	var walk func([]*qdpx.Code, string, string)
	walk = func(cs []*qdpx.Code, prefix, parent string) {
		for _, c := range cs {
			// ownwords exports names other codes share as "Name (Parent)"
			// and takes them back on import: compare the codes' own names.
			name := strings.TrimSuffix(c.Name, " ("+parent+")")
			paths[strings.ToLower(c.GUID)] = prefix + name
			walk(c.Codes, prefix+name+"/", name)
		}
	}
	walk(p.CodeBook.Codes.Codes, "", "")
	users := map[string]string{}
	for _, u := range p.Users.Users {
		users[u.GUID] = u.Name
	}
	var out []string
	for _, s := range p.Sources.Text {
		name := s.Name
		if name == "" {
			name = strings.TrimSuffix(filepath.Base(s.PlainTextPath), ".txt")
		}
		for _, sel := range s.Selections {
			q, ok := ownwords.Slice(s.Text, sel.Start, sel.End)
			if !ok {
				tb.Fatalf("selection %s outside %s", sel.GUID, name)
			}
			for _, c := range sel.Codings {
				out = append(out, name+"|"+paths[c.Code.Target]+"|"+users[c.CreatingUser]+"|"+q)
			}
		}
	}
	slices.Sort(out)
	return out
}

func TestQCRoundTripKeepsEveryCoding(t *testing.T) {
	b := mustReadFile(t, fixture("qc-1.3.2-demo.qdpx"))
	orig := mustRead(t, "qc.qdpx", b)
	st, study, _ := mustImport(t, "qc.qdpx", b)
	out := mustExport(t, st, study.ID)
	again := mustRead(t, "out.qdpx", out)
	want, got := quotes(t, orig), quotes(t, again)
	if len(want) != 205 {
		t.Fatalf("the qc file has %d codings, want 205", len(want))
	}
	if !slices.Equal(want, got) {
		for i := range min(len(want), len(got)) {
			if want[i] != got[i] {
				t.Fatalf("coding %d differs:\nwant %q\ngot  %q", i, want[i], got[i])
			}
		}
		t.Fatalf("got %d codings, want %d", len(got), len(want))
	}
	if out2 := mustExport(t, st, study.ID); !bytes.Equal(out, out2) {
		t.Error("two exports of the same study differ")
	}
	mustValidate(t, out, "")
}

// mustValidate checks an exported archive's project.qde (or, with
// codebook set, a .qdc) against the REFI-QDA schema with xmllint.
func mustValidate(t *testing.T, qdpxBytes []byte, codebook string) {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv(sqldbtest.EnvRequire) == "1" {
			t.Fatal("xmllint not installed (apt-get install libxml2-utils)")
		}
		t.Skip("xmllint not installed (apt-get install libxml2-utils); schema validation skipped")
	}
	dir := t.TempDir()
	doc, schema := filepath.Join(dir, "project.qde"), fixture("Project.xsd")
	if codebook != "" {
		if err := os.WriteFile(doc, []byte(codebook), 0o600); err != nil {
			t.Fatal(err)
		}
		schema = fixture("Codebook.xsd")
	} else {
		p := mustUnzipEntry(t, qdpxBytes, "project.qde")
		if err := os.WriteFile(doc, p, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command(xmllint, "--noout", "--schema", schema, doc).CombinedOutput(); err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}

// TestNotesCarryTheirDate: every note of an export has a creationDateTime
// (the memo's creation time, in UTC), without which QualCoder's import
// stops with an error before it has read a single case.
func TestNotesCarryTheirDate(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	study := syntheticStudy(t, st)
	p := mustRead(t, "out.qdpx", mustExport(t, st, study.ID))
	memos, err := st.Memos(t.Context(), study.ID, "", "")
	fatal(t, err)
	if p.Notes == nil || len(p.Notes.Notes) != len(memos) || len(memos) == 0 {
		t.Fatalf("the export has %v notes for %d memos", p.Notes, len(memos))
	}
	created := map[string]string{}
	for _, m := range memos {
		created[m.Body] = m.CreatedAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	for _, n := range p.Notes.Notes {
		if n.Text == "" || n.Created == "" || n.Created != created[n.Text] {
			t.Errorf("note %q: creationDateTime %q, want the memo's", n.Name, n.Created)
		}
	}
}
