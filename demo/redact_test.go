package demo_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/demo"
	"ownwords/disclosure"
	"ownwords/gate"
	"ownwords/sqldb/sqldbtest"
	"ownwords/vault"
)

// TestRedactionList: the demo study has its (invented) redaction list,
// which covers the script of every transcript and other text, so that a
// public output may show an original and a reel subtitles in two
// languages; its names are planted in two recorded interviews only (one
// of them in its other text too), each in the turn the recording spans.
func TestRedactionList(t *testing.T) {
	s := demo.Generate(demo.DefaultSeed)
	if !slices.Equal(s.Info.Settings.Redactions, demo.Redactions) {
		t.Fatalf("redaction list %q, want %q", s.Info.Settings.Redactions, demo.Redactions)
	}
	named := map[string]bool{} // interview or "text of " interview
	for _, iv := range s.Interviews {
		if !disclosure.Covers(demo.Redactions, iv.Transcript) {
			t.Errorf("%s: the list does not cover the transcript's script", iv.Title)
		}
		if len(disclosure.Scan(iv.Transcript, demo.Redactions)) > 0 {
			named[iv.ID] = true
		}
	}
	for _, x := range s.Texts {
		if !disclosure.Covers(demo.Redactions, x.Text) {
			t.Errorf("the %s text of %s: the list does not cover its script", x.Language, x.InterviewID)
		}
		if len(disclosure.Scan(x.Text, demo.Redactions)) > 0 {
			named["text of "+x.InterviewID] = true
		}
	}
	code, takes := s.RecordingPlan()
	if code != "vulnerabilities/poverty" || len(takes) != demo.MaxTakes {
		t.Fatalf("recording plan: %s, %d takes", code, len(takes))
	}
	var inTakes []string
	for _, tk := range takes {
		if named[tk.InterviewID] {
			inTakes = append(inTakes, tk.InterviewID)
		}
	}
	// Not in an interview both coders coded: unitizing reliability
	// measures the transcript's length.
	for _, sg := range s.Segments {
		if named[sg.InterviewID] && sg.CoderID == "coder-b" {
			t.Errorf("a name planted in %s, which both coders coded", sg.InterviewID)
			break
		}
	}
	want := []string{"P-0018/1", "P-0035/1"}
	if !slices.Equal(inTakes, want) || len(named) != 3 || !named["text of P-0035/1"] {
		t.Errorf("names planted in %v (recorded: %v), want the recorded %v and the text of the second", named, inTakes, want)
	}
}

// TestDemoClipsManifest loads the demo, gives its planned takes a
// recording and time anchors as `ownwords demo` does (without ffmpeg),
// and reads the clips manifest of the recorded code: the two passages
// whose recording spans a planted name are left out for it, the Arabic
// and French interviews' clips carry subtitles in the transcript's
// language and its English translation, the others in English.
func TestDemoClipsManifest(t *testing.T) {
	s := demo.Generate(demo.DefaultSeed)
	code, takes := s.RecordingPlan()
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		id, err := demo.Load(ctx, st, s, vault.HashPassword, nil)
		if err != nil {
			t.Fatal(err)
		}
		ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: id})
		if err != nil {
			t.Fatal(err)
		}
		byTitle := map[string]string{}
		for _, iv := range ivs {
			byTitle[iv.Title] = iv.ID
		}
		for _, tk := range takes {
			iv, err := st.Interview(ctx, byTitle[tk.Title])
			if err != nil {
				t.Fatal(err)
			}
			data := bytes.Repeat([]byte("RIFF....WAVE"), 10)
			if err := st.PutRecording(ctx, &ownwords.Recording{StudyID: id, InterviewID: iv.ID, Name: "take.wav", MediaType: "audio/wav", Size: int64(len(data))}, bytes.NewReader(data)); err != nil {
				t.Fatal(err)
			}
			starts := []int64{0, 2000}[2-len(tk.Turns):]
			iv.Anchors = tk.Anchors(starts, 6000)
			if err := st.UpdateInterview(ctx, iv); err != nil {
				t.Fatal(err)
			}
		}
		owner, err := st.UserByName(ctx, demo.OwnerName)
		if err != nil {
			t.Fatal(err)
		}
		g := gate.New(st, id)
		c, err := g.Account(ctx, owner)
		if err != nil {
			t.Fatal(err)
		}
		reel, err := g.Clips(ctx, c, gate.ClipsRequest{Item: code})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{} // participant → subtitle languages or why left out
		for _, cl := range reel.Clips {
			if cl.Included() {
				got[cl.Participant] = strings.Join(cl.Languages, " ")
			} else if strings.Contains(cl.Excluded, "redaction list") {
				got[cl.Participant] = cl.Excluded
			}
		}
		named := "names a term of the redaction list (in the transcript of its time span)"
		want := map[string]string{"P-0018": named, "P-0035": named, "P-0033": "ar en", "P-0042": "ar en", "P-0050": "en", "P-0061": "en", "P-0104": "en"}
		for p, w := range want {
			if got[p] != w {
				t.Errorf("%s: %q, want %q", p, got[p], w)
			}
		}
		if len(got) != len(want) || reel.Included != 5 || strings.Join(reel.Languages, " ") != "ar en" {
			t.Errorf("manifest: %v, %d included, subtitle languages %q", got, reel.Included, reel.Languages)
		}
	})
}
