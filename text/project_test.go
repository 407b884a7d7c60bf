package text

import (
	"strings"
	"testing"
)

// The texts of the projection tests: an Arabic transcript and its English
// translation, turn by turn. Turn 2 has two sentences in both (mapped
// sentence by sentence), turn 4 two in English and one in Arabic (mapped
// as a whole turn), turn 5 runs over two lines.
const (
	projAr = "المحاور: أين نشأت؟\nP-0042: في حلب، قرب السوق القديم. كان صاخبًا.\nالمحاور: ثم ماذا؟\nP-0042: ثم غادرنا.\nالمحاور: لماذا؟\nP-0042: بسبب الحرب. لم يبق شيء.\nولا أحد."
	projEn = "Interviewer: Where did you grow up?\nP-0042: In Aleppo, near the old market. It was loud.\nInterviewer: And then?\nP-0042: Then we left. We went north.\nInterviewer: Why?\nP-0042: Because of the war. Nothing was left.\nNo one."
)

// spanOf returns the code-point span of the first occurrence of sub in s.
func spanOf(t *testing.T, s, sub string) (int, int) {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, s)
	}
	start := len([]rune(s[:i]))
	return start, start + len([]rune(sub))
}

func TestProjection(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		// from is the span in the text that holds it (a: projected a to
		// b; b: b to a), want the projected text ("" when nothing maps).
		from string
		want string
	}{
		{name: "word to its sentence", a: projAr, b: projEn, from: "old market", want: "في حلب، قرب السوق القديم."},
		{name: "second sentence", a: projAr, b: projEn, from: "It was", want: "كان صاخبًا."},
		{name: "across sentences", a: projAr, b: projEn, from: "market. It", want: "في حلب، قرب السوق القديم. كان صاخبًا."},
		{name: "start in the blank after a sentence", a: projAr, b: projEn, from: " It was loud", want: "كان صاخبًا."},
		{name: "uneven sentences: whole turn", a: projAr, b: projEn, from: "We went", want: "ثم غادرنا."},
		{name: "rtl to ltr, uneven: whole turn", a: projAr, b: projEn, from: "غادرنا", want: "Then we left. We went north."},
		{name: "rtl to ltr sentence", a: projAr, b: projEn, from: "أين", want: "Where did you grow up?"},
		{name: "rtl to ltr second sentence", a: projAr, b: projEn, from: "صاخبًا", want: "It was loud."},
		{name: "speaker label left out", a: projAr, b: projEn, from: "Interviewer: And", want: "ثم ماذا؟"},
		{name: "only a speaker label", a: projAr, b: projEn, from: "Interviewer:", want: ""},
		{name: "rtl speaker label only", a: projAr, b: projEn, from: "المحاور:", want: ""},
		{name: "only the break between turns", a: projAr, b: projEn, from: "\n", want: ""},
		{name: "across turns", a: projAr, b: projEn, from: "loud.\nInterviewer: And then", want: "كان صاخبًا.\nالمحاور: ثم ماذا؟"},
		{name: "ending on the next label", a: projAr, b: projEn, from: "And then?\nP-0042:", want: "ثم ماذا؟"},
		{name: "turn over two lines, sentence on the second", a: projAr, b: projEn, from: "No one", want: "ولا أحد."},
		{name: "turn over two lines, whole", a: projAr, b: projEn, from: "بسبب الحرب. لم يبق شيء.\nولا أحد.", want: "Because of the war. Nothing was left.\nNo one."},
		{name: "only the blank between sentences", a: projAr, b: projEn, from: "market. ", want: "في حلب، قرب السوق القديم."},
		{name: "paragraphs", a: "First one. Second one.\nThird.", b: "Premier. Deuxième.\nTroisième.", from: "Second", want: "Deuxième."},
		{name: "paragraphs back", a: "First one. Second one.\nThird.", b: "Premier. Deuxième.\nTroisième.", from: "Troisième", want: "Third."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := NewProjection(tc.a, tc.b)
			if err != nil {
				t.Fatal(err)
			}
			src, dst, project := tc.a, tc.b, p.AToB
			if !strings.Contains(tc.a, tc.from) {
				src, dst, project = tc.b, tc.a, p.BToA
			}
			s, e := spanOf(t, src, tc.from)
			ps, pe, ok := project(s, e)
			got := ""
			if ok {
				got = string([]rune(dst)[ps:pe])
			}
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("%q projects to %q (ok %v), want %q", tc.from, got, ok, tc.want)
			}
		})
	}
}

