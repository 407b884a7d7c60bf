package web

import (
	"context"
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

// dropBlind removes from res the interviews whose comparison is still
// closed, for a coder whose code filters read a layer that blind coding
// hides from them there, and recounts the hits. It returns how many
// interviews it removed.
func (s *Server) dropBlind(ctx context.Context, res *ownwords.SearchResult) (int, error) {
	opened, err := comparisons(ctx, s.store, s.studyID)
	if err != nil {
		return 0, err
	}
	n := len(res.Interviews)
	res.Interviews = slices.DeleteFunc(res.Interviews, func(ih ownwords.InterviewHits) bool { return !opened[ih.InterviewID] })
	res.TotalHits = 0
	for _, ih := range res.Interviews {
		res.TotalHits += ih.Count
	}
	return n - len(res.Interviews), nil
}

// codedNotice describes the segment ?coded= names, if it is one of a's own
// coder-layer segments (anything else is ignored: the parameter is only a
// confirmation after "code this passage").
func (s *Server) codedNotice(ctx context.Context, a *account, cb *ownwords.Codebook, q url.Values) (*codedNotice, error) {
	id := q.Get("coded")
	if id == "" {
		return nil, nil
	}
	seg, err := s.segment(ctx, id)
	if ownwords.ErrorCode(err) == ownwords.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if seg.CoderID != a.user.ID || seg.Layer != ownwords.LayerCoder {
		return nil, nil
	}
	iv, err := s.interview(ctx, seg.InterviewID)
	if err != nil {
		return nil, err
	}
	n := &codedNotice{Title: iv.Title, Dir: direction(iv.Language), Existing: q.Get("already") != "",
		Href: "/interviews/" + iv.ID + "?segment=" + seg.ID + "#segment-panel"}
	n.Quote, _ = ownwords.Slice(iv.Transcript, seg.Start, seg.End)
	if c := cb.ByID(seg.CodeID); c != nil {
		n.Label, n.Path = codeLabel(c), cb.Path(c)
	}
	return n, nil
}
