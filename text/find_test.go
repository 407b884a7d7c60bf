package text

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
	tests := []struct {
		name, text, query string
		want              []string // the original text of each hit, in order
	}{
		{"DottedCapitalFoundByPlainI", "Born in İstanbul, moved to ISTANBUL.", "istanbul", []string{"İstanbul", "ISTANBUL"}},
		{"DotlessIFindsCapitalI", "Istanbul", "ıstanbul", []string{"Istanbul"}},
		{"TurkishSuffixAfterApostrophe", "İstanbul'da kaldım", "istanbul", []string{"İstanbul"}},
		{"AccentsIgnored", "L'École est une école.", "ecole", []string{"École", "école"}},
		{"AccentedQueryFindsPlain", "une ecole", "école", []string{"ecole"}},
		{"ArabicWithoutHarakatFindsWithHarakat", "هو كَتَبَ الدرس", "كتب", []string{"كَتَبَ"}},
		{"ArabicAlefVariantsMatch", "قال أحمد ثم إبراهيم", "احمد OR ابراهيم", []string{"أحمد", "إبراهيم"}},
		{"ArabicAttachedConjunctionNotSplit", "قال وإبراهيم", "ابراهيم", nil},
		{"ArabicTaMarbutaMatchesHa", "ذهبت إلى المدرسة", "المدرسه", []string{"المدرسة"}},
		{"ArabicTatweelIgnored", "كـتـاب", "كتاب", []string{"كـتـاب"}},
		{"RussianCaseFolded", "Я жил в МОСКВЕ, потом в Москве.", "москве", []string{"МОСКВЕ", "Москве"}},
		{"ApostropheWordFindsItself", "Il vient aujourd'hui.", "aujourd'hui", []string{"aujourd'hui"}},
		{"WordNotFoundNoHits", "nothing here", "istanbul", nil},
		{"WordNotMatchedInsideLongerWord", "cathedral", "cat", nil},
		{"PhraseSpanIsWholePhrase", "I went to New York City.", `"new york"`, []string{"New York"}},
		{"PhraseAcrossLineBreak", "to New\nYork.", `"new york"`, []string{"New\nYork"}},
		{"PhraseWrongOrderNoHit", "York new", `"new york"`, nil},
		{"PhraseWithGapNoHit", "New big York", `"new york"`, nil},
		{"PhraseAcrossPunctuation", "New, York", `"new york"`, []string{"New, York"}},
		{"PrefixFindsLongerWords", "radical, radicalised, radicalisation, eradicate", "radical*", []string{"radical", "radicalised", "radicalisation"}},
		{"PrefixPhraseLastWord", "al-Qaeda and al-Shabaab", "al-qa*", []string{"al-Qaeda"}},
		{"OrFindsEither", "a cat and a dog", "cat OR dog OR bird", []string{"cat", "dog"}},
		{"AndNeedsBoth", "a cat and a dog", "cat bird", nil},
		{"AndHitsBoth", "a cat and a dog", "dog cat", []string{"cat", "dog"}},
		{"NotExcludesTextWithWord", "a cat and a dog", "cat NOT dog", nil},
		{"NotKeepsTextWithoutWord", "a cat and a fish", "cat NOT dog", []string{"cat"}},
		{"NotNeverHighlightsExcluded", "cat", "cat NOT (dog OR bird)", []string{"cat"}},
		{"NearWithinDistance", "one two three four five", "one NEAR/2 four", []string{"one", "four"}},
		{"NearBeyondDistanceNoHit", "one two three four five", "one NEAR/1 four", nil},
		{"NearEitherOrder", "one two three four five", "NEAR(four one, 2)", []string{"one", "four"}},
		{"NearZeroMeansAdjacent", "one two three", "NEAR(one two, 0)", []string{"one", "two"}},
		{"NearZeroGapNoHit", "one two three", "NEAR(one three, 0)", nil},
		{"NearKeepsOnlyCloseOccurrences", "war x x x x x peace war peace x x x x x war", "war NEAR/1 peace", []string{"peace", "war", "peace"}},
		{"NearThreePhrasesAnyOrder", "alpha x beta x gamma ... Alpha y y y y beta gamma", "NEAR(alpha beta gamma, 2)", []string{"beta", "gamma", "Alpha"}},
		{"NearWithPhrase", "the new york times said", `NEAR("new york" said, 1)`, []string{"new york", "said"}},
		{"NearDistanceCountsFromPhraseEnd", "new york big times", `NEAR("new york" times, 1)`, []string{"new york", "times"}},
		{"NestedHitsMerged", "New York City", `"new york" york city`, []string{"New York", "City"}},
		{"OverlappingHitsMerged", "New York City", `"new york" "york city"`, []string{"New York City"}},
		{"HanPhraseFound", "我们去了北京。", "北京", []string{"北京"}},
		{"PersianZWNJOptional", "من می\u200cخواهم", "میخواهم", []string{"می\u200cخواهم"}},
		{"DecomposedTextFoundByComposedQuery", "une e\u0301cole", "école", []string{"e\u0301cole"}},
		{"GermanSharpS", "die Straße", "strasse", []string{"Straße"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := mustParseQuery(t, tt.query)
			hits := Find(tt.text, q)
			var got []string
			for _, h := range hits {
				got = append(got, mustSlice(t, tt.text, h.Start, h.End))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Find(%q, %q) = %q %v, want %q", tt.text, tt.query, got, hits, tt.want)
			}
		})
	}
}

