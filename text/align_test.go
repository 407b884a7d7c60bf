package text

import (
	"errors"
	"strings"
	"testing"
)

func TestAlign(t *testing.T) {
	const enTurns = "Interviewer: Where did you grow up?\nP-0042: In Aleppo, near the old market.\nIt was loud.\nInterviewer: And then?\nP-0042: Then we left."
	const arTurns = "المحاور: أين نشأت؟\nP-0042: في حلب، قرب السوق القديم.\nكان صاخبًا.\nالمحاور: ثم ماذا؟\nP-0042: ثم غادرنا."
	tests := []struct {
		name   string
		a, b   string
		pairs  int
		turns  bool
		unit   int      // failing unit, 0 when the texts align
		inErr  []string // substrings of the error
		speaks []string // speakers of a's units when aligned
	}{
		{name: "arabic rtl turns", a: arTurns, b: enTurns, pairs: 4, turns: true,
			speaks: []string{"المحاور", "P-0042", "المحاور", "P-0042"}},
		{name: "paragraphs", a: "Premier paragraphe.\n\nDeuxième.\n", b: "First paragraph.\nSecond.", pairs: 2},
		{name: "empty", a: "", b: " \n", pairs: 0},
		{name: "preamble before labels", a: "Recorded 3 May.\nQ: Why?\nA: Because.", b: "Enregistré le 3 mai.\nQ : Pourquoi ?\nR : Parce que.", pairs: 3, turns: true},
		{name: "mismatched speaker", a: enTurns, b: "المحاور: أين نشأت؟\nP-0042: في حلب.\nP-0042: ثم ماذا؟\nP-0042: ثم غادرنا.",
			turns: true, unit: 3, inErr: []string{"turn 3", `speaker "Interviewer" was "المحاور" in the second at turn 1`, "Interviewer", "P-0042", "And then?"}},
		{name: "extra turn", a: enTurns + "\nInterviewer: Thank you.", b: arTurns,
			turns: true, unit: 5, inErr: []string{"turn 5", "5 turns, the second 4", "Thank you.", "the second: nothing"}},
		{name: "speaker merged in the other", a: "A: one\nB: two", b: "X: un\nX: deux",
			turns: true, unit: 2, inErr: []string{"turn 2", `speaker "X" of the second was "A" in the first text`}},
		{name: "turns against paragraphs", a: enTurns, b: "Where did you grow up?\nIn Aleppo.",
			turns: true, unit: 1, inErr: []string{"turn 1", "the first text has speaker turns and the second none"}},
		{name: "extra paragraph", a: "one\ntwo\nthree", b: "un\ndeux",
			unit: 3, inErr: []string{"paragraph 3", "3 paragraphs, the second 2", `"three"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pairs, err := Align(tc.a, tc.b)
			if tc.unit > 0 {
				var ae *AlignError
				if !errors.As(err, &ae) {
					t.Fatalf("Align = %v, %v; want an AlignError", pairs, err)
				}
				if ae.Unit != tc.unit || ae.Turns != tc.turns {
					t.Errorf("unit %d turns %v, want %d %v: %v", ae.Unit, ae.Turns, tc.unit, tc.turns, err)
				}
				for _, s := range tc.inErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q lacks %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(pairs) != tc.pairs {
				t.Fatalf("%d pairs, want %d: %+v", len(pairs), tc.pairs, pairs)
			}
			ra, rb := []rune(tc.a), []rune(tc.b)
			for i, p := range pairs {
				if tc.speaks != nil && p.A.Speaker != tc.speaks[i] {
					t.Errorf("pair %d speaker %q, want %q", i+1, p.A.Speaker, tc.speaks[i])
				}
				// Every unit is a trimmed, non-empty span of its text.
				for _, u := range []struct {
					rs []rune
					u  Unit
				}{{ra, p.A}, {rb, p.B}} {
					s := string(u.rs[u.u.Start:u.u.End])
					if s == "" || strings.TrimSpace(s) != s {
						t.Errorf("pair %d: span %q not trimmed", i+1, s)
					}
				}
			}
		})
	}
}

// TestUnitsTurnSpans checks that a turn unit is the span Turn returns for
// any code point inside it, multi-line turns included.
func TestUnitsTurnSpans(t *testing.T) {
	s := "Intro line.\nالمحاور: سؤال\n  second line\n\nP-0042: جواب"
	units, turns := Units(s)
	if !turns || len(units) != 3 {
		t.Fatalf("Units = %+v, %v", units, turns)
	}
	for _, u := range units[1:] {
		for at := u.Start; at < u.End; at++ {
			if st, en := Turn(s, at); st != u.Start || en != u.End {
				t.Fatalf("Turn(%d) = %d,%d, unit %+v", at, st, en, u)
			}
		}
	}
	if units[1].Speaker != "المحاور" || units[2].Speaker != "P-0042" || units[0].Speaker != "" {
		t.Errorf("speakers %+v", units)
	}
}

func TestAlignedUnit(t *testing.T) {
	ar := "المحاور: أين كنت؟\n\nP-1: في حلب\nمع أخي"
	en := "Interviewer: Where were you?\n\nP-1: In Aleppo\nwith my brother"
	ua, _ := Units(ar)
	ue, _ := Units(en)
	ra := []rune(ar)
	tests := []struct {
		name string
		at   int
		want int // index of the unit of en, -1 for none
	}{
		{"first turn's label", 0, 0},
		{"first turn's last letter", ua[0].End - 1, 0},
		{"blank line between turns", ua[0].End + 1, -1},
		{"second turn's continuation line", ua[1].End - 2, 1},
		{"past the end", len(ra), -1},
	}
	for _, tt := range tests {
		u, i, ok := AlignedUnit(ua, ue, tt.at)
		switch {
		case tt.want < 0 && ok:
			t.Errorf("%s: got unit %d %+v, want none", tt.name, i, u)
		case tt.want >= 0 && (!ok || i != tt.want || u != ue[tt.want]):
			t.Errorf("%s: got %d %+v %v, want unit %d %+v", tt.name, i, u, ok, tt.want, ue[tt.want])
		}
	}
	if _, _, ok := AlignedUnit(ua, ue[:1], ua[1].Start); ok {
		t.Error("a unit past the end of to was found")
	}
}

func FuzzAlign(f *testing.F) {
	f.Add("Q: a\nA: b", "Q: x\nA: y")
	f.Add("المحاور: أين؟\nP-1: هنا", "Interviewer: Where?\nP-1: Here")
	f.Add("one\n\ntwo", "un\r\ndeux")
	f.Fuzz(func(t *testing.T, a, b string) {
		pairs, err := Align(a, b)
		if err != nil {
			var ae *AlignError
			if !errors.As(err, &ae) || ae.Unit < 1 {
				t.Fatalf("error %v is not an AlignError with a unit", err)
			}
			return
		}
		ra, rb := []rune(a), []rune(b)
		for _, p := range pairs {
			if p.A.Start < 0 || p.A.End > len(ra) || p.A.Start >= p.A.End || p.B.Start < 0 || p.B.End > len(rb) || p.B.Start >= p.B.End {
				t.Fatalf("bad pair %+v", p)
			}
		}
		// Every place of a maps to a unit of b, or none, inside b.
		ua, _ := Units(a)
		ub, _ := Units(b)
		p, err := NewProjection(a, b)
		if err != nil {
			t.Fatalf("NewProjection of texts that align: %v", err)
		}
		for at := 0; at <= len(ra); at++ {
			if u, i, ok := AlignedUnit(ua, ub, at); ok && (u != pairs[i].B || at < pairs[i].A.Start || at >= pairs[i].A.End) {
				t.Fatalf("AlignedUnit(%d) = %d %+v, pair %+v", at, i, u, pairs[i])
			}
			if s, e, ok := p.AToB(at, len(ra)); ok && (s < 0 || e > len(rb) || s >= e) {
				t.Fatalf("AToB(%d, end) = %d, %d", at, s, e)
			}
			if s, e, ok := p.BToA(min(at, len(rb)), len(rb)); ok && (s < 0 || e > len(ra) || s >= e) {
				t.Fatalf("BToA(%d, end) = %d, %d", min(at, len(rb)), s, e)
			}
		}
		// Alignment is symmetric.
		back, err := Align(b, a)
		if err != nil || len(back) != len(pairs) {
			t.Fatalf("Align(b, a) = %d pairs, %v; Align(a, b) %d", len(back), err, len(pairs))
		}
	})
}
