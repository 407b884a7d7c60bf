package text

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// syntheticText returns a deterministic transcript of n words in English,
// French, Turkish, Arabic and Russian, with punctuation, speaker labels and
// line breaks.
func syntheticText(n int) string {
	words := []string{
		"the", "group", "recruited", "young", "men", "radicalisation", "family", "money",
		"école", "quartier", "aujourd'hui", "İstanbul'da", "kaldım", "arkadaşlarım",
		"كَتَبَ", "المدرسة", "أحمد", "الجماعة", "Москве", "война", "семья",
	}
	rng := rand.New(rand.NewPCG(42, 7))
	var b strings.Builder
	b.WriteString("Interviewer: ")
	for i := range n {
		b.WriteString(words[rng.IntN(len(words))])
		switch {
		case i%97 == 96:
			b.WriteString(".\nP-0042: ")
		case i%89 == 88:
			b.WriteString("?\nInterviewer: ")
		case i%13 == 12:
			b.WriteString(", ")
		default:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func BenchmarkTokenize(b *testing.B) {
	s := syntheticText(10_000)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Tokenize(s)
	}
}

func BenchmarkFind(b *testing.B) {
	s := syntheticText(10_000)
	q := mustParseQuery(b, `(istanbul OR "the group" OR radical*) NOT nothing AND NEAR(كتب المدرسه, 5)`)
	if len(Find(s, q)) == 0 {
		b.Fatal("benchmark query finds nothing")
	}
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Find(s, q)
	}
}

func BenchmarkKWICLines(b *testing.B) {
	s := syntheticText(10_000)
	hits := Find(s, mustParseQuery(b, "radical*"))
	for b.Loop() {
		KWICLines(s, hits, 40)
	}
}

// BenchmarkProjection prepares the projection of a 10,000-word transcript
// with speaker turns onto its "translation" (here the same text, which
// aligns), as the side-by-side page does on every view, and maps a span;
// BenchmarkAlign, in the same run, is the alignment alone it builds on.
func BenchmarkProjection(b *testing.B) {
	s := syntheticText(10_000)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		p, err := NewProjection(s, s)
		if err != nil {
			b.Fatal(err)
		}
		p.AToB(1000, 1200)
	}
}

func BenchmarkAlign(b *testing.B) {
	s := syntheticText(10_000)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if _, err := Align(s, s); err != nil {
			b.Fatal(err)
		}
	}
}
