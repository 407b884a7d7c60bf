package ownwords

import (
	"context"
	"time"
)

// Memo targets: what a memo may be written on.
const (
	MemoStudy       = "study"
	MemoParticipant = "participant"
	MemoInterview   = "interview"
	MemoCode        = "code"
	MemoSegment     = "segment"
)

// Memo is a researcher's note on anything in the study.
type Memo struct {
	ID         string `json:"id"`
	StudyID    string `json:"study_id"`
	TargetType string `json:"target_type"`
	TargetID   string `json:"target_id"`
	AuthorID   string `json:"author_id,omitempty"`
	Title      string `json:"title,omitempty"`
	Body       string `json:"body"`
	// Anchor places a memo on an interview on a span of its transcript
	// (an annotation, in REFI-QDA terms); nil for a memo on the whole
	// target.
	Anchor    *MemoAnchor `json:"anchor,omitempty"`
	CreatedAt time.Time   `json:"created_at"`
	UpdatedAt time.Time   `json:"updated_at"`
}

// Validate checks the memo.
func (m *Memo) Validate() error {
	switch m.TargetType {
	case MemoStudy, MemoParticipant, MemoInterview, MemoCode, MemoSegment:
	default:
		return Errorf(EINVALID, "memo: unknown target %q", m.TargetType)
	}
	if m.StudyID == "" || m.TargetID == "" {
		return Errorf(EINVALID, "memo: study and target required")
	}
	if a := m.Anchor; a != nil {
		if m.TargetType != MemoInterview {
			return Errorf(EINVALID, "memo: only a memo on an interview can be anchored to a span, not one on a %s", m.TargetType)
		}
		if a.Start < 0 || a.End <= a.Start {
			return Errorf(EINVALID, "memo: anchor %d..%d is empty or inverted", a.Start, a.End)
		}
	}
	return CheckText(m.Body)
}

// MemoAnchor is the span of an interview's transcript a memo is written
// on: code points [Start, End), counted as segments count them. The store
// checks that it lies in the transcript; a transcript with anchored memos
// cannot change (as one with segments), so the span keeps its text.
type MemoAnchor struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Quote returns the anchored text of transcript, and false when the
// anchor does not lie in it.
func (a *MemoAnchor) Quote(transcript string) (string, bool) {
	if a == nil {
		return "", false
	}
	return Slice(transcript, a.Start, a.End)
}

// MemoService manages memos.
type MemoService interface {
	// CreateMemo stores m. EINVALID.
	CreateMemo(ctx context.Context, m *Memo) error
	// CreateMemo also checks that an anchor lies in the interview's
	// transcript. UpdateMemo saves title, body and anchor (checked so),
	// never the target. EINVALID, ENOTFOUND.
	UpdateMemo(ctx context.Context, m *Memo) error
	// Memos lists a study's memos on one target ("" lists all), oldest first.
	Memos(ctx context.Context, studyID, targetType, targetID string) ([]*Memo, error)
	// DeleteMemo removes a memo. ENOTFOUND.
	DeleteMemo(ctx context.Context, id string) error
}
