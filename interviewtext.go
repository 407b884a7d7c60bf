package ownwords

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

// Roles of an InterviewText, relative to the interview's Transcript.
const (
	// TextOriginal is the words as spoken, when the Transcript is a
	// translation (an interview coded in English, held in Arabic). An
	// interview has at most one.
	TextOriginal = "original"
	// TextTranslation is a translation of the Transcript (or of the
	// original it translates).
	TextTranslation = "translation"
	// TextTranscript names the Transcript itself where texts are listed
	// side by side (TextRef); never the Role of an InterviewText.
	TextTranscript = "transcript"
)

// Methods of an InterviewText: how its words came to be.
const (
	// MethodInterpreter: interpreted on site, as the interview went on.
	MethodInterpreter = "interpreter"
	// MethodTranslation: translated afterwards by a person.
	MethodTranslation = "translation"
	// MethodMachineReviewed: a machine draft reviewed by a person.
	MethodMachineReviewed = "machine_reviewed"
)

// Audit actions of InterviewTextService's writes.
const (
	ActionTextCreate = "interview_text.create"
	ActionTextUpdate = "interview_text.update"
	ActionTextDelete = "interview_text.delete"
	// ActionTextAlign: a text aligned with the transcript by hand
	// (InterviewTextService.AlignInterviewText).
	ActionTextAlign = "interview_text.align"
)

// InterviewText is another text of an interview than its Transcript: the
// original it was translated from, or a translation of it. The Transcript
// stays the main text, the one segment offsets, time anchors and the
// search index refer to, in Interview.Language; every other text is
// aligned with it turn by turn (text.Align: same speakers, same number of
// turns, or of paragraphs when there are no speaker labels), so that turn
// i of one is turn i of the other, or, where an interpreter joined turns
// or a translator split them, by hand: stored Unaligned at import
// (AllowUnaligned), its turns are paired group by group in the workbench
// (Alignment, a text.UnitMap). The text is protected at rest as the
// Transcript is, and destroyed with it (retention, crypto-shredding of a
// withdrawn participant's transcripts, deleting the interview).
type InterviewText struct {
	ID          string `json:"id"`
	InterviewID string `json:"interview_id"`
	StudyID     string `json:"study_id"`
	// Language is the text's language, BCP 47 ("ar", "en").
	Language string `json:"language"`
	// Role is TextOriginal or TextTranslation.
	Role string `json:"role"`
	// Translator names who translated or interpreted (may be empty for
	// an original); Date is when.
	Translator string `json:"translator,omitempty"`
	Date       Date   `json:"-"`
	// Method is one of the Method constants; empty for an original.
	Method string `json:"method,omitempty"`
	// Text is UTF-8 in NFC (CheckText), at most MaxTranscriptBytes.
	Text string `json:"text,omitempty"`
	// Version increases on every update (optimistic concurrency).
	Version int `json:"version"`
	// Alignment is the unit map (text.UnitMap's text form) the text was
	// aligned with by hand, as the store reads it: only while it holds,
	// that is while neither the text nor the Transcript changed since
	// (AlignmentBasis). "" when the text aligns turn by turn by itself,
	// or needs aligning. Every reader projects through it
	// (text.NewProjectionMap, text.AlignedUnits).
	Alignment string `json:"alignment,omitempty"`
	// Unaligned, as the store reads the text, says that it neither
	// aligns turn by turn with the Transcript nor has an Alignment that
	// holds: it was stored with AllowUnaligned, or an edit undid its
	// alignment. Such a text is read alone: no coding is projected to or
	// from it, search does not pair its turns, and quotes and subtitles
	// leave it out, until it is aligned by hand in the workbench.
	Unaligned bool `json:"unaligned,omitempty"`
	// AllowUnaligned, given to PutInterviewText, stores a text that does
	// not align with the Transcript (then Unaligned) instead of refusing
	// it; it is not stored.
	AllowUnaligned bool `json:"-"`
}

// AlignmentBasis is what a manual alignment of text with transcript was
// made on: a hash of both. The alignment holds while the basis stored
// with it is that of the texts as they are.
func AlignmentBasis(transcript, text string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d:", len(transcript))
	h.Write([]byte(transcript))
	h.Write([]byte(text))
	return hex.EncodeToString(h.Sum(nil))
}

// Validate checks the text's fields (not its alignment, which needs the
// Transcript: the store checks it).
func (t *InterviewText) Validate() error {
	switch {
	case t.StudyID == "" || t.InterviewID == "":
		return Errorf(EINVALID, "interview text: study and interview required")
	case t.Role != TextOriginal && t.Role != TextTranslation:
		return Errorf(EINVALID, "interview text: role %q is neither %q nor %q", t.Role, TextOriginal, TextTranslation)
	case strings.TrimSpace(t.Language) == "":
		return Errorf(EINVALID, "interview text: language required (BCP 47, e.g. ar, en)")
	case len(t.Text) > MaxTranscriptBytes:
		return Errorf(EINVALID, "interview text: larger than %d MiB", MaxTranscriptBytes>>20)
	case strings.TrimSpace(t.Text) == "":
		return Errorf(EINVALID, "interview text: empty")
	}
	if _, err := language.Parse(t.Language); err != nil {
		return Errorf(EINVALID, "interview text: %q is not a BCP 47 language tag; write e.g. en, ar, fr-BE", t.Language)
	}
	switch t.Method {
	case MethodInterpreter, MethodTranslation, MethodMachineReviewed:
	case "":
		if t.Role == TextTranslation {
			return Errorf(EINVALID, "interview text: a translation needs a method: %s, %s or %s", MethodInterpreter, MethodTranslation, MethodMachineReviewed)
		}
	default:
		return Errorf(EINVALID, "interview text: method %q is none of %s, %s, %s", t.Method, MethodInterpreter, MethodTranslation, MethodMachineReviewed)
	}
	if t.Role == TextOriginal && t.Method != "" {
		return Errorf(EINVALID, "interview text: an original has no translation method")
	}
	if err := t.Date.Validate(); err != nil {
		return err
	}
	if err := CheckText(t.Text); err != nil {
		return Errorf(EINVALID, "interview text: %s", ErrorMessage(err))
	}
	return nil
}

// InterviewTextService stores the other texts of interviews.
type InterviewTextService interface {
	// PutInterviewText creates t (ID empty; it sets ID and Version 1) or
	// saves it at its Version (ECONFLICT if someone saved first). The
	// text must align with the interview's Transcript (text.Align), or
	// keep an Alignment that holds: a misaligned text is EINVALID naming
	// the first differing turn, unless t.AllowUnaligned (then it is
	// stored, and read Unaligned). EINVALID, ENOTFOUND (interview), ECONFLICT (a second original, or a
	// second text of the same language and translator).
	PutInterviewText(ctx context.Context, t *InterviewText) error
	// InterviewTexts returns an interview's texts, originals first, then
	// by language and translator.
	InterviewTexts(ctx context.Context, interviewID string) ([]*InterviewText, error)
	// AlignInterviewText stores unitMap (text.UnitMap's text form) as the
	// alignment of text id with its interview's Transcript, made on basis
	// (AlignmentBasis of the texts as the caller saw them) at the text's
	// version; it increments the version. ECONFLICT when the text or the
	// Transcript changed since (version, basis), EINVALID when the map
	// does not fit their units, ENOTFOUND.
	AlignInterviewText(ctx context.Context, id string, version int, basis, unitMap string) error
	// DeleteInterviewText deletes one text. ENOTFOUND.
	DeleteInterviewText(ctx context.Context, id string) error
}
