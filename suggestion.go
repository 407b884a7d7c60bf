package ownwords

import (
	"context"
	"strings"
)

// Contexts a saved search may expand its hits to before proposing a code.
const (
	ContextSentence  = "sentence"
	ContextParagraph = "paragraph"
	ContextTurn      = "turn"
)

// Statuses of a coding suggestion.
const (
	SuggestionPending  = "pending"
	SuggestionAccepted = "accepted"
	SuggestionRejected = "rejected"
)

// SavedSearch is a search kept under a name that proposes a code for every
// hit: each hit, widened to its sentence, paragraph or speaker turn, becomes
// a suggestion in a coder's queue.
type SavedSearch struct {
	ID      string `json:"id"`
	StudyID string `json:"study_id"`
	Name    string `json:"name"`
	// Query uses the syntax of package text (see SearchQuery.Query).
	Query string `json:"query"`
	// CodeID is the code proposed for the passages.
	CodeID string `json:"code_id"`
	// Context is ContextSentence, ContextParagraph or ContextTurn.
	Context string `json:"context"`
}

// Validate checks the saved search on its own; the store checks the code
// and the query.
func (s *SavedSearch) Validate() error {
	switch {
	case s.StudyID == "":
		return Errorf(EINVALID, "saved search: study required")
	case strings.TrimSpace(s.Name) == "":
		return Errorf(EINVALID, "saved search: name required")
	case strings.TrimSpace(s.Query) == "":
		return Errorf(EINVALID, "saved search %q: query required", s.Name)
	case s.CodeID == "":
		return Errorf(EINVALID, "saved search %q: code required", s.Name)
	}
	switch s.Context {
	case ContextSentence, ContextParagraph, ContextTurn:
		return nil
	}
	return Errorf(EINVALID, "saved search %q: context must be sentence, paragraph or turn", s.Name)
}

// Suggestion proposes that a coder code the passage [Start, End) (code
// points) of an interview with a code. It never reaches the consensus layer:
// accepting it creates an ordinary segment in the coder's own layer.
type Suggestion struct {
	ID            string `json:"id"`
	StudyID       string `json:"study_id"`
	SavedSearchID string `json:"saved_search_id"`
	InterviewID   string `json:"interview_id"`
	CodeID        string `json:"code_id"`
	CoderID       string `json:"coder_id"`
	Start         int    `json:"start"`
	End           int    `json:"end"`
	// TextHash is the hex SHA-256 of the passage (see HashText).
	TextHash string `json:"text_hash"`
	// Status is SuggestionPending, SuggestionAccepted or SuggestionRejected.
	Status string `json:"status"`
	// SegmentID is the segment an accepted suggestion created.
	SegmentID string `json:"segment_id,omitempty"`
}

// SuggestionFilter selects suggestions. Zero fields match everything.
type SuggestionFilter struct {
	StudyID       string
	CoderID       string
	SavedSearchID string
	Status        string
}

// SuggestionService keeps saved searches and the coders' suggestion queues.
type SuggestionService interface {
	// SaveSearch creates s (empty ID) or replaces the saved search with its
	// ID. EINVALID (query, context, derived code), ENOTFOUND (code),
	// ECONFLICT (name taken).
	SaveSearch(ctx context.Context, s *SavedSearch) error
	// SavedSearches lists a study's saved searches by name.
	SavedSearches(ctx context.Context, studyID string) ([]*SavedSearch, error)
	// Suggest runs a saved search and queues a pending suggestion for
	// coderID for every hit widened to the search's context, skipping
	// passages already suggested to that coder for that code (whatever
	// their status) and passages the coder already coded with it. It
	// returns the suggestions created. ENOTFOUND, EFORBIDDEN (the coder
	// may not code this study).
	Suggest(ctx context.Context, savedSearchID, coderID string) ([]*Suggestion, error)
	// Suggestions lists suggestions by interview and offset.
	Suggestions(ctx context.Context, f SuggestionFilter) ([]*Suggestion, error)
	// AcceptSuggestion turns a pending suggestion into a coder-layer
	// segment of its coder (audited like any segment) and returns it.
	// ENOTFOUND, ECONFLICT (not pending, or the transcript changed).
	AcceptSuggestion(ctx context.Context, id string) (*Segment, error)
	// RejectSuggestion marks a pending suggestion rejected. ENOTFOUND,
	// ECONFLICT (not pending).
	RejectSuggestion(ctx context.Context, id string) error
}
