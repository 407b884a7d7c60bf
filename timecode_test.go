package ownwords

import (
	"slices"
	"strings"
	"testing"
)

func TestSpanOf(t *testing.T) {
	anchors := []TimeAnchor{{Offset: 10, Ms: 5000}, {Offset: 40, Ms: 12500}, {Offset: 80, Ms: 30000}}
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		start, end int
		want       TimeSpan
	}{
		{0, 5, TimeSpan{0, f(5)}},       // before the first anchor
		{10, 20, TimeSpan{5, f(12.5)}},  // at an anchor
		{15, 40, TimeSpan{5, f(12.5)}},  // ends at the next anchor
		{15, 41, TimeSpan{5, f(30)}},    // runs into the next turn
		{45, 60, TimeSpan{12.5, f(30)}}, // inside a turn
		{85, 90, TimeSpan{Start: 30}},   // last turn: open end
		{40, 80, TimeSpan{12.5, f(30)}}, // exactly one turn
		{79, 81, TimeSpan{12.5, nil}},   // over the last anchor
	} {
		got, ok := SpanOf(anchors, tc.start, tc.end)
		if !ok || got.Start != tc.want.Start || (got.End == nil) != (tc.want.End == nil) || (got.End != nil && *got.End != *tc.want.End) {
			t.Errorf("SpanOf(%d, %d) = %v %v, want %v %v", tc.start, tc.end, got.Start, got.End, tc.want.Start, tc.want.End)
		}
	}
	if _, ok := SpanOf(nil, 0, 1); ok {
		t.Error("SpanOf without anchors reported a span")
	}
}

func TestReanchor(t *testing.T) {
	old := "A: first turn here.\nB: second turn, long enough.\nA: third turn is also here.\nB: fourth.\n"
	at := func(s, sub string) int { return len([]rune(s[:strings.Index(s, sub)])) }
	anchors := []TimeAnchor{{0, 1000}, {at(old, "B: second"), 2000}, {at(old, "A: third"), 3000}, {at(old, "B: fourth"), 4000}}
	for _, tc := range []struct {
		name string
		new  string
		want []string // the turns whose anchors survive, in order
	}{
		{"unchanged", old, []string{"A: first", "B: second", "A: third", "B: fourth"}},
		{"insert in the first turn", strings.Replace(old, "first turn", "first long turn", 1), []string{"A: first", "B: second", "A: third", "B: fourth"}},
		{"two edits around a turn", strings.Replace(strings.Replace(old, "first", "1st", 1), "fourth", "4th", 1), []string{"A: 1st", "B: second", "A: third", "B: 4th"}},
		{"a turn deleted", strings.Replace(strings.Replace(old, "first", "1st", 1), "A: third turn is also here.\n", "", 1), []string{"A: 1st", "B: second", "B: fourth"}},
		{"a turn's words rewritten", strings.Replace(strings.Replace(old, "first", "1st", 1), "A: third turn is also here.", "A: something else entirely", 1), []string{"A: 1st", "B: second", "A: something", "B: fourth"}},
		{"a turn split in two", strings.Replace(old, "B: second turn, long enough.\n", "B: second turn,\nA: long enough?\n", 1), []string{"A: first", "A: third", "B: fourth"}},
		{"everything replaced", "new text\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Reanchor(anchors, old, tc.new)
			if err := CheckAnchors(got, len([]rune(tc.new))); err != nil {
				t.Fatal(err)
			}
			var turns []string
			rs := []rune(tc.new)
			for i, a := range got {
				rest := string(rs[a.Offset:])
				if i < len(tc.want) {
					rest = rest[:min(len(rest), len(tc.want[i]))]
				}
				turns = append(turns, rest)
			}
			if !slices.Equal(turns, tc.want) {
				t.Errorf("anchors %v at %q, want at %q", got, turns, tc.want)
			}
		})
	}
}

func FuzzReanchor(f *testing.F) {
	f.Add("A: one two three four\nB: five six seven eight\n", "A: one 2 three four\nB: five six seven eight\n", 0, 23)
	f.Fuzz(func(t *testing.T, old, new string, x, y int) {
		n := len([]rune(old))
		if n == 0 {
			return
		}
		x, y = abs(x)%(n+1), abs(y)%(n+1)
		if x == y {
			return
		}
		anchors := []TimeAnchor{{min(x, y), 1}, {max(x, y), 2}}
		got := Reanchor(anchors, old, new)
		if err := CheckAnchors(got, len([]rune(new))); err != nil {
			t.Fatalf("Reanchor(%v, %q, %q) = %v: %v", anchors, old, new, got, err)
		}
	})
}

