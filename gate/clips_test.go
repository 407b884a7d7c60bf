package gate

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestClipsByRole: only owners get a reel's manifest or a clip's
// recording; every other role is refused before anything is read or
// audited.
func TestClipsByRole(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		data := bytes.Repeat([]byte("RIFF....WAVE"), 100)
		rec := &ownwords.Recording{StudyID: f.iv.StudyID, InterviewID: f.iv.ID, Name: "one.wav", MediaType: "audio/wav", Size: int64(len(data))}
		mustOK(t, st.PutRecording(t.Context(), rec, bytes.NewReader(data)))
		_, err := f.g.SetConsent(t.Context(), f.as(asOwner), ConsentRequest{Participant: "P-1", Answers: map[string]string{"voice": "yes"}})
		mustOK(t, err)
		want := ownerOnly(ok)
		for i, who := range matrixCallers {
			before := countAudit(t, st, "clips.manifest")
			reel, err := f.g.Clips(t.Context(), f.as(who), ClipsRequest{Item: "influences/family"})
			wantCode(t, who+" clips", err, want[i])
			if err == nil && len(reel.Clips) != 1 {
				t.Errorf("%s: %d clips, want the one consensus passage", who, len(reel.Clips))
			}
			if n := countAudit(t, st, "clips.manifest"); (err == nil) != (n == before+1) {
				t.Errorf("%s: %d manifest entries after %d (err %v)", who, n, before, err)
			}
			r, err := f.g.OpenClip(t.Context(), f.as(who), rec.ID)
			wantCode(t, who+" opens a clip", err, want[i])
			if err == nil {
				got, _ := io.ReadAll(r)
				r.Close()
				if !bytes.Equal(got, data) {
					t.Errorf("%s: other bytes", who)
				}
			}
		}
	})
}

