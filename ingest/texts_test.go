package ingest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ownwords"
	"ownwords/ingest"
	"ownwords/sqldb/sqldbtest"
)

const (
	textsTranscript = "Interviewer: Where did you grow up?\nP-1: In Aleppo, near the old market.\nInterviewer: And then?\nP-1: Then we left.\n"
	textsArabic     = "المحاور: أين نشأت؟\nP-1: في حلب، قرب السوق القديم.\nالمحاور: ثم ماذا؟\nP-1: ثم غادرنا.\n"
)

func TestParseTextMeta(t *testing.T) {
	tests := []struct {
		name  string
		json  string
		want  ingest.TextMeta
		parts []string // error parts; nil when valid
	}{
		{name: "translation_of", json: `{"translation_of": "iv", "language": "ar", "method": "interpreter", "translator": "R. H.", "date": "2016-03"}`,
			want: ingest.TextMeta{TranslationOf: "iv", Interview: "iv", Role: "translation", Language: "ar", Method: "interpreter", Translator: "R. H.", Date: "2016-03"}},
		{name: "original", json: `{"interview": "iv", "role": "original", "language": "ar"}`,
			want: ingest.TextMeta{Interview: "iv", Role: "original", Language: "ar"}},
		{name: "no interview", json: `{"role": "original", "language": "ar"}`, parts: []string{"t.json: name the interview by its title"}},
		{name: "no language", json: `{"translation_of": "iv"}`, parts: []string{`t.json key "language": the text's language is required`}},
		{name: "two interviews", json: `{"translation_of": "a", "interview": "b", "language": "ar"}`, parts: []string{"name different interviews"}},
		{name: "translation_of an original", json: `{"translation_of": "a", "role": "original", "language": "ar"}`, parts: []string{`t.json key "role"`}},
		{name: "transcript key", json: `{"translation_of": "a", "language": "ar", "participant": "P-1"}`, parts: []string{`unknown key "participant"`}},
		{name: "bad date", json: `{"translation_of": "a", "language": "ar", "date": "spring"}`, parts: []string{`t.json key "date"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ingest.ParseTextMeta("t.json", []byte(tc.json))
			if tc.parts != nil {
				wantError(t, err, ownwords.EINVALID, tc.parts...)
				return
			}
			if err != nil || *m != tc.want {
				t.Fatalf("ParseTextMeta = %+v, %v; want %+v", m, err, tc.want)
			}
		})
	}
}

// TestImportTexts reads a transcript and its Arabic original and English
// translation (files with sidecars) into one batch and applies it on
// both stores; a misaligned translation stops the import with nothing
// written and an error naming the file and the turn.
func TestImportTexts(t *testing.T) {
	dir := mustWrite(t, t.TempDir(), map[string]string{
		"iv.txt":             textsTranscript,
		"iv.json":            `{"participant": "P-1", "language": "en"}`,
		"iv.ar.txt":          textsArabic,
		"iv.ar.txt.json":     `{"interview": "iv", "role": "original", "language": "ar"}`,
		"iv.fr.txt":          "Intervieweur : Où avez-vous grandi ?\nP-1 : À Alep.\nIntervieweur : Et ensuite ?\nP-1 : Nous sommes partis.\n",
		"iv.fr.json":         `{"translation_of": "iv", "language": "fr", "translator": "C. Martin", "method": "translation", "date": "2017"}`,
		"bad.fr.txt":         "Intervieweur : Où avez-vous grandi ?\nP-1 : À Alep.\nP-1 : Et ensuite ?\nP-1 : Nous sommes partis.\n",
		"bad.fr.txt.json":    `{"translation_of": "iv", "language": "fr", "translator": "X", "method": "machine_reviewed"}`,
		"orphan.en.txt":      "Q: a",
		"orphan.en.txt.json": `{"translation_of": "no such interview", "language": "en", "method": "translation"}`,
	})
	batchWith := func(t *testing.T, unaligned bool, names ...string) *ingest.Batch {
		t.Helper()
		var b ingest.Batch
		for _, n := range names {
			if err := b.AddFile(filepath.Join(dir, n), ingest.Options{Text: ingest.TextOptions{}, Meta: ingest.TranscriptMeta{Participant: "P-1"}, Unaligned: unaligned}); err != nil {
				t.Fatal(err)
			}
		}
		return &b
	}
	batch := func(t *testing.T, names ...string) *ingest.Batch { return batchWith(t, false, names...) }
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		study := sqldbtest.MustStudy(t, st, "texts")
		apply := func(b *ingest.Batch) (*ingest.Summary, error) {
			var sum *ingest.Summary
			err := st.Update(ctx, func(tx ownwords.Services) error {
				var err error
				sum, err = ingest.Apply(ctx, tx, study.ID, b)
				return err
			})
			return sum, err
		}
		t.Run("MisalignedWritesNothing", func(t *testing.T) {
			_, err := apply(batch(t, "iv.txt", "iv.ar.txt", "bad.fr.txt"))
			wantError(t, err, ownwords.EINVALID, filepath.Join(dir, "bad.fr.txt"), "turn 3", `speaker "Interviewer" was "Intervieweur" in the translation at turn 1`, `the translation: P-1`, "Et ensuite", "--unaligned")
			if ivs, _ := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: study.ID}); len(ivs) != 0 {
				t.Fatalf("a refused import left %d interviews", len(ivs))
			}
		})
		t.Run("UnknownInterview", func(t *testing.T) {
			_, err := apply(batch(t, "iv.txt", "orphan.en.txt"))
			wantError(t, err, ownwords.ENOTFOUND, "orphan.en.txt", `no interview titled "no such interview"`)
		})
		t.Run("Imported", func(t *testing.T) {
			sum, err := apply(batch(t, "iv.ar.txt", "iv.txt", "iv.fr.txt"))
			if err != nil {
				t.Fatal(err)
			}
			if sum.Texts.Created != 2 || sum.Interviews.Created != 1 || !strings.Contains(sum.String(), "texts (translations, originals): 2 created") {
				t.Fatalf("summary %+v", sum)
			}
			ivs, _ := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: study.ID})
			texts, err := st.InterviewTexts(ctx, ivs[0].ID)
			if err != nil || len(texts) != 2 {
				t.Fatalf("texts %+v, %v", texts, err)
			}
			if ar := texts[0]; ar.Role != "original" || ar.Language != "ar" || ar.Text != textsArabic {
				t.Errorf("original %+v", ar)
			}
			if fr := texts[1]; fr.Translator != "C. Martin" || fr.Method != "translation" || fr.Date.String() != "2017" {
				t.Errorf("translation %+v", fr)
			}
			// Again: unchanged.
			sum, err = apply(batch(t, "iv.txt", "iv.ar.txt", "iv.fr.txt"))
			if err != nil || sum.Texts.Unchanged != 2 || sum.Texts.Created != 0 {
				t.Fatalf("re-import: %+v, %v", sum, err)
			}
		})
		t.Run("UnalignedWithTheOption", func(t *testing.T) {
			sum, err := apply(batchWith(t, true, "iv.txt", "bad.fr.txt"))
			if err != nil {
				t.Fatal(err)
			}
			if sum.Texts.Created != 1 || len(sum.Unaligned) != 1 || !strings.Contains(sum.String(), "bad.fr.txt: the fr translation of \"iv\" does not align") {
				t.Fatalf("summary %+v: %s", sum, sum)
			}
			ivs, _ := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: study.ID})
			texts, err := st.InterviewTexts(ctx, ivs[0].ID)
			if err != nil || len(texts) != 3 {
				t.Fatalf("texts %+v, %v", texts, err)
			}
			for _, x := range texts {
				if x.Unaligned != (x.Translator == "X") {
					t.Errorf("text by %q: unaligned %v", x.Translator, x.Unaligned)
				}
			}
		})
	})
}

func FuzzParseTextMeta(f *testing.F) {
	f.Add(`{"translation_of": "iv", "language": "ar", "method": "interpreter", "date": "2016-03"}`)
	f.Add(`{"interview": "iv", "role": "original", "language": "ar"}`)
	f.Add(`{"interview": 3}`)
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ingest.ParseTextMeta("t.json", []byte(s))
		if err != nil {
			if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.HasPrefix(ownwords.ErrorMessage(err), "t.json") {
				t.Fatalf("error %v is not EINVALID naming the file", err)
			}
			return
		}
		// Role and method are checked by the store (InterviewText.Validate).
		if m.Interview == "" || m.Language == "" || m.Role == "" {
			t.Fatalf("accepted %+v", m)
		}
		if _, err := ownwords.ParseDate(m.Date); err != nil {
			t.Fatalf("accepted date %q", m.Date)
		}
	})
}

func TestSplitColumns(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		left, right string
		parts       []string
	}{
		{name: "rows", in: "Q: Why?\tالمحاور: لماذا؟\n\nA: Friends.\tج: الأصدقاء.\r\n", left: "Q: Why?\nA: Friends.\n", right: "المحاور: لماذا؟\nج: الأصدقاء.\n"},
		{name: "paragraph outside the table", in: "Interview 3\nQ: Why?\tس: لماذا؟", parts: []string{"d.docx row 1: not a row of two columns", "Interview 3"}},
		{name: "three columns", in: "a\tb\tc", parts: []string{"d.docx row 1: not a row of two columns"}},
		{name: "empty cell", in: "a\tb\n\tc", parts: []string{"d.docx row 2: a column is empty"}},
		{name: "no rows", in: " \n", parts: []string{"d.docx: no table rows"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, r, err := ingest.SplitColumns("d.docx", tc.in)
			if tc.parts != nil {
				wantError(t, err, ownwords.EINVALID, tc.parts...)
				return
			}
			if err != nil || l != tc.left || r != tc.right {
				t.Fatalf("SplitColumns = %q, %q, %v", l, r, err)
			}
		})
	}
}

func FuzzSplitColumns(f *testing.F) {
	f.Add("Q: Why?\tس: لماذا؟\nA: x\ty")
	f.Add("a\tb\tc\n\td")
	f.Fuzz(func(t *testing.T, s string) {
		l, r, err := ingest.SplitColumns("d.docx", s)
		if err != nil {
			if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.HasPrefix(ownwords.ErrorMessage(err), "d.docx") {
				t.Fatalf("error %v is not EINVALID naming the file", err)
			}
			return
		}
		// A row per line on both sides, no tab left.
		if strings.Count(l, "\n") != strings.Count(r, "\n") || strings.Contains(l+r, "\t") {
			t.Fatalf("split %q into %q | %q", s, l, r)
		}
	})
}

// TestImportTwoColumnDocx imports a .docx table, Arabic | English, as an
// interview whose transcript is the left column and whose translation is
// the right one.
func TestImportTwoColumnDocx(t *testing.T) {
	cell := func(s string) string { return "<w:tc><w:p><w:r><w:t>" + s + "</w:t></w:r></w:p></w:tc>" }
	row := func(a, b string) string { return "<w:tr>" + cell(a) + cell(b) + "</w:tr>" }
	body := "<w:tbl>" + row("المحاور: لماذا غادرت؟", "Interviewer: Why did you leave?") +
		row("P-1: بسبب الأسعار.", "P-1: Because of the prices.") + "</w:tbl>"
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "iv-7.docx"), mustDocx(t, body), 0o600); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, dir, map[string]string{"iv-7.json": `{"participant": "P-1", "language": "ar", "columns": {"language": "en", "method": "interpreter", "translator": "R. H."}}`})
	var b ingest.Batch
	if err := b.AddFile(filepath.Join(dir, "iv-7.docx"), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	if len(b.Interviews) != 1 || len(b.Texts) != 1 {
		t.Fatalf("batch: %d interviews, %d texts", len(b.Interviews), len(b.Texts))
	}
	if got := b.Interviews[0].Interview.Transcript; got != "المحاور: لماذا غادرت؟\nP-1: بسبب الأسعار.\n" {
		t.Errorf("transcript %q", got)
	}
	if tx := b.Texts[0]; tx.Interview != "iv-7" || tx.Text.Text != "Interviewer: Why did you leave?\nP-1: Because of the prices.\n" || tx.Text.Language != "en" || tx.Text.Role != "translation" {
		t.Errorf("text %+v", tx)
	}
	// A misspelt key inside "columns" is an error, as anywhere else.
	mustWrite(t, dir, map[string]string{"iv-7.json": `{"participant": "P-1", "columns": {"langage": "en"}}`})
	err := b.AddFile(filepath.Join(dir, "iv-7.docx"), ingest.Options{})
	wantError(t, err, ownwords.EINVALID, `iv-7.json key "columns": unknown key "langage"`)

	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		study := sqldbtest.MustStudy(t, st, "columns")
		b := ingest.Batch{Interviews: b.Interviews, Texts: b.Texts}
		b.Interviews[0].NewParticipant = true
		err := st.Update(ctx, func(tx ownwords.Services) error {
			_, err := ingest.Apply(ctx, tx, study.ID, &b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		ivs, _ := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: study.ID})
		texts, err := st.InterviewTexts(ctx, ivs[0].ID)
		if err != nil || len(texts) != 1 || texts[0].Translator != "R. H." {
			t.Fatalf("texts %+v, %v", texts, err)
		}
	})
}
