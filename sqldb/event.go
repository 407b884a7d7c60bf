package sqldb

import (
	"context"
	"fmt"

	"ownwords"
)

// CreateEvent stores an event.
func (s services) CreateEvent(ctx context.Context, e *ownwords.Event) error {
	if err := e.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		if err := s.checkActiveParticipant(ctx, c, e.StudyID, e.ParticipantID, "event "+e.Kind); err != nil {
			return err
		}
		var seg any
		if e.SegmentID != "" {
			var n int
			if err := c.queryRow(ctx, `SELECT count(*) FROM segments s JOIN interviews i ON i.id = s.interview_id
				WHERE s.id = $1 AND i.participant_id = $2`, e.SegmentID, e.ParticipantID).Scan(&n); err != nil || n == 0 {
				return ownwords.Errorf(ownwords.ENOTFOUND, "segment %s not found among this participant's codings", e.SegmentID)
			}
			seg = e.SegmentID
		}
		id := newID()
		if _, err := c.exec(ctx, `INSERT INTO events (id, study_id, participant_id, kind, date_from, date_to, note, segment_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, e.StudyID, e.ParticipantID, e.Kind,
			e.Date.From.String(), e.Date.To.String(), e.Note, seg); err != nil {
			return fmt.Errorf("sqldb: create event: %w", err)
		}
		e.ID = id
		return s.appendAudit(ctx, c, e.StudyID, "event.create", id, e.Kind)
	})
}

// Events lists events by participant, then date.
func (s services) Events(ctx context.Context, f ownwords.EventFilter) ([]*ownwords.Event, error) {
	var w filter
	w.eq("study_id", f.StudyID)
	w.eq("participant_id", f.ParticipantID)
	w.eq("kind", f.Kind)
	q := `SELECT id, study_id, participant_id, kind, date_from, date_to, note, COALESCE(segment_id, '') FROM events
		WHERE ` + w.where() + ` ORDER BY participant_id, date_from, id`
	return collect(ctx, s.read(), "events", q, w.args, scanEvent)
}

func scanEvent(sc interface{ Scan(...any) error }) (*ownwords.Event, error) {
	var e ownwords.Event
	var from, to string
	err := sc.Scan(&e.ID, &e.StudyID, &e.ParticipantID, &e.Kind, &from, &to, &e.Note, &e.SegmentID)
	if err != nil {
		return nil, err
	}
	if e.Date.From, err = ownwords.ParseDate(from); err == nil {
		e.Date.To, err = ownwords.ParseDate(to)
	}
	if err != nil {
		return nil, fmt.Errorf("event %s date: %w", e.ID, err)
	}
	return &e, nil
}

// DeleteEvent removes an event.
func (s services) DeleteEvent(ctx context.Context, id string) error {
	return s.write(ctx, func(c conn) error {
		var studyID string
		if err := c.queryRow(ctx, `SELECT study_id FROM events WHERE id = $1`, id).Scan(&studyID); err != nil {
			return notFound(err, "event", id)
		}
		if _, err := c.exec(ctx, `DELETE FROM events WHERE id = $1`, id); err != nil {
			return fmt.Errorf("sqldb: delete event: %w", err)
		}
		return s.appendAudit(ctx, c, studyID, "event.delete", id, "")
	})
}
