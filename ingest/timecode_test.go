package ingest_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/ingest"
	"ownwords/sqldb/sqldbtest"
)

func TestTranscriptTimecodes(t *testing.T) {
	dir := t.TempDir()
	docx := filepath.Join(dir, "stamped.docx")
	body := `<w:p><w:r><w:t xml:space="preserve">[00:00:05] Interviewer: Where did you grow up?</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t xml:space="preserve">(00:12) P-0042: In a small town.</w:t></w:r></w:p>`
	if err := os.WriteFile(docx, mustDocx(t, body), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path    string
		text    string
		prefix  []string // the text at each anchor
		seconds []float64
	}{
		{"testdata/timecodes/interview.vtt", "Interviewer: Where did you grow up?\nP-0042: In a small town. Near the river. Then we moved & left.\nInterviewer: Why?\n",
			[]string{"Interviewer: Where", "P-0042", "Then", "Interviewer: Why"}, []float64{1, 4.5, 7.25, 9}},
		{"testdata/timecodes/interview.srt", "Interviewer: Where did you grow up?\nP-0042: In a small town. Near the river. Then we moved.\nInterviewer: Why?\n",
			[]string{"Interviewer: Where", "P-0042", "Then", "Interviewer: Why"}, []float64{1, 4.5, 7.25, 3723.5}},
		{"testdata/timecodes/stamped.txt", "Interviewer: Where did you grow up?\nP-0042: In a small town.\nNear the river.\nInterviewer: And then?\nP-0042: 10:15 was when we left.\n10:15 was the train.\n",
			[]string{"Interviewer: Where", "P-0042: In", "Interviewer: And", "P-0042: 10:15"}, []float64{5, 12, 62, 3723.5}},
		{docx, "Interviewer: Where did you grow up?\nP-0042: In a small town.", []string{"Interviewer", "P-0042"}, []float64{5, 12}},
	} {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			kind, err := ingest.Detect(tc.path)
			if err != nil || kind != ingest.KindTranscript {
				t.Fatalf("Detect = %v, %v", kind, err)
			}
			rec, err := ingest.ReadTranscriptFile(tc.path, ingest.TextOptions{}, ingest.TranscriptMeta{Participant: "P-0042"})
			if err != nil {
				t.Fatal(err)
			}
			iv := rec.Interview
			if strings.TrimSpace(iv.Transcript) != strings.TrimSpace(tc.text) {
				t.Errorf("transcript\n%q\nwant\n%q", iv.Transcript, tc.text)
			}
			if len(iv.Anchors) != len(tc.prefix) {
				t.Fatalf("anchors %v, want %d", iv.Anchors, len(tc.prefix))
			}
			rs := []rune(iv.Transcript)
			for i, a := range iv.Anchors {
				if !strings.HasPrefix(string(rs[a.Offset:]), tc.prefix[i]) || a.Seconds() != tc.seconds[i] {
					t.Errorf("anchor %d at %q, %v s; want %q, %v s", i, string(rs[a.Offset:]), a.Seconds(), tc.prefix[i], tc.seconds[i])
				}
			}
		})
	}
}

func TestTranscriptTimecodeErrors(t *testing.T) {
	for _, tc := range []struct{ file, place string }{
		{"backwards.srt", "backwards.srt line 6"},
		{"badtime.vtt", "badtime.vtt line 6"},
		{"backwards.txt", "backwards.txt line 3"},
	} {
		_, err := ingest.ReadTranscriptFile(filepath.Join("testdata", "timecodes", tc.file), ingest.TextOptions{}, ingest.TranscriptMeta{Participant: "P-1"})
		wantError(t, err, ownwords.EINVALID, tc.place)
	}
}

func TestApplyTimecodes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		study := sqldbtest.MustStudy(t, st, "timed")
		read := func(path string) *ingest.Batch {
			rec, err := ingest.ReadTranscriptFile(path, ingest.TextOptions{}, ingest.TranscriptMeta{Participant: "P-0042", Title: "timed"})
			if err != nil {
				t.Fatal(err)
			}
			var b ingest.Batch
			b.AddInterview(rec)
			return &b
		}
		mustApply(t, st, study.ID, read("testdata/timecodes/interview.vtt"))
		list, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: study.ID})
		if err != nil || len(list) != 1 {
			t.Fatalf("interviews %v, %v", list, err)
		}
		iv, err := st.Interview(ctx, list[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(iv.Anchors) != 4 || iv.Anchors[1].Ms != 4500 {
			t.Fatalf("stored anchors %v", iv.Anchors)
		}
		// The same cues re-timed: the anchors are updated, the text stays.
		b, err := os.ReadFile("testdata/timecodes/interview.vtt")
		if err != nil {
			t.Fatal(err)
		}
		retimed := filepath.Join(t.TempDir(), "retimed.vtt")
		if err := os.WriteFile(retimed, []byte(strings.ReplaceAll(string(b), "00:00:", "00:01:")), 0o600); err != nil {
			t.Fatal(err)
		}
		sum := mustApply(t, st, study.ID, read(retimed))
		if sum.Interviews.Updated != 1 {
			t.Errorf("summary %+v, want one interview updated", sum.Interviews)
		}
		again, err := st.Interview(ctx, iv.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []int64{61000, 64500, 67250, 69000}
		var got []int64
		for _, a := range again.Anchors {
			got = append(got, a.Ms)
		}
		if !slices.Equal(got, want) || again.Transcript != iv.Transcript {
			t.Errorf("after re-timing: anchors %v, want %v", got, want)
		}
	})
}
