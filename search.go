package ownwords

import (
	"context"
	"encoding/binary"
	"math"
)

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
	// HitsPerInterview, when positive, bounds the hits given with offsets
	// and KWIC lines for each interview of the page to the first ones in
	// its text (a page that shows a few per interview need not place the
	// thousand hits of a common word); Count still counts them all.
	HitsPerInterview int
	// AllHitsOf names one interview of the page whose hits are bounded by
	// AllHitsMax rather than HitsPerInterview (≤ 0: all of them), such as
	// the one whose hits a reader asked to see all of; an interview not
	// on the page gets no hits, as before, and costs nothing.
	AllHitsOf  string
	AllHitsMax int
	// Exact verifies every candidate of a query with phrases or NEAR, so
	// that the result is never a lower bound (SearchResult.LowerBound),
	// whatever it costs; CountsOnly implies it.
	Exact bool
	// CountsOnly gives counts alone: no interview has hits, so no
	// transcript text or offset leaves the store (for roles without text).
	CountsOnly bool
	// PrefixFloor, when positive with CountsOnly, asks whether every word
	// that a prefix of the query begins and that is part of a hit is said
	// by at least PrefixFloor participants: SearchResult.SparsePrefix is
	// set when one is not (a prefix is an OR of the words it begins, each
	// an operand the disclosure rules need matched by k).
	PrefixFloor int
}

// HitsShown returns how many hits of interview id q gives with offsets
// and KWIC lines, if it is on the page: HitsPerInterview, or AllHitsMax
// for AllHitsOf; ≤ 0 means all.
func (q SearchQuery) HitsShown(id string) int {
	if q.AllHitsOf != "" && id == q.AllHitsOf {
		return q.AllHitsMax
	}
	return q.HitsPerInterview
}

// SearchHit is one match with its keyword-in-context line. Start and End are
// code points of the transcript, so a hit can be coded directly, or of the
// other text of the interview it was found in (Text; InterviewText), which
// is searched too, folded alike (text.Fold has no language).
type SearchHit struct {
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Before string `json:"before,omitempty"`
	Match  string `json:"match,omitempty"`
	After  string `json:"after,omitempty"`
	// Text is the other text of the interview the hit is in; nil for a
	// hit in the transcript.
	Text *TextRef `json:"text,omitempty"`
	// Aligned is the turn (or paragraph) aligned with the hit's: of the
	// transcript for a hit in another text, of the interview's first
	// other text (its original, else its first translation) for a hit in
	// the transcript; nil when the interview has no other text.
	Aligned *AlignedTurn `json:"aligned,omitempty"`
	// TimeSpan is the hit's time in the recording (t_start, t_end in
	// seconds; see SpanOf), nil when the transcript has no time anchors.
	// The application layer fills it.
	*TimeSpan
}

// TextRef names one text of an interview: its Transcript (Role
// TextTranscript, no ID) or an InterviewText.
type TextRef struct {
	ID       string `json:"id,omitempty"`
	Language string `json:"language"`
	Role     string `json:"role"`
}

// AlignedTurn is the turn of one text of an interview aligned with a
// passage of another (text.AlignedUnit): Start and End are code points of
// that text, Text its words.
type AlignedTurn struct {
	TextRef
	Speaker string `json:"speaker,omitempty"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Text    string `json:"text"`
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
	// LowerBound says that TotalHits and Interviews are a lower bound:
	// a query with phrases or NEAR stopped verifying candidates once its
	// page was full and its budget spent. Unchecked is how many candidate
	// interviews (holding every word the query needs) were not verified.
	// Counts-only searches are always exact.
	LowerBound bool `json:"lower_bound,omitempty"`
	Unchecked  int  `json:"unchecked,omitempty"`
	// SparsePrefix answers SearchQuery.PrefixFloor: a word a prefix of the
	// query begins is part of the hits of fewer participants. Never shown.
	SparsePrefix bool `json:"-"`
}

// SearchService searches transcripts. Callers that may not see text
// (analysts, viewers) must give them only SearchResult.Counts.
type SearchService interface {
	// Search runs q. EINVALID for a malformed query (with its position).
	Search(ctx context.Context, q SearchQuery) (*SearchResult, error)
}

// SearchCounts is the only view of a search that roles without text
// (analysts, viewers) receive: how many participants, never which, and
// neither hits nor interviews (each would be one more perturbed estimate
// of about the same number). A count is withheld when it rests on fewer
// than k participants (none included), or when an operand of an OR of the
// query (a prefix counts as an OR) matches fewer than k participants with
// the query's own filters (so that "X OR name" cannot probe for a name). Otherwise it is approximate
// (Perturb): exact counts of sets that overlap ("X", "X OR Y", "X AND Y",
// each by gender) can be combined to give the exact count of a small set
// such as "Y and not X", which approximate counts never give; the same set
// of participants always gets the same count, however it was asked for.
type SearchCounts struct {
	Query        string `json:"query"`
	Participants *int   `json:"participants"`
	// Approximate says the counts are perturbed (see Perturb).
	Approximate bool `json:"approximate,omitempty"`
	// Withheld says the count rests on fewer than k participants, or an
	// operand of an OR of the query does.
	Withheld bool `json:"withheld,omitempty"`
	// By is the breakdown of the participants by an attribute, when one
	// was asked for.
	By *SearchBreakdown `json:"by,omitempty"`
}

// SearchBreakdown is a search's participants by the values of one
// attribute: a full partition (every value participants have, and "no
// value" when some participant has none), so that no part is the
// difference of the total and the others. For roles without text every
// part is approximate like the totals, and the whole breakdown is
// withheld when any part has fewer than k participants: a breakdown with
// a part missing would give that part back as total minus the rest.
type SearchBreakdown struct {
	Attribute string        `json:"attribute"`
	Label     string        `json:"label"`
	Groups    []SearchGroup `json:"groups,omitempty"`
	// Approximate is as in SearchCounts; the parts are perturbed each on
	// its own, so they need not add up to the total.
	Approximate bool `json:"approximate,omitempty"`
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

// Perturb returns the count n (at least k) as roles without text see it:
// n plus a perturbation drawn from the two-sided geometric distribution
// with parameter e^(−3/k) (mean 0, standard deviation about k/2 for k ≥ 3;
// for k = 5 it is 0 with probability 0.29 and within ±3 with 0.88), and
// never below k. The draw is taken from key, a keyed hash of the set counted
// (32 bytes or more), so a set always gets the same count. No value of the
// perturbation is impossible, so no combination of perturbed counts pins
// a count down exactly; what a patient adversary can do is average many
// counts whose differences share a set, which SECURITY.md discusses.
func Perturb(n, k int, key []byte) int {
	p := math.Exp(-3 / float64(k))
	e := geometric(key[0:8], p) - geometric(key[8:16], p)
	return max(n+e, k)
}

// geometric draws from the geometric distribution with P(m) = (1−p)·p^m,
// m ≥ 0, by inversion of the uniform number in (0, 1] that b encodes.
func geometric(b []byte, p float64) int {
	u := (float64(binary.BigEndian.Uint64(b)>>11) + 1) / (1 << 53)
	return int(math.Floor(math.Log(u) / math.Log(p)))
}
