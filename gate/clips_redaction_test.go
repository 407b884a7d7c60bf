package gate

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// reelTurns are an interview of a reel test, turn by turn: the
// interviewer's question, the participant's answer (which holds the coded
// passage), a question, a last answer. Each turn starts at a time anchor
// (0, 3, 7 and 9 s).
func reelTurns(who, question, answer, question2, answer2 string) string {
	return fmt.Sprintf("Interviewer: %s\n%s: %s\nInterviewer: %s\n%s: %s\n", question, who, answer, question2, who, answer2)
}

// reelAnchors returns the time anchors of a transcript of reelTurns: one
// at the start of each line.
func reelAnchors(transcript string) []ownwords.TimeAnchor {
	var out []ownwords.TimeAnchor
	offset := 0
	for i, line := range strings.SplitAfter(strings.TrimSuffix(transcript, "\n"), "\n") {
		out = append(out, ownwords.TimeAnchor{Offset: offset, Ms: []int64{0, 3000, 7000, 9000}[i]})
		offset += len([]rune(line))
	}
	return out
}

// wantExcluded is the reason a clip is left out with, ending in exclude
// (the reason whole when it is unscannableReason).
func wantExcluded(exclude string) string {
	if exclude == unscannableReason {
		return exclude
	}
	return redactedReason + " " + exclude
}

