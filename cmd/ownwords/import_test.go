package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestImportCreatesFlaggedParticipant imports a first interview with
// --participant for a code the study lacks: the participant is created in
// the same transaction and the summary says so; a code read from a sidecar
// must still exist, and a failed import creates nobody.
func TestImportCreatesFlaggedParticipant(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "first.ownwords")
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	mustCLI(t, vars, "init", "--store", store, "--name", "First hour")
	x := writeFile(t, dir, "x.txt", "Interviewer: Why?\nP-77: Friends.\n")
	y := writeFile(t, dir, "y.txt", "Interviewer: And then?\nP-77: I left.\n")
	side := writeFile(t, dir, "side.txt", "Interviewer: Why?\nP-78: Money.\n")
	writeFile(t, dir, "side.json", `{"participant": "P-78"}`)
	dup := writeFile(t, dir, "dup.txt", "Interviewer: Why?\nP-79: Faith.\n")
	for _, s := range []struct {
		name   string
		args   []string
		code   int
		want   string
		absent string
	}{
		{"FlagCreates", []string{"--participant", "P-77", x}, 0, "created participant P-77", ""},
		{"FlagExisting", []string{"--participant", "P-77", y}, 0, "participants: 0 created", "created participant"},
		{"ErrSidecarUnknown", []string{side}, 3, "participant P-78 does not exist", ""},
		{"ErrFailedImportCreatesNobody", []string{"--participant", "P-79", "--title", "x", dup}, 4, "already exists", ""},
		{"RetryCreates", []string{"--participant", "P-79", dup}, 0, "created participant P-79", ""},
	} {
		code, out, errOut := cli(t, vars, append([]string{"import", "--store", store}, s.args...)...)
		if code != s.code || !strings.Contains(out+errOut, s.want) || (s.absent != "" && strings.Contains(out+errOut, s.absent)) {
			t.Fatalf("%s: exit %d\n%s%s\nwant %d, %q and not %q", s.name, code, out, errOut, s.code, s.want, s.absent)
		}
	}
}

