package report

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"ownwords"
	"ownwords/analysis"
)

// TestSelectQuotes checks the one quote selection on hand-made evidence:
// one passage per participant in evidence order, the next passage of a
// participant whose first is redacted, nothing public below k, the limit,
// the bound and the team's participant codes.
func TestSelectQuotes(t *testing.T) {
	person := func(code string) *ownwords.Participant {
		return &ownwords.Participant{ID: "id-" + code, Code: code, Consent: ownwords.DefaultConsent("s", "id-"+code)}
	}
	p1, p2, p3 := person("P-1"), person("P-2"), person("P-3")
	noQuotes := person("P-4")
	noQuotes.Consent = &ownwords.Consent{StudyID: "s", ParticipantID: noQuotes.ID, Quotes: ownwords.ConsentAnswer{Answer: ownwords.ConsentNo}}
	texts := map[string]string{}
	ev := func(list ...any) []analysis.Evidence {
		var out []analysis.Evidence
		for i := 0; i < len(list); i += 2 {
			seg := &ownwords.Segment{ID: fmt.Sprintf("s%d", len(texts))}
			texts[seg.ID] = list[i+1].(string)
			out = append(out, analysis.Evidence{Segment: seg, Participant: list[i].(*ownwords.Participant)})
		}
		return out
	}
	source := func(seg *ownwords.Segment) (string, error) { return texts[seg.ID], nil }
	attribute := func(p *ownwords.Participant) string { return "a participant\u202E" }
	long := strings.Repeat("hunger ", 200)
	tests := []struct {
		name     string
		ev       []analysis.Evidence
		rule     QuoteRule
		want     []string // "attribution: text"
		withheld int
	}{
		{"TeamOnePerParticipant", ev(p1, "first", p1, "second", p2, "third"), QuoteRule{K: 3},
			[]string{"P-1, a participant\uFFFD: first", "P-2, a participant\uFFFD: third"}, 0},
		{"PublicBelowK", ev(p1, "first", p2, "third"), QuoteRule{Public: true, K: 3}, nil, 2},
		{"PublicNoCodes", ev(p1, "first", p2, "second", p3, "third"), QuoteRule{Public: true, K: 3},
			[]string{"a participant\uFFFD: first", "a participant\uFFFD: second", "a participant\uFFFD: third"}, 0},
		{"PublicRedactedThenNext", ev(p1, "Abu  Omar came", p1, "we starved", p2, "second", p3, "ABU OMAR"),
			QuoteRule{Public: true, K: 3, Redactions: []string{"Abu Omar"}},
			[]string{"a participant\uFFFD: we starved", "a participant\uFFFD: second"}, 1},
		// Disguised names: a Hangul filler inside, a word hyphenated at a
		// line break, BRAILLE PATTERN BLANK between the words.
		{"PublicRedactedDisguised", ev(p1, "Abu Om\u3164ar came", p1, "we starved", p2, "paid by Abu O-\nmar", p3, "Abu\u2800Omar", p3, "third"),
			QuoteRule{Public: true, K: 3, Redactions: []string{"Abu Omar"}},
			[]string{"a participant\uFFFD: we starved", "a participant\uFFFD: third"}, 1},
		{"TeamIgnoresRedactions", ev(p1, "Abu Omar came"), QuoteRule{K: 3, Redactions: []string{"Abu Omar"}},
			[]string{"P-1, a participant\uFFFD: Abu Omar came"}, 0},
		{"Limit", ev(p1, "first", p2, "second", p3, "third"), QuoteRule{K: 1, Limit: 2},
			[]string{"P-1, a participant\uFFFD: first", "P-2, a participant\uFFFD: second"}, 0},
		{"CleanedAndEmptySkipped", ev(p1, " \x1b\u200F ", p1, "line one\nline two"), QuoteRule{K: 1},
			[]string{"P-1, a participant\uFFFD: line one line two"}, 0},
		{"NeverWithoutQuoteConsent", ev(noQuotes, "my words", p1, "first", noQuotes, "more words"), QuoteRule{K: 1},
			[]string{"P-1, a participant\uFFFD: first"}, 0},
		{"NeverWithoutQuoteConsentPublic", ev(noQuotes, "my words", p1, "first", p2, "second"), QuoteRule{Public: true, K: 3},
			[]string{"a participant\uFFFD: first", "a participant\uFFFD: second"}, 0},
		{"Bounded", ev(p1, long), QuoteRule{K: 1}, []string{"P-1, a participant\uFFFD: " + strings.TrimSpace(long[:MaxQuoteRunes-1]) + "…"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs, withheld, err := SelectQuotes(tt.ev, source, attribute, tt.rule)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, q := range qs {
				got = append(got, q.Attribution+": "+q.Text)
				if n := len([]rune(q.Text)); n > MaxQuoteRunes {
					t.Errorf("quote of %d code points", n)
				}
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) || withheld != tt.withheld {
				t.Errorf("quotes %q, withheld %d; want %q, %d", got, withheld, tt.want, tt.withheld)
			}
		})
	}
}

