// Package clips decides which coded passages may go into a reel of
// recording clips (Manifest), a pure function of the passages, their
// participants' consent, recordings and time anchors. The application
// layer (gate.Clips) gathers those and says who may ask; package media
// renders the reel with ffmpeg.
package clips

import (
	"fmt"

	"ownwords"
)

// Modes of an included clip.
const (
	// ModeVideo shows the recording's picture: a video recording and
	// consent to the participant's face and voice.
	ModeVideo = "video"
	// ModeAudio plays the voice over a still card with the attribution:
	// an audio recording, or a video one without consent to the face.
	ModeAudio = "audio"
)

// Passage is one consensus-coded passage with what decides its clip.
type Passage struct {
	SegmentID   string
	Code        string // the code's path, e.g. "roles/fighter"
	Participant string // participant code
	Interview   string // interview title
	InterviewID string
	// Start and End are the passage's code point offsets.
	Start, End int
	// Text is the passage's transcript text: the clip's subtitle.
	Text string
	// Attribution is the participant's k-safe description ("a foreign
	// woman"): the clip's title.
	Attribution string
	// Consent is the participant's consent (ownwords.DefaultConsent when
	// none is recorded).
	Consent *ownwords.Consent
	// Recording is the interview's recording, nil when it has none.
	Recording *ownwords.Recording
	// Recordings counts the interview's recordings. With more than one,
	// the time anchors do not say which recording they time, and a clip
	// cut from another would play words no scan has read.
	Recordings int
	// Anchors are the transcript's time anchors.
	Anchors []ownwords.TimeAnchor
	// Language is the transcript's language (BCP 47; "" unknown),
	// Transcript its whole text, and Texts the interview's other texts:
	// what AddSubtitles makes the clip's subtitles of.
	Language   string
	Transcript string
	Texts      []Text
}

// Clip is one passage's entry in the manifest: the clip made of it, or
// why it was left out.
type Clip struct {
	Participant string `json:"participant"`
	Interview   string `json:"interview"`
	InterviewID string `json:"interview_id"`
	SegmentID   string `json:"segment_id"`
	Code        string `json:"code"`
	// Start and End are the clip's times in the recording, in seconds
	// (ownwords.SpanOf); End is nil when the passage runs to the end of
	// the recording (no anchor after it: the clip is left out). Both are
	// absent without time anchors.
	Start *float64 `json:"start,omitempty"`
	End   *float64 `json:"end,omitempty"`
	// Mode is ModeVideo or ModeAudio for an included clip, "" when left
	// out.
	Mode string `json:"mode,omitempty"`
	// Allowed names the consent that allowed the clip, with its dates.
	Allowed string `json:"allowed_by,omitempty"`
	// Excluded says why the passage was left out ("" when included).
	Excluded string `json:"excluded,omitempty"`
	// Note explains a choice made for an included clip (audio only).
	Note        string `json:"note,omitempty"`
	Attribution string `json:"attribution,omitempty"`
	RecordingID string `json:"recording_id,omitempty"`
	Text        string `json:"-"`
	// Languages are the languages the clip has subtitles in (AddSubtitles),
	// Subtitles those subtitles.
	Languages []string   `json:"subtitle_languages,omitempty"`
	Subtitles []Subtitle `json:"-"`
}

// Included reports whether the clip goes into the reel.
func (c *Clip) Included() bool { return c.Mode != "" }

// Duration is the clip's length in seconds, and false when it runs to the
// end of the recording (or is left out).
func (c *Clip) Duration() (float64, bool) {
	if !c.Included() || c.Start == nil || c.End == nil {
		return 0, false
	}
	return *c.End - *c.Start, true
}

