package ownwords

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// TestDiffText checks the changes found between texts: one per changed
// place, narrowed to the code points that differ, on offsets of both.
func TestDiffText(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		want           []TextEdit
	}{
		{"same", "a\nb\n", "a\nb\n", nil},
		{"insert in a line", "We left.\n", "We all left.\n", []TextEdit{{3, 3, 3, 7}}},
		{"delete", "We all left.\n", "We left.\n", []TextEdit{{3, 7, 3, 3}}},
		{"replace", "the cat sat\n", "the dog sat\n", []TextEdit{{4, 7, 4, 7}}},
		{"two distant lines", "one\ntwo\nthree\nfour\n", "One\ntwo\nthree\nfours\n", []TextEdit{{0, 1, 0, 1}, {18, 18, 18, 19}}},
		{"line inserted", "a\nc\n", "a\nb\nc\n", []TextEdit{{2, 2, 2, 4}}},
		{"line removed", "a\nb\nc\n", "a\nc\n", []TextEdit{{2, 4, 2, 2}}},
		{"from empty", "", "hi", []TextEdit{{0, 0, 0, 2}}},
		{"to empty", "hi\n", "", []TextEdit{{0, 3, 0, 0}}},
		{"no final newline", "a\nbc", "a\nbxc", []TextEdit{{3, 3, 3, 4}}},
		{"code points not bytes", "Ça été\n", "Ça a été\n", []TextEdit{{3, 3, 3, 5}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := DiffText(tc.old, tc.new); !slices.Equal(got, tc.want) {
				t.Errorf("DiffText(%q, %q) = %v, want %v", tc.old, tc.new, got, tc.want)
			}
		})
	}
}

// TestMoveRange moves the passage "no food" (code points 7..14 of
// "We had no food then.\nAnd water.\n") through edits around and in it.
func TestMoveRange(t *testing.T) {
	const old = "We had no food then.\nAnd water.\n"
	for _, tc := range []struct {
		name, new  string
		start, end int
		broken     bool
	}{
		{"unchanged", old, 7, 14, false},
		{"insert before", "Then we had no food then.\nAnd water.\n", 12, 19, false},
		{"insert just before", "We had really no food then.\nAnd water.\n", 14, 21, false},
		{"insert just after", "We had no food at all then.\nAnd water.\n", 7, 14, false},
		{"insert after", "We had no food then.\nAnd no water.\n", 7, 14, false},
		{"insert inside", "We had no fresh food then.\nAnd water.\n", 7, 20, true},
		{"replace inside", "We had no meat then.\nAnd water.\n", 7, 14, true},
		{"delete across the start", "We ha food then.\nAnd water.\n", 5, 10, true},
		{"delete across the end", "We had no fthen.\nAnd water.\n", 7, 11, true},
		{"delete the passage", "We had  then.\nAnd water.\n", 7, 7, true},
		{"delete the line", "And water.\n", 0, 0, true},
		{"edit another line", "We had no food then.\nAnd no water.\n", 7, 14, false},
		{"line inserted before", "Hello.\nWe had no food then.\nAnd water.\n", 14, 21, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, e, broken := MoveRange(DiffText(old, tc.new), 7, 14)
			if s != tc.start || e != tc.end || broken != tc.broken {
				t.Fatalf("MoveRange = %d..%d broken %v, want %d..%d broken %v", s, e, broken, tc.start, tc.end, tc.broken)
			}
			if !broken {
				if got, _ := Slice(tc.new, s, e); got != "no food" {
					t.Errorf("moved passage reads %q, want %q", got, "no food")
				}
			}
		})
	}
}

