package text

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// postingsOf builds the postings an index would hold for s, for the terms
// q needs, from Tokenize: the reference FindPositions must agree with.
func postingsOf(s string, q Query) Postings {
	exact, prefixes := q.Terms()
	p := Postings{Exact: map[string][]int{}, Prefix: map[string][]int{}}
	for i, t := range Tokenize(s) {
		if slices.Contains(exact, t.Norm) {
			p.Exact[t.Norm] = append(p.Exact[t.Norm], i)
		}
		for _, pre := range prefixes {
			if strings.HasPrefix(t.Norm, pre) {
				p.Prefix[pre] = append(p.Prefix[pre], i)
			}
		}
	}
	return p
}

// checkPositions fails unless FindPositions on the postings of s, mapped to
// offsets through TokensAt and the marks of s, gives Find's hits, and
// KWICAt gives KWIC's lines.
func checkPositions(t *testing.T, s, query string) {
	t.Helper()
	q, err := ParseQuery(query)
	if err != nil {
		return
	}
	toks := Tokenize(s)
	marks := NewMarks(s, toks)
	want := Find(s, q)
	spans := FindPositions(q, postingsOf(s, q))
	var pos []int
	for _, sp := range spans {
		if sp.From < 0 || sp.To > len(toks) || sp.From >= sp.To {
			t.Fatalf("%q in %q: span %v outside the %d tokens", query, s, sp, len(toks))
		}
		pos = append(pos, sp.From, sp.To-1)
	}
	placed, err := TokensAt(s, marks, pos)
	if err != nil {
		t.Fatalf("%q in %q: TokensAt: %v", query, s, err)
	}
	if n := len(toks); n > 0 && marks.Last() != toks[(n-1)/MarkEvery*MarkEvery].Start {
		t.Fatalf("%q: marks' last %d, the last marked token begins at %d", s, marks.Last(), toks[(n-1)/MarkEvery*MarkEvery].Start)
	}
	var got []Hit
	for i := range spans {
		first, last := placed[2*i], placed[2*i+1]
		if first.Token != toks[spans[i].From] || last.Token != toks[spans[i].To-1] {
			t.Fatalf("%q in %q: TokensAt gave %+v/%+v, Tokenize %+v/%+v", query, s, first.Token, last.Token, toks[spans[i].From], toks[spans[i].To-1])
		}
		got = append(got, Hit{Start: first.Start, End: last.End})
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%q in %q: from positions %v, Find %v", query, s, got, want)
	}
	for _, width := range []int{0, 1, 5, 60} {
		for i, l := range KWICLines(s, want, width) {
			if at := KWICAt(s, placed[2*i].Byte, want[i].Start, want[i].End, width); at != l {
				t.Fatalf("%q in %q width %d: KWICAt %+v, KWIC %+v", query, s, width, at, l)
			}
		}
		// The prefix Marks.Prefix asks for the hits up to each one gives
		// their tokens and lines as the whole text does (a store reads
		// only that much of a long transcript for a search page).
		last := -1
		for i := range spans {
			last = max(last, pos[2*i+1])
			cps, cut, whole := marks.Prefix(last, width)
			if whole {
				continue
			}
			prefix := s
			if r := []rune(s); cps < len(r) {
				prefix = string(r[:cps])
			}
			got, err := TokensAt(prefix, cut, pos[:2*i+2])
			if err != nil || !slices.Equal(got, placed[:2*i+2]) {
				t.Fatalf("%q in %q width %d, hits to %d: prefix of %d code points: TokensAt %+v, %v; whole text %+v", query, s, width, i, cps, got, err, placed[:2*i+2])
			}
			for j := 0; j <= i; j++ {
				if at, whole := KWICAt(prefix, got[2*j].Byte, want[j].Start, want[j].End, width), KWICAt(s, placed[2*j].Byte, want[j].Start, want[j].End, width); at != whole {
					t.Fatalf("%q in %q width %d, hit %d of %d: prefix of %d code points: KWICAt %+v, whole text %+v", query, s, width, j, i, cps, at, whole)
				}
			}
		}
	}
}