func abs(x int) int {
	if x < 0 {
		if x == -x {
			return 0
		}
		return -x
	}
	return x
}

func TestCheckAnchors(t *testing.T) {
	for _, tc := range []struct {
		a  []TimeAnchor
		ok bool
	}{
		{nil, true}, {[]TimeAnchor{{0, 0}, {10, 0}}, true}, {[]TimeAnchor{{0, 0}, {0, 1}}, false},
		{[]TimeAnchor{{0, 5}, {1, 4}}, false}, {[]TimeAnchor{{11, 0}}, false}, {[]TimeAnchor{{1, MaxAnchorMs + 1}}, false},
	} {
		if err := CheckAnchors(tc.a, 10); (err == nil) != tc.ok {
			t.Errorf("CheckAnchors(%v) = %v, want ok %v", tc.a, err, tc.ok)
		}
	}
	if got := FormatMs(3723500); got != "1:02:03.500" {
		t.Errorf("FormatMs = %q", got)
	}
}

func TestConsentRules(t *testing.T) {
	d := DefaultConsent("s", "p")
	if !d.AllowsAnalysis() || !d.AllowsQuotes() || d.AllowsVoice() || d.AllowsFace() {
		t.Errorf("default consent %s: want analysis and quotes, no voice or face", d)
	}
	noQuotes := &Consent{StudyID: "s", ParticipantID: "p", Quotes: ConsentAnswer{Answer: ConsentNo}, Voice: ConsentAnswer{Answer: ConsentYes}}
	if !noQuotes.AllowsAnalysis() || noQuotes.AllowsQuotes() || !noQuotes.AllowsVoice() {
		t.Errorf("%s: want analysis and voice, no quotes", noQuotes)
	}
	noAnalysis := &Consent{StudyID: "s", ParticipantID: "p", Analysis: ConsentAnswer{Answer: ConsentNo}}
	if noAnalysis.AllowsAnalysis() || noAnalysis.AllowsQuotes() {
		t.Errorf("%s: no analysis must mean no quotes either", noAnalysis)
	}
	w := *noQuotes
	w.Withdrawn = Date{Year: 2020}
	if w.AllowsAnalysis() || w.AllowsQuotes() || w.AllowsVoice() || w.AllowsFace() {
		t.Errorf("%s: a withdrawal allows nothing", &w)
	}
	bad := &Consent{StudyID: "s", ParticipantID: "p", Face: ConsentAnswer{Date: Date{Year: 2020}}}
	if bad.Validate() == nil {
		t.Error("a date without an answer was accepted")
	}
}

// TestRangeOfTimes: a time span marked while listening gives the turns
// spoken in it, from the anchors, without the blanks around them.
func TestRangeOfTimes(t *testing.T) {
	const text = "Q: Where?\nA: Home, by the river.\nQ: When?\nA: In 2014.\n"
	anchors := []TimeAnchor{{0, 1000}, {10, 4000}, {33, 9000}, {42, 12000}}
	for _, tc := range []struct {
		name     string
		from, to float64
		want     string
		code     string
	}{
		{"inside one turn", 5, 7, "A: Home, by the river.", ""},
		{"from a turn's start to the next", 4, 9, "A: Home, by the river.", ""},
		{"across turns", 5, 10, "A: Home, by the river.\nQ: When?", ""},
		{"before the first anchor", 0, 2, "Q: Where?", ""},
		{"to the end", 11, 60, "Q: When?\nA: In 2014.", ""},
		{"reversed", 9, 5, "", EINVALID},
		{"negative", -1, 5, "", EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, e, err := RangeOfTimes(anchors, text, tc.from, tc.to)
			if tc.code != "" {
				if ErrorCode(err) != tc.code {
					t.Fatalf("err %v, want %s", err, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := Slice(text, s, e); got != tc.want {
				t.Errorf("RangeOfTimes(%v, %v) = %d..%d %q, want %q", tc.from, tc.to, s, e, got, tc.want)
			}
		})
	}
	if _, _, err := RangeOfTimes(nil, text, 1, 2); ErrorCode(err) != EINVALID {
		t.Errorf("no anchors: %v", err)
	}
}
