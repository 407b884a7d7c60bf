package ownwords

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Consent answers.
const (
	ConsentYes = "yes"
	ConsentNo  = "no"
)

// ConsentKinds are the uses a participant consents to or refuses, in the
// order outputs list them: being recorded (audio/video), analysis, quotes
// in publications, their voice and their face in public material.
var ConsentKinds = []string{"recorded", "analysis", "quotes", "voice", "face"}

// ConsentAnswer is one recorded answer: yes or no, and when it was given
// or refused. The zero value is "not recorded".
type ConsentAnswer struct {
	Answer string `json:"answer,omitempty"` // ConsentYes, ConsentNo or ""
	Date   Date   `json:"-"`
}

// Consent is what a participant agreed to. A participant without a record
// has the default consent (DefaultConsent): analysis and quotes as every
// study had before consent was recorded, no public use of voice or face
// until recorded.
type Consent struct {
	StudyID       string        `json:"study_id"`
	ParticipantID string        `json:"participant_id"`
	Recorded      ConsentAnswer `json:"recorded"`
	Analysis      ConsentAnswer `json:"analysis"`
	Quotes        ConsentAnswer `json:"quotes"`
	Voice         ConsentAnswer `json:"voice"`
	Face          ConsentAnswer `json:"face"`
	// Withdrawn is the date the participant withdrew from the study; zero
	// while they have not. A withdrawal overrides every answer.
	Withdrawn Date `json:"-"`
}

// Answer returns the answer of the named kind (one of ConsentKinds).
func (c *Consent) Answer(kind string) (*ConsentAnswer, bool) {
	switch kind {
	case "recorded":
		return &c.Recorded, true
	case "analysis":
		return &c.Analysis, true
	case "quotes":
		return &c.Quotes, true
	case "voice":
		return &c.Voice, true
	case "face":
		return &c.Face, true
	}
	return nil, false
}

// IsWithdrawn reports whether the participant withdrew.
func (c *Consent) IsWithdrawn() bool { return !c.Withdrawn.IsZero() }

// AllowsAnalysis reports whether the participant may be counted in any
// analysis, report, crosstab, search count or export: not withdrawn, and
// analysis not refused (unrecorded is yes, see DefaultConsent).
func (c *Consent) AllowsAnalysis() bool {
	return !c.IsWithdrawn() && c.Analysis.Answer != ConsentNo
}

// AllowsQuotes reports whether the participant's words may be quoted:
// analysis allowed and quotes not refused.
func (c *Consent) AllowsQuotes() bool {
	return c.AllowsAnalysis() && c.Quotes.Answer != ConsentNo
}

// AllowsPlayback reports whether the participant's recordings may be
// listed and played by the team: analysis allowed and being recorded not
// refused (unrecorded is allowed, as recordings were made before consent
// was recorded).
func (c *Consent) AllowsPlayback() bool {
	return c.AllowsAnalysis() && c.Recorded.Answer != ConsentNo
}

// AllowsVoice and AllowsFace report whether the participant's voice or
// face may appear in public material: only with a recorded yes.
func (c *Consent) AllowsVoice() bool {
	return !c.IsWithdrawn() && c.Voice.Answer == ConsentYes
}

// AllowsFace: see AllowsVoice.
func (c *Consent) AllowsFace() bool {
	return !c.IsWithdrawn() && c.Face.Answer == ConsentYes
}

// DefaultConsent is the consent of a participant with no record.
func DefaultConsent(studyID, participantID string) *Consent {
	return &Consent{StudyID: studyID, ParticipantID: participantID}
}

// Validate checks the consent record.
func (c *Consent) Validate() error {
	if c.StudyID == "" || c.ParticipantID == "" {
		return Errorf(EINVALID, "consent: study and participant required")
	}
	for _, k := range ConsentKinds {
		a, _ := c.Answer(k)
		switch a.Answer {
		case "", ConsentYes, ConsentNo:
		default:
			return Errorf(EINVALID, "consent %s: %q: want yes or no", k, a.Answer)
		}
		if a.Answer == "" && !a.Date.IsZero() {
			return Errorf(EINVALID, "consent %s: a date without an answer", k)
		}
		if err := a.Date.Validate(); err != nil {
			return err
		}
	}
	return c.Withdrawn.Validate()
}

// String summarises the consent in one line, e.g. "analysis yes
// (2024-03-01), quotes no, voice –, face –, recorded yes".
func (c *Consent) String() string {
	var parts []string
	for _, k := range ConsentKinds {
		a, _ := c.Answer(k)
		v := a.Answer
		if v == "" {
			v = "–"
		}
		if !a.Date.IsZero() {
			v += " (" + a.Date.String() + ")"
		}
		parts = append(parts, fmt.Sprintf("%s %s", k, v))
	}
	s := strings.Join(parts, ", ")
	if c.IsWithdrawn() {
		s = "WITHDRAWN " + c.Withdrawn.String() + "; " + s
	}
	return s
}

// ActionConsentSet is the audit action of a change of consent.
const ActionConsentSet = "consent.set"

// ConsentService records consent.
type ConsentService interface {
	// SetConsent replaces the participant's consent record and audits the
	// change (ActionConsentSet, with the participant and the answers in
	// the detail). EINVALID, ENOTFOUND (participant).
	SetConsent(ctx context.Context, c *Consent) error
	// Consents returns the study's consent records by participant ID;
	// participants without one are absent (see DefaultConsent).
	Consents(ctx context.Context, studyID string) (map[string]*Consent, error)
	// Consent returns one participant's consent record in the study, as
	// it is now; nil, and no error, when they have none.
	Consent(ctx context.Context, studyID, participantID string) (*Consent, error)
}

// PurgedInterview is an interview whose transcript was destroyed (or, in a
// dry run, would be): by retention, or when its participant withdrew.
type PurgedInterview struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	LastCoding time.Time `json:"last_coding,omitzero"`
	// AnchoredMemos counts the memos anchored to a span of the transcript
	// (comments of its document, annotations): they go with it.
	AnchoredMemos int `json:"anchored_memos,omitempty"`
	// Recordings counts the interview's recordings (audio, video): they
	// are destroyed with the transcript.
	Recordings int `json:"recordings,omitempty"`
}

// ParticipantShredder destroys the transcripts of one participant (the
// stores' retention mechanism, sqldb.DB.PurgeParticipantTranscripts): the
// crypto-shredding offered on a withdrawal of consent.
type ParticipantShredder interface {
	PurgeParticipantTranscripts(ctx context.Context, studyID, participantID string, dryRun bool) ([]PurgedInterview, error)
}
