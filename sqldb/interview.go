package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"ownwords"
)

// CreateInterview stores an interview.
func (s services) CreateInterview(ctx context.Context, iv *ownwords.Interview) error {
	if err := iv.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		// The participant is checked in the INSERT (one statement, where
		// an import sends one per interview); when it inserts nothing,
		// checkActiveParticipant says why.
		id := newID()
		res, err := c.exec(ctx, `INSERT INTO interviews (id, study_id, participant_id, title, date, place, language,
			interpreter, status, transcript, translation, version)
			SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1 FROM participants p
			WHERE p.id = $3 AND p.study_id = $2
			AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.participant_id = p.id AND c.withdrawn <> '')`,
			id, iv.StudyID, iv.ParticipantID, iv.Title, iv.Date.String(), iv.Place, iv.Language,
			iv.Interpreter, iv.Status, iv.Transcript, iv.Translation)
		if err != nil {
			return c.conflict(err, "interview %q already exists", iv.Title)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			if err := s.checkActiveParticipant(ctx, c, iv.StudyID, iv.ParticipantID, "interview "+strconv.Quote(iv.Title)); err != nil {
				return err
			}
			return ownwords.Errorf(ownwords.ECONFLICT, "interview %q: participant %s changed while it was added: try again", iv.Title, iv.ParticipantID)
		}
		if err := s.indexInterview(ctx, c, id, iv.Transcript, true); err != nil {
			return err
		}
		iv.ID = id
		if err := writeAnchors(ctx, c, iv, true); err != nil {
			return err
		}
		iv.Version = 1
		return s.appendAudit(ctx, c, iv.StudyID, "interview.create", id, "")
	})
}

func (s services) checkParticipant(ctx context.Context, c conn, studyID, id string) error {
	var n int
	if err := c.queryRow(ctx, `SELECT count(*) FROM participants WHERE id = $1 AND study_id = $2`, id, studyID).Scan(&n); err != nil {
		return fmt.Errorf("sqldb: participant %s: %w", id, err)
	}
	if n == 0 {
		return ownwords.Errorf(ownwords.ENOTFOUND, "participant %s not found in this study", id)
	}
	return nil
}

// checkActiveParticipant is checkParticipant for a write that adds data
// about the participant (an interview, a recording, a dated event): once
// they withdrew (consents.withdrawn) nothing new about them may enter the
// study, whoever writes and by whatever path (import, REFI-QDA, the
// workbench), so the store refuses it in the write's transaction. Their
// existing data stays until shredded (gate.ShredParticipant); consent and
// retention writes use checkParticipant. what names the write for the
// error. ENOTFOUND, EINVALID.
func (s services) checkActiveParticipant(ctx context.Context, c conn, studyID, id, what string) error {
	var code, withdrawn string
	err := c.queryRow(ctx, `SELECT p.code, coalesce(c.withdrawn, '') FROM participants p
		LEFT JOIN consents c ON c.participant_id = p.id WHERE p.id = $1 AND p.study_id = $2`, id, studyID).Scan(&code, &withdrawn)
	if errors.Is(err, sql.ErrNoRows) {
		return ownwords.Errorf(ownwords.ENOTFOUND, "participant %s not found in this study", id)
	}
	if err != nil {
		return fmt.Errorf("sqldb: participant %s: %w", id, err)
	}
	if withdrawn != "" {
		return ownwords.Errorf(ownwords.EINVALID, "%s: participant %s withdrew from the study on %s: nothing new about them may be added", what, code, withdrawn)
	}
	return nil
}