// TestClipsRedaction: a reel leaves out every passage that names a term
// of the study's redaction list in the words its clip plays (the passage
// or the rest of its time span), in the span of another text of the
// interview those words project to (a translation, an original spelled
// otherwise), or in its title card, whatever the subtitle languages asked
// for; the reason says where, never the term nor the words. A clean
// passage stays, with subtitles only from the scanned spans, and a text in
// a script the list has no term in gives no subtitle; a transcript span in
// such a script (or with a letter of one) leaves the clip out. On both
// stores.
func TestClipsRedaction(t *testing.T) {
	const passage = "We had no food at home."
	type text struct{ lang, role, text string }
	tests := []struct {
		name    string
		answer  string // the answer holding the passage
		texts   []text
		exclude string // the reason's end ("" for an included clip)
		langs   string // an included clip's subtitle languages
		note    string // part of an included clip's note
	}{
		{name: "Clean", answer: passage, texts: []text{
			{"ar", ownwords.TextTranslation, reelTurns("P-1", "لماذا ذهبت؟", "لم يكن لدينا طعام في البيت.", "ثم ماذا؟", "ثم جاء أبو حمزة.")},
			{"fr", ownwords.TextTranslation, reelTurns("P-1", "Pourquoi?", "Nous n'avions rien à manger.", "Et puis?", "Puis Abu Hamza est venu.")},
		}, langs: "en ar fr"},
		{name: "NamedInPassage", answer: "We had no food at home and ABU  HAMZA knew it.", exclude: "(in the transcript of its time span)"},
		{name: "NamedBesidePassage", answer: passage + " Abu Hamza fed us.", exclude: "(in the transcript of its time span)"},
		{name: "NamedWithZeroWidthSpace", answer: passage + " Abu Ham\u200bza fed us.", exclude: "(in the transcript of its time span)"},
		// A name disguised with a blank that shows as nothing or a space
		// (BRAILLE PATTERN BLANK), hyphenated at a line break, or with a
		// Hangul filler in a translation: disclosure.Scan reads through
		// each, as for quotes.
		{name: "NamedWithBrailleBlank", answer: passage + " Abu Ham\u2800za fed us.", exclude: "(in the transcript of its time span)"},
		{name: "NamedHyphenatedAtALineBreak", answer: passage + " Abu Ham-\u2028za fed us.", exclude: "(in the transcript of its time span)"},
		{name: "NamedWithHangulFillerInTranslation", answer: passage, texts: []text{
			{"fr", ownwords.TextTranslation, reelTurns("P-4", "Pourquoi?", "Nous n'avions rien à manger, dit Abu\u3164Ham\u00adza.", "Et puis?", "Rien.")},
		}, exclude: "(in the fr translation of its time span)"},
		{name: "NamedInTranslation", answer: passage, texts: []text{
			{"fr", ownwords.TextTranslation, reelTurns("P-4", "Pourquoi?", "Nous n'avions rien à manger, dit Abû Hamza.", "Et puis?", "Rien.")},
		}, exclude: "(in the fr translation of its time span)"},
		{name: "NamedInOriginalSpeltOtherwise", answer: passage, texts: []text{
			// ابـو حمزه: a bare alef, a tatweel and ha for ta marbuta.
			{"ar", ownwords.TextOriginal, reelTurns("P-5", "لماذا ذهبت؟", "لم يكن لدينا طعام في البيت، قال ابـو حمزه.", "ثم ماذا؟", "لا شيء.")},
		}, exclude: "(in the ar original of its time span)"},
		{name: "OriginalInUncoveredScript", answer: passage, texts: []text{
			{"ru", ownwords.TextOriginal, reelTurns("P-6", "Почему?", "У нас дома не было еды.", "А потом?", "Ничего.")},
		}, langs: "en", note: "the ru original is in a script the redaction list has no term in: no subtitles from it"},
		// A transcript the list cannot scan leaves the clip out: the
		// recording says its words. A Latin name spelt with a Cyrillic
		// а (U+0430) is found (Scan folds it); one spelt with an
		// Armenian ս (U+057D), which Scan does not fold, looks the same
		// in a subtitle and is not covered.
		{name: "TranscriptInUncoveredScript", answer: "У нас дома не было еды, сказал Абу Хамза.", exclude: unscannableReason},
		{name: "TranscriptWithCyrillicHomoglyph", answer: passage + " Abu H\u0430mza fed us.", exclude: "(in the transcript of its time span)"},
		{name: "TranscriptWithArmenianHomoglyph", answer: passage + " Ab\u057d Hamza fed us.", exclude: unscannableReason},
	}
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		study := sqldbtest.MustStudy(t, st, "Reel")
		g := New(st, study.ID)
		u := &ownwords.User{Name: "own"}
		mustOK(t, st.CreateUser(ctx, u))
		mustOK(t, st.SetRole(ctx, study.ID, u.ID, ownwords.RoleOwner))
		owner := Member(u, ownwords.RoleOwner)
		section := &ownwords.Code{StudyID: study.ID, Slug: "vulnerabilities"}
		mustOK(t, st.CreateCode(ctx, section))
		mustOK(t, st.CreateCode(ctx, &ownwords.Code{StudyID: study.ID, ParentID: section.ID, Slug: "poverty"}))
		cb, err := st.Codebook(ctx, study.ID)
		mustOK(t, err)
		code := cb.ByPath("vulnerabilities/poverty")
		for i, tt := range tests {
			who := fmt.Sprintf("P-%d", i+1)
			p := &ownwords.Participant{StudyID: study.ID, Code: who}
			mustOK(t, st.CreateParticipant(ctx, p))
			transcript := reelTurns(who, "Why did you go?", tt.answer, "And then?", "Then Abu Hamza came.")
			iv := &ownwords.Interview{StudyID: study.ID, ParticipantID: p.ID, Title: tt.name, Language: "en", Transcript: transcript}
			mustOK(t, st.CreateInterview(ctx, iv))
			iv.Anchors = reelAnchors(transcript)
			mustOK(t, st.UpdateInterview(ctx, iv))
			data := bytes.Repeat([]byte("RIFF....WAVE"), 10)
			mustOK(t, st.PutRecording(ctx, &ownwords.Recording{StudyID: study.ID, InterviewID: iv.ID, Name: "a.wav", MediaType: "audio/wav", Size: int64(len(data))}, bytes.NewReader(data)))
			quoted := passage
			if !strings.HasPrefix(tt.answer, passage) {
				quoted = tt.answer
			}
			start, end := codePoints(t, transcript, quoted)
			mustOK(t, st.CreateSegment(ctx, &ownwords.Segment{StudyID: study.ID, InterviewID: iv.ID, CodeID: code.ID, CoderID: u.ID,
				Layer: ownwords.LayerConsensus, Start: start, End: end, TextHash: ownwords.HashText(quoted)}))
			for _, x := range tt.texts {
				it := &ownwords.InterviewText{StudyID: study.ID, InterviewID: iv.ID, Language: x.lang, Role: x.role, Text: x.text}
				if x.role == ownwords.TextTranslation {
					it.Method = ownwords.MethodTranslation
				}
				mustOK(t, st.PutInterviewText(ctx, it))
			}
			_, err := g.SetConsent(ctx, owner, ConsentRequest{Participant: who, Answers: map[string]string{"voice": "yes"}})
			mustOK(t, err)
		}
		_, err = g.Settings(ctx, owner, SettingsChange{Redact: []string{"Abu Hamza", "أبو حمزة"}})
		mustOK(t, err)

		check := func(langs []string) *Reel {
			t.Helper()
			reel, err := g.Clips(ctx, owner, ClipsRequest{Item: "vulnerabilities/poverty", Languages: langs})
			mustOK(t, err)
			if len(reel.Clips) != len(tests) || reel.Included != 2 {
				t.Fatalf("%d clips, %d included, want %d and 2", len(reel.Clips), reel.Included, len(tests))
			}
			for i, tt := range tests {
				c := reel.Clips[i]
				switch {
				case c.Participant != fmt.Sprintf("P-%d", i+1):
					t.Fatalf("clip %d is %s's", i, c.Participant)
				case tt.exclude != "" && (c.Included() || c.Excluded != wantExcluded(tt.exclude) || c.RecordingID != "" || c.Subtitles != nil):
					t.Errorf("%s (%v): mode %q excluded %q, want left out: %s", tt.name, langs, c.Mode, c.Excluded, wantExcluded(tt.exclude))
				case tt.exclude == "" && (c.Mode != "audio" || c.Excluded != ""):
					t.Errorf("%s (%v): mode %q excluded %q, want audio", tt.name, langs, c.Mode, c.Excluded)
				case langs == nil && tt.exclude == "" && strings.Join(c.Languages, " ") != tt.langs:
					t.Errorf("%s: subtitle languages %q, want %q", tt.name, c.Languages, tt.langs)
				case !strings.Contains(c.Note, tt.note):
					t.Errorf("%s: note %q, want it to say %q", tt.name, c.Note, tt.note)
				}
				for _, leak := range []string{"hamza", "حمز", "food", "طعام"} {
					if strings.Contains(strings.ToLower(c.Excluded+c.Note), leak) {
						t.Errorf("%s: the manifest says %q / %q", tt.name, c.Excluded, c.Note)
					}
				}
				for _, s := range c.Subtitles {
					for _, q := range s.Cues {
						if strings.Contains(q.Text, "Hamza") || strings.Contains(q.Text, "حمزة") {
							t.Errorf("%s: %s subtitle %q names a redacted term", tt.name, s.Language, q.Text)
						}
					}
				}
			}
			return reel
		}
		reel := check(nil)
		if got := strings.Join(reel.Languages, " "); got != "en ar fr" {
			t.Errorf("reel languages %q, want en ar fr (ru unscannable)", got)
		}
		var cues []string
		for _, s := range reel.Clips[0].Subtitles {
			cues = append(cues, s.Language+": "+s.Cues[0].Text)
		}
		if got := strings.Join(cues, " | "); got != "en: "+passage+" | ar: لم يكن لدينا طعام في البيت. | fr: Nous n'avions rien à manger." {
			t.Errorf("the clean clip's subtitles: %s", got)
		}
		// Asking for the transcript's language only, the other texts are
		// scanned all the same: the recording says what they say.
		check([]string{"en"})
		_, err = g.Clips(ctx, owner, ClipsRequest{Item: "vulnerabilities/poverty", Languages: []string{"ru"}})
		if wantCode(t, "subtitles in ru", err, ownwords.EINVALID); err == nil || !strings.Contains(err.Error(), "no term in") {
			t.Errorf("subtitles in ru: %v, want the redaction list's script named as the reason", err)
		}

		// A term in the title card (here the attribution of a study
		// without a plan) leaves the clip out too, and the manifest
		// does not repeat the attribution.
		_, err = g.Settings(ctx, owner, SettingsChange{Redact: []string{"participant"}})
		mustOK(t, err)
		reel, err = g.Clips(ctx, owner, ClipsRequest{Item: "vulnerabilities/poverty"})
		mustOK(t, err)
		if c := reel.Clips[0]; c.Included() || c.Excluded != redactedReason+" (in its attribution)" || c.Attribution != "" || reel.Included != 0 {
			t.Errorf("a redacted attribution: %+v (%d included)", c, reel.Included)
		}
	})
}
