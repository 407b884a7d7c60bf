package main

import (
	"reflect"
	"testing"

	"ownwords/report"
)

// TestTopItemsLeavesOutUnmentioned checks the demo's "top 3" lists: items
// nobody in the group mentioned are not findings and are left out, and a
// list that runs short says so.
func TestTopItemsLeavesOutUnmentioned(t *testing.T) {
	entry := func(label string, n int) report.RankEntry {
		return report.RankEntry{Item: label, Label: label, N: report.Cell{N: n, Denominator: 10}}
	}
	for name, c := range map[string]struct {
		entries []report.RankEntry
		want    []string
	}{
		"Full":       {[]report.RankEntry{entry("a", 5), entry("b", 3), entry("c", 1), entry("d", 1)}, []string{"a 50.0%", "b 30.0%", "c 10.0%"}},
		"ZeroLeft":   {[]report.RankEntry{entry("a", 5), entry("b", 0), entry("c", 0)}, []string{"a 50.0%", "no other item was mentioned"}},
		"Suppressed": {[]report.RankEntry{entry("a", 5), {Item: "h", Label: "h", N: report.Cell{Suppressed: true}}}, []string{"a 50.0%", "no other item was mentioned"}},
		"NoneAtAll":  {[]report.RankEntry{entry("a", 0)}, []string{"no item was mentioned"}},
		"Empty":      {nil, []string{"no item was mentioned"}},
	} {
		sec := report.Section{Rankings: []report.Ranking{{Group: "other", Entries: []report.RankEntry{entry("x", 9)}}, {Group: "women", Entries: c.entries}}}
		if got := topItems(sec, "women", 3); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %q, want %q", name, got, c.want)
		}
	}
}
