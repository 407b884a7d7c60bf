package ownwords

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxTranscriptBytes bounds one transcript (a 10k-word interview is ~60 KB;
// this leaves room for the longest and refuses accidents).
const MaxTranscriptBytes = 16 << 20

// Interview is one interview with a participant, with its transcript.
type Interview struct {
	ID            string `json:"id"`
	StudyID       string `json:"study_id"`
	ParticipantID string `json:"participant_id"`
	// Title names the interview, e.g. the source file; unique per study.
	Title       string `json:"title"`
	Date        Date   `json:"-"`
	Place       string `json:"place,omitempty"`
	Language    string `json:"language,omitempty"` // BCP 47, e.g. "en", "ar"
	Interpreter string `json:"interpreter,omitempty"`
	Status      string `json:"status,omitempty"`
	// Transcript is UTF-8 in NFC; segment offsets count its code points.
	Transcript  string `json:"transcript,omitempty"`
	Translation string `json:"translation,omitempty"`
	// Anchors are the transcript's time anchors (see TimeAnchor), in
	// offset order. Interview returns them; lists do not. On
	// UpdateInterview, nil (or the stored anchors unchanged) keeps the
	// stored anchors, re-anchored across a transcript edit
	// (Reanchor); any other value replaces them.
	Anchors []TimeAnchor `json:"anchors,omitempty"`
	// Length is the transcript's length in code points, set by lists
	// asked WithLength (and by none otherwise).
	Length int `json:"-"`
	// Version increases on every update (optimistic concurrency).
	Version int `json:"version"`
	// ComparisonOpenedAt is when the owner opened comparison (ended blind
	// coding) for this interview; zero while coding is still blind.
	ComparisonOpenedAt time.Time `json:"comparison_opened_at,omitzero"`
}

// Validate checks the interview. The transcript must be valid UTF-8 without
// NUL bytes and already in NFC (ingest normalises; see CheckText).
func (iv *Interview) Validate() error {
	switch {
	case iv.StudyID == "":
		return Errorf(EINVALID, "interview: study required")
	case iv.ParticipantID == "":
		return Errorf(EINVALID, "interview %q: participant required", iv.Title)
	case strings.TrimSpace(iv.Title) == "":
		return Errorf(EINVALID, "interview: title required")
	case len(iv.Transcript) > MaxTranscriptBytes:
		return Errorf(EINVALID, "interview %q: transcript larger than %d MiB", iv.Title, MaxTranscriptBytes>>20)
	}
	if err := iv.Date.Validate(); err != nil {
		return err
	}
	for _, t := range []string{iv.Transcript, iv.Translation} {
		if err := CheckText(t); err != nil {
			return Errorf(EINVALID, "interview %q: %s", iv.Title, ErrorMessage(err))
		}
	}
	return nil
}

// CheckText reports text that may not be stored: invalid UTF-8 or a NUL
// byte (with its byte offset), or text not in NFC.
func CheckText(s string) error {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return Errorf(EINVALID, "invalid UTF-8 at byte %d", i)
		}
		if r == 0 {
			return Errorf(EINVALID, "NUL byte at byte %d", i)
		}
		i += n
	}
	if !norm.NFC.IsNormalString(s) {
		return Errorf(EINVALID, "text is not in Unicode NFC")
	}
	return nil
}

// InterviewFilter selects interviews. Zero fields match everything.
type InterviewFilter struct {
	StudyID       string
	ParticipantID string
	// ID, when set, lists only that interview: its fields without the
	// text cost a fraction of Interview.
	ID string
	// WithText loads transcripts and translations; lists omit them otherwise.
	WithText bool
	// WithLength sets Interview.Length without loading the text (what
	// needs only the lengths of a large study's transcripts must not hold
	// them all at once).
	WithLength bool
}

// InterviewService manages interviews.
type InterviewService interface {
	// CreateInterview stores iv. EINVALID, ENOTFOUND (participant),
	// ECONFLICT (title taken).
	CreateInterview(ctx context.Context, iv *Interview) error
	// UpdateInterview saves iv if iv.Version is the stored version, and
	// increments it. ECONFLICT when someone else saved first. Changing the
	// transcript of an interview with segments is ECONFLICT.
	UpdateInterview(ctx context.Context, iv *Interview) error
	// Interview returns one interview with its text. ENOTFOUND.
	Interview(ctx context.Context, id string) (*Interview, error)
	// Interviews lists interviews ordered by date then title.
	Interviews(ctx context.Context, f InterviewFilter) ([]*Interview, error)
	// DeleteInterview removes an interview and its segments. ENOTFOUND.
	DeleteInterview(ctx context.Context, id string) error
	// OpenComparison ends blind coding for an interview: its coders may
	// now see each other's segments. It is audited once; opening an
	// already open interview changes nothing. ENOTFOUND.
	OpenComparison(ctx context.Context, interviewID string) error
}
