package clips

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"ownwords"
	"ownwords/text"
)

// cueString writes cues as "from-to text|…", "end" for an open end.
func cueString(cs []Cue) string {
	var b []string
	for _, q := range cs {
		to := "end"
		if q.To != nil {
			to = fmt.Sprint(*q.To)
		}
		b = append(b, fmt.Sprintf("%v-%s %s", q.From, to, q.Text))
	}
	return strings.Join(b, "|")
}

// TestSubtitleCues projects the transcript's timed pieces of a passage
// onto its translations: sentence by sentence where the turns hold as many
// sentences, the whole turn (one cue over the pieces' times) where not,
// nothing in a language the interview has no text in.
func TestSubtitleCues(t *testing.T) {
	const en = "Interviewer: Why did you go?\nP-1: We had no food at home. My father was ill.\nInterviewer: And then?\nP-1: We left.\n"
	const ar = "Interviewer: لماذا ذهبت؟\nP-1: لم يكن لدينا طعام في البيت. كان أبي مريضا.\nInterviewer: ثم ماذا؟\nP-1: غادرنا.\n"
	const fr = "Interviewer: Pourquoi partir ?\nP-1: Nous n'avions rien à manger, mon père était malade.\nInterviewer: Et puis ?\nP-1: Nous sommes partis.\n"
	// at is the code point offset of sub in en (which holds it).
	at := func(sub string) int { return utf8.RuneCountInString(en[:strings.Index(en, sub)]) }
	// Anchors at each turn and at the second sentence of P-1's first turn
	// (a cue of a WebVTT file).
	anchors := []ownwords.TimeAnchor{
		{Offset: 0, Ms: 0},
		{Offset: at("P-1: We had"), Ms: 3000},
		{Offset: at("My father"), Ms: 5000},
		{Offset: at("Interviewer: And"), Ms: 7000},
		{Offset: at("P-1: We left"), Ms: 9000},
		{Offset: len([]rune(en)), Ms: 11000}, // the end of the last turn
	}
	texts := []Text{}
	for lang, other := range map[string]string{"ar": ar, "fr": fr} {
		p, err := text.NewProjection(en, other)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, Text{Language: lang, Text: other, Projection: p})
	}
	yes := ownwords.ConsentAnswer{Answer: ownwords.ConsentYes}
	passage := func(from, to string) Passage {
		end := len([]rune(en))
		if to != "" {
			end = at(to)
		}
		return Passage{Consent: &ownwords.Consent{Voice: yes}, Recording: &ownwords.Recording{ID: "r", MediaType: "audio/wav"},
			Anchors: anchors, Start: at(from), End: end, Language: "en", Transcript: en, Texts: texts}
	}
	tests := []struct {
		name   string
		p      Passage
		langs  []string
		want   map[string]string // language → cues
		tracks string
	}{
		{"a turn of two timed sentences", passage("We had", "\nInterviewer: And"), []string{"en", "ar", "fr"}, map[string]string{
			"en": "3-5 We had no food at home.|5-7 My father was ill.",
			"ar": "3-5 لم يكن لدينا طعام في البيت.|5-7 كان أبي مريضا.",
			"fr": "3-7 Nous n'avions rien à manger, mon père était malade.", // one sentence: the whole turn, once
		}, "en ar fr"},
		{"the second sentence alone", passage("My father", "\nInterviewer: And"), []string{"ar", "en"}, map[string]string{
			"ar": "5-7 كان أبي مريضا.",
			"en": "5-7 My father was ill.",
		}, "ar en"},
		{"over two turns to the end", passage("My father", ""), []string{"ar"}, map[string]string{
			"ar": "5-7 كان أبي مريضا.|7-9 ثم ماذا؟|9-11 غادرنا.",
		}, "ar"},
		{"a language without a text", passage("We had", "\nInterviewer: And"), []string{"de", "ar"}, map[string]string{
			"ar": "3-5 لم يكن لدينا طعام في البيت.|5-7 كان أبي مريضا.",
		}, "de ar"},
		{"default: the transcript's language, then the others", passage("We left", ""), nil, map[string]string{
			"en": "9-11 We left.", "ar": "9-11 غادرنا.", "fr": "9-11 Nous sommes partis.",
		}, "en ar fr"},
		{"a language matches its regions", func() Passage { p := passage("We left", ""); p.Language = "en-GB"; return p }(), []string{"EN"}, map[string]string{
			"EN": "9-11 We left.",
		}, "EN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := []Passage{tt.p}
			cs := Manifest(ps)
			if !cs[0].Included() {
				t.Fatalf("left out: %s", cs[0].Excluded)
			}
			langs := AddSubtitles(ps, cs, tt.langs)
			got := strings.Join(langs, " ")
			if tt.langs == nil {
				// The map order of texts is random: compare as sets
				// after the transcript's language.
				if !strings.HasPrefix(got, "en ") || len(langs) != 3 || !strings.Contains(got, "ar") || !strings.Contains(got, "fr") {
					t.Errorf("languages %q", got)
				}
			} else if got != tt.tracks {
				t.Errorf("languages %q, want %q", got, tt.tracks)
			}
			seen := map[string]bool{}
			for _, s := range cs[0].Subtitles {
				seen[s.Language] = true
				if want, ok := tt.want[s.Language]; ok && cueString(s.Cues) != want {
					t.Errorf("%s: %s\nwant %s", s.Language, cueString(s.Cues), want)
				}
			}
			for l := range tt.want {
				if !seen[l] {
					t.Errorf("no %s subtitle", l)
				}
			}
			if len(cs[0].Languages) != len(cs[0].Subtitles) {
				t.Errorf("languages %v for %d subtitles", cs[0].Languages, len(cs[0].Subtitles))
			}
		})
	}
	// A clip left out gets no subtitles, and adds no language.
	ps := []Passage{passage("We had", "\nInterviewer: And")}
	ps[0].Consent = nil
	cs := Manifest(ps)
	if langs := AddSubtitles(ps, cs, nil); len(langs) != 0 || cs[0].Subtitles != nil {
		t.Errorf("left out: %v %+v", langs, cs[0].Subtitles)
	}
}
