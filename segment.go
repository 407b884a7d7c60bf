package ownwords

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Layers of codings: each coder's own work, and the adjudicated consensus
// that analysis uses.
const (
	LayerCoder     = "coder"
	LayerConsensus = "consensus"
)

// Segment is one coding: a passage of an interview's transcript, from Start
// to End in Unicode code points (End exclusive, as REFI-QDA counts them),
// carrying a code, made by a coder.
type Segment struct {
	ID          string `json:"id"`
	StudyID     string `json:"study_id"`
	InterviewID string `json:"interview_id"`
	CodeID      string `json:"code_id"`
	// CoderID is the user who coded it; for consensus segments, the
	// adjudicator who decided.
	CoderID string `json:"coder_id"`
	Layer   string `json:"layer"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	// TextHash is the hex SHA-256 of the quoted text: the store refuses a
	// segment whose hash does not match the stored transcript.
	TextHash string `json:"text_hash"`
	Memo     string `json:"memo,omitempty"`
	// Broken is set when a transcript edit changed the segment's text
	// (TranscriptEditService): its range covers what replaced it, and its
	// coder or the owner should check it; saving it clears the mark.
	Broken    bool      `json:"broken,omitempty"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
}

// HashText returns the hex SHA-256 of s, as stored in Segment.TextHash.
func HashText(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// Slice returns the code points [start, end) of s, and false if the range
// does not lie inside s.
func Slice(s string, start, end int) (string, bool) {
	if start < 0 || end < start {
		return "", false
	}
	i, from := 0, -1
	for b := range s {
		if i == start {
			from = b
		}
		if i == end {
			return s[from:b], from >= 0
		}
		i++
	}
	if i == end && (from >= 0 || start == end) {
		if from < 0 {
			from = len(s)
		}
		return s[from:], true
	}
	return "", false
}

// Validate checks the segment on its own; the store checks the range and
// hash against the transcript.
func (s *Segment) Validate() error {
	switch {
	case s.StudyID == "" || s.InterviewID == "" || s.CodeID == "" || s.CoderID == "":
		return Errorf(EINVALID, "segment: study, interview, code and coder required")
	case s.Layer != LayerCoder && s.Layer != LayerConsensus:
		return Errorf(EINVALID, "segment: layer must be coder or consensus")
	case s.Start < 0 || s.End <= s.Start:
		return Errorf(EINVALID, "segment: range %d..%d is empty or negative", s.Start, s.End)
	}
	return nil
}

// SegmentFilter selects segments. Zero fields match everything.
type SegmentFilter struct {
	StudyID     string
	InterviewID string
	CodeIDs     []string
	CoderID     string
	Layer       string
}

// SegmentCount is how many segments one coder (none for the consensus
// layer) has in one layer of one interview.
type SegmentCount struct {
	InterviewID string
	Layer       string
	CoderID     string
	N           int
}

// SegmentCounter counts segments without reading them: progress tables
// need counts per interview and coder, and reading every segment of a
// study of 20,000 interviews for them costs seconds per page.
type SegmentCounter interface {
	// SegmentCounts returns the study's segment counts by interview,
	// layer and coder, in that order.
	SegmentCounts(ctx context.Context, studyID string) ([]SegmentCount, error)
}

// SegmentService manages codings.
type SegmentService interface {
	// CreateSegment stores s after checking its range and text hash against
	// the transcript. EINVALID (range, hash, derived code), ENOTFOUND.
	CreateSegment(ctx context.Context, s *Segment) error
	// UpdateSegment saves code, range and memo if s.Version is current.
	// ECONFLICT when someone saved first; EINVALID, ENOTFOUND.
	UpdateSegment(ctx context.Context, s *Segment) error
	// DeleteSegment removes a segment at the given version. ECONFLICT,
	// ENOTFOUND.
	DeleteSegment(ctx context.Context, id string, version int) error
	// Segment returns one segment. ENOTFOUND.
	Segment(ctx context.Context, id string) (*Segment, error)
	// Segments lists segments ordered by interview, start, end.
	Segments(ctx context.Context, f SegmentFilter) ([]*Segment, error)
}