// Manifest decides the clip of each passage, in the passages' order. A
// passage is left out, in this order of reasons, when its participant
// withdrew or refused analysis, refused quotes (the subtitles quote the
// passage), has no recorded yes to their voice in public material, when
// its interview has no recording (or several: which one the anchors time
// is unknown) or its transcript no time anchors, when no anchor precedes
// or follows it (beforeFirstReason, openEndReason), or when its time span
// is empty. A video recording is shown only with a
// recorded yes to the face; without it the clip plays the voice over a
// still card. Consent is read as given: a withdrawal recorded a moment
// ago leaves the participant out of the next manifest.
func Manifest(ps []Passage) []Clip {
	out := make([]Clip, 0, len(ps))
	for _, p := range ps {
		c := Clip{Participant: p.Participant, Interview: p.Interview, InterviewID: p.InterviewID, SegmentID: p.SegmentID,
			Code: p.Code, Attribution: p.Attribution, Text: p.Text}
		cs := p.Consent
		if cs == nil {
			cs = ownwords.DefaultConsent("", "")
		}
		if sp, ok := ownwords.SpanOf(p.Anchors, p.Start, p.End); ok {
			c.Start, c.End = &sp.Start, sp.End
		}
		c.Excluded = excluded(cs, &p, &c)
		if c.Excluded == "" {
			c.RecordingID = p.Recording.ID
			c.Mode, c.Allowed = ModeAudio, "voice "+answer(cs.Voice)
			switch {
			case p.Recording.IsVideo() && cs.AllowsFace():
				c.Mode, c.Allowed = ModeVideo, c.Allowed+", face "+answer(cs.Face)
			case p.Recording.IsVideo():
				c.Note = "no consent to the face: audio only, over a still card"
			}
		}
		out = append(out, c)
	}
	return out
}

// openEndReason leaves out a passage with no time anchor at or after its
// end: it runs to the end of the transcript, and the recording may go on
// past the last transcribed words (talk off the record, names said as the
// recorder still runs) that no scan of the transcript has read.
const openEndReason = "no time anchor after the passage: where its words end in the recording is unknown, and what the recording says after the transcript's last words was never scanned"

// ConsentExcludes returns why consent cs leaves its participant out of
// every reel, or "": a withdrawal, a refusal of analysis or quotes, no
// recorded yes to the voice in public material.
func ConsentExcludes(cs *ownwords.Consent) string {
	switch {
	case cs.IsWithdrawn():
		return "withdrew from the study on " + cs.Withdrawn.String()
	case !cs.AllowsAnalysis():
		return "refused analysis"
	case !cs.AllowsQuotes():
		return "refused quotes (the subtitles quote the passage)"
	case cs.Voice.Answer == ownwords.ConsentNo:
		return "refused voice in public material"
	case !cs.AllowsVoice():
		return "no consent recorded for voice in public material"
	}
	return ""
}

// beforeFirstReason leaves out a passage that begins before the first time
// anchor: its clip would play the recording from its start, where talk
// before the transcript's first timed words (untranscribed, unscanned)
// may be.
const beforeFirstReason = "no time anchor at or before the passage: where its words begin in the recording is unknown, and what the recording says before the transcript's first timed words was never scanned"

// excluded returns why p is left out, or "".
func excluded(cs *ownwords.Consent, p *Passage, c *Clip) string {
	if why := ConsentExcludes(cs); why != "" {
		return why
	}
	switch {
	case p.Recording == nil:
		return "no recording of the interview"
	case p.Recordings > 1:
		return fmt.Sprintf("the interview has %d recordings, and its time anchors do not say which one they time: keep only the one the transcript is timed against", p.Recordings)
	case c.Start == nil:
		return "no time anchors in the transcript"
	case p.Anchors[0].Offset > p.Start:
		return beforeFirstReason
	case c.End == nil:
		return openEndReason
	case c.End != nil && *c.End <= *c.Start:
		return "the passage has no length in the recording (its anchors coincide)"
	}
	return ""
}

// answer formats a recorded answer with its date: "yes (2024-03-01)".
func answer(a ownwords.ConsentAnswer) string {
	if a.Date.IsZero() {
		return a.Answer
	}
	return a.Answer + " (" + a.Date.String() + ")"
}
