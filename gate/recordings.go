package gate

import (
	"context"
	"slices"
	"time"

	"ownwords"
)

// recordingRoles may list and play recordings: those who read the
// transcripts (a recording is the transcript, in the participant's own
// voice and often face). Analysts and viewers, who never see text, never
// hear it either.
var recordingRoles = codingRoles

// keepRoles may let their browser keep what it played (a cache): the
// owner, who may export the study anyway. Everyone else is served
// recordings as not to be stored.
var keepRoles = []ownwords.Role{ownwords.RoleOwner}

// Recordings lists the study's recordings, of one interview when
// interviewID is set. EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND (interview).
func (g *Gate) Recordings(ctx context.Context, c Caller, interviewID string) ([]*ownwords.Recording, error) {
	if err := c.need("recordings", recordingRoles...); err != nil {
		return nil, err
	}
	if interviewID != "" {
		if _, err := g.interviewOf(ctx, interviewID); err != nil {
			return nil, err
		}
	}
	recs, err := g.store.Recordings(ctx, g.studyID, interviewID)
	if err != nil || len(recs) == 0 {
		return recs, err
	}
	withheld, err := g.withheldRecordings(ctx, c, "")
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(recs, func(r *ownwords.Recording) bool { return withheld[r.InterviewID] }), nil
}

// withheldRecordings returns the interviews (all of the study's, or the
// one given) whose recordings c may not list or play for their
// participant's consent: withdrawn, analysis refused or being recorded
// refused (ownwords.Consent.AllowsPlayback). Recordings are the
// participant's voice and often face, more identifying than any
// transcript: for coders they are as if there were none, so that nothing
// tells them who refused what (see SECURITY.md, Consent). Owners, who
// keep the consent records and decide on shredding, are withheld nothing.
func (g *Gate) withheldRecordings(ctx context.Context, c Caller, interviewID string) (map[string]bool, error) {
	if c.is(ownwords.RoleOwner) {
		return nil, nil
	}
	consents, err := g.store.Consents(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	refused := map[string]bool{}
	for pid, cs := range consents {
		if !cs.AllowsPlayback() {
			refused[pid] = true
		}
	}
	if len(refused) == 0 {
		return nil, nil
	}
	ivs, err := g.store.Interviews(ctx, ownwords.InterviewFilter{StudyID: g.studyID, ID: interviewID})
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, iv := range ivs {
		if refused[iv.ParticipantID] {
			out[iv.ID] = true
		}
	}
	return out, nil
}

// Recording returns one of the study's recordings. EUNAUTHORIZED,
// EFORBIDDEN, ENOTFOUND (another study's recording too).
func (g *Gate) Recording(ctx context.Context, c Caller, id string) (*ownwords.Recording, error) {
	if err := c.need("recordings", recordingRoles...); err != nil {
		return nil, err
	}
	return g.recordingOf(ctx, c, id)
}

// recordingOf loads a recording of the study that c may play: ENOTFOUND
// for another study's and for one withheld from c for consent
// (withheldRecordings).
func (g *Gate) recordingOf(ctx context.Context, c Caller, id string) (*ownwords.Recording, error) {
	r, err := g.store.Recording(ctx, id)
	if err != nil || r.StudyID != g.studyID {
		return nil, notFoundOr(err, "recording", id)
	}
	withheld, err := g.withheldRecordings(ctx, c, r.InterviewID)
	if err != nil {
		return nil, err
	}
	if withheld[r.InterviewID] {
		return nil, notInStudy("recording", id)
	}
	return r, nil
}

// Playback is a recording opened for c to play.
type Playback struct {
	Recording *ownwords.Recording
	// Reader reads the plaintext, one chunk in memory at a time; the
	// caller closes it.
	Reader ownwords.RecordingReader
	// Keep is set when c's browser may keep (cache) what it plays; when
	// unset, front ends tell it not to store the bytes anywhere.
	Keep bool
}

// actionPlay is the audit action of a playback.
const actionPlay = "recording.play"

// PlayAuditWindow is how long an audited playback covers the ranges its
// player fetches: a request that does not start a playback is audited
// anyway when the caller has no playback of the recording audited within
// it.
const PlayAuditWindow = 6 * time.Hour

// Play opens recording id for c. A playback is appended to the audit log
// ("recording.play") when start is set (a front end sets it for the start
// of a playback, not for every range a player fetches while seeking) and
// also when it is not but c has no playback of the recording audited
// within PlayAuditWindow: a client that never asks for the start (a range
// from byte 1, a suffix range covering the whole recording) cannot fetch
// it unaudited. EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND.
func (g *Gate) Play(ctx context.Context, c Caller, id string, start bool) (*Playback, error) {
	if err := c.need("playing recordings", recordingRoles...); err != nil {
		return nil, err
	}
	rec, err := g.recordingOf(ctx, c, id)
	if err != nil {
		return nil, err
	}
	audit := start
	if !audit {
		times, err := g.store.AuditTimes(ctx, g.studyID, c.User.Name, actionPlay, rec.ID, time.Now().Add(-PlayAuditWindow), 1)
		if err != nil {
			return nil, err
		}
		audit = len(times) == 0
	}
	if audit {
		if err := g.store.Record(c.Context(ctx), g.studyID, actionPlay, rec.ID, rec.InterviewID); err != nil {
			return nil, err
		}
	}
	r, err := g.store.OpenRecording(ctx, rec.ID)
	if err != nil {
		return nil, err
	}
	return &Playback{Recording: rec, Reader: r, Keep: c.is(keepRoles...)}, nil
}
