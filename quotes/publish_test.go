package quotes

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ownwords/disclosure"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestPrepare renders and scans the publication of the fixture's poverty
// figure: the clean document matches its golden file on both stores and its
// hash is the SHA-256 of exactly that text; what the scan must refuse is
// found and placed.
func TestPrepare(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(t *testing.T, f *fixture)
		opt      Options
		quotes   int
		withheld int
		findings []Finding
		golden   string // the golden file of the document, if any
	}{
		{name: "OK", opt: Options{Item: "vulnerabilities/poverty"}, quotes: 9, golden: "poverty.golden"},
		{name: "PlantedNameNeverReachesTheText", opt: Options{Item: "vulnerabilities/poverty"},
			setup: func(t *testing.T, f *fixture) {
				f.addParticipant(t, "woman", "foreign", "returnee", "Abu Omar paid us, there was no food.")
			}, quotes: 9, withheld: 1, golden: "poverty.golden"},
		// The name disguised: BRAILLE PATTERN BLANK inside it, or
		// hyphenated at a line break; the scan still finds it.
		{name: "PlantedNameWithABlankNeverReachesTheText", opt: Options{Item: "vulnerabilities/poverty"},
			setup: func(t *testing.T, f *fixture) {
				f.addParticipant(t, "woman", "foreign", "returnee", "Abu O\u2800mar paid us, there was no food.")
			}, quotes: 9, withheld: 1, golden: "poverty.golden"},
		{name: "PlantedNameHyphenatedNeverReachesTheText", opt: Options{Item: "vulnerabilities/poverty"},
			setup: func(t *testing.T, f *fixture) {
				f.addParticipant(t, "woman", "foreign", "returnee", "Abu Om\u00ad\nar paid us, there was no food.")
			}, quotes: 9, withheld: 1, golden: "poverty.golden"},
		// P-01's interview was held in Arabic: the original is beside the
		// quote, on its own line.
		// (The redaction list names people in Arabic too: a list in Latin
		// script only could not scan the original.)
		{name: "OriginalBesideTranslation", opt: Options{Item: "vulnerabilities/poverty"},
			setup: func(t *testing.T, f *fixture) {
				f.setRedactions(t, "Abu Omar", "أبو عمر")
				f.addText(t, f.ivs[0], "المحاور: لماذا ذهبت؟\nP-01: لم يكن لدينا طعام ليوم واحد، فاستمعت إليهم.\nالمحاور: شكرا لك.")
			}, quotes: 9, golden: "poverty_original.golden"},
		// The list names people in Latin script only: the Arabic original
		// cannot be scanned, so it is not published (the name in it would
		// pass), and the translation's quote is.
		{name: "OriginalInAScriptTheListDoesNotCover", opt: Options{Item: "vulnerabilities/poverty"},
			setup: func(t *testing.T, f *fixture) {
				f.addText(t, f.ivs[0], "المحاور: لماذا ذهبت؟\nP-01: لم يكن لدينا طعام ليوم واحد، فاستمعت إليهم عمر.\nالمحاور: شكرا لك.")
			}, quotes: 9, golden: "poverty.golden"},
		// The original stretches the redacted name with tatweel: the scan
		// still finds it.
		{name: "PlantedNameStretchedInTheOriginal", opt: Options{Item: "vulnerabilities/poverty"},
			setup: func(t *testing.T, f *fixture) {
				f.setRedactions(t, "Abu Omar", "أبو عمر")
				f.addParticipant(t, "woman", "foreign", "returnee", "He paid us, there was no food.")
				f.addText(t, f.ivs[len(f.ivs)-1], "المحاور: لماذا ذهبت؟\nP-10: دفع لنا أبـو عمـــر، لم يكن هناك طعام.\nالمحاور: شكرا لك.")
			}, quotes: 9, withheld: 1, golden: "poverty.golden"},
		// The translation is clean, the original names a redacted person:
		// the participant is withheld as if the translation named him.
		{name: "PlantedNameInTheOriginalNeverReachesTheText", opt: Options{Item: "vulnerabilities/poverty"},
			setup: func(t *testing.T, f *fixture) {
				f.setRedactions(t, "Abu Omar", "أبو عمر")
				f.addParticipant(t, "woman", "foreign", "returnee", "He paid us, there was no food.")
				f.addText(t, f.ivs[len(f.ivs)-1], "المحاور: لماذا ذهبت؟\nP-10: دفع لنا أبو عمر، لم يكن هناك طعام.\nالمحاور: شكرا لك.")
			}, quotes: 9, withheld: 1, golden: "poverty.golden"},
		{name: "ErrRedactedPlaceInAttributions", opt: Options{Item: "vulnerabilities/poverty"},
			setup: func(t *testing.T, f *fixture) { f.setRedactions(t, "Abu Omar", "mosul") }, quotes: 9,
			findings: []Finding{
				{Quote: 5, Part: "attribution", Term: "mosul", Problem: `names "mosul" of the redaction list`},
				{Quote: 6, Part: "attribution", Term: "mosul", Problem: `names "mosul" of the redaction list`},
				{Quote: 7, Part: "attribution", Term: "mosul", Problem: `names "mosul" of the redaction list`},
				{Quote: 8, Part: "attribution", Term: "mosul", Problem: `names "mosul" of the redaction list`},
			}},
		{name: "ErrRedactedGroupName", opt: Options{Item: "vulnerabilities/poverty", Group: "women"},
			setup: func(t *testing.T, f *fixture) { f.setRedactions(t, "Women") }, quotes: 5,
			findings: []Finding{{Part: "heading", Term: "Women", Problem: `names "Women" of the redaction list`}}},
		{name: "ErrSmallFigure", opt: Options{Item: "vulnerabilities/poverty", Group: "defectors"}, withheld: 1,
			findings: []Finding{{Part: "figure", Problem: "only 1 participant behind it, fewer than k = 3"}}},
	}
	each(t, func(t *testing.T, shared *fixture) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := shared
				if tt.setup != nil {
					f = shared.fresh(t)
					tt.setup(t, f)
				}
				pub, err := Prepare(t.Context(), f.st, f.study.ID, tt.opt)
				if err != nil {
					t.Fatal(err)
				}
				if pub.Quotes != tt.quotes || pub.Withheld != tt.withheld || !slices.Equal(pub.Findings, tt.findings) {
					t.Fatalf("%d quotes, %d withheld, findings %+v\nwant %d, %d, %+v", pub.Quotes, pub.Withheld, pub.Findings, tt.quotes, tt.withheld, tt.findings)
				}
				if sum := sha256.Sum256([]byte(pub.Document)); pub.SHA256 != hex.EncodeToString(sum[:]) {
					t.Fatalf("SHA256 %s is not the hash of the document", pub.SHA256)
				}
				if strings.Contains(strings.ToLower(pub.Document), "omar") || strings.Contains(pub.Document, "عمر") {
					t.Fatalf("a redacted name in the document:\n%s", pub.Document)
				}
				if tt.golden == "" {
					return
				}
				golden := filepath.Join("testdata", tt.golden)
				if *update && f.st.Dialect() == "sqlite" {
					must(t, os.WriteFile(golden, []byte(pub.Document), 0o644))
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if pub.Document != string(want) {
					t.Fatalf("document differs from %s:\n%s", golden, pub.Document)
				}
			})
		}
	})
}

