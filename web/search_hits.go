package web

import (
	"net/url"
	"slices"
	"strconv"

	"ownwords"
)

// hitsOf lays out page (1-based) of a search result for the page: its
// interviews, the first hits of each (every hit, up to searchHitsAll, of
// the one q names by showAllParam, if it is listed), and what "code this
// passage" posts. token is the kept search, to return to after coding; q
// holds the code and extent chosen for the last coded passage.
func hitsOf(res *ownwords.SearchResult, token string, page int, q url.Values) *hitsView {
	back := url.Values{"s": {token}}
	if page > 1 {
		back.Set("page", strconv.Itoa(page))
	}
	listed := pageOf(res.Interviews, page)
	// The interview whose hits are all listed: one of the page with more
	// than the first; any other ID is ignored.
	all := q.Get(showAllParam)
	if all != "" && slices.ContainsFunc(listed, func(ih ownwords.InterviewHits) bool { return ih.InterviewID == all && ih.Count > searchHitsShown }) {
		back.Set(showAllParam, all) // coding one of its hits returns to them
	} else {
		all = ""
	}
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
			Dir: direction(ih.Language), Count: ih.Count, Anchor: hitsAnchor(ih.InterviewID), Expanded: ih.InterviewID == all}
		most := searchHitsShown
		if row.Expanded {
			most = searchHitsAll
			row.ShowFewer = searchHref(token, page) + "#" + row.Anchor
		}
		shown := ih.Hits[:min(len(ih.Hits), most)]
		row.Hits = make([]hitRow, 0, len(shown))
		for _, hit := range shown {
			row.Hits = append(row.Hits, hitRowOf(ih, hit))
		}
		row.Unlisted = ih.Count - len(row.Hits)
		if row.Unlisted > 0 && !row.Expanded {
			row.ShowAll, row.AllShown = expandedHref(token, page, ih.InterviewID)+"#"+row.Anchor, min(ih.Count, searchHitsAll)
		}
		row.Rows = hitRowsHTML(&row)
		h.Interviews = append(h.Interviews, row)
	}
	return h
}

// hitsAnchor is the element ID of an interview's block of hits on the
// search page.
func hitsAnchor(interviewID string) string {
	return "hits-" + interviewID
}

// hitRowOf is the line of one hit of ih: a hit in the transcript can be
// coded from the page; a hit in another text (an original, a translation)
// names that text and links to the interview read side by side with it,
// the hit marked in its column and the aligned passage of the transcript,
// where codings are anchored, in the transcript's.
func hitRowOf(ih ownwords.InterviewHits, hit ownwords.SearchHit) hitRow {
	row := hitRow{Before: hit.Before, Match: hit.Match, After: hit.After, Lang: ih.Language, Dir: direction(ih.Language)}
	if a := hit.Aligned; a != nil {
		row.Aligned = &alignedRow{Label: a.Role + ", " + a.Language, Lang: a.Language, Dir: direction(a.Language), Text: a.Text}
	}
	if t := hit.Text; t != nil {
		row.Lang, row.Dir, row.In = t.Language, direction(t.Language), t.Role+", "+t.Language
		row.Anchor = hitAnchor(ih.InterviewID+"-"+t.ID, hit.Start)
		row.Href = textHitHref(ih.InterviewID, t.ID, hit.Start, hit.End)
		return row
	}
	row.Anchor = hitAnchor(ih.InterviewID, hit.Start)
	row.Href = hitHref(ih.InterviewID, hit.Start, hit.End)
	row.Value = strconv.Itoa(hit.Start) + ":" + strconv.Itoa(hit.End) + ":" + ownwords.HashText(hit.Match)
	return row
}

// hitAnchor is the element ID of a hit on the search page.
func hitAnchor(interviewID string, start int) string {
	return "hit-" + interviewID + "-" + strconv.Itoa(start)
}

// hitHref opens an interview with the passage [start, end) marked.
func hitHref(interviewID string, start, end int) string {
	return "/interviews/" + interviewID + "?hit=" + strconv.Itoa(start) + "-" + strconv.Itoa(end) + "#hit"
}

// textHitHref opens an interview side by side with its other text textID,
// the passage [start, end) of that text marked and the aligned passage of
// the transcript marked and anchored (#hit) beside it.
func textHitHref(interviewID, textID string, start, end int) string {
	return "/interviews/" + interviewID + "?text=" + url.QueryEscape(textID) + "&text_hit=" + strconv.Itoa(start) + "-" + strconv.Itoa(end) + "#hit"
}
