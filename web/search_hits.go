package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"ownwords"
)

// hitsOf lays out a search result for the page: the first interviews, the
// first hits of each, and what "code this passage" posts. q is the search
// request, to return to after coding.
func hitsOf(res *ownwords.SearchResult, q url.Values) *hitsView {
	back := url.Values{}
	for k, vs := range q {
		if !slices.Contains([]string{"coded", "already", "code", "extent"}, k) {
			back[k] = vs
		}
	}
	h := &hitsView{TotalHits: res.TotalHits, More: len(res.Interviews) > searchInterviews,
		Code: q.Get("code"), Extent: q.Get("extent"), Back: back.Encode()}
	if !slices.Contains(extents, h.Extent) {
		h.Extent = extentSentence
	}
	for _, ih := range res.Interviews[:min(len(res.Interviews), searchInterviews)] {
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