// TestScan checks the scan of hand-made banks, for what For itself would
// never produce: an attribution that names a group smaller than k, a
// redaction term broken over a line or hidden by bidi controls, a term in
// the heading.
func TestScan(t *testing.T) {
	sample := []map[string]string{}
	for range 3 {
		sample = append(sample, map[string]string{"gender": "woman", "origin": "foreign"})
	}
	sample = append(sample, map[string]string{"gender": "woman", "origin": "local"}, map[string]string{"gender": "man", "origin": "local"})
	words := []disclosure.Wording{
		{Attribute: "gender", Role: disclosure.Noun, Words: map[string]string{"woman": "woman", "man": "man"}},
		{Attribute: "origin", Role: disclosure.Adjective, Words: map[string]string{"foreign": "foreign", "local": "local"}},
	}
	fig := &figure{k: 3, redactions: []string{"Abu Omar", "Tal Afar"}, behind: 5, sample: sample, words: words}
	tests := []struct {
		name        string
		group       string
		quote       string
		attribution string
		want        []Finding
	}{
		{name: "OK", quote: "We had no food.", attribution: "a foreign woman"},
		{name: "OKWholeSample", quote: "We had no food.", attribution: "a participant"},
		{name: "OKCoarser", quote: "We had no food.", attribution: "a woman"},
		{name: "ErrSmallAttributionGroup", quote: "We had no food.", attribution: "a local woman",
			want: []Finding{{Quote: 1, Part: "attribution", Problem: "fits 1 participant of the sample, fewer than k = 3"}}},
		{name: "ErrUnknownAttribution", quote: "We had no food.", attribution: "a tall woman",
			want: []Finding{{Quote: 1, Part: "attribution", Problem: "fits 0 participants of the sample, fewer than k = 3"}}},
		{name: "ErrTermOverLineBreak", quote: "It was abu\n  omar who came.", attribution: "a woman",
			want: []Finding{{Quote: 1, Part: "text", Term: "Abu Omar", Problem: `names "Abu Omar" of the redaction list`}}},
		{name: "ErrTermBehindBidiMark", quote: "We went to Tal\u200F Afar.", attribution: "a woman",
			want: []Finding{{Quote: 1, Part: "text", Term: "Tal Afar", Problem: `names "Tal Afar" of the redaction list`}}},
		{name: "ErrTermInHeading", group: "tal_afar Tal Afar", quote: "We had no food.", attribution: "a woman",
			want: []Finding{{Part: "heading", Term: "Tal Afar", Problem: `names "Tal Afar" of the redaction list`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &Bank{Item: "vulnerabilities/poverty", Group: tt.group, Quotes: []Quote{{Text: tt.quote, Attribution: tt.attribution}}}
			doc, parts := render(b)
			if got := scan(doc, parts, b, fig); !slices.Equal(got, tt.want) {
				t.Fatalf("findings %+v, want %+v\n%s", got, tt.want, doc)
			}
		})
	}
}
