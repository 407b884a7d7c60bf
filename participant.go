package ownwords

import (
	"context"
	"regexp"
)

// Participant is a pseudonymous person of a study. Real identities never
// enter the study store: they live in the identity vault, linked by Code.
type Participant struct {
	ID      string `json:"id"`
	StudyID string `json:"study_id"`
	// Code is the pseudonym, e.g. "P-0042", unique within the study.
	Code string `json:"code"`
	// Values maps attribute slugs to typed values.
	Values map[string]Value `json:"-"`
	// Consent is the participant's consent as analysis.Load attached it
	// (the default when none is recorded); the store does not fill it
	// (see ConsentService). Nil means not loaded.
	Consent *Consent `json:"-"`
}

var participantCodeRE = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}_.\-]{0,63}$`)

// Validate checks the participant.
func (p *Participant) Validate() error {
	switch {
	case p.StudyID == "":
		return Errorf(EINVALID, "participant: study required")
	case !participantCodeRE.MatchString(p.Code):
		return Errorf(EINVALID, "participant %q: code must be 1-64 letters, digits, '_', '.' or '-'", p.Code)
	}
	return nil
}

// ParticipantFilter selects participants. Zero fields match everything.
type ParticipantFilter struct {
	StudyID string
	Code    string
	Limit   int
}

// ParticipantService manages participants and their attribute definitions.
type ParticipantService interface {
	// CreateAttribute defines an attribute. EINVALID, ECONFLICT (slug taken).
	CreateAttribute(ctx context.Context, a *Attribute) error
	// UpdateAttribute saves label, description, values and tag; the type and
	// slug cannot change. EINVALID, ENOTFOUND.
	UpdateAttribute(ctx context.Context, a *Attribute) error
	// Attributes lists a study's attributes by position.
	Attributes(ctx context.Context, studyID string) ([]*Attribute, error)

	// CreateParticipant stores p with its values (each checked against its
	// attribute definition). EINVALID, ECONFLICT (code taken).
	CreateParticipant(ctx context.Context, p *Participant) error
	// UpdateParticipant replaces p's code and values. EINVALID, ENOTFOUND.
	UpdateParticipant(ctx context.Context, p *Participant) error
	// Participant returns one participant with values. ENOTFOUND.
	Participant(ctx context.Context, id string) (*Participant, error)
	// Participants lists participants with values, ordered by code.
	Participants(ctx context.Context, f ParticipantFilter) ([]*Participant, error)
	// DeleteParticipant removes a participant with everything that hangs on
	// it (interviews, segments, events). ENOTFOUND.
	DeleteParticipant(ctx context.Context, id string) error
}
