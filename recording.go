package ownwords

import (
	"context"
	"io"
	"time"
)

// Recording is the audio or video recording of an interview, stored in the
// study encrypted in chunks (sqldb). Its bytes are read with
// RecordingService.OpenRecording, never from a field.
type Recording struct {
	ID          string `json:"id"`
	StudyID     string `json:"study_id"`
	InterviewID string `json:"interview_id"`
	// Name is the imported file's base name (e.g. "interview-3.mp4").
	Name string `json:"name"`
	// MediaType is the MIME type detected from the content, e.g.
	// "audio/mpeg", "video/mp4".
	MediaType string `json:"media_type"`
	// Size is the plaintext length in bytes.
	Size int64 `json:"size"`
	// SHA256 is the hex SHA-256 of the plaintext, computed on import.
	SHA256  string    `json:"sha256"`
	Created time.Time `json:"created"`
}

// IsVideo reports whether r is played by a video element (else audio).
func (r *Recording) IsVideo() bool {
	return len(r.MediaType) > 6 && r.MediaType[:6] == "video/"
}

// RecordingReader reads a stored recording's plaintext, decrypting one
// chunk at a time: it seeks without reading what it skips. Read fails with
// EINVALID when a chunk was altered, swapped, removed or truncated.
type RecordingReader interface {
	io.ReadSeeker
	io.Closer
}

// RecordingService stores interview recordings.
type RecordingService interface {
	// PutRecording stores rec (StudyID, InterviewID, Name, MediaType and
	// Size set) with exactly rec.Size bytes read from r, streamed: r is
	// read and sealed chunk by chunk. It sets ID, SHA256 and Created.
	// EINVALID (r yields another length), ENOTFOUND (interview).
	PutRecording(ctx context.Context, rec *Recording, r io.Reader) error
	// Recording returns a recording's description. ENOTFOUND.
	Recording(ctx context.Context, id string) (*Recording, error)
	// Recordings lists a study's recordings (of one interview when
	// interviewID is set), by interview then name.
	Recordings(ctx context.Context, studyID, interviewID string) ([]*Recording, error)
	// OpenRecording opens a recording's plaintext for reading. ENOTFOUND.
	OpenRecording(ctx context.Context, id string) (RecordingReader, error)
	// DeleteRecording destroys a recording: its chunks and its key.
	// ENOTFOUND.
	DeleteRecording(ctx context.Context, id string) error
	// RecordingFiles says where the store keeps its recordings' sealed
	// chunks, for a check of them (who may check is the caller's
	// decision).
	RecordingFiles(ctx context.Context) (*RecordingFiles, error)
}

// RecordingFiles describes the files a study file keeps its recordings
// in, beside it in its media directory "S.media". A team server keeps
// every recording in rows: Files and Unknown are empty.
type RecordingFiles struct {
	// Files names, by recording ID, the file of each recording kept in
	// one, as "S.media/<name>" (S the study file's base name); recordings
	// not listed are kept in the store's rows.
	Files map[string]string
	// Unknown are the names ("S.media/<name>") of what the media
	// directory holds that no recording of the store names (of any
	// study) and no pending write will settle: files of recordings an
	// older copy of the study file does not know, or anything put there
	// by hand. They are never removed by the store.
	Unknown []string
}
