package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
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

// consentWrites are the writes that change a study's consent records: a
// consent change, and a participant's deletion (their record goes with
// them). A new participant has no record: the defaults, as before.
var consentWrites = []string{ownwords.ActionConsentSet, "participant.delete"}

// consentVersion finds the newest entry of consentWrites to the study.
var consentVersion = newVersionProbe(consentWrites, nil)

// keptConsents is a study's consent records as read at version.
type keptConsents struct {
	version ownwords.StudyVersion
	byID    map[string]*ownwords.Consent
}

// Consents returns a study's consent records by participant. Outside a
// transaction they are kept per study (DB.consents) at the newest audit
// entry of consentWrites, read every time (index probes of
// audit_log_study_action): every change of a record appends one in its
// transaction, through this handle or any other on the database, so a
// withdrawal is seen by the next read, kept or not. A gate checks consent
// on every request of a coder (withheldFrom); reading and parsing every
// record each time was most of a coding's CPU. Each caller gets copies.
// Inside a transaction the version may not show its own writes yet
// (audit entries deferred to the commit): no cache there.
func (s services) Consents(ctx context.Context, studyID string) (map[string]*ownwords.Consent, error) {
	c := s.read()
	if s.tx != nil {
		return s.readConsents(ctx, c, studyID)
	}
	q, args := consentVersion.sql(s.db.d, studyID)
	var v ownwords.StudyVersion
	if err := c.queryRow(ctx, q, args...).Scan(&v.Seq, &v.Hash); err != nil && err != sql.ErrNoRows {
		return nil, fmt.Errorf("sqldb: consents: version: %w", err)
	}
	if kept, ok := s.db.consents.Load(studyID); ok && kept.(*keptConsents).version == v {
		return copyConsents(kept.(*keptConsents).byID), nil
	}
	m, err := s.readConsents(ctx, c, studyID)
	if err != nil {
		return nil, err
	}
	// A change committed between the two reads is in the records kept at
	// the version before it: a reader who read that version gets the newer
	// records, as without the cache; a later one reads the newer version
	// and the records again.
	s.db.consents.Store(studyID, &keptConsents{version: v, byID: copyConsents(m)})
	return m, nil
}

// copyConsents copies m and its records (plain values), in one block.
func copyConsents(m map[string]*ownwords.Consent) map[string]*ownwords.Consent {
	out := make(map[string]*ownwords.Consent, len(m))
	vals := make([]ownwords.Consent, 0, len(m))
	for id, cs := range m {
		vals = append(vals, *cs)
		out[id] = &vals[len(vals)-1]
	}
	return out
}

// consentColumns are the columns scanConsent reads, in its order.
const consentColumns = `participant_id, study_id, recorded, recorded_date, analysis, analysis_date,
	quotes, quotes_date, voice, voice_date, face, face_date, withdrawn`

func scanConsent(sc interface{ Scan(...any) error }) (*ownwords.Consent, error) {
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
}

// readConsents reads a study's consent records through c.
func (s services) readConsents(ctx context.Context, c conn, studyID string) (map[string]*ownwords.Consent, error) {
	list, err := collect(ctx, c, "consents", `SELECT `+consentColumns+` FROM consents WHERE study_id = $1`, []any{studyID}, scanConsent)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ownwords.Consent, len(list))
	for _, cs := range list {
		out[cs.ParticipantID] = cs
	}
	return out, nil
}

// Consent reads one participant's record: a point read, always current
// (a gate checks the consent of the participant of every interview a
// coder codes; the study's records, kept per version, cost a version
// probe and a copy of them all).
func (s services) Consent(ctx context.Context, studyID, participantID string) (*ownwords.Consent, error) {
	cs, err := scanConsent(s.read().queryRow(ctx, `SELECT `+consentColumns+` FROM consents WHERE participant_id = $1 AND study_id = $2`,
		participantID, studyID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("sqldb: consent of %s: %w", participantID, err)
	}
	return cs, nil
}
