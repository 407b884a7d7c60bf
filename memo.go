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
	ID         string    `json:"id"`
	StudyID    string    `json:"study_id"`
	TargetType string    `json:"target_type"`
	TargetID   string    `json:"target_id"`
	AuthorID   string    `json:"author_id,omitempty"`
	Title      string    `json:"title,omitempty"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
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
	return CheckText(m.Body)
}

// MemoService manages memos.
type MemoService interface {
	// CreateMemo stores m. EINVALID.
	CreateMemo(ctx context.Context, m *Memo) error
	// UpdateMemo saves title and body. EINVALID, ENOTFOUND.
	UpdateMemo(ctx context.Context, m *Memo) error
	// Memos lists a study's memos on one target ("" lists all), oldest first.
	Memos(ctx context.Context, studyID, targetType, targetID string) ([]*Memo, error)
	// DeleteMemo removes a memo. ENOTFOUND.
	DeleteMemo(ctx context.Context, id string) error
}
