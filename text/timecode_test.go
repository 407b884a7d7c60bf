package text

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// at is an anchor expected where the text starting with prefix begins.
type at struct {
	prefix string
	ms     int64
}

func checkAnchors(t *testing.T, text string, got []Anchor, want []at) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d anchors %v, want %d", len(got), got, len(want))
	}
	rs := []rune(text)
	for i, w := range want {
		a := got[i]
		if a.Offset < 0 || a.Offset > len(rs) || !strings.HasPrefix(string(rs[a.Offset:]), w.prefix) || a.Ms != w.ms {
			t.Errorf("anchor %d = %+v (text %q), want %q at %d ms", i, a, string(rs[min(max(a.Offset, 0), len(rs)):]), w.prefix, w.ms)
		}
	}
}

func TestTimecodeFiles(t *testing.T) {
	for _, tc := range []struct {
		file    string
		text    string
		anchors []at
	}{
		{"interview.vtt", "Interviewer: Where did you grow up?\nP-0042: In a small town. Near the river. Then we moved & left.\nInterviewer: Why?\n",
			[]at{{"Interviewer: Where", 1000}, {"P-0042: In", 4500}, {"Then we", 7250}, {"Interviewer: Why", 9000}}},
		{"interview.srt", "Interviewer: Where did you grow up?\nP-0042: In a small town. Near the river. Then we moved.\nInterviewer: Why?\n",
			[]at{{"Interviewer: Where", 1000}, {"P-0042: In", 4500}, {"Then we", 7250}, {"Interviewer: Why", 3723500}}},
		{"stamped.txt", "Interviewer: Where did you grow up?\nP-0042: In a small town.\nNear the river.\nInterviewer: And then?\nP-0042: 10:15 was when we left.\n10:15 was the train.\n",
			[]at{{"Interviewer: Where", 5000}, {"P-0042: In", 12000}, {"Interviewer: And", 62000}, {"P-0042: 10:15", 3723500}}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "timecodes", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			var text string
			var anchors []Anchor
			switch filepath.Ext(tc.file) {
			case ".vtt":
				text, anchors, err = ParseVTT(string(b))
			case ".srt":
				text, anchors, err = ParseSRT(string(b))
			default:
				text, anchors, _, err = StripTimestamps(string(b))
			}
			if err != nil {
				t.Fatal(err)
			}
			if text != tc.text {
				t.Errorf("text\n%q\nwant\n%q", text, tc.text)
			}
			checkAnchors(t, text, anchors, tc.anchors)
		})
	}
}

func TestTimecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		file string
		line int
		msg  string
	}{
		{"backwards.srt", 6, "before the cue on line 2"},
		{"badtime.vtt", 6, "seconds 75 not below 60"},
		{"backwards.txt", 3, "before the one on line 1"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "timecodes", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			switch filepath.Ext(tc.file) {
			case ".vtt":
				_, _, err = ParseVTT(string(b))
			case ".srt":
				_, _, err = ParseSRT(string(b))
			default:
				_, _, _, err = StripTimestamps(string(b))
			}
			var le *LineError
			if !errors.As(err, &le) || le.Line != tc.line || !strings.Contains(le.Msg, tc.msg) {
				t.Errorf("error %v, want line %d: …%s…", err, tc.line, tc.msg)
			}
		})
	}
}

func TestStripTimestampsCases(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ms       []int64
		errLine  int
	}{
		{in: "no stamps\nA: text\n", want: "no stamps\nA: text\n"},
		{in: "  [12:31]\tA: x\n", want: "A: x\n", ms: []int64{751000}},
		{in: "[00:01:02,25] A: x", want: "A: x", ms: []int64{62250}},
		{in: "[note] A: x\n(see 12:31)\n", want: "[note] A: x\n(see 12:31)\n"},
		{in: "[12:31) A: x\n", errLine: 1},
		{in: "A: x\n[00:75:00] B: y\n", errLine: 2},
		{in: "[00:01]\n[00:02]\nA: x\n", errLine: 2},
		{in: "[00:01] A: x\n[00:01] B: same time\n", want: "A: x\nB: same time\n", ms: []int64{1000, 1000}},
		{in: "A: x\n[00:09]", want: "A: x\n", ms: []int64{9000}},
		{in: "12:31 no label\n", want: "12:31 no label\n"},
	} {
		text, anchors, _, err := StripTimestamps(tc.in)
		if tc.errLine > 0 {
			var le *LineError
			if !errors.As(err, &le) || le.Line != tc.errLine {
				t.Errorf("StripTimestamps(%q) error %v, want one on line %d", tc.in, err, tc.errLine)
			}
			continue
		}
		if err != nil || text != tc.want || len(anchors) != len(tc.ms) {
			t.Errorf("StripTimestamps(%q) = %q, %v, %v; want %q with %d anchors", tc.in, text, anchors, err, tc.want, len(tc.ms))
			continue
		}
		for i, a := range anchors {
			if a.Ms != tc.ms[i] {
				t.Errorf("StripTimestamps(%q) anchor %d = %v, want %d ms", tc.in, i, a, tc.ms[i])
			}
		}
	}
}

