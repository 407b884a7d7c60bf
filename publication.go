package ownwords

import (
	"context"
	"time"
)

// Audit actions of the steps of the quote publication workflow that change
// its state; the store appends each with the row it writes.
const (
	ActionPublishRequested = "quotes.publish_requested"
	ActionPublishApproved  = "quotes.publish_approved"
)

// PublicationRequest is an owner's request to publish the public quotes of
// one figure, with the approvals of it so far. The exact text is not kept:
// SHA256 names it, and it is rebuilt from the data at every step.
type PublicationRequest struct {
	ID      string `json:"id"`
	StudyID string `json:"study_id"`
	// Item is the figure as section/slug; Group and Plan narrow it.
	Item   string `json:"item"`
	Group  string `json:"group,omitempty"`
	Plan   string `json:"plan,omitempty"`
	SHA256 string `json:"sha256"`
	Quotes int    `json:"quotes"`
	// RequesterID is the requesting account and RequestedBy its name: an
	// account removed and made again under the same name is another, so
	// rules compare both.
	RequesterID string                `json:"requester_id"`
	RequestedBy string                `json:"requested_by"`
	RequestedAt time.Time             `json:"requested_at"`
	Approvals   []PublicationApproval `json:"approvals"`
}

// PublicationApproval is an owner's approval of a request's exact text,
// named by its SHA-256.
type PublicationApproval struct {
	UserID string    `json:"user_id"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	SHA256 string    `json:"sha256"`
}

// Validate checks a request before it is stored.
func (r *PublicationRequest) Validate() error {
	switch {
	case r.ID == "" || r.StudyID == "":
		return Errorf(EINVALID, "publication request: ID and study required")
	case r.Item == "" || r.SHA256 == "":
		return Errorf(EINVALID, "publication request %s: figure and SHA-256 of the text required", r.ID)
	case r.RequesterID == "":
		return Errorf(EINVALID, "publication request %s: requesting account required", r.ID)
	}
	return nil
}

// PublicationService keeps the state of the two-owner workflow that
// publishes quotes. Package quotes decides who may take each step (owners
// only, a second owner approves, the text unchanged and scanned) and is the
// only caller. Each write appends its audit entry in the same transaction,
// with the hash and the account in the detail, never the text.
type PublicationService interface {
	// CreatePublicationRequest stores r, with the actor in ctx as
	// RequestedBy and the store's clock as RequestedAt, and appends an
	// ActionPublishRequested entry. EINVALID (see Validate), ECONFLICT when
	// the ID is taken.
	CreatePublicationRequest(ctx context.Context, r *PublicationRequest) error
	// AddPublicationApproval records a's approval (UserID and SHA256 set)
	// of request id of the study, with the actor in ctx as By and the
	// store's clock as At, and appends an ActionPublishApproved entry.
	// EINVALID, ENOTFOUND when the study has no such request, ECONFLICT when
	// the account approved it already.
	AddPublicationApproval(ctx context.Context, studyID, id string, a *PublicationApproval) error
	// PublicationRequest returns request id of the study with its
	// approvals, oldest first. ENOTFOUND.
	PublicationRequest(ctx context.Context, studyID, id string) (*PublicationRequest, error)
}
