package sqldb

import (
	"context"
	"encoding/json"
	"fmt"

	"ownwords"
)

// SetConsent replaces a participant's consent record.
func (s services) SetConsent(ctx context.Context, cs *ownwords.Consent) error {
	if err := cs.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		if err := s.checkParticipant(ctx, c, cs.StudyID, cs.ParticipantID); err != nil {
			return err
		}
		args := []any{cs.ParticipantID, cs.StudyID}
		for _, k := range ownwords.ConsentKinds {
			a, _ := cs.Answer(k)
			args = append(args, a.Answer, a.Date.String())
		}
		args = append(args, cs.Withdrawn.String())
		if _, err := c.exec(ctx, `DELETE FROM consents WHERE participant_id = $1`, cs.ParticipantID); err != nil {
			return fmt.Errorf("sqldb: consent: %w", err)
		}
		if _, err := c.exec(ctx, `INSERT INTO consents (participant_id, study_id, recorded, recorded_date, analysis, analysis_date,
			quotes, quotes_date, voice, voice_date, face, face_date, withdrawn)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, args...); err != nil {
			return fmt.Errorf("sqldb: consent: %w", err)
		}
		detail, err := json.Marshal(consentDetail(cs))
		if err != nil {
			return fmt.Errorf("sqldb: consent: %w", err)
		}
		return s.appendAudit(ctx, c, cs.StudyID, ownwords.ActionConsentSet, cs.ParticipantID, string(detail))
	})
}

// consentDetail is the audit detail of a consent change: every answer and
// date as stored, so that the log alone shows who consented to what when.
func consentDetail(cs *ownwords.Consent) map[string]string {
	m := map[string]string{}
	for _, k := range ownwords.ConsentKinds {
		a, _ := cs.Answer(k)
		if a.Answer != "" {
			m[k] = a.Answer
		}
		if !a.Date.IsZero() {
			m[k+"_date"] = a.Date.String()
		}
	}
	if cs.IsWithdrawn() {
		m["withdrawn"] = cs.Withdrawn.String()
	}
	return m
}

// Consents returns a study's consent records by participant.
func (s services) Consents(ctx context.Context, studyID string) (map[string]*ownwords.Consent, error) {
	list, err := collect(ctx, s.read(), "consents", `SELECT participant_id, study_id, recorded, recorded_date, analysis, analysis_date,
		quotes, quotes_date, voice, voice_date, face, face_date, withdrawn FROM consents WHERE study_id = $1`, []any{studyID},
		func(sc interface{ Scan(...any) error }) (*ownwords.Consent, error) {
			cs := &ownwords.Consent{}
			var dates [6]string
			dest := []any{&cs.ParticipantID, &cs.StudyID}
			for i, k := range ownwords.ConsentKinds {
				a, _ := cs.Answer(k)
				dest = append(dest, &a.Answer, &dates[i])
			}
			dest = append(dest, &dates[5])
			if err := sc.Scan(dest...); err != nil {
				return nil, err
			}
			for i, k := range ownwords.ConsentKinds {
				a, _ := cs.Answer(k)
				d, err := ownwords.ParseDate(dates[i])
				if err != nil {
					return nil, fmt.Errorf("consent of %s: %s date: %w", cs.ParticipantID, k, err)
				}
				a.Date = d
			}
			d, err := ownwords.ParseDate(dates[5])
			if err != nil {
				return nil, fmt.Errorf("consent of %s: withdrawal date: %w", cs.ParticipantID, err)
			}
			cs.Withdrawn = d
			return cs, nil
		})
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ownwords.Consent, len(list))
	for _, cs := range list {
		out[cs.ParticipantID] = cs
	}
	return out, nil
}
