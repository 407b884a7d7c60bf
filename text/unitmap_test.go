package text

import (
	"errors"
	"strings"
	"testing"
)

func TestParseUnitMap(t *testing.T) {
	tests := []struct {
		in, want string // want "" when in is refused
		err      string
	}{
		{in: "1:1", want: "1:1"},
		{in: "1:1,2-3:2,4:3-4", want: "1:1,2-3:2,4:3-4"},
		{in: "1-1:1-1,2:2", want: "1:1,2:2"},
		{in: "", err: "empty"},
		{in: "2:1", err: "group 1 \"2:1\": should begin at units 1:1"},
		{in: "1:1,3:2", err: "group 2 \"3:2\": should begin at units 2:2"},
		{in: "1:1,1:2", err: "should begin at units 2:2"},
		{in: "1-2:1,2:2", err: "should begin at units 3:2"},
		{in: "1", err: "want A:B"},
		{in: "1:1,", err: "group 2 \"\": want A:B"},
		{in: "0:1", err: "start at 1"},
		{in: "3-1:1", err: "runs backwards"},
		{in: "1:x", err: "second text: \"x\" is not a unit number"},
		{in: "1:+1", err: "is not a unit number"},
		{in: "1:1:1", err: "not a unit number"},
		{in: "1:1-2-3", err: "not a unit number"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			m, err := ParseUnitMap(tc.in)
			if tc.want == "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("ParseUnitMap(%q) = %v, %v; want an error with %q", tc.in, m, err, tc.err)
				}
				return
			}
			if err != nil || m.String() != tc.want {
				t.Fatalf("ParseUnitMap(%q) = %q, %v; want %q", tc.in, m.String(), err, tc.want)
			}
		})
	}
}

// The texts of the manual alignment tests: the interpreter ran the
// participant's two answers (turns 2 and 3 of the transcript, the second
// after a prompt "Mm.") into one, and split the last question in two.
const (
	manualEn = "Q: Where did you grow up?\nA: In Aleppo. It was loud.\nQ: Mm.\nA: Then we left.\nQ: Why?\nA: Because of the war."
	manualAr = "س: أين نشأت؟\nج: في حلب. كان صاخبًا. ثم غادرنا.\nس: لماذا؟\nس: لماذا غادرتم؟\nج: بسبب الحرب."
	// manualMap: 1:1, the answer, prompt and answer 2-4 with the one
	// answer 2, the question 5 with the two questions 3-4, 6 with 5.
	manualMap = "1:1,2-4:2,5:3-4,6:5"
)

func TestProjectionMap(t *testing.T) {
	if _, err := NewProjection(manualEn, manualAr); err == nil {
		t.Fatal("the test texts align without a map: they test nothing")
	}
	p, err := NewProjectionMap(manualEn, manualAr, manualMap)
	if err != nil {
		t.Fatal(err)
	}
	if p.Units() != 4 {
		t.Errorf("%d units, want 4", p.Units())
	}
	tests := []struct {
		name       string
		aToB       bool
		from, want string // want "" when nothing maps
	}{
		{"1:1 a to b", true, "Where did you grow up?", "أين نشأت؟"},
		{"n:1 a to b: a part of the group maps to the whole", true, "Then we left.", "في حلب. كان صاخبًا. ثم غادرنا."},
		{"n:1 b to a: the whole group, labels inside it too", false, "ثم غادرنا.", "In Aleppo. It was loud.\nQ: Mm.\nA: Then we left."},
		{"1:n a to b", true, "Why?", "لماذا؟\nس: لماذا غادرتم؟"},
		{"1:n b to a", false, "لماذا غادرتم؟", "Why?"},
		{"after the groups a to b", true, "war", "بسبب الحرب."},
		{"after the groups b to a", false, "الحرب", "Because of the war."},
		{"a label maps to nothing", true, "Q", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			from, to, project := manualEn, manualAr, p.AToB
			if !tc.aToB {
				from, to, project = manualAr, manualEn, p.BToA
			}
			s, e := spanOf(t, from, tc.from)
			gs, ge, ok := project(s, e)
			if tc.want == "" {
				if ok {
					t.Fatalf("%q maps to %q, want nothing", tc.from, string([]rune(to)[gs:ge]))
				}
				return
			}
			if !ok {
				t.Fatalf("%q maps to nothing, want %q", tc.from, tc.want)
			}
			if got := string([]rune(to)[gs:ge]); got != tc.want {
				t.Errorf("%q maps to %q, want %q", tc.from, got, tc.want)
			}
		})
	}
	// Unit starts are the groups'.
	a, b := p.UnitStarts()
	if len(a) != 4 || len(b) != 4 || string([]rune(manualEn)[a[1]:a[1]+2]) != "In" || string([]rune(manualAr)[b[2]:b[2]+2]) != "لم" {
		t.Errorf("unit starts %v %v", a, b)
	}
}

