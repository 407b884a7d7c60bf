package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"ownwords"
)

// hitsOf lays out page (1-based) of a search result for the page: its
// interviews, the first hits of each, and what "code this passage" posts.
// token is the kept search, to return to after coding; q holds the code
// and extent chosen for the last coded passage.
func hitsOf(res *ownwords.SearchResult, token string, page int, q url.Values) *hitsView {
	back := url.Values{"s": {token}}
	if page > 1 {
		back.Set("page", strconv.Itoa(page))
	}
	listed := pageOf(res.Interviews, page)
	h := &hitsView{TotalHits: res.TotalHits, Matched: len(res.Interviews), LowerBound: res.LowerBound, Unchecked: res.Unchecked,
		Code: q.Get("code"), Extent: q.Get("extent"), Back: back.Encode()}
	if h.Matched > searchInterviews && len(listed) > 0 {
		h.From = (page-1)*searchInterviews + 1
		h.To = h.From + len(listed) - 1
	}
	if page > 1 {
		h.Prev = searchHref(token, page-1)
	}
	// A lower bound stopped verifying once this page was full: the next
	// page goes on, and the unchecked interviews may still match.
	if page*searchInterviews < h.Matched || h.LowerBound {
		h.Next = searchHref(token, page+1)
	}
	if !slices.Contains(extents, h.Extent) {
		h.Extent = extentSentence
	}
	for _, ih := range listed {
		row := interviewHits{ID: ih.InterviewID, Title: ih.Title, Participant: ih.ParticipantCode,
			Dir: direction(ih.Language), Count: ih.Count}
		for _, hit := range ih.Hits[:min(len(ih.Hits), searchHitsShown)] {
			row.Hits = append(row.Hits, hitRow{Before: hit.Before, Match: hit.Match, After: hit.After,
				Anchor: hitAnchor(ih.InterviewID, hit.Start), Href: hitHref(ih.InterviewID, hit.Start, hit.End),
				Value: fmt.Sprintf("%d:%d:%s", hit.Start, hit.End, ownwords.HashText(hit.Match))})
		}
		row.Unlisted = ih.Count - len(row.Hits)
		h.Interviews = append(h.Interviews, row)
	}
	return h
}

// hitAnchor is the element ID of a hit on the search page.
func hitAnchor(interviewID string, start int) string {
	return "hit-" + interviewID + "-" + strconv.Itoa(start)
}

// hitHref opens an interview with the passage [start, end) marked.
func hitHref(interviewID string, start, end int) string {
	return "/interviews/" + interviewID + "?hit=" + strconv.Itoa(start) + "-" + strconv.Itoa(end) + "#hit"
}