// TestProjectionStable: a projected span projects back to a span that
// projects forward to itself, so that a passage coded in one text and
// shown in the other shows the same way again after a round trip.
func TestProjectionStable(t *testing.T) {
	p, err := NewProjection(projAr, projEn)
	if err != nil {
		t.Fatal(err)
	}
	n := len([]rune(projAr))
	for s := 0; s < n; s += 3 {
		for e := s + 1; e <= n; e += 7 {
			bs, be, ok := p.AToB(s, e)
			if !ok {
				continue
			}
			as, ae, ok := p.BToA(bs, be)
			if !ok {
				t.Fatalf("%d-%d → %d-%d does not project back", s, e, bs, be)
			}
			if bs2, be2, _ := p.AToB(as, ae); bs2 != bs || be2 != be {
				t.Fatalf("%d-%d → %d-%d → %d-%d → %d-%d", s, e, bs, be, as, ae, bs2, be2)
			}
		}
	}
}

// TestProjectionNested: a span inside another projects inside the other's
// projection (checked for every span and the two spans one code point
// shorter, which chain to every nested span), both ways. A reel's
// subtitles rely on it: each piece of a passage shows only words of the
// projection that was scanned for the redaction list (gate.withholdNamed).
func TestProjectionNested(t *testing.T) {
	p, err := NewProjection(projAr, projEn)
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []struct {
		name string
		n    int
		to   func(int, int) (int, int, bool)
	}{{"AToB", len([]rune(projAr)), p.AToB}, {"BToA", len([]rune(projEn)), p.BToA}} {
		for s := 0; s < dir.n; s++ {
			for e := s + 1; e <= dir.n; e++ {
				checkNested(t, dir.name, dir.to, s, e)
			}
		}
	}
}

// checkNested fails when a span one code point shorter than [s, e)
// projects (to) outside the projection of [s, e).
func checkNested(t *testing.T, name string, to func(int, int) (int, int, bool), s, e int) {
	t.Helper()
	ps, pe, pok := to(s, e)
	for _, in := range [][2]int{{s + 1, e}, {s, e - 1}} {
		is, ie, iok := to(in[0], in[1])
		if iok && (!pok || is < ps || ie > pe) {
			t.Fatalf("%s(%d, %d) = %d, %d (%v) lies outside %s(%d, %d) = %d, %d (%v)", name, in[0], in[1], is, ie, iok, name, s, e, ps, pe, pok)
		}
	}
}

func TestProjectionMisaligned(t *testing.T) {
	if _, err := NewProjection("A: one\nB: two", "A: un"); err == nil {
		t.Error("texts with different turn counts project")
	}
	p, err := NewProjection(projAr, projEn)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := p.UnitStarts(); len(a) != 6 || len(b) != 6 || p.Units() != 6 {
		t.Errorf("unit starts %v %v", a, b)
	}
	for _, sp := range [][2]int{{5, 5}, {7, 3}, {-10, -1}, {1000, 2000}} {
		if _, _, ok := p.AToB(sp[0], sp[1]); ok {
			t.Errorf("%v projects", sp)
		}
	}
}

func FuzzProjection(f *testing.F) {
	for _, s := range fuzzTexts {
		f.Add(s, s, 0, 10)
	}
	f.Add(projAr, projEn, 3, 40)
	f.Fuzz(func(t *testing.T, a, b string, start, end int) {
		p, err := NewProjection(a, b)
		if err != nil {
			return
		}
		s, e, ok := p.AToB(start, end)
		if !ok {
			return
		}
		if n := len([]rune(b)); s < 0 || e > n || s >= e {
			t.Fatalf("AToB(%d, %d) = %d, %d outside b (%d code points)", start, end, s, e, n)
		}
		if _, _, ok := p.BToA(s, e); !ok {
			t.Fatalf("AToB(%d, %d) = %d, %d does not project back", start, end, s, e)
		}
		checkNested(t, "AToB", p.AToB, start, end)
	})
}
