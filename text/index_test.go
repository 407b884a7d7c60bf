package text

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// indexByTokens is Index computed from Tokenize and NewMarks, as the
// stores did before Index: the reference it must equal.
func indexByTokens(s string) Indexed {
	toks := Tokenize(s)
	out := Indexed{Tokens: len(toks)}
	if len(toks) == 0 {
		return out
	}
	out.Marks = NewMarks(s, toks)
	at := map[string]int{}
	for i, t := range toks {
		k, ok := at[t.Norm]
		if !ok {
			k = len(out.Words)
			at[t.Norm] = k
			out.Words = append(out.Words, t.Norm)
			out.Positions = append(out.Positions, nil)
		}
		out.Positions[k] = append(out.Positions[k], i)
	}
	return out
}

// checkIndex fails t unless Index(s) equals indexByTokens(s).
func checkIndex(t *testing.T, s string) {
	t.Helper()
	got, want := Index(s), indexByTokens(s)
	if got.Tokens != want.Tokens || !bytes.Equal(got.Marks, want.Marks) || (got.Marks == nil) != (want.Marks == nil) ||
		!slices.Equal(got.Words, want.Words) || len(got.Positions) != len(want.Positions) {
		t.Fatalf("Index(%+q) = %d tokens, marks %v, words %q; Tokenize gives %d, %v, %q",
			s, got.Tokens, got.Marks, got.Words, want.Tokens, want.Marks, want.Words)
	}
	for i := range got.Positions {
		if !slices.Equal(got.Positions[i], want.Positions[i]) {
			t.Fatalf("Index(%+q): positions of %q %v, Tokenize gives %v", s, got.Words[i], got.Positions[i], want.Positions[i])
		}
	}
}

func TestIndexIsTokenize(t *testing.T) {
	long := strings.Repeat("The harbour, the HARBOUR; l'école 3.5 ½ \u0301 ــ ", 40) // marks every 32 tokens
	cases := append(slices.Clone(fuzzTexts),
		long,
		"ـ \u0301",                 // tokens that fold to nothing only
		"a\u00ADb c\u200D d\u200C", // ignorables inside and at the end of words
		"x我们y かな\u3099 ab1 2cd",    // ideographs beside ASCII
		"\xff\xfeabc\x80 def",      // invalid UTF-8
		"ǅemal ŉ İ i̇ ß SS ﬁ fi Ø ø æ Æ", // spellings that fold together
	)
	for _, s := range cases {
		checkIndex(t, s)
	}
}

func FuzzIndex(f *testing.F) {
	for _, s := range fuzzTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkIndex(t, s) })
}