func TestMapOffset(t *testing.T) {
	in := "[00:01] A: one\n[00:02]\nB: two\n"
	out, _, removed, err := StripTimestamps(in)
	if err != nil {
		t.Fatal(err)
	}
	inRunes, outRunes := []rune(in), []rune(out)
	for _, word := range []string{"A:", "one", "B:", "two"} {
		from := utf8.RuneCountInString(in[:strings.Index(in, word)])
		to := MapOffset(removed, from)
		if !strings.HasPrefix(string(outRunes[to:]), word) {
			t.Errorf("MapOffset(%d) = %d: %q, want %q (from %q)", from, to, string(outRunes[to:]), word, string(inRunes[from:]))
		}
	}
}

func TestParseClock(t *testing.T) {
	for _, tc := range []struct {
		in  string
		ms  int64
		ok  bool
		bad bool
	}{
		{"00:12:31", 751000, true, false}, {"12:31", 751000, true, false}, {"1:02:03.5", 3723500, true, false},
		{"00:00:01,001", 1001, true, false}, {"123:00:00", 0, true, true}, {"00:60:00", 0, true, true},
		{"1:2", 0, false, false}, {"12", 0, false, false}, {"a:bc", 0, false, false}, {"12:31.", 0, false, false},
		{"1:02:03:04", 0, false, false}, {"12:31.1234", 0, false, false},
	} {
		ms, ok, err := ParseClock(tc.in)
		if ok != tc.ok || (err != nil) != tc.bad || (err == nil && ms != tc.ms) {
			t.Errorf("ParseClock(%q) = %d, %v, %v; want %d, %v, error %v", tc.in, ms, ok, err, tc.ms, tc.ok, tc.bad)
		}
	}
}

// checkTimed checks what every parser promises: valid anchors on the text
// returned.
func checkTimed(t *testing.T, in, text string, anchors []Anchor) {
	n := utf8.RuneCountInString(text)
	for i, a := range anchors {
		if a.Offset < 0 || a.Offset > n || a.Ms < 0 || a.Ms > maxMs ||
			(i > 0 && (a.Offset <= anchors[i-1].Offset || a.Ms < anchors[i-1].Ms)) {
			t.Fatalf("input %q: anchor %d = %+v of %v not monotonic within 0..%d", in, i, a, anchors, n)
		}
	}
}

func FuzzStripTimestamps(f *testing.F) {
	for _, s := range append(fuzzTexts, "[00:01] A: x\n(00:02)\nB: y\n00:00:03 C: z", "[1:02:03.5] x\n[00:75:00] y") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text, anchors, removed, err := StripTimestamps(s)
		if err != nil {
			return
		}
		checkTimed(t, s, text, anchors)
		cut := 0
		for _, r := range removed {
			cut += r.End - r.Start
		}
		if utf8.RuneCountInString(text)+cut != utf8.RuneCountInString(s) {
			t.Fatalf("input %q: %d code points out plus %d removed != %d in", s, utf8.RuneCountInString(text), cut, utf8.RuneCountInString(s))
		}
	})
}

func FuzzParseVTT(f *testing.F) {
	f.Add("WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>x\n\nNOTE y\n\n2\n00:02.000 --> 00:03.000\nB: z\n")
	f.Add("WEBVTT\n\n00:01.000 --> 00:00.000\nx")
	f.Fuzz(func(t *testing.T, s string) {
		text, anchors, err := ParseVTT(s)
		if err == nil {
			checkTimed(t, s, text, anchors)
		}
	})
}

func FuzzParseSRT(f *testing.F) {
	f.Add("1\n00:00:01,000 --> 00:00:02,000\nA: x\n\n2\n00:00:02,000 --> 00:00:03,000\n<i>y</i>\n")
	f.Add("1\n00:00:01,000 --> 00:00:00,000\nx")
	f.Fuzz(func(t *testing.T, s string) {
		text, anchors, err := ParseSRT(s)
		if err == nil {
			checkTimed(t, s, text, anchors)
		}
	})
}
