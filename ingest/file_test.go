package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ownwords"
	"ownwords/ingest"
)

// mustWrite writes files (name → content) into dir and returns dir.
func mustWrite(tb testing.TB, dir string, files map[string]string) string {
	tb.Helper()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func TestReadMeta(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		m, err := ingest.ReadMeta("i.json", strings.NewReader(`{"participant": "P-0042", "date": "2016-03", "place": "Erbil", "language": "ar", "interpreter": "I-1", "title": "Interview 3"}`))
		if err != nil {
			t.Fatal(err)
		}
		want := ingest.TranscriptMeta{Participant: "P-0042", Date: "2016-03", Place: "Erbil", Language: "ar", Interpreter: "I-1", Title: "Interview 3"}
		if *m != want {
			t.Errorf("got %+v", *m)
		}
	})
	tests := []struct {
		name  string
		text  string
		parts []string
	}{
		{"ErrUnknownKey", `{"participant": "P-1", "partcipant": "P-2"}`, []string{`i.json: unknown key "partcipant"; known keys: columns, date, interpreter, language, participant, place, title`}},
		{"ErrBadDate", `{"date": "March 2016"}`, []string{`i.json key "date": date "March 2016"`}},
		{"ErrBadLanguage", `{"language": "english!"}`, []string{`i.json key "language": "english!" is not a BCP 47 language tag`}},
		{"ErrBadParticipant", `{"participant": "P 42"}`, []string{`i.json key "participant":`}},
		{"ErrNotString", `{"place": 3}`, []string{`i.json: key "place": want a string, not a JSON number`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ingest.ReadMeta("i.json", strings.NewReader(tt.text))
			wantError(t, err, ownwords.EINVALID, tt.parts...)
		})
	}
}

