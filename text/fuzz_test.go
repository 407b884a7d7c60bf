package text

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// fuzzTexts seed the fuzzers with the scripts and shapes the package must
// handle.
var fuzzTexts = []string{
	"",
	"Interviewer: Where did you grow up?\nP-0042: In İstanbul'da. Then ISTANBUL!\n\nQ: Why?",
	"L'École est une école… «oui» 3.5 dinars.",
	"قال أَحمد: كَتَبَ الرسالةَ في المدرسة؟ نعم۔",
	"Я жил в МОСКВЕ.\r\nПотом — в Москве.",
	"我们去了北京。他没去。か\u3099な",
	"می\u200cخواهم ـ \u0301 a\xffb ﷺ ⑴ ﬁnance Straße",
}

func FuzzFold(f *testing.F) {
	for _, s := range fuzzTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := Fold(s)
		if again := Fold(folded); again != folded {
			t.Fatalf("Fold(%+q) = %+q, but Fold of that = %+q", s, folded, again)
		}
		if utf8.ValidString(s) && !utf8.ValidString(folded) {
			t.Fatalf("Fold(%+q) = %+q is not valid UTF-8", s, folded)
		}
	})
}

func FuzzTokenize(f *testing.F) {
	for _, s := range fuzzTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := utf8.RuneCountInString(s)
		prevEnd := 0
		for i, tok := range Tokenize(s) {
			if tok.Start < prevEnd || tok.Start >= tok.End || tok.End > n {
				t.Fatalf("token %d [%d,%d) out of order or outside [%d,%d]", i, tok.Start, tok.End, prevEnd, n)
			}
			if got := mustSlice(t, s, tok.Start, tok.End); got != tok.Text {
				t.Fatalf("token %d text %q, original slice %q", i, tok.Text, got)
			}
			if tok.Norm == "" || tok.Norm != Fold(tok.Text) {
				t.Fatalf("token %d norm %q, Fold of text %q", i, tok.Norm, Fold(tok.Text))
			}
			if r, _ := utf8.DecodeRuneInString(tok.Text); !isWordRune(r) {
				t.Fatalf("token %d %q does not begin with a letter, digit or mark", i, tok.Text)
			}
			prevEnd = tok.End
		}
	})
}

func FuzzParseQuery(f *testing.F) {
	for _, q := range append(slicesOf(
		"istanbul", `"new york"* OR (a NOT b)`, "NEAR(a b, 5)", "a NEAR/3 b NEAR/3 c",
		"a AND NOT b", "((a))", "a ()", `"`, "NEAR(", "-a", "a*b", "北京 كتب",
	), hostileQueries...) {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, err := ParseQuery(in)
		if err != nil {
			if msg := err.Error(); !strings.Contains(msg, "query: ") {
				t.Fatalf("error %q does not start with query:", msg)
			}
			return
		}
		if q.root == nil {
			t.Fatalf("ParseQuery(%q) gave an empty query without error", in)
		}
		fts, ts := q.FTS5(), q.TSQuery()
		checkFTS5Syntax(t, fts)
		checkTSQuerySyntax(t, ts)
		if strings.Count(fts, `"`)%2 != 0 || strings.Count(ts, `'`)%2 != 0 {
			t.Fatalf("unbalanced quotes: %s / %s", fts, ts)
		}
	})
}

// addFindSeeds seeds a fuzzer of (text, query) pairs.
func addFindSeeds(f *testing.F) {
	for i, s := range fuzzTexts {
		qs := []string{"istanbul", "ecole OR كتب", `"new york"`, "a NEAR/2 b", "mos*", "москве NOT x", "北京"}
		f.Add(s, qs[i%len(qs)])
	}
	f.Add("one two three four five", "NEAR(one four, 2)")
	f.Add("war x peace war peace", "war NEAR/1 peace OR x")
}

