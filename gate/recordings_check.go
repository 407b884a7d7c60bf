package gate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

	"ownwords"
	"ownwords/internal/bytecount"
)

// actionCheck is the audit action of a check of the study's recordings.
const actionCheck = "recording.check"

// RecordingCheck is what checking one recording found.
type RecordingCheck struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	InterviewID string `json:"interview_id"`
	Interview   string `json:"interview"`
	// File is where its sealed chunks are: "S.media/<name>" on a study
	// file S; empty for the store's rows.
	File string `json:"file,omitempty"`
	Size int64  `json:"size"`
	// Damage says what is wrong; empty when the recording is whole.
	Damage string `json:"damage,omitempty"`
}

// RecordingsCheck is what checking the study's recordings found.
type RecordingsCheck struct {
	Recordings []RecordingCheck `json:"recordings"`
	Damaged    int              `json:"damaged"`
	// UnknownFiles are what the media directory holds that no recording
	// names (ownwords.RecordingFiles.Unknown).
	UnknownFiles []string `json:"unknown_files"`
}

// CheckRecordings reads every recording of the study whole: its file is
// there and the size its chunks make (on a study file), every chunk
// authenticates, and the plaintext's SHA-256 is the one taken at import;
// it lists the media directory's unknown files. report, if set, gets
// the bytes read of the total. Owners only: it decrypts every recording,
// including those withheld from coders for consent, though it shows none
// of their content. Audited ("recording.check", with what it found).
// EUNAUTHORIZED, EFORBIDDEN.
func (g *Gate) CheckRecordings(ctx context.Context, c Caller, report func(done, total int64)) (*RecordingsCheck, error) {
	if err := c.need("checking the recordings", ownwords.RoleOwner); err != nil {
		return nil, err
	}
	recs, err := g.store.Recordings(ctx, g.studyID, "")
	if err != nil {
		return nil, err
	}
	files, err := g.store.RecordingFiles(ctx)
	if err != nil {
		return nil, err
	}
	out := &RecordingsCheck{Recordings: []RecordingCheck{}, UnknownFiles: files.Unknown}
	if out.UnknownFiles == nil {
		out.UnknownFiles = []string{}
	}
	var total int64
	for _, r := range recs {
		total += r.Size
	}
	titles := map[string]string{}
	count := &bytecount.Counter{Total: total, Report: report}
	for _, r := range recs {
		if _, ok := titles[r.InterviewID]; !ok {
			iv, err := g.store.Interview(ctx, r.InterviewID)
			if err != nil {
				return nil, err
			}
			titles[r.InterviewID] = iv.Title
		}
		rc := RecordingCheck{ID: r.ID, Name: r.Name, InterviewID: r.InterviewID, Interview: titles[r.InterviewID], File: files.Files[r.ID], Size: r.Size}
		start := count.Done
		if rc.Damage, err = g.checkRecording(ctx, r, count); err != nil {
			return nil, err
		}
		count.Add(start + r.Size - count.Done) // the rest of a damaged one
		if rc.Damage != "" {
			out.Damaged++
		}
		out.Recordings = append(out.Recordings, rc)
	}
	detail := fmt.Sprintf("%d recordings, %d damaged, %d unknown files", len(out.Recordings), out.Damaged, len(out.UnknownFiles))
	if err := g.store.Record(c.Context(ctx), g.studyID, actionCheck, "", detail); err != nil {
		return nil, err
	}
	return out, nil
}

// checkRecording reads recording r whole and says what is wrong with it
// ("" for nothing); an error is one of the store, not of the recording.
func (g *Gate) checkRecording(ctx context.Context, r *ownwords.Recording, count *bytecount.Counter) (string, error) {
	rr, err := g.store.OpenRecording(ctx, r.ID)
	if err != nil {
		return damage(ctx, err)
	}
	defer rr.Close()
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(h, count), rr); err != nil {
		return damage(ctx, err)
	}
	if sum := hex.EncodeToString(h.Sum(nil)); sum != r.SHA256 {
		return fmt.Sprintf("its SHA-256 is %s, not %s as imported", sum, r.SHA256), nil
	}
	return "", nil
}

// damage returns what a recording's error says is wrong with it: a
// cancelled check is an error, anything else the recording's damage
// (EINVALID says what; another error, such as a file that cannot be
// read, is shown as it is: the check is the owner's, on their machine).
func damage(ctx context.Context, err error) (string, error) {
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if ownwords.ErrorCode(err) == ownwords.EINVALID {
		return ownwords.ErrorMessage(err), nil
	}
	return err.Error(), nil
}