func TestTranscriptMetaWith(t *testing.T) {
	side := ingest.TranscriptMeta{Participant: "P-1", Date: "2016", Place: "Erbil"}
	got := side.With(ingest.TranscriptMeta{Date: "2016-05", Title: "T"})
	want := ingest.TranscriptMeta{Participant: "P-1", Date: "2016-05", Place: "Erbil", Title: "T"}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestDetect(t *testing.T) {
	dir := mustWrite(t, t.TempDir(), map[string]string{
		"people.csv":    "id,gender\nP1,man\n",
		"events.csv":    "\ufeffParticipant;Kind;Date;Note\nP1;joined;2014\n",
		"events3.csv":   "participant,kind,date\n",
		"almost.csv":    "participant,kind,date,place\n",
		"codebook.json": `{"sections": []}`,
		"plan.json":     `{"name": "p", "groups": [], "sections": [], "attributes": []}`,
		"plans.json":    `{"ownwords_plans": 1, "plans": []}`,
		"meta.json":     `{"participant": "P1"}`,
		"schema.json":   `{"attributes": []}`,
		"other.json":    `{"x": 1}`,
		"broken.json":   `{"x": `,
	})
	tests := []struct {
		file string
		want ingest.Kind
		err  string
	}{
		{"a.txt", ingest.KindTranscript, ""},
		{"a.MD", ingest.KindTranscript, ""},
		{"a.docx", ingest.KindTranscript, ""},
		{"a.odt", ingest.KindTranscript, ""},
		{"a.xlsx", ingest.KindAttributes, ""},
		{"a.qdpx", ingest.KindREFIQDA, ""},
		{"a.qdc", ingest.KindREFIQDA, ""},
		{"people.csv", ingest.KindAttributes, ""},
		{"events.csv", ingest.KindEvents, ""},
		{"events3.csv", ingest.KindEvents, ""},
		{"almost.csv", ingest.KindAttributes, ""},
		{"codebook.json", ingest.KindCodebook, ""},
		{"plan.json", ingest.KindPlan, ""},
		{"plans.json", ingest.KindPlan, ""},
		{"meta.json", "", "this is interview metadata"},
		{"schema.json", "", "--schema"},
		{"other.json", "", `not a codebook (no "sections")`},
		{"broken.json", "", "invalid JSON"},
		{"a.doc", "", ".doc files cannot be imported; save it as .docx"},
		{"a.exe", "", `unknown file type ".exe"`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ingest.Detect(filepath.Join(dir, tt.file))
			if tt.err != "" {
				wantError(t, err, ownwords.EINVALID, tt.err)
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	t.Run("ErrMissingFile", func(t *testing.T) {
		_, err := ingest.Detect(filepath.Join(dir, "nope.csv"))
		wantError(t, err, ownwords.ENOTFOUND, "no such file")
	})
}

func TestBatchAddFile(t *testing.T) {
	dir := mustWrite(t, t.TempDir(), map[string]string{
		"people.csv":              "id,gender\nP-0042,man\n",
		"interview-3.txt":         "I: Hello\r\nP: Hi",
		"interview-3.txt.json":    `{"participant": "P-0042", "date": "2016-03", "language": "en"}`,
		"interview-4.txt":         "I: Again",
		"interview-4.json":        `{"participant": "P-0042", "title": "Fourth"}`,
		"orphan.txt":              "No metadata",
		"twice.txt":               "x",
		"twice.txt.json":          `{}`,
		"twice.json":              `{}`,
		"codebook.json":           `{"attributes": [{"slug": "gender", "type": "category"}], "sections": [{"slug": "a", "items": [{"slug": "b"}]}]}`,
		"events.csv":              "participant,kind,date\n",
		"bad-meta.txt":            "x",
		"bad-meta.txt.json":       `{"speaker": "x"}`,
		"flags-override.txt":      "y",
		"flags-override.txt.json": `{"participant": "P-1", "place": "Mosul"}`,
	})
	path := func(n string) string { return filepath.Join(dir, n) }
	var b ingest.Batch
	for _, f := range []string{"codebook.json", "people.csv", "interview-3.txt", "interview-4.txt"} {
		if err := b.AddFile(path(f), ingest.Options{}); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	if len(b.Attributes) != 2 || len(b.Participants) != 1 || len(b.Codes) != 2 || len(b.Interviews) != 2 {
		t.Fatalf("batch: %d attributes, %d participants, %d codes, %d interviews", len(b.Attributes), len(b.Participants), len(b.Codes), len(b.Interviews))
	}
	iv := b.Interviews[0]
	if iv.ParticipantCode != "P-0042" || iv.Interview.Title != "interview-3" || iv.Interview.Date != (ownwords.Date{Year: 2016, Month: 3}) ||
		iv.Interview.Language != "en" || iv.Interview.Transcript != "I: Hello\nP: Hi" || iv.Source != path("interview-3.txt") {
		t.Errorf("interview-3: %+v", iv)
	}
	if b.Interviews[1].Interview.Title != "Fourth" {
		t.Errorf("interview-4 title %q", b.Interviews[1].Interview.Title)
	}

	t.Run("FlagsOverrideSidecar", func(t *testing.T) {
		var b ingest.Batch
		if err := b.AddFile(path("flags-override.txt"), ingest.Options{Meta: ingest.TranscriptMeta{Participant: "P-2"}}); err != nil {
			t.Fatal(err)
		}
		if iv := b.Interviews[0]; iv.ParticipantCode != "P-2" || iv.Interview.Place != "Mosul" {
			t.Errorf("got %+v", iv)
		}
	})
	errs := []struct {
		name, file, code string
		parts            []string
	}{
		{"ErrNoParticipant", "orphan.txt", ownwords.EINVALID, []string{"orphan.txt: no participant", "--participant"}},
		{"ErrTwoSidecars", "twice.txt", ownwords.EINVALID, []string{"two metadata files"}},
		{"ErrBadSidecar", "bad-meta.txt", ownwords.EINVALID, []string{`bad-meta.txt.json: unknown key "speaker"`}},
		{"ErrEventsElsewhere", "events.csv", ownwords.ENOTIMPLEMENTED, []string{"events files"}},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			var b ingest.Batch
			wantError(t, b.AddFile(path(tt.file), ingest.Options{}), tt.code, tt.parts...)
		})
	}
}
