package sqldb

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"ownwords/text"
)

// entryByTokens is prepareIndex computed from text.Tokenize and
// text.NewMarks, as it was before text.Index: the reference it must equal
// byte for byte (the rows it writes are the stored format).
func entryByTokens(transcript string) indexEntry {
	toks := text.Tokenize(transcript)
	e := indexEntry{tokens: len(toks)}
	if len(toks) == 0 {
		return e
	}
	e.marks = []byte(text.NewMarks(transcript, toks))
	pos := map[string][]int{}
	for i, t := range toks {
		pos[t.Norm] = append(pos[t.Norm], i)
	}
	e.terms = sortedKeys(pos)
	e.tfs = make([]int32, len(e.terms))
	e.buckets = make([][]byte, posBuckets)
	for i, w := range e.terms {
		e.tfs[i] = int32(len(pos[w]))
		b := posBucket(w)
		e.buckets[b] = appendPositions(e.buckets[b], w, pos[w])
	}
	return e
}

func TestPrepareIndexIsTokenize(t *testing.T) {
	words := []string{"the", "The", "THE", "hisbah", "food", "école", "ÉCOLE", "İstanbul'da", "الحِسْبَةِ", "Москве",
		"½", "ﬁnance", "Straße", "我们", "かな\u3099", "ـ", "\u0301", "a\u00ADb", "x\u200D", "3.5"}
	rng := rand.New(rand.NewPCG(3, 5))
	cases := []string{"", "   ", "ـ \u0301", "one"}
	for range 20 {
		var b strings.Builder
		for range rng.IntN(3000) {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteString([]string{" ", " ", ", ", ".\n", ""}[rng.IntN(5)])
		}
		cases = append(cases, b.String())
	}
	for i, s := range cases {
		if got, want := prepareIndex(s), entryByTokens(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d (%d bytes): prepareIndex differs from the Tokenize reference:\n got %d tokens, terms %q\nwant %d tokens, terms %q",
				i, len(s), got.tokens, got.terms, want.tokens, want.terms)
		}
	}
}