// TestImportSummaryPerKind imports each kind of file, then again, then
// changed, and checks the counts printed (text) and written (JSON): what
// was created, updated or found unchanged, only for the kinds imported.
func TestImportSummaryPerKind(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	codebook := `{"attributes": [{"slug": "gender", "type": "category", "values": ["man", "woman"]}],
 "sections": [{"slug": "influences", "label": "Influences", "items": [{"slug": "friends"}, {"slug": "online"}]}]}`
	files := map[string]string{
		"codebook.json":  codebook,
		"codebook2.json": strings.Replace(codebook, `"label": "Influences"`, `"label": "Influences on joining"`, 1),
		"people.csv":     "id,gender\nP-1,woman\nP-2,man\n",
		"people2.csv":    "id,gender\nP-1,man\nP-3,woman\n",
		"iv-1.txt":       "Interviewer: Why?\nP-1: Friends.\n",
		"iv-1.json":      `{"participant": "P-1"}`,
		"ev.csv":         "participant,kind,date\nP-1,travelled,2014-06\n",
		"plan.json":      `{"name": "mine", "groups": [{"name": "all", "filter": {}}], "sections": ["influences"], "attributes": ["gender"]}`,
		"plan2.json":     `{"name": "mine", "groups": [{"name": "women", "filter": {"gender": "woman"}}], "sections": ["influences"], "attributes": ["gender"]}`,
		"revised.odt":    "",
	}
	for name, body := range files {
		if body != "" {
			writeFile(t, dir, name, body)
		}
	}
	writeFile(t, dir, "revised.odt", string(mustZipCLI(t, map[string]string{
		"mimetype": "application/vnd.oasis.opendocument.text",
		"content.xml": `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:body><office:text>` +
			`<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>not</text:p></text:deletion></text:changed-region></text:tracked-changes>` +
			`<text:p>P-2: We <text:change text:change-id="c1"/>left.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>In May.</text:p></text:note-body></text:note></text:p>` +
			`<text:p><office:annotation office:name="a"><dc:creator>ed</dc:creator><text:p>Check.</text:p></office:annotation>Late.<office:annotation-end office:name="a"/></text:p>` +
			`</office:text></office:body></office:document-content>`,
	})))
	writeFile(t, dir, "revised.json", `{"participant": "P-2"}`)
	qc := filepath.Join("..", "..", "testdata", "refi-qda", "qc-1.3.2-demo.qdpx")
	store := filepath.Join(dir, "s.ownwords")
	mustCLI(t, vars, "init", "--store", store, "--name", "Counts")
	f := func(name string) string { return filepath.Join(dir, name) }
	for _, s := range []struct {
		name   string
		args   []string
		text   []string          // lines the text output has
		json   map[string]string // JSON path (dots) -> value
		absent []string          // top-level JSON keys that must be absent
	}{
		{"Codebook", []string{f("codebook.json")}, []string{"attributes: 1 created, 0 updated, 0 unchanged", "codes: 3 created, 0 updated, 0 unchanged"},
			map[string]string{"codes.created": "3", "attributes.created": "1"}, []string{"events", "plan_counts", "refi_qda"}},
		{"CodebookAgain", []string{f("codebook.json")}, []string{"attributes: 0 created, 0 updated, 1 unchanged", "codes: 0 created, 0 updated, 3 unchanged"},
			map[string]string{"codes.unchanged": "3"}, nil},
		{"CodebookChanged", []string{f("codebook2.json")}, []string{"codes: 0 created, 1 updated, 2 unchanged"},
			map[string]string{"codes.updated": "1", "codes.unchanged": "2"}, nil},
		{"Table", []string{f("people.csv")}, []string{"participants: 2 created, 0 updated, 0 unchanged"},
			map[string]string{"participants.created": "2"}, nil},
		{"TableChanged", []string{f("people2.csv")}, []string{"participants: 1 created, 1 updated, 0 unchanged"},
			map[string]string{"participants.created": "1", "participants.updated": "1"}, nil},
		{"Transcript", []string{f("iv-1.txt")}, []string{"interviews: 1 created, 0 updated, 0 unchanged"},
			map[string]string{"interviews.created": "1"}, nil},
		{"TranscriptAgain", []string{f("iv-1.txt")}, []string{"interviews: 0 created, 0 updated, 1 unchanged"},
			map[string]string{"interviews.unchanged": "1"}, nil},
		{"Document", []string{f("revised.odt")}, []string{"interviews: 1 created, 0 updated, 0 unchanged",
			f("revised.odt") + ": 1 tracked change accepted (1 deletion), 1 footnote appended, 1 comment kept as a memo"},
			map[string]string{"documents.0.memos_created": "1", "documents.0.footnotes_appended": "1", "documents.0.tracked_changes_accepted.deletions": "1"}, nil},
		{"Events", []string{f("ev.csv")}, []string{"events: 1 created, 0 unchanged"},
			map[string]string{"events.created": "1"}, []string{"attributes", "interviews", "plan_counts", "refi_qda"}},
		{"EventsAgain", []string{f("ev.csv")}, []string{"events: 0 created, 1 unchanged"}, map[string]string{"events.unchanged": "1"}, nil},
		{"Plan", []string{f("plan.json")}, []string{"analysis plans: mine: 1 created, 0 updated, 0 unchanged"},
			map[string]string{"plan_counts.created": "1", "plans.0": "mine"}, []string{"attributes", "events"}},
		{"PlanAgain", []string{"--replace-plans", f("plan.json")}, []string{"analysis plans: mine: 0 created, 0 updated, 1 unchanged"},
			map[string]string{"plan_counts.unchanged": "1"}, nil},
		{"PlanChanged", []string{"--replace-plans", f("plan2.json")}, []string{"analysis plans: mine: 0 created, 1 updated, 0 unchanged"},
			map[string]string{"plan_counts.updated": "1"}, nil},
		{"REFIQDA", []string{qc}, []string{"created: 1 users, 262 codes, 2 sources, 2 participants, 0 attributes, 205 codings, 0 memos, 0 sets"},
			map[string]string{"refi_qda.0.created.codes": "262", "refi_qda.0.created.codings": "205", "refi_qda.0.created.sources": "2"},
			[]string{"attributes", "participants", "interviews", "codes", "events", "plan_counts"}},
	} {
		t.Run(s.name, func(t *testing.T) {
			// The same import twice, as text and as JSON, would count the
			// second against the first: JSON goes to a copy of the store.
			cp := filepath.Join(t.TempDir(), "copy.ownwords")
			copyStore(t, store, cp)
			out := mustCLI(t, vars, append([]string{"import", "--store", store}, s.args...)...)
			for _, line := range s.text {
				if !strings.Contains(out, line+"\n") {
					t.Errorf("text output lacks %q:\n%s", line, out)
				}
			}
			js := mustCLI(t, vars, append([]string{"import", "--store", cp, "--format", "json"}, s.args...)...)
			var doc map[string]any
			if err := json.Unmarshal([]byte(js), &doc); err != nil {
				t.Fatalf("json: %v\n%s", err, js)
			}
			for path, want := range s.json {
				if got := jsonAt(doc, path); got != want {
					t.Errorf("JSON %s = %q, want %q\n%s", path, got, want, js)
				}
			}
			for _, k := range s.absent {
				if _, ok := doc[k]; ok {
					t.Errorf("JSON has %q for a kind not imported:\n%s", k, js)
				}
			}
		})
	}
}

