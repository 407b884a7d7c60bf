package sqldb

import (
	"context"
	"database/sql"
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
		if err := s.checkAligned(ctx, c, transcript, t, what); err != nil {
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
// transcript, naming the first turn that differs, unless t.AllowUnaligned
// or t is saved with a manual alignment that still holds (its words
// unchanged).
func (s services) checkAligned(ctx context.Context, c conn, transcript string, t *ownwords.InterviewText, what string) error {
	t.Unaligned = false
	_, err := text.Align(transcript, t.Text)
	var ae *text.AlignError
	if !errors.As(err, &ae) {
		return err
	}
	if t.AllowUnaligned {
		t.Unaligned = true
		return nil
	}
	if t.ID != "" {
		var alignment, basis string
		err := c.queryRow(ctx, `SELECT alignment, aligned_to FROM interview_texts WHERE id = $1 AND interview_id = $2`, t.ID, t.InterviewID).Scan(&alignment, &basis)
		if err == nil && manualHolds(transcript, t.Text, alignment, basis) {
			return nil
		}
	}
	return ownwords.Errorf(ownwords.EINVALID, "%s does not align with the transcript: %s; to store it anyway and pair its turns by hand in the workbench (Align texts), import it with --unaligned",
		what, ae.Between("the transcript", "the "+t.Role))
}

// manualHolds reports whether a manual alignment stored on basis still
// holds for transcript and body: made on these very texts, and fitting
// their units.
func manualHolds(transcript, body, alignment, basis string) bool {
	if alignment == "" || basis != ownwords.AlignmentBasis(transcript, body) {
		return false
	}
	_, _, err := text.AlignedUnits(transcript, body, alignment)
	return err == nil
}

// readAlignment sets t.Alignment and t.Unaligned from the alignment stored
// with it (on basis) and transcript: the manual one while it holds, else
// whether the texts align turn by turn.
func readAlignment(t *ownwords.InterviewText, transcript, alignment, basis string) {
	t.Alignment, t.Unaligned = "", false
	if manualHolds(transcript, t.Text, alignment, basis) {
		t.Alignment = alignment
		return
	}
	_, err := text.Align(transcript, t.Text)
	t.Unaligned = err != nil
}

// checkTextsAligned refuses a new transcript of an interview that no
// longer aligns with one of its other texts that aligned with the old one
// turn by turn (ECONFLICT: they must be edited together). A text aligned
// by hand, or waiting to be, does not hold the edit back: the edit undoes
// its manual alignment (AlignmentBasis), and it is aligned again in the
// workbench.
func checkTextsAligned(ctx context.Context, c conn, interviewID, title, transcript string) error {
	texts, err := readInterviewTexts(ctx, c, interviewID)
	if err != nil {
		return err
	}
	for _, t := range texts {
		if t.Unaligned || t.Alignment != "" {
			continue
		}
		var ae *text.AlignError
		if _, err := text.Align(transcript, t.Text); errors.As(err, &ae) {
			return ownwords.Errorf(ownwords.ECONFLICT, "interview %q: the new transcript no longer aligns with its %s %s: %s; edit both",
				title, t.Language, t.Role, ae.Between("the transcript", "the "+t.Role))
		}
	}
	return nil
}

const interviewTextColumns = `t.id, t.interview_id, t.study_id, t.language, t.role, t.translator, t.date, t.method, t.text, t.version, t.alignment, t.aligned_to`

// readInterviewTexts reads an interview's texts with their alignment
// (readAlignment) against the interview's transcript as it is in c.
func readInterviewTexts(ctx context.Context, c conn, interviewID string) ([]*ownwords.InterviewText, error) {
	var transcript string
	if err := c.queryRow(ctx, `SELECT transcript FROM interviews WHERE id = $1`, interviewID).Scan(&transcript); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		return nil, fmt.Errorf("sqldb: interview texts: %w", err)
	}
	// 'original' sorts before 'translation'.
	q := `SELECT ` + interviewTextColumns + ` FROM interview_texts t WHERE t.interview_id = $1 ORDER BY t.role, t.language, t.translator`
	return collect(ctx, c, "interview texts", q, []any{interviewID}, func(sc interface{ Scan(...any) error }) (*ownwords.InterviewText, error) {
		var t ownwords.InterviewText
		var date, alignment, basis string
		if err := sc.Scan(&t.ID, &t.InterviewID, &t.StudyID, &t.Language, &t.Role, &t.Translator, &date, &t.Method, &t.Text, &t.Version, &alignment, &basis); err != nil {
			return nil, err
		}
		d, err := ownwords.ParseDate(date)
		if err != nil {
			return nil, fmt.Errorf("sqldb: interview text %s date: %w", t.ID, err)
		}
		t.Date = d
		readAlignment(&t, transcript, alignment, basis)
		return &t, nil
	})
}

// InterviewTexts returns an interview's other texts, originals first.
func (s services) InterviewTexts(ctx context.Context, interviewID string) ([]*ownwords.InterviewText, error) {
	return readInterviewTexts(ctx, s.read(), interviewID)
}

// AlignInterviewText stores a manual alignment of a text with its
// interview's transcript.
func (s services) AlignInterviewText(ctx context.Context, id string, version int, basis, unitMap string) error {
	return s.write(ctx, func(c conn) error {
		var studyID, interviewID, lang, role, body, title, transcript string
		var stored int
		err := c.queryRow(ctx, `SELECT t.study_id, t.interview_id, t.language, t.role, t.text, t.version, i.title, i.transcript
			FROM interview_texts t JOIN interviews i ON i.id = t.interview_id WHERE t.id = $1`, id).
			Scan(&studyID, &interviewID, &lang, &role, &body, &stored, &title, &transcript)
		if err != nil {
			return notFound(err, "interview text", id)
		}
		what := fmt.Sprintf("interview %q: the %s %s", title, lang, role)
		if stored != version || basis != ownwords.AlignmentBasis(transcript, body) {
			return ownwords.Errorf(ownwords.ECONFLICT, "%s or its transcript was changed by someone else since you began aligning them: reload and align again", what)
		}
		m, err := text.ParseUnitMap(unitMap)
		if err != nil {
			return ownwords.Errorf(ownwords.EINVALID, "%s: %v", what, err)
		}
		if _, _, err := text.AlignedUnits(transcript, body, m.String()); err != nil {
			return ownwords.Errorf(ownwords.EINVALID, "%s: %v", what, err)
		}
		res, err := c.exec(ctx, `UPDATE interview_texts SET alignment = $1, aligned_to = $2, version = version + 1 WHERE id = $3 AND version = $4`,
			m.String(), basis, id, version)
		if err != nil {
			return fmt.Errorf("sqldb: align interview text: %w", err)
		}
		if mustAffect(res, "interview text", id) != nil {
			return ownwords.Errorf(ownwords.ECONFLICT, "%s was changed by someone else: reload it", what)
		}
		return s.appendAudit(ctx, c, studyID, ownwords.ActionTextAlign, id, fmt.Sprintf("%s %s %s: %d groups", interviewID, lang, role, len(m)))
	})
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
