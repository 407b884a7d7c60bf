package web

import (
	"fmt"
	"net/url"
	"testing"

	"ownwords"
)

// TestHitsOfLowerBound checks that a page of a result that is a lower
// bound (a phrase search stopped verifying once its page was full) links
// to the next page, where the search goes on verifying: the interviews
// found so far may fill exactly the page, and the unchecked ones may
// still match.
func TestHitsOfLowerBound(t *testing.T) {
	full := make([]ownwords.InterviewHits, searchInterviews)
	for i := range full {
		full[i] = ownwords.InterviewHits{InterviewID: fmt.Sprint(i), Count: 1}
	}
	for _, tc := range []struct {
		name     string
		res      ownwords.SearchResult
		wantNext bool
	}{
		{"Exact", ownwords.SearchResult{Interviews: full, TotalHits: len(full)}, false},
		{"LowerBound", ownwords.SearchResult{Interviews: full, TotalHits: len(full), LowerBound: true, Unchecked: 7}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := hitsOf(&tc.res, "tok", 1, url.Values{})
			if (h.Next != "") != tc.wantNext || h.LowerBound != tc.res.LowerBound || h.Unchecked != tc.res.Unchecked {
				t.Errorf("next %q, lower bound %v, unchecked %d; want next %v", h.Next, h.LowerBound, h.Unchecked, tc.wantNext)
			}
		})
	}
}
