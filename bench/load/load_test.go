package main

import (
	"io"
	"testing"
	"time"

	"ownwords"
	"ownwords/gate"
	"ownwords/vault/vaulttest"
)

func TestLoadLeavesExactlyTheKeptSegmentsAndTheCheckSeesTampering(t *testing.T) {
	vaulttest.UseTestCost(t)
	ctx := t.Context()
	b, err := setup(ctx, config{Coders: 3, Ops: 5, Duration: time.Minute, KeepEvery: 2, Seed: 7}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	res := b.load(ctx)
	if res.Errors != 0 || res.Unsure != 0 {
		t.Fatalf("%d errors, %d unanswered: %v", res.Errors, res.Unsure, res.ErrorLog)
	}
	// Each coder applies 5 codes and keeps the 2nd and 4th: 3 removals.
	if got := res.Ops["apply"].N; got != 15 {
		t.Errorf("apply n = %d, want 15", got)
	}
	if got := res.Ops["remove"].N; got != 9 {
		t.Errorf("remove n = %d, want 9", got)
	}
	if got := res.Ops["login"].N; got != 3 {
		t.Errorf("login n = %d, want 3", got)
	}
	ck, err := b.verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ck != (check{Expected: 6, Found: 6}) {
		t.Fatalf("check = %+v, want 6 expected and found, nothing lost", ck)
	}

	// Undo one kept segment and slip in another behind the clients' backs.
	c := b.coders[0]
	var gone *ownwords.Segment
	for _, s := range c.kept {
		gone = s
		break
	}
	if err := b.st.DeleteSegment(ctx, gone.ID, gone.Version); err != nil {
		t.Fatal(err)
	}
	src := b.corpus[0]
	extra := &ownwords.Segment{StudyID: b.studyID, InterviewID: src.id, CodeID: b.codes[0], CoderID: b.coders[1].user.ID,
		Layer: ownwords.LayerCoder, Start: 0, End: 5, TextHash: ownwords.HashText(string(src.text[:5]))}
	if err := b.st.CreateSegment(ctx, extra); err != nil {
		t.Fatal(err)
	}
	if ck, err = b.verify(ctx); err != nil {
		t.Fatal(err)
	}
	if ck != (check{Expected: 6, Found: 6, Missing: 1, Unexpected: 1}) || ck.Lost() != 2 {
		t.Errorf("after tampering check = %+v, want 1 missing and 1 unexpected", ck)
	}
}

// The corpus is what a coder may code: the demo's withdrawn participants'
// interviews are left out (coding them is a 404), every other transcript
// is in.
func TestCorpusHoldsExactlyTheInterviewsACoderMayCode(t *testing.T) {
	vaulttest.UseTestCost(t)
	ctx := t.Context()
	b, err := setup(ctx, config{Coders: 1, Ops: 1, Duration: time.Minute, KeepEvery: 1, Seed: 1}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	in := map[string]bool{}
	for _, src := range b.corpus {
		in[src.id] = true
	}
	ivs, err := b.st.Interviews(ctx, ownwords.InterviewFilter{StudyID: b.studyID, WithText: true})
	if err != nil {
		t.Fatal(err)
	}
	g, coder := gate.New(b.st, b.studyID), gate.Member(b.coders[0].user, ownwords.RoleCoder)
	left := 0
	for _, iv := range ivs {
		if iv.Transcript == "" {
			continue
		}
		_, err := g.Segments(ctx, coder, iv.ID)
		switch {
		case err == nil && !in[iv.ID]:
			t.Errorf("interview %s: a coder may code it but it is not in the corpus", iv.ID)
		case err != nil && in[iv.ID]:
			t.Errorf("interview %s is in the corpus but the gate refuses a coder: %v", iv.ID, err)
		case err != nil && ownwords.ErrorCode(err) != ownwords.ENOTFOUND:
			t.Errorf("interview %s: %v, want ENOTFOUND", iv.ID, err)
		case err != nil:
			left++
		}
	}
	if left == 0 || len(b.corpus) == 0 {
		t.Errorf("%d interviews left out, %d in the corpus: the demo's withdrawals should leave some out", left, len(b.corpus))
	}
}

func TestSummariseUsesNearestRank(t *testing.T) {
	ds := make([]time.Duration, 0, 100)
	for i := 100; i >= 1; i-- { // unsorted on purpose
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	// Nearest rank: the p-th percentile of 1..100 is the value ceil(p·100).
	want := stat{N: 100, P50: 50, P90: 90, P95: 95, P99: 99, Max: 100}
	if got := summarise(ds); got != want {
		t.Errorf("summarise = %+v, want %+v", got, want)
	}
	if got := summarise([]time.Duration{3 * time.Millisecond}); got != (stat{N: 1, P50: 3, P90: 3, P95: 3, P99: 3, Max: 3}) {
		t.Errorf("one sample: %+v", got)
	}
}