// TestNewAttributionWording: the study's wording names values by its own
// words or their text, over the analysis sample only.
func TestNewAttributionWording(t *testing.T) {
	res := mustResult(t)
	p := res.Sample()[0] // P-01, a local man, defector
	for _, tt := range []struct {
		name    string
		wording []ownwords.AttributionWord
		want    string
	}{
		{"Default", nil, "a local man, defector"},
		{"OwnWords", []ownwords.AttributionWord{
			{Attribute: "origin", Role: ownwords.AttributionAdjective, Words: map[string]string{"local": "Iraqi"}},
			{Attribute: "gender", Role: ownwords.AttributionNoun}}, "an Iraqi man"},
		{"StatusAsNoun", []ownwords.AttributionWord{{Attribute: "status", Role: ownwords.AttributionNoun}}, "a defector"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, err := NewAttribution(res, tt.wording)
			if err != nil {
				t.Fatal(err)
			}
			if got := a.Of(p); got != tt.want {
				t.Errorf("attribution %q, want %q", got, tt.want)
			}
		})
	}
}

// Evidence that did not come through analysis.Load carries no consent:
// quoting it could quote someone who refused, so the selection fails
// closed with an error naming the participant, for every audience.
func TestSelectQuotesRefusesEvidenceWithoutConsent(t *testing.T) {
	bare := &ownwords.Participant{ID: "id-P-9", Code: "P-9"}
	ev := []analysis.Evidence{{Segment: &ownwords.Segment{ID: "s1"}, Participant: bare}}
	source := func(*ownwords.Segment) (string, error) { return "my words", nil }
	for _, rule := range []QuoteRule{{K: 1}, {Public: true, K: 1}} {
		qs, _, err := SelectQuotes(ev, source, nil, rule)
		if err == nil || !strings.Contains(err.Error(), "P-9") {
			t.Fatalf("public=%v: SelectQuotes = %v, %v; want an error naming P-9", rule.Public, qs, err)
		}
	}
}

