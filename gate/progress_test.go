package gate

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"ownwords"
)

// hiddenCounter is a store whose segments can only be read, not counted:
// the gate falls back to counting them itself.
type hiddenCounter struct{ ownwords.Store }

// The interviews list counts segments in the store (ownwords.SegmentCounter)
// and gets, for every role, the tables it got from reading every segment:
// on the demo, with blind double coding under way (interviews whose
// comparison is not open yet) and participants who withdrew.
func TestInterviewsCountedByTheStore(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo study")
	}
	st, studyID, users := loadDemo(t)
	if _, ok := st.(ownwords.SegmentCounter); !ok {
		t.Fatal("the SQLite store does not count segments")
	}
	counted, read := New(st, studyID), New(hiddenCounter{st}, studyID)
	for role, u := range users {
		c := Member(u, role)
		want, err := read.Interviews(t.Context(), c)
		fatalIf(t, err)
		got, err := counted.Interviews(t.Context(), c)
		fatalIf(t, err)
		// An analyst's pseudonyms are keyed per gate: compare the rows
		// without them, in one order.
		if !reflect.DeepEqual(got.Coders, want.Coders) || !reflect.DeepEqual(progressRows(got), progressRows(want)) {
			t.Errorf("%s: interviews list counted by the store differs from the one read from segments:\n%v\n%v\nwant\n%v\n%v",
				role, got.Coders, progressRows(got), want.Coders, progressRows(want))
		}
		segs := 0
		for _, row := range got.Interviews {
			segs += row.CoderSegments + row.ConsensusSegments
		}
		if segs == 0 {
			t.Errorf("%s: no segment counted: the comparison proves nothing", role)
		}
	}
}

// progressRows are the list's rows without participants, sorted.
func progressRows(l *InterviewList) []string {
	var out []string
	for _, row := range l.Interviews {
		row.Participant, row.ID, row.Title = ParticipantName{}, "", ""
		out = append(out, fmt.Sprintf("%+v", row))
	}
	slices.Sort(out)
	return out
}

// BenchmarkInterviewsList is the interviews list (dashboard and
// interviews page) of the demo for a coder, counted by the store or read
// from every segment.
func BenchmarkInterviewsList(b *testing.B) {
	st, studyID, users := loadDemo(b)
	c := Member(users[ownwords.RoleCoder], ownwords.RoleCoder)
	for _, v := range []struct {
		name string
		st   ownwords.Store
	}{{"counted", st}, {"read", hiddenCounter{st}}} {
		b.Run(v.name, func(b *testing.B) {
			g := New(v.st, studyID)
			for b.Loop() {
				if _, err := g.Interviews(b.Context(), c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