// TestClipsManifest follows one passage through the reasons it is left
// out until it is included, and back out at a withdrawal, on both stores;
// and refuses bad requests.
func TestClipsManifest(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustCodingFixture(t, st)
		owner := f.as(asOwner)
		clip := func() (string, string) {
			t.Helper()
			reel, err := f.g.Clips(ctx, owner, ClipsRequest{Item: "influences/family"})
			mustOK(t, err)
			if len(reel.Clips) != 1 || reel.Clips[0].SegmentID != f.cons.ID || reel.Clips[0].Participant != "P-1" {
				t.Fatalf("%+v", reel.Clips)
			}
			if (reel.Included == 1) != reel.Clips[0].Included() {
				t.Errorf("Included %d", reel.Included)
			}
			return reel.Clips[0].Mode, reel.Clips[0].Excluded
		}
		step := func(name, mode, excluded string) {
			t.Helper()
			if m, e := clip(); m != mode || e != excluded {
				t.Errorf("%s: mode %q excluded %q, want %q %q", name, m, e, mode, excluded)
			}
		}
		step("default consent", "", "no consent recorded for voice in public material")
		_, err := f.g.SetConsent(ctx, owner, ConsentRequest{Participant: "P-1", Answers: map[string]string{"voice": "yes"}})
		mustOK(t, err)
		step("voice, no recording", "", "no recording of the interview")
		rec := &ownwords.Recording{StudyID: f.iv.StudyID, InterviewID: f.iv.ID, Name: "one.webm", MediaType: "video/webm", Size: 4}
		mustOK(t, st.PutRecording(ctx, rec, bytes.NewReader([]byte("1234"))))
		step("recording, no anchors", "", "no time anchors in the transcript")
		iv, err := st.Interview(ctx, f.iv.ID)
		mustOK(t, err)
		iv.Anchors = []ownwords.TimeAnchor{{Offset: 0, Ms: 0}, {Offset: f.cons.End, Ms: 5000}}
		mustOK(t, st.UpdateInterview(ctx, iv))
		step("anchors, no face", "audio", "")
		_, err = f.g.SetConsent(ctx, owner, ConsentRequest{Participant: "P-1", Answers: map[string]string{"face": "yes"}})
		mustOK(t, err)
		step("face", "video", "")
		// A second recording: the anchors do not say which one they
		// time, so no clip is cut from either.
		second := &ownwords.Recording{StudyID: f.iv.StudyID, InterviewID: f.iv.ID, Name: "a-raw.webm", MediaType: "video/webm", Size: 4}
		mustOK(t, st.PutRecording(ctx, second, bytes.NewReader([]byte("5678"))))
		step("two recordings", "", "the interview has 2 recordings, and its time anchors do not say which one they time: keep only the one the transcript is timed against")
		mustOK(t, st.DeleteRecording(ctx, second.ID))
		step("one recording again", "video", "")
		// With an Arabic translation the clip has subtitles in both
		// languages, the other text read as the transcript is (audited
		// as its view).
		reel, err := f.g.Clips(ctx, owner, ClipsRequest{Item: "influences/family"})
		mustOK(t, err)
		if got := strings.Join(reel.Languages, " ") + "/" + strings.Join(reel.Clips[0].Languages, " "); got != "en/en" {
			t.Errorf("without a translation: languages %q", got)
		}
		mustOK(t, st.PutInterviewText(ctx, &ownwords.InterviewText{StudyID: f.iv.StudyID, InterviewID: f.iv.ID, Language: "ar",
			Role: ownwords.TextTranslation, Method: ownwords.MethodTranslation, Text: "ألف باء جيم دال. هاء واو زاي حاء. طاء ياء كاف لام ميم."}))
		// No subtitle from a text the redaction list cannot scan: none of
		// its terms is in Arabic script yet.
		reel, err = f.g.Clips(ctx, owner, ClipsRequest{Item: "influences/family"})
		mustOK(t, err)
		if got := strings.Join(reel.Languages, " ") + "/" + strings.Join(reel.Clips[0].Languages, " "); got != "en/en" || !strings.Contains(reel.Clips[0].Note, "the ar translation is in a script the redaction list has no term in") {
			t.Errorf("with a translation the redaction list cannot scan: languages %q, note %q", got, reel.Clips[0].Note)
		}
		_, err = f.g.Settings(ctx, owner, SettingsChange{Redact: []string{"Raqqa", "الرقة"}})
		mustOK(t, err)
		views := countAudit(t, st, "transcript.view")
		reel, err = f.g.Clips(ctx, owner, ClipsRequest{Item: "influences/family"})
		mustOK(t, err)
		if got := strings.Join(reel.Languages, " ") + "/" + strings.Join(reel.Clips[0].Languages, " "); got != "en ar/en ar" {
			t.Errorf("with a translation: languages %q", got)
		}
		if subs := reel.Clips[0].Subtitles; len(subs) != 2 || len(subs[1].Cues) != 1 || subs[1].Cues[0].Text != "ألف باء جيم دال." || subs[0].Cues[0].Text != "Alpha beta gamma delta." {
			t.Errorf("subtitles %+v", subs)
		}
		if n := countAudit(t, st, "transcript.view"); n != views+1 {
			t.Errorf("%d transcript views audited, want 1 (the texts)", n-views)
		}
		reel, err = f.g.Clips(ctx, owner, ClipsRequest{Item: "influences/family", Languages: []string{"ar"}})
		mustOK(t, err)
		if got := strings.Join(reel.Languages, " ") + "/" + strings.Join(reel.Clips[0].Languages, " "); got != "ar/ar" {
			t.Errorf("asked for ar: languages %q", got)
		}
		for _, langs := range [][]string{{"fr"}, {"en", "x!"}} {
			_, err = f.g.Clips(ctx, owner, ClipsRequest{Item: "influences/family", Languages: langs})
			wantCode(t, strings.Join(langs, ","), err, ownwords.EINVALID)
		}
		// A French text in two paragraphs waits to be aligned: no
		// subtitles from it, and the clip says why; aligned by hand, it
		// subtitles the clip through its unit map.
		fr := &ownwords.InterviewText{StudyID: f.iv.StudyID, InterviewID: f.iv.ID, Language: "fr", Role: ownwords.TextTranslation,
			Method: ownwords.MethodTranslation, Text: "Alfa beta gama delta. Epsilon zeta eta theta.\nIota kapa EJEMPLO lambda mu.", AllowUnaligned: true}
		mustOK(t, st.PutInterviewText(ctx, fr))
		reel, err = f.g.Clips(ctx, owner, ClipsRequest{Item: "influences/family"})
		mustOK(t, err)
		if got := strings.Join(reel.Clips[0].Languages, " "); got != "en ar" || !strings.Contains(reel.Clips[0].Note, "the fr text does not align") {
			t.Errorf("with an unaligned French text: languages %q, note %q", got, reel.Clips[0].Note)
		}
		full, err := st.Interview(ctx, f.iv.ID)
		mustOK(t, err)
		mustOK(t, st.AlignInterviewText(ctx, fr.ID, fr.Version, ownwords.AlignmentBasis(full.Transcript, fr.Text), "1:1-2"))
		reel, err = f.g.Clips(ctx, owner, ClipsRequest{Item: "influences/family", Languages: []string{"fr"}})
		mustOK(t, err)
		if subs := reel.Clips[0].Subtitles; len(subs) != 1 || len(subs[0].Cues) != 1 || subs[0].Cues[0].Text != "Alfa beta gama delta." {
			t.Errorf("French subtitles once aligned by hand: %+v", subs)
		}
		r, err := f.g.OpenClip(ctx, owner, rec.ID)
		mustOK(t, err)
		r.Close()
		_, err = f.g.SetConsent(ctx, owner, ConsentRequest{Participant: "P-1", Withdraw: true})
		mustOK(t, err)
		if m, e := clip(); m != "" || len(e) < 8 || e[:8] != "withdrew" {
			t.Errorf("after the withdrawal: %q %q", m, e)
		}
		// A reel whose manifest was made before the withdrawal opens
		// the recording no more.
		_, err = f.g.OpenClip(ctx, owner, rec.ID)
		if wantCode(t, "a clip after the withdrawal", err, ownwords.EFORBIDDEN); err == nil || !strings.Contains(err.Error(), "withdrew") {
			t.Errorf("a clip after the withdrawal: %v", err)
		}

		for _, c := range []struct {
			req  ClipsRequest
			code string
		}{
			{ClipsRequest{Item: "family"}, ownwords.EINVALID},
			{ClipsRequest{Item: "influences/"}, ownwords.EINVALID},
			{ClipsRequest{Item: "influences/nothing"}, ownwords.ENOTFOUND},
			{ClipsRequest{Item: "influences/any"}, ownwords.EINVALID}, // derived
			{ClipsRequest{Item: "influences/family", Where: map[string]string{"nosuch": "x"}}, ownwords.EINVALID},
		} {
			_, err := f.g.Clips(ctx, owner, c.req)
			wantCode(t, c.req.Item, err, c.code)
		}
	})
}