// TestMoveAnchors checks that turn-start anchors follow their turns, stay
// at a turn's start when its beginning is retyped, and are dropped when
// their text is deleted.
func TestMoveAnchors(t *testing.T) {
	const old = "Q: Where?\nA: Home.\nQ: When?\n"
	anchors := []TimeAnchor{{0, 1000}, {10, 5000}, {19, 9000}}
	for _, tc := range []struct {
		name, new string
		want      []TimeAnchor
	}{
		{"typo in the first turn", "Q: Where to?\nA: Home.\nQ: When?\n", []TimeAnchor{{0, 1000}, {13, 5000}, {22, 9000}}},
		{"retyped turn start", "Q: Where?\nI: Home.\nQ: When?\n", []TimeAnchor{{0, 1000}, {10, 5000}, {19, 9000}}},
		{"second turn deleted", "Q: Where?\nQ: When?\n", []TimeAnchor{{0, 1000}, {10, 9000}}},
		{"text before everything", "Hello.\nQ: Where?\nA: Home.\nQ: When?\n", []TimeAnchor{{0, 1000}, {17, 5000}, {26, 9000}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := MoveAnchors(DiffText(old, tc.new), anchors)
			if !slices.Equal(got, tc.want) {
				t.Errorf("MoveAnchors = %v, want %v", got, tc.want)
			}
			if err := CheckAnchors(got, len([]rune(tc.new))); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestMergeAnchors: typed timestamps win over kept anchors at their offset
// or out of time order with them.
func TestMergeAnchors(t *testing.T) {
	kept := []TimeAnchor{{0, 1000}, {10, 5000}, {20, 9000}}
	for _, tc := range []struct {
		name  string
		typed []TimeAnchor
		want  []TimeAnchor
	}{
		{"none", nil, kept},
		{"between", []TimeAnchor{{15, 7000}}, []TimeAnchor{{0, 1000}, {10, 5000}, {15, 7000}, {20, 9000}}},
		{"same offset", []TimeAnchor{{10, 6000}}, []TimeAnchor{{0, 1000}, {10, 6000}, {20, 9000}}},
		{"out of order drops kept", []TimeAnchor{{5, 8000}}, []TimeAnchor{{0, 1000}, {5, 8000}, {20, 9000}}},
		{"after all", []TimeAnchor{{30, 9500}}, []TimeAnchor{{0, 1000}, {10, 5000}, {20, 9000}, {30, 9500}}},
		{"before all, later time", []TimeAnchor{{0, 9800}}, []TimeAnchor{{0, 9800}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := MergeAnchors(kept, tc.typed)
			if !slices.Equal(got, tc.want) {
				t.Errorf("MergeAnchors = %v, want %v", got, tc.want)
			}
			if err := CheckAnchors(got, 40); err != nil {
				t.Error(err)
			}
		})
	}
}

// FuzzDiffText checks DiffText and MoveRange on any pair of texts: the
// changes are in order and disjoint, applying them to the old text gives
// the new one, and a passage MoveRange does not call broken reads the same
// after the move.
func FuzzDiffText(f *testing.F) {
	f.Add("We had no food.\nPrices rose.\n", "We had no bread.\nPrices rose a lot.\n", 3, 9)
	f.Add("a\nb\nc\n", "a\nc\n", 0, 4)
	f.Add("", "new", 0, 0)
	f.Add("Ça été\n", "Ça a été\n", 1, 5)
	f.Fuzz(func(t *testing.T, old, new string, s, e int) {
		if !utf8.ValidString(old) || !utf8.ValidString(new) {
			return
		}
		or, nr := []rune(old), []rune(new)
		edits := DiffText(old, new)
		var b []rune
		prev := 0
		for i, x := range edits {
			if x.OldStart < prev || x.OldEnd < x.OldStart || x.NewEnd < x.NewStart || x.OldEnd > len(or) || x.NewEnd > len(nr) ||
				(i > 0 && x.NewStart < edits[i-1].NewEnd) {
				t.Fatalf("edits out of order or range: %v", edits)
			}
			b = append(b, or[prev:x.OldStart]...)
			b = append(b, nr[x.NewStart:x.NewEnd]...)
			prev = x.OldEnd
		}
		b = append(b, or[prev:]...)
		if string(b) != new {
			t.Fatalf("applying %v to %q gives %q, want %q", edits, old, string(b), new)
		}
		if s < 0 || e <= s || e > len(or) {
			return
		}
		ns, ne, broken := MoveRange(edits, s, e)
		if broken {
			return
		}
		if ns < 0 || ne > len(nr) || string(nr[ns:ne]) != string(or[s:e]) {
			t.Fatalf("passage %d..%d %q moved to %d..%d, not broken, reads %q", s, e, string(or[s:e]), ns, ne, string(nr[max(0, min(ns, len(nr))):max(0, min(ne, len(nr)))]))
		}
	})
}
