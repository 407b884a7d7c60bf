package sqldb

import (
	"context"
	"errors"
	"fmt"

	"ownwords"
	"ownwords/text"
)

// PutInterviewText creates or saves one of an interview's other texts,
// aligned with its transcript. The text is a column like the transcript's:
// protected at rest the same way (see the migration 00022).
func (s services) PutInterviewText(ctx context.Context, t *ownwords.InterviewText) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		var title, participant, transcript string
		err := c.queryRow(ctx, `SELECT title, participant_id, transcript FROM interviews WHERE id = $1 AND study_id = $2`,
			t.InterviewID, t.StudyID).Scan(&title, &participant, &transcript)
		if err != nil {
			return notFound(err, "interview", t.InterviewID)
		}
		what := fmt.Sprintf("interview %q: the %s %s", title, t.Language, t.Role)
		if err := s.checkActiveParticipant(ctx, c, t.StudyID, participant, what); err != nil {
			return err
		}
		if err := checkAligned(transcript, t, what); err != nil {
			return err
		}
		taken := fmt.Sprintf("%s: the interview has an original already, or a %s text by %q", what, t.Language, t.Translator)
		if t.ID == "" {
			id := newID()
			_, err := c.exec(ctx, `INSERT INTO interview_texts (id, study_id, interview_id, language, role, translator, date, method, text, version)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)`,
				id, t.StudyID, t.InterviewID, t.Language, t.Role, t.Translator, t.Date.String(), t.Method, t.Text)
			if err != nil {
				return c.conflict(err, "%s", taken)
			}
			if err := s.appendAudit(ctx, c, t.StudyID, ownwords.ActionTextCreate, id, t.InterviewID+" "+t.Language+" "+t.Role); err != nil {
				return err
			}
			t.ID, t.Version = id, 1
			return nil
		}
		res, err := c.exec(ctx, `UPDATE interview_texts SET language = $1, role = $2, translator = $3, date = $4, method = $5, text = $6,
			version = version + 1 WHERE id = $7 AND interview_id = $8 AND version = $9`,
			t.Language, t.Role, t.Translator, t.Date.String(), t.Method, t.Text, t.ID, t.InterviewID, t.Version)
		if err != nil {
			return c.conflict(err, "%s", taken)
		}
		if mustAffect(res, "interview text", t.ID) != nil {
			return ownwords.Errorf(ownwords.ECONFLICT, "%s was changed or deleted by someone else: reload it", what)
		}
		if err := s.appendAudit(ctx, c, t.StudyID, ownwords.ActionTextUpdate, t.ID, t.InterviewID+" "+t.Language+" "+t.Role); err != nil {
			return err
		}
		t.Version++
		return nil
	})
}

// checkAligned refuses a text that does not align turn by turn with the
// transcript, naming the first turn that differs.
func checkAligned(transcript string, t *ownwords.InterviewText, what string) error {
	_, err := text.Align(transcript, t.Text)
	var ae *text.AlignError
	if errors.As(err, &ae) {
		return ownwords.Errorf(ownwords.EINVALID, "%s does not align with the transcript: %s", what, ae.Between("the transcript", "the "+t.Role))
	}
	return err
}

// checkTextsAligned refuses a new transcript of an interview that no
// longer aligns with one of its other texts (ECONFLICT: they must be
// edited together).
func checkTextsAligned(ctx context.Context, c conn, interviewID, title, transcript string) error {
	texts, err := readInterviewTexts(ctx, c, interviewID)
	if err != nil {
		return err
	}
	for _, t := range texts {
		var ae *text.AlignError
		if _, err := text.Align(transcript, t.Text); errors.As(err, &ae) {
			return ownwords.Errorf(ownwords.ECONFLICT, "interview %q: the new transcript no longer aligns with its %s %s: %s; edit both",
				title, t.Language, t.Role, ae.Between("the transcript", "the "+t.Role))
		}
	}
	return nil
}

const interviewTextColumns = `id, interview_id, study_id, language, role, translator, date, method, text, version`

func readInterviewTexts(ctx context.Context, c conn, interviewID string) ([]*ownwords.InterviewText, error) {
	// 'original' sorts before 'translation'.
	q := `SELECT ` + interviewTextColumns + ` FROM interview_texts WHERE interview_id = $1 ORDER BY role, language, translator`
	return collect(ctx, c, "interview texts", q, []any{interviewID}, func(sc interface{ Scan(...any) error }) (*ownwords.InterviewText, error) {
		var t ownwords.InterviewText
		var date string
		if err := sc.Scan(&t.ID, &t.InterviewID, &t.StudyID, &t.Language, &t.Role, &t.Translator, &date, &t.Method, &t.Text, &t.Version); err != nil {
			return nil, err
		}
		d, err := ownwords.ParseDate(date)
		if err != nil {
			return nil, fmt.Errorf("sqldb: interview text %s date: %w", t.ID, err)
		}
		t.Date = d
		return &t, nil
	})
}

// InterviewTexts returns an interview's other texts, originals first.
func (s services) InterviewTexts(ctx context.Context, interviewID string) ([]*ownwords.InterviewText, error) {
	return readInterviewTexts(ctx, s.read(), interviewID)
}

// DeleteInterviewText deletes one text of an interview.
func (s services) DeleteInterviewText(ctx context.Context, id string) error {
	return s.write(ctx, func(c conn) error {
		var studyID, interviewID, lang, role string
		if err := c.queryRow(ctx, `SELECT study_id, interview_id, language, role FROM interview_texts WHERE id = $1`, id).Scan(&studyID, &interviewID, &lang, &role); err != nil {
			return notFound(err, "interview text", id)
		}
		if _, err := c.exec(ctx, `DELETE FROM interview_texts WHERE id = $1`, id); err != nil {
			return fmt.Errorf("sqldb: delete interview text: %w", err)
		}
		s.forgetTexts(c, studyID) // no word of it kept for search
		return s.appendAudit(ctx, c, studyID, ownwords.ActionTextDelete, id, interviewID+" "+lang+" "+role)
	})
}