func TestFindOffsets(t *testing.T) {
	// Code points, not bytes: each of İ, ö and ك is one code point of two
	// bytes, and the harakat are code points of their own.
	text := "Göç İstanbul'a: كَتَبَ"
	q := mustParseQuery(t, "istanbul OR كتب")
	want := []Hit{{4, 12}, {16, 22}}
	if got := Find(text, q); !reflect.DeepEqual(got, want) {
		t.Errorf("Find = %v, want %v", got, want)
	}
}

func TestFindZeroQueryMatchesNothing(t *testing.T) {
	if got := Find("anything", Query{}); got != nil {
		t.Errorf("Find with zero Query = %v, want none", got)
	}
}

// TestNearMatchesBruteForce checks nearSpans against the definition itself:
// try every choice of one occurrence per phrase and keep the occurrences of
// the choices where the last start minus the first end is at most N.
func TestNearMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"a", "b", "c"}
	for trial := range 3000 {
		n := rng.IntN(14)
		var text strings.Builder
		for range n {
			text.WriteString(words[rng.IntN(len(words))] + " ")
		}
		toks := Tokenize(text.String())
		near := &node{kind: kindNear, dist: rng.IntN(5)}
		for range 2 + rng.IntN(2) {
			ph := &node{kind: kindPhrase}
			for range 1 + rng.IntN(2) {
				ph.terms = append(ph.terms, words[rng.IntN(len(words))])
			}
			near.kids = append(near.kids, ph)
		}
		got := spanSet(nearSpans(near, tokenSource(toks)))
		want := spanSet(bruteNear(near, toks))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: text %q, NEAR %v dist %d: got %v, want %v",
				trial, text.String(), phraseTerms(near), near.dist, got, want)
		}
	}
}

func bruteNear(near *node, toks []Token) []span {
	occ := make([][]span, len(near.kids))
	for i, k := range near.kids {
		occ[i] = phraseSpans(k, toks)
		if occ[i] == nil {
			return nil
		}
	}
	var out []span
	choice := make([]span, len(occ))
	var try func(i int)
	try = func(i int) {
		if i == len(occ) {
			lastStart, firstEnd := choice[0].from, choice[0].to
			for _, c := range choice {
				lastStart, firstEnd = max(lastStart, c.from), min(firstEnd, c.to)
			}
			if lastStart-firstEnd <= near.dist {
				out = append(out, choice...)
			}
			return
		}
		for _, sp := range occ[i] {
			choice[i] = sp
			try(i + 1)
		}
	}
	try(0)
	return out
}

func spanSet(spans []span) []span {
	out := slices.Clone(spans)
	slices.SortFunc(out, func(a, b span) int {
		if a.from != b.from {
			return a.from - b.from
		}
		return a.to - b.to
	})
	return slices.Compact(out)
}

func phraseTerms(n *node) [][]string {
	var out [][]string
	for _, k := range n.kids {
		out = append(out, k.terms)
	}
	return out
}