func TestProjectionMapRefused(t *testing.T) {
	tests := []struct {
		name, a, b, m string
		align         bool // the error is an *AlignError
		err           string
	}{
		{"no map, misaligned", manualEn, manualAr, "", true, "turn"},
		{"map of too few units", manualEn, manualAr, "1:1,2-4:2,5:3-4", false, "pairs 5 units of the first text with 4"},
		{"map of too many units", manualEn, manualAr, manualMap + ",7:6", false, "they have 6 and 5"},
		{"a map that does not parse", manualEn, manualAr, "1:1,,", false, "group 2"},
		{"the text changed: a turn less", manualEn, "س: أين نشأت؟\nج: في حلب.", manualMap, false, "the texts changed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewProjectionMap(tc.a, tc.b, tc.m)
			var ae *AlignError
			if err == nil || errors.As(err, &ae) != tc.align || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("err %v, want one with %q (align error %v)", err, tc.err, tc.align)
			}
			if _, _, err2 := AlignedUnits(tc.a, tc.b, tc.m); err2 == nil || err2.Error() != err.Error() {
				t.Errorf("AlignedUnits: %v, want %v", err2, err)
			}
		})
	}
}

func TestAlignedUnitsMap(t *testing.T) {
	ua, ub, err := AlignedUnits(manualEn, manualAr, manualMap)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := spanOf(t, manualEn, "Then we left")
	u, i, ok := AlignedUnit(ua, ub, s)
	if !ok || i != 1 || string([]rune(manualAr)[u.Start:u.End]) != "ج: في حلب. كان صاخبًا. ثم غادرنا." {
		t.Errorf("aligned unit of %q: %v %d %v", "Then we left", u, i, ok)
	}
	s, _ = spanOf(t, manualAr, "غادرتم")
	u, i, ok = AlignedUnit(ub, ua, s)
	if !ok || i != 2 || u.Speaker != "Q" || string([]rune(manualEn)[u.Start:u.End]) != "Q: Why?" {
		t.Errorf("aligned unit of %q: %v %d %v", "غادرتم", u, i, ok)
	}
	// Without a map, texts that Align accepts pair one to one.
	ua, ub, err = AlignedUnits(projAr, projEn, "")
	if err != nil || len(ua) != 6 || len(ub) != 6 {
		t.Errorf("aligned units without a map: %d %d %v", len(ua), len(ub), err)
	}
}

func FuzzParseUnitMap(f *testing.F) {
	for _, s := range []string{"1:1", manualMap, "1-2:1,3:2-9", "0:0", "1:1,", "9999999999:1", "1-:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseUnitMap(s)
		if err != nil {
			return
		}
		again, err := ParseUnitMap(m.String())
		if err != nil || again.String() != m.String() {
			t.Fatalf("ParseUnitMap(%q) = %q, which reads back as %q, %v", s, m.String(), again.String(), err)
		}
		na, nb := m[len(m)-1].A[1], m[len(m)-1].B[1]
		if err := m.Fits(na, nb); err != nil {
			t.Fatalf("%q does not fit its own units: %v", s, err)
		}
		for i, l := range m {
			if l.A[0] >= l.A[1] || l.B[0] >= l.B[1] {
				t.Fatalf("%q: group %d is empty: %+v", s, i+1, l)
			}
		}
	})
}

func FuzzProjectionMap(f *testing.F) {
	f.Add(manualEn, manualAr, manualMap, 3, 40)
	f.Add(projAr, projEn, "1:1,2-3:2-3,4-7:4-7", 0, 80)
	f.Fuzz(func(t *testing.T, a, b, m string, start, end int) {
		p, err := NewProjectionMap(a, b, m)
		if err != nil {
			return
		}
		for _, dir := range []struct {
			to      string
			project func(int, int) (int, int, bool)
		}{{b, p.AToB}, {a, p.BToA}} {
			s, e, ok := dir.project(start, end)
			if !ok {
				continue
			}
			if n := len([]rune(dir.to)); s < 0 || e > n || s >= e {
				t.Fatalf("project(%d, %d) = %d, %d outside the text (%d code points)", start, end, s, e, n)
			}
		}
	})
}
