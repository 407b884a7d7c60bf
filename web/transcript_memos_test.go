package web

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// checkMemoRuns checks the runs of ps against memos code point by code
// point: each run lies in one memo (the earliest-starting that covers it)
// or none, runs are cut at every span's start and end, MemoStart marks
// the runs where a span starts (an empty line has one empty run, left
// as it is), and the runs give back the text.
func checkMemoRuns(t *testing.T, text string, ps []paragraph, memos []memoMark) {
	t.Helper()
	covering := func(cp int) string {
		for _, m := range memos {
			if m.Start <= cp && cp < m.End {
				return m.ID
			}
		}
		return ""
	}
	bound := func(cp int) bool {
		return slices.ContainsFunc(memos, func(m memoMark) bool { return m.Start == cp || m.End == cp })
	}
	starts := func(cp int) bool { return slices.ContainsFunc(memos, func(m memoMark) bool { return m.Start == cp }) }
	var lines []string
	for _, p := range ps {
		var line strings.Builder
		cp := p.Start
		for _, pc := range p.Pieces {
			line.WriteString(pc.Text)
			if pc.Text != "" && pc.MemoStart != starts(cp) {
				t.Fatalf("text %q, memos %+v: run %q at %d: MemoStart %v", text, memos, pc.Text, cp, pc.MemoStart)
			}
			for k := range []rune(pc.Text) {
				if covering(cp) != pc.Memo || (k > 0 && bound(cp)) {
					t.Fatalf("text %q, memos %+v: run %q names %q, code point %d is in %q (a boundary: %v)", text, memos, pc.Text, pc.Memo, cp, covering(cp), bound(cp))
				}
				cp++
			}
		}
		lines = append(lines, line.String())
	}
	if got := strings.Join(lines, "\n"); got != text {
		t.Fatalf("runs give %q, want %q", got, text)
	}
}

// TestMarkMemosRandom checks markMemos (checkMemoRuns) on random
// transcripts (empty lines, emoji, Arabic) and random, overlapping,
// line-crossing memo spans.
func TestMarkMemosRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 15))
	words := []string{"ab", "😀", "\n", "\n\n", "cde", " ", "ثلاثة"}
	for range 500 {
		var sb strings.Builder
		for range 1 + rng.IntN(12) {
			sb.WriteString(words[rng.IntN(len(words))])
		}
		text := sb.String()
		size := len([]rune(text))
		var memos []memoMark
		for k := range rng.IntN(6) {
			s := rng.IntN(size)
			e := s + 1 + rng.IntN(size-s)
			memos = append(memos, memoMark{ID: "m" + strconv.Itoa(k), Title: "t", Start: s, End: e})
		}
		slices.SortStableFunc(memos, func(a, b memoMark) int { return a.Start - b.Start })
		ps, _ := layoutTranscript(text, nil, "")
		markMemos(ps, memos)
		checkMemoRuns(t, text, ps, memos)
	}
}

// TestMarkMemosManyMemos: 20000 memos, one on each of 20000 lines (what a
// document with a comment on every line gives), are drawn quickly, each
// on its line.
func TestMarkMemosManyMemos(t *testing.T) {
	const n = 20000
	text := strings.Repeat("line\n", n)
	var memos []memoMark
	for i := range n {
		memos = append(memos, memoMark{ID: strconv.Itoa(i), Start: 5 * i, End: 5*i + 4})
	}
	ps, _ := layoutTranscript(text, nil, "")
	start := time.Now()
	markMemos(ps, memos)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("marking took %v", took)
	}
	for i := range n {
		if pcs := ps[i].Pieces; len(pcs) != 1 || pcs[0].Memo != strconv.Itoa(i) || !pcs[0].MemoStart {
			t.Fatalf("line %d: runs %+v", i, pcs)
		}
	}
}