// TestClipsAttributionYear: a clip's title names the year of its interview
// only when at least k (2) participants of the analysis sample fit the
// description and were interviewed that year, on both stores.
func TestClipsAttributionYear(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := newListingFixture(t, st)
		// P-01, P-02 (foreign returnee women) in 2017; P-03 (local
		// prisoner man) in 2016, P-04 in 2017; P-05 (local defector
		// woman) in 2016, P-06's date unknown.
		for i, year := range []int{2017, 2017, 2016, 2017, 2016, 0} {
			iv, err := st.Interview(ctx, f.ivs[i].ID)
			fatalIf(t, err)
			iv.Date = ownwords.Date{Year: year}
			fatalIf(t, st.UpdateInterview(ctx, iv))
		}
		owner := f.caller("owner")
		reel, err := f.g.Clips(ctx, owner, ClipsRequest{Item: "influences/family"})
		fatalIf(t, err)
		want := map[string]string{
			"P-01": "a foreign woman, returnee, 2017", "P-02": "a foreign woman, returnee, 2017",
			"P-03": "a local man, prisoner", "P-04": "a local man, prisoner",
			"P-05": "a local woman, defector", "P-06": "a local woman, defector",
		}
		if len(reel.Clips) != len(want) {
			t.Fatalf("%d clips, want %d", len(reel.Clips), len(want))
		}
		for _, c := range reel.Clips {
			if c.Attribution != want[c.Participant] {
				t.Errorf("%s: attribution %q, want %q", c.Participant, c.Attribution, want[c.Participant])
			}
		}
	})
}