// jsonAt returns the value at a dotted path (object keys, array indexes)
// of a decoded JSON document, formatted; "" when absent.
func jsonAt(v any, path string) string {
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(x) {
				return ""
			}
			v = x[i]
		default:
			return ""
		}
	}
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// copyStore copies a closed store and the files beside it that carry
// its name (its key file).
func copyStore(t *testing.T, from, to string) {
	t.Helper()
	files, err := filepath.Glob(from + "*")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to+strings.TrimPrefix(f, from), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// mustZipCLI builds a ZIP archive of the named entries, in name order.
func mustZipCLI(t *testing.T, entries map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(entries)) {
		w, err := zw.Create(name)
		if err == nil {
			_, err = w.Write([]byte(entries[name]))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestImportTranslation imports a transcript with a translation file
// named by its sidecar: a misaligned translation is refused, naming the
// file and the turn, and nothing is written; an aligned one is stored and
// counted in the text and JSON summaries; with --unaligned the misaligned
// one is stored too, waiting to be aligned by hand.
func TestImportTranslation(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "texts.ownwords")
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	mustCLI(t, vars, "init", "--store", store, "--name", "Translations")
	iv := writeFile(t, dir, "iv-1.txt", "Interviewer: Why?\nP-1: Friends.\n")
	writeFile(t, dir, "iv-1.json", `{"participant": "P-1", "language": "en"}`)
	bad := writeFile(t, dir, "iv-1.ar-bad.txt", "المحاور: لماذا؟\nP-1: الأصدقاء.\nالمحاور: شكرا.\n")
	writeFile(t, dir, "iv-1.ar-bad.txt.json", `{"translation_of": "iv-1", "language": "ar", "method": "interpreter"}`)
	good := writeFile(t, dir, "iv-1.ar.txt", "المحاور: لماذا؟\nP-1: الأصدقاء.\n")
	writeFile(t, dir, "iv-1.ar.txt.json", `{"translation_of": "iv-1", "language": "ar", "method": "interpreter", "translator": "R. H."}`)

	code, out, errOut := cli(t, vars, "import", "--store", store, "--participant", "P-1", iv, bad)
	if code == 0 || !strings.Contains(errOut, "iv-1.ar-bad.txt") || !strings.Contains(errOut, "turn 3") || !strings.Contains(errOut, "the transcript has 2 turns, the translation 3") ||
		!strings.Contains(errOut, "--unaligned") {
		t.Fatalf("misaligned import: exit %d\n%s%s", code, out, errOut)
	}
	// The interview is created now: the refused import left nothing.
	out = mustCLI(t, vars, "import", "--store", store, "--participant", "P-1", iv, good)
	if !strings.Contains(out, "interviews: 1 created") || !strings.Contains(out, "texts (translations, originals): 1 created, 0 unchanged") {
		t.Fatalf("import output:\n%s", out)
	}
	out = mustCLI(t, vars, "import", "--store", store, "--format", "json", "--participant", "P-1", iv, good)
	var sum struct {
		Texts struct{ Created, Unchanged int } `json:"texts"`
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.Texts.Unchanged != 1 {
		t.Fatalf("JSON summary %s: %+v, %v", out, sum, err)
	}
	// With --unaligned the misaligned text is stored, to be aligned by
	// hand, and the summary says so.
	out = mustCLI(t, vars, "import", "--store", store, "--unaligned", "--participant", "P-1", iv, bad)
	if !strings.Contains(out, "texts (translations, originals): 1 created") || !strings.Contains(out, "iv-1.ar-bad.txt: the ar translation of \"iv-1\" does not align with its transcript turn by turn: stored unaligned") {
		t.Fatalf("import --unaligned output:\n%s", out)
	}
}
