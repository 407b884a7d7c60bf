package ownwords

import "context"

// Event kinds of the reference study's trajectories. Studies may add others.
const (
	EventRadicalised = "radicalised"
	EventTravelled   = "travelled"
	EventCrossed     = "crossed"
	EventJoined      = "joined"
	EventRoleStarted = "role_started"
	EventRoleEnded   = "role_ended"
	EventFirstDoubts = "first_doubts"
	EventTriedLeave  = "tried_to_leave"
	EventLeft        = "left"
	EventCaptured    = "captured"
	EventReturned    = "returned"
	EventInterviewed = "interviewed"
)

// Event is a dated milestone of a participant's trajectory.
type Event struct {
	ID            string `json:"id"`
	StudyID       string `json:"study_id"`
	ParticipantID string `json:"participant_id"`
	Kind          string `json:"kind"`
	Date          Period `json:"-"`
	Note          string `json:"note,omitempty"`
	// SegmentID optionally links the passage where the participant tells it.
	SegmentID string `json:"segment_id,omitempty"`
}

// Validate checks the event.
func (e *Event) Validate() error {
	switch {
	case e.StudyID == "" || e.ParticipantID == "":
		return Errorf(EINVALID, "event: study and participant required")
	case !ValidSlug(e.Kind):
		return Errorf(EINVALID, "event: kind %q must be a slug", e.Kind)
	case e.Date.From.IsZero():
		return Errorf(EINVALID, "event %s: date required", e.Kind)
	}
	if err := e.Date.From.Validate(); err != nil {
		return err
	}
	return e.Date.To.Validate()
}

// EventFilter selects events.
type EventFilter struct {
	StudyID       string
	ParticipantID string
	Kind          string
}

// EventService manages events.
type EventService interface {
	// CreateEvent stores e. EINVALID, ENOTFOUND (participant or segment).
	CreateEvent(ctx context.Context, e *Event) error
	// Events lists events ordered by participant, then date.
	Events(ctx context.Context, f EventFilter) ([]*Event, error)
	// DeleteEvent removes one event. ENOTFOUND.
	DeleteEvent(ctx context.Context, id string) error
}