func TestFindPositionsMatchesFind(t *testing.T) {
	texts := append(slices.Clone(fuzzTexts), syntheticText(3000))
	queries := []string{
		"istanbul", "ecole", "كتب", "москве", "北京", "the", "radical*", `"the group"`,
		`"young men" OR famil*`, "group NOT money", "NEAR(the group, 2)", "the NEAR/0 group",
		"NEAR(كتب المدرسه, 5)", `"l ecole"* AND oui`, "(istanbul OR москве) the", "finance strasse",
		`"семья война"*`, "x NOT y", "a* b*", "NEAR(a* b* c, 1000000)",
	}
	for _, s := range texts {
		for _, q := range queries {
			t.Run(fmt.Sprintf("%.12s/%s", s, q), func(t *testing.T) { checkPositions(t, s, q) })
		}
	}
}

// TestTokensAtAnyOrder: positions asked in any order, again, within one
// mark's tokens or across marks, give Tokenize's tokens (TokensAt goes on
// from the last token found when it can).
func TestTokensAtAnyOrder(t *testing.T) {
	s := syntheticText(2000) + " l'école ½ МОСКВЕ كتب"
	toks := Tokenize(s)
	marks := NewMarks(s, toks)
	n := len(toks)
	var shuffled []int
	for i := 0; i < n; i++ {
		shuffled = append(shuffled, (i*7919)%n)
	}
	for _, c := range []struct {
		name string
		pos  []int
	}{
		{"ascending, each twice", func() []int {
			var p []int
			for i := range n {
				p = append(p, i, i)
			}
			return p
		}()},
		{"descending", func() []int {
			var p []int
			for i := n - 1; i >= 0; i-- {
				p = append(p, i)
			}
			return p
		}()},
		{"within a mark, skipping", []int{1, 3, 3, 30, 31, 32, 33, 63, 64, 2}},
		{"last of a mark then first of the next", []int{MarkEvery - 1, MarkEvery, MarkEvery - 1, MarkEvery - 2}},
		{"shuffled", shuffled},
		{"the last token", []int{n - 1, n - 1, 0, n - 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			placed, err := TokensAt(s, marks, c.pos)
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range c.pos {
				if placed[i].Token != toks[p] || s[placed[i].Byte:][:len(toks[p].Text)] != toks[p].Text {
					t.Fatalf("position %d (asked %d-th): %+v, Tokenize %+v", p, i, placed[i], toks[p])
				}
			}
		})
	}
}

func TestTokensAtRejectsForeignMarks(t *testing.T) {
	s := syntheticText(500)
	marks := NewMarks(s, Tokenize(s))
	for _, c := range []struct {
		name  string
		s     string
		marks Marks
		pos   []int
	}{
		{"past the last token", s, marks, []int{len(Tokenize(s))}},
		{"negative", s, marks, []int{-1}},
		{"truncated varint", s, Marks{0x80}, []int{0}},
		{"marks of a longer text", "short text", marks, []int{40}},
		{"mark not on a word", " " + s, NewMarks(s, Tokenize(s))[:2], []int{0}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := TokensAt(c.s, c.marks, c.pos); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestIndexableNorms(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"İstanbul'da école كَتَبَ Москве 北京", true},
		{"half ½ a cup", false}, // NFKD: 1⁄2, the fraction slash splits in an index
		{"ﬁnance Straße", true},
	} {
		if got := IndexableNorms(Tokenize(c.s)); got != c.want {
			t.Errorf("IndexableNorms(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

func FuzzFindPositions(f *testing.F) {
	addFindSeeds(f)
	f.Fuzz(func(t *testing.T, s, query string) { checkPositions(t, s, query) })
}
