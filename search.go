package ownwords

import "context"

// SearchQuery asks for passages of a study's transcripts. Query uses the
// syntax of package text: words, "exact phrases", prefix*, AND/OR/NOT,
// parentheses and NEAR(a b, N).
type SearchQuery struct {
	StudyID string
	Query   string
	// Language keeps interviews in one language (BCP 47); "" keeps all.
	Language string
	// Attributes keeps participants whose attribute values (canonical
	// strings) equal these.
	Attributes map[string]string
	// InsideCodes keeps hits inside a passage coded with one of these codes
	// (or a descendant); OutsideCodes drops hits inside such passages.
	InsideCodes, OutsideCodes []string
	// CoderID restricts the code filters to one coder's segments; ""
	// means the consensus layer.
	CoderID string
	// InterviewIDs, when not nil, keeps only these interviews; an empty
	// list that is not nil keeps none. Every count, the ranking and the
	// page (Limit, Offset) are of the interviews kept.
	InterviewIDs []string
	// Context is the KWIC width in code points on each side (default 60).
	Context int
	// Limit bounds the interviews whose hits are given with offsets and
	// KWIC lines (default 20): the matching interviews from Offset on, in
	// rank order. Every matching interview is listed with its count.
	Limit, Offset int
	// CountsOnly gives counts alone: no interview has hits, so no
	// transcript text or offset leaves the store (for roles without text).
	CountsOnly bool
}

// SearchHit is one match with its keyword-in-context line. Start and End are
// code points of the original transcript, so a hit can be coded directly.
type SearchHit struct {
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Before string `json:"before,omitempty"`
	Match  string `json:"match,omitempty"`
	After  string `json:"after,omitempty"`
}

// InterviewHits are the hits of one interview: Count always, Hits only for
// the interviews of the requested page.
type InterviewHits struct {
	InterviewID     string      `json:"interview_id"`
	Title           string      `json:"title"`
	ParticipantCode string      `json:"participant"`
	Language        string      `json:"language,omitempty"`
	Count           int         `json:"count"`
	Hits            []SearchHit `json:"hits,omitempty"`
}

// SearchResult is the ranked list of every interview with hits.
type SearchResult struct {
	Query string `json:"query"`
	// Interviews are every matching interview, best first; those from
	// SearchQuery.Offset to Offset+Limit carry their hits.
	Interviews []InterviewHits `json:"interviews"`
	// TotalHits counts every hit in every matching interview.
	TotalHits int `json:"total_hits"`
}

// SearchService searches transcripts. Callers that may not see text
// (analysts, viewers) must give them only SearchResult.Counts.
type SearchService interface {
	// Search runs q. EINVALID for a malformed query (with its position).
	Search(ctx context.Context, q SearchQuery) (*SearchResult, error)
}

// SearchCounts is the only view of a search that roles without text
// (analysts, viewers) receive: totals, never which interview or participant
// matched — per-interview counts would let a probe for a name reveal who
// said it. Totals resting on fewer than k participants (none included)
// are withheld; the others are rounded down to a multiple of k (RoundedTo),
// so that two searches whose sets of speakers differ by a few people
// ("X" and "X OR Y") cannot be subtracted to count those few: the true
// value lies between a count and the count plus RoundedTo − 1.
type SearchCounts struct {
	Query        string `json:"query"`
	TotalHits    *int   `json:"total_hits"`
	Interviews   *int   `json:"interviews"`
	Participants *int   `json:"participants"`
	// RoundedTo is the base the counts are rounded down to (k); the true
	// count of a shown value v is in v … v+RoundedTo−1.
	RoundedTo int `json:"rounded_down_to,omitempty"`
	// Withheld says the totals rest on fewer than k participants.
	Withheld bool `json:"withheld,omitempty"`
	// By is the breakdown of the participants by an attribute, when one
	// was asked for.
	By *SearchBreakdown `json:"by,omitempty"`
}

// SearchBreakdown is a search's participants by the values of one
// attribute: a full partition (every value the attribute may take, and
// "no value" when some participant has none), so that no part is the
// difference of two others. For roles without text every part is rounded
// down to a multiple of k like the totals, and the whole breakdown is
// withheld when any part has fewer than k participants: a breakdown with
// a part missing would give that part back as total minus the rest.
type SearchBreakdown struct {
	Attribute string        `json:"attribute"`
	Label     string        `json:"label"`
	Groups    []SearchGroup `json:"groups,omitempty"`
	// RoundedTo is as in SearchCounts; 0 for exact counts.
	RoundedTo int `json:"rounded_down_to,omitempty"`
	// Withheld says some part has fewer than k participants (none
	// included); Groups is then empty.
	Withheld bool `json:"withheld,omitempty"`
}

// SearchGroup is one part of a SearchBreakdown. Value is the canonical
// value ("" for participants without one).
type SearchGroup struct {
	Value        string `json:"value"`
	Label        string `json:"label"`
	Participants int    `json:"participants"`
}

// Counts returns the text-free, participant-free view of r under threshold
// k: withheld below k participants, rounded down to a multiple of k
// otherwise (see SearchCounts).
func (r *SearchResult) Counts(k int) *SearchCounts {
	out := &SearchCounts{Query: r.Query, RoundedTo: k}
	people := map[string]bool{}
	for _, iv := range r.Interviews {
		people[iv.ParticipantCode] = true
	}
	// No match is withheld too: telling 0 from "fewer than k" would let a
	// probe learn whether anyone said a name at all.
	if n := len(people); n < k {
		out.Withheld = true
		return out
	}
	hits, ivs, ps := RoundDown(r.TotalHits, k), RoundDown(len(r.Interviews), k), RoundDown(len(people), k)
	out.TotalHits, out.Interviews, out.Participants = &hits, &ivs, &ps
	return out
}

// RoundDown returns n rounded down to a multiple of k (k ≥ 1).
func RoundDown(n, k int) int { return n - n%k }