func FuzzFind(f *testing.F) {
	addFindSeeds(f)
	f.Fuzz(func(t *testing.T, s, query string) {
		q, err := ParseQuery(query)
		if err != nil {
			return
		}
		toks := Tokenize(s)
		starts, ends := map[int]Token{}, map[int]Token{}
		for _, tok := range toks {
			starts[tok.Start], ends[tok.End] = tok, tok
		}
		phrases := queryPhrases(q.root)
		prevEnd := -1
		for i, h := range Find(s, q) {
			if h.Start <= prevEnd || h.Start >= h.End || h.End > utf8.RuneCountInString(s) {
				t.Fatalf("hit %d [%d,%d) out of order, overlapping or outside the text", i, h.Start, h.End)
			}
			first, ok1 := starts[h.Start]
			last, ok2 := ends[h.End]
			if !ok1 || !ok2 {
				t.Fatalf("hit %d [%d,%d) does not start and end on tokens", i, h.Start, h.End)
			}
			if !anyPhrase(phrases, func(p *node) bool { return termMatches(p, 0, first.Norm) }) {
				t.Fatalf("hit %d begins with %q, which begins no phrase of %s", i, first.Norm, q.FTS5())
			}
			if !anyPhrase(phrases, func(p *node) bool { return termMatches(p, len(p.terms)-1, last.Norm) }) {
				t.Fatalf("hit %d ends with %q, which ends no phrase of %s", i, last.Norm, q.FTS5())
			}
			prevEnd = h.End - 1
		}
	})
}

func FuzzKWIC(f *testing.F) {
	for i, s := range fuzzTexts {
		f.Add(s, i, i+5, 3*i)
	}
	f.Fuzz(func(t *testing.T, s string, start, end, width int) {
		width %= 1000 // wider adds nothing but time
		l := KWIC(s, start, end, width)
		n := utf8.RuneCountInString(s)
		if l.Start < 0 || l.Start > l.End || l.End > n {
			t.Fatalf("KWIC(%d, %d) = [%d,%d), outside [0,%d]", start, end, l.Start, l.End, n)
		}
		checkLine(t, s, l, width)
		for _, r := range l.Before + l.After {
			if isLineBreak(r) {
				t.Fatalf("line break in context %q / %q", l.Before, l.After)
			}
		}
	})
}

func FuzzPassage(f *testing.F) {
	for i, s := range fuzzTexts {
		f.Add(s, 7*i)
	}
	f.Fuzz(func(t *testing.T, s string, at int) {
		n := utf8.RuneCountInString(s)
		ps, pe := Paragraph(s, at)
		ss, se := Sentence(s, at)
		ts, te := Turn(s, at)
		for _, sp := range [][2]int{{ps, pe}, {ss, se}, {ts, te}} {
			if sp[0] < 0 || sp[0] > sp[1] || sp[1] > n {
				t.Fatalf("span [%d,%d) outside [0,%d]", sp[0], sp[1], n)
			}
			text := mustSlice(t, s, sp[0], sp[1])
			if text != strings.TrimFunc(text, unicode.IsSpace) {
				t.Fatalf("span %q not trimmed", text)
			}
		}
		if strings.ContainsFunc(mustSlice(t, s, ps, pe), isLineBreak) {
			t.Fatalf("paragraph [%d,%d) holds a line break", ps, pe)
		}
		if ps < pe && (ss < ps || se > pe) {
			t.Fatalf("sentence [%d,%d) outside paragraph [%d,%d)", ss, se, ps, pe)
		}
		if ps < pe && (ps < ts || pe > te) {
			t.Fatalf("paragraph [%d,%d) outside turn [%d,%d)", ps, pe, ts, te)
		}
	})
}

// queryPhrases returns the phrases of a query that can produce hits: all but
// those on the right of a NOT.
func queryPhrases(n *node) []*node {
	switch n.kind {
	case kindPhrase:
		return []*node{n}
	case kindNot:
		return queryPhrases(n.kids[0])
	}
	var out []*node
	for _, k := range n.kids {
		out = append(out, queryPhrases(k)...)
	}
	return out
}

func anyPhrase(phrases []*node, f func(*node) bool) bool {
	for _, p := range phrases {
		if f(p) {
			return true
		}
	}
	return false
}

// termMatches reports whether word matches term i of phrase p.
func termMatches(p *node, i int, word string) bool {
	if p.prefix && i == len(p.terms)-1 {
		return strings.HasPrefix(word, p.terms[i])
	}
	return word == p.terms[i]
}

func slicesOf(s ...string) []string { return s }