// UpdateInterview saves an interview at its version.
func (s services) UpdateInterview(ctx context.Context, iv *ownwords.Interview) error {
	if err := iv.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		old, err := s.in(c).Interview(ctx, iv.ID)
		if err != nil {
			return err
		}
		if old.StudyID != iv.StudyID {
			return ownwords.Errorf(ownwords.ENOTFOUND, "interview %s not found", iv.ID)
		}
		if old.Version != iv.Version {
			return ownwords.Errorf(ownwords.ECONFLICT, "interview %q was changed by someone else (version %d, yours %d): reload it", iv.Title, old.Version, iv.Version)
		}
		if old.Transcript != iv.Transcript {
			if err := s.checkActiveParticipant(ctx, c, old.StudyID, old.ParticipantID, "transcript of "+strconv.Quote(old.Title)); err != nil {
				return err
			}
			var n int
			if err := c.queryRow(ctx, `SELECT count(*) FROM segments WHERE interview_id = $1`, iv.ID).Scan(&n); err != nil {
				return fmt.Errorf("sqldb: interview segments: %w", err)
			}
			if n > 0 {
				return ownwords.Errorf(ownwords.ECONFLICT, "interview %q has %d coded segments: its transcript cannot change", iv.Title, n)
			}
			// Anchored memos hold spans of the text as segments do.
			if err := c.queryRow(ctx, `SELECT count(*) FROM memos WHERE study_id = $1 AND target_type = $2 AND target_id = $3 AND anchor_start IS NOT NULL`,
				iv.StudyID, ownwords.MemoInterview, iv.ID).Scan(&n); err != nil {
				return fmt.Errorf("sqldb: interview memos: %w", err)
			}
			if n > 0 {
				return ownwords.Errorf(ownwords.ECONFLICT, "interview %q has %d memos anchored to its text: its transcript cannot change", iv.Title, n)
			}
			if err := checkTextsAligned(ctx, c, iv.ID, iv.Title, iv.Transcript); err != nil {
				return err
			}
		}
		if err := s.checkParticipant(ctx, c, iv.StudyID, iv.ParticipantID); err != nil {
			return err
		}
		res, err := c.exec(ctx, `UPDATE interviews SET participant_id = $1, title = $2, date = $3, place = $4, language = $5,
			interpreter = $6, status = $7, transcript = $8, translation = $9, version = version + 1
			WHERE id = $10 AND version = $11`,
			iv.ParticipantID, iv.Title, iv.Date.String(), iv.Place, iv.Language, iv.Interpreter, iv.Status,
			iv.Transcript, iv.Translation, iv.ID, iv.Version)
		if err != nil {
			return c.conflict(err, "interview %q already exists", iv.Title)
		}
		// Under READ COMMITTED (PostgreSQL) a writer that committed after our
		// read makes the versioned UPDATE touch nothing: that is a conflict.
		if mustAffect(res, "interview", iv.ID) != nil {
			return ownwords.Errorf(ownwords.ECONFLICT, "interview %q was changed by someone else: reload it", iv.Title)
		}
		if old.Transcript != iv.Transcript {
			if err := s.indexInterview(ctx, c, iv.ID, iv.Transcript, false); err != nil {
				return err
			}
		}
		anchors := iv.Anchors
		resolveAnchors(old, iv)
		if err := writeAnchors(ctx, c, iv, false); err != nil {
			iv.Anchors = anchors
			return err
		}
		iv.Version++
		return s.appendAudit(ctx, c, iv.StudyID, "interview.update", iv.ID, "")
	})
}

const interviewColumns = `id, study_id, participant_id, title, date, place, language, interpreter, status, version, comparison_opened_at`

func scanInterview(sc interface{ Scan(...any) error }, withText, withLength bool) (*ownwords.Interview, error) {
	var iv ownwords.Interview
	var date, opened string
	dest := []any{&iv.ID, &iv.StudyID, &iv.ParticipantID, &iv.Title, &date, &iv.Place, &iv.Language, &iv.Interpreter, &iv.Status, &iv.Version, &opened}
	if withText {
		dest = append(dest, &iv.Transcript, &iv.Translation)
	}
	if withLength {
		dest = append(dest, &iv.Length)
	}
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	d, err := ownwords.ParseDate(date)
	if err != nil {
		return nil, fmt.Errorf("sqldb: interview %s date: %w", iv.ID, err)
	}
	iv.Date = d
	if opened != "" {
		iv.ComparisonOpenedAt = parseTime(opened)
	}
	return &iv, nil
}

// Interview returns one interview with its text.
func (s services) Interview(ctx context.Context, id string) (*ownwords.Interview, error) {
	c := s.read()
	iv, err := scanInterview(c.queryRow(ctx, `SELECT `+interviewColumns+`, transcript, translation FROM interviews WHERE id = $1`, id), true, false)
	if err != nil {
		return nil, notFound(err, "interview", id)
	}
	anchors, err := readAnchors(ctx, c, []string{id})
	if err != nil {
		return nil, err
	}
	iv.Anchors = anchors[id]
	return iv, nil
}

// Interviews lists interviews by date then title.
func (s services) Interviews(ctx context.Context, f ownwords.InterviewFilter) ([]*ownwords.Interview, error) {
	var w filter
	w.eq("study_id", f.StudyID)
	w.eq("participant_id", f.ParticipantID)
	w.eq("id", f.ID)
	cols := interviewColumns
	if f.WithText {
		cols += ", transcript, translation"
	}
	if f.WithLength {
		// Code points on both stores (transcripts hold no NUL, where
		// SQLite's length() would stop).
		cols += ", length(transcript)"
	}
	q := `SELECT ` + cols + ` FROM interviews WHERE ` + w.where() + ` ORDER BY date, title`
	return collect(ctx, s.read(), "interviews", q, w.args, func(sc interface{ Scan(...any) error }) (*ownwords.Interview, error) {
		return scanInterview(sc, f.WithText, f.WithLength)
	})
}

// DeleteInterview removes an interview and its segments. Its search index
// entry goes in the same transaction, by cascade (and on SQLite the
// search_keys trigger that deletes its search_tf and search_pos rows).
func (s services) DeleteInterview(ctx context.Context, id string) error {
	return s.write(ctx, func(c conn) error {
		var studyID string
		if err := c.queryRow(ctx, `SELECT study_id FROM interviews WHERE id = $1`, id).Scan(&studyID); err != nil {
			return notFound(err, "interview", id)
		}
		// Its recordings go by cascade; their files once this commits.
		if err := s.dropMediaFiles(ctx, c, `interview_id = $1`, id); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM interviews WHERE id = $1`, id); err != nil {
			return fmt.Errorf("sqldb: delete interview: %w", err)
		}
		s.forgetTexts(c, studyID) // the words of its other texts kept for search
		return s.appendAudit(ctx, c, studyID, "interview.delete", id, "")
	})
}