// TestSelectQuotesWithOriginal: a quote carries the aligned passage of its
// interview's other text, cleaned and bounded; a public selection refuses
// a quote whose original names a term of the redaction list, as it would
// the translation, and quotes the participant's next passage instead.
func TestSelectQuotesWithOriginal(t *testing.T) {
	person := func(code string) *ownwords.Participant {
		return &ownwords.Participant{ID: "id-" + code, Code: code, Consent: ownwords.DefaultConsent("s", "id-"+code)}
	}
	p1, p2 := person("P-1"), person("P-2")
	texts := map[string]string{"s1": "he came at night", "s2": "we starved", "s3": "the market closed"}
	originals := map[string]string{"s1": "جاء أبو عمر ليلا", "s2": "جعنا\u202E", "s3": strings.Repeat("السوق ", 200)}
	ev := []analysis.Evidence{
		{Segment: &ownwords.Segment{ID: "s1"}, Participant: p1},
		{Segment: &ownwords.Segment{ID: "s2"}, Participant: p1},
		{Segment: &ownwords.Segment{ID: "s3"}, Participant: p2},
	}
	source := func(seg *ownwords.Segment) (string, error) { return texts[seg.ID], nil }
	aligned := func(seg *ownwords.Segment) (*AlignedPassage, error) {
		return &AlignedPassage{Role: ownwords.TextOriginal, Language: "ar", Text: originals[seg.ID], QuoteLanguage: "en"}, nil
	}
	cut := strings.TrimSpace(string([]rune(originals["s3"])[:MaxQuoteRunes-1])) + "…"
	for _, tt := range []struct {
		name     string
		rule     QuoteRule
		want     []string // "text | role language: beside"
		withheld int
	}{
		{"TeamSeesBoth", QuoteRule{K: 1, Redactions: []string{"Abu Omar", "أبو عمر"}, Aligned: aligned},
			[]string{"he came at night | original ar: جاء أبو عمر ليلا", "the market closed | original ar: " + cut}, 0},
		{"PublicRefusesRedactedOriginal", QuoteRule{Public: true, K: 2, Redactions: []string{"أبو عمر"}, Aligned: aligned},
			[]string{"we starved | original ar: جعنا\uFFFD", "the market closed | original ar: " + cut}, 0},
		{"PublicWithoutOriginalsQuotesTranslation", QuoteRule{Public: true, K: 2, Redactions: []string{"أبو عمر"}},
			[]string{"he came at night", "the market closed"}, 0},
		// A list of Latin names cannot find a name in an Arabic original:
		// the public quotes go without it (s1's original names Abu Omar).
		{"PublicLeavesOutOriginalTheListCannotScan", QuoteRule{Public: true, K: 2, Redactions: []string{"Abu Bakr"}, Aligned: aligned},
			[]string{"he came at night", "the market closed"}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			qs, withheld, err := SelectQuotes(ev, source, nil, tt.rule)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, q := range qs {
				s := q.Text
				if b := q.Beside; b != nil {
					s += " | " + b.Role + " " + b.Language + ": " + b.Text
					if n := len([]rune(b.Text)); n > MaxQuoteRunes {
						t.Errorf("original of %d code points", n)
					}
				}
				got = append(got, s)
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) || withheld != tt.withheld {
				t.Errorf("quotes %q, withheld %d; want %q, %d", got, withheld, tt.want, tt.withheld)
			}
		})
	}
}

// fakeTexts is an interview with one other text, for AlignedQuotes.
type fakeTexts struct {
	iv   *ownwords.Interview
	text *ownwords.InterviewText
}

func (f fakeTexts) Interview(context.Context, string) (*ownwords.Interview, error) { return f.iv, nil }
func (f fakeTexts) InterviewTexts(context.Context, string) ([]*ownwords.InterviewText, error) {
	return []*ownwords.InterviewText{f.text}, nil
}

// TestAlignedQuotesNoWiderThanTheQuote: the passage beside a quote is the
// quote's own sentences in the other text where sentence alignment is
// certain, not the whole turn: a publication must not carry words of the
// participant that nobody chose to quote (here, a name in the turn's first
// sentence). A text that no longer aligns with the transcript gives none,
// rather than another turn's words.
func TestAlignedQuotesNoWiderThanTheQuote(t *testing.T) {
	const transcript = "Interviewer: Why?\nP-1: My uncle took me. We had no food. So I went.\nInterviewer: Thanks."
	const original = "المحاور: لماذا؟\nP-1: أخذني عمي خالد. لم يكن لدينا طعام. فذهبت.\nالمحاور: شكرا."
	start := strings.Index(transcript, "We had")
	seg := &ownwords.Segment{InterviewID: "iv", Start: len([]rune(transcript[:start])), End: len([]rune(transcript[:start])) + len("We had no food.")}
	for _, tt := range []struct {
		name, other, want string
	}{
		{"SentenceOfTheQuote", original, "لم يكن لدينا طعام."},
		{"TurnWhenSentencesDiffer", "المحاور: لماذا؟\nP-1: أخذني عمي ولم يكن لدينا طعام فذهبت\nالمحاور: شكرا.", "أخذني عمي ولم يكن لدينا طعام فذهبت"},
		{"NoneWhenMisaligned", "المحاور: لماذا؟\nالمحاور: شكرا.", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := fakeTexts{iv: &ownwords.Interview{ID: "iv", Language: "en", Transcript: transcript},
				text: &ownwords.InterviewText{Language: "ar", Role: ownwords.TextOriginal, Text: tt.other}}
			got, err := AlignedQuotes(t.Context(), src)(seg)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.want == "" && got != nil:
				t.Errorf("beside %q, want none", got.Text)
			case tt.want != "" && (got == nil || got.Text != tt.want):
				t.Errorf("beside %+v, want %q", got, tt.want)
			}
		})
	}
}
