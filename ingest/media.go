package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"ownwords"
	"ownwords/internal/bytecount"
)

// KindRecording is an interview's audio or video recording.
const KindRecording Kind = "recording"

// DefaultMaxRecordingBytes bounds a recording unless the caller sets
// another limit: 16 GiB (several hours of video).
const DefaultMaxRecordingBytes int64 = 16 << 30

// mediaFormat is a container format a recording may be in.
type mediaFormat string

// Container formats, as SniffMedia tells them from the first bytes.
const (
	formatWAV  mediaFormat = "WAV (RIFF/WAVE)"
	formatMP3  mediaFormat = "MP3"
	formatOgg  mediaFormat = "Ogg"
	formatWebM mediaFormat = "WebM (Matroska/EBML)"
	formatMP4  mediaFormat = "MP4/QuickTime (ISO base media)"
)

// mediaExts maps a recording's extension to the format its content must
// have and the media type it is served as.
var mediaExts = map[string]struct {
	format    mediaFormat
	mediaType string
}{
	".wav":  {formatWAV, "audio/wav"},
	".mp3":  {formatMP3, "audio/mpeg"},
	".m4a":  {formatMP4, "audio/mp4"},
	".ogg":  {formatOgg, "audio/ogg"},
	".opus": {formatOgg, "audio/ogg"},
	".webm": {formatWebM, "video/webm"},
	".mp4":  {formatMP4, "video/mp4"},
	".mov":  {formatMP4, "video/quicktime"},
}

// IsRecording reports whether path has a recording's extension.
func IsRecording(path string) bool {
	_, ok := mediaExts[strings.ToLower(filepath.Ext(path))]
	return ok
}

// sniffBytes is how much of a file SniffMedia looks at.
const sniffBytes = 64

// SniffMedia tells a recording's container format from its first bytes
// ("" when it is none of them), and for Ogg whether it carries video.
func SniffMedia(head []byte) (f mediaFormat, video bool) {
	switch {
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WAVE":
		return formatWAV, false
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		return formatMP4, false
	case len(head) >= 4 && string(head[:4]) == "OggS":
		return formatOgg, bytes.Contains(head, []byte("\x80theora"))
	case len(head) >= 4 && bytes.Equal(head[:4], []byte{0x1A, 0x45, 0xDF, 0xA3}):
		return formatWebM, false
	case len(head) >= 3 && string(head[:3]) == "ID3":
		return formatMP3, false
	case len(head) >= 2 && head[0] == 0xFF && head[1]&0xE0 == 0xE0 && head[1]&0x06 != 0 && head[1]&0x18 != 0x08:
		// An MPEG audio frame header: sync bits, a layer (not the 00 of
		// AAC's ADTS) and a known version.
		return formatMP3, false
	}
	return "", false
}

// RecordingMeta is a recording's sidecar, <file>.json (interview-3.mp4.json):
// which interview it records, by title.
type RecordingMeta struct {
	Interview string `json:"interview"`
}

// ReadRecordingMeta reads a recording's sidecar. Unknown keys and a
// missing interview are EINVALID errors naming the file.
func ReadRecordingMeta(name string, r io.Reader) (*RecordingMeta, error) {
	b, err := readJSONFile(name, r)
	if err != nil {
		return nil, err
	}
	var m RecordingMeta
	if err := decodeStrict(name, "", b, &m); err != nil {
		return nil, err
	}
	if strings.TrimSpace(m.Interview) == "" {
		return nil, inputErrorf(name, "key \"interview\"", "name the interview the recording belongs to, by its title")
	}
	return &m, nil
}

// RecordingRecord is a recording checked for import.
type RecordingRecord struct {
	// Path is the file; Name its base name.
	Path, Name string
	// Interview is the title of the interview it records.
	Interview string
	MediaType string
	Size      int64
}

// ReadRecordingFile checks the recording at path for import: its size
// (at most maxBytes; 0 means DefaultMaxRecordingBytes), its content (the
// format its first bytes show must be its extension's) and which
// interview it records: the title in its sidecar path+".json", else the
// title in the transcript's sidecar of the same base name
// (interview-3.json), else its base name without the extension, as a
// transcript of the same name is titled. Errors name the file.
func ReadRecordingFile(path string, maxBytes int64) (*RecordingRecord, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxRecordingBytes
	}
	ext := strings.ToLower(filepath.Ext(path))
	want, ok := mediaExts[ext]
	if !ok {
		return nil, inputErrorf(path, "", "%q is not a recording's extension", ext)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, openError(path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, readError(path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, inputErrorf(path, "", "not a regular file")
	}
	if st.Size() > maxBytes {
		return nil, inputErrorf(path, "", "%s is larger than the limit of %s for a recording (raise it with --max-recording-size)", humanBytes(st.Size()), humanBytes(maxBytes))
	}
	if st.Size() == 0 {
		return nil, inputErrorf(path, "", "the recording is empty")
	}
	head := make([]byte, sniffBytes)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, readError(path, err)
	}
	got, video := SniffMedia(head[:n])
	if got == "" {
		return nil, inputErrorf(path, "", "not a recording: its content is none of WAV, MP3, Ogg, WebM, MP4/QuickTime")
	}
	if got != want.format {
		return nil, inputErrorf(path, "", "the content is %s but the extension %s says %s; rename the file or export it again", got, ext, want.format)
	}
	rec := &RecordingRecord{Path: path, Name: filepath.Base(path), MediaType: want.mediaType, Size: st.Size()}
	if video {
		rec.MediaType = "video/ogg"
	}
	if rec.Interview, err = recordingInterview(path); err != nil {
		return nil, err
	}
	return rec, nil
}

// recordingInterview finds the title of the interview a recording records.
func recordingInterview(path string) (string, error) {
	if f, err := os.Open(path + ".json"); err == nil {
		defer f.Close()
		m, err := ReadRecordingMeta(path+".json", f)
		if err != nil {
			return "", err
		}
		return m.Interview, nil
	}
	stem := strings.TrimSuffix(path, filepath.Ext(path))
	if f, err := os.Open(stem + ".json"); err == nil {
		defer f.Close()
		m, err := ReadMeta(stem+".json", f)
		if err != nil {
			return "", err
		}
		if m.Title != "" {
			return m.Title, nil
		}
	}
	return filepath.Base(stem), nil
}

// humanBytes formats n bytes in binary units.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// ApplyRecordings stores the recordings in svc (the import's transaction),
// each streamed from its file; the interviews they name must exist in the
// study (imported before, or earlier in the same transaction). report,
// if set, gets the bytes stored of the total (bytecount.Counter). The file must not have
// changed since ReadRecordingFile checked it.
func ApplyRecordings(ctx context.Context, svc ownwords.Services, studyID string, recs []*RecordingRecord, report func(done, total int64)) ([]*ownwords.Recording, error) {
	if len(recs) == 0 {
		return nil, nil
	}
	ivs, err := svc.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID})
	if err != nil {
		return nil, err
	}
	byTitle := make(map[string]string, len(ivs))
	for _, iv := range ivs {
		byTitle[iv.Title] = iv.ID
	}
	var total int64
	for _, r := range recs {
		total += r.Size
	}
	count := &bytecount.Counter{Total: total, Report: report}
	out := make([]*ownwords.Recording, 0, len(recs))
	for _, r := range recs {
		id, ok := byTitle[r.Interview]
		if !ok {
			return nil, ownwords.Errorf(ownwords.ENOTFOUND, "%s: no interview titled %q in the study; import its transcript first (or with it), or name the interview in %s.json as {\"interview\": \"TITLE\"}", r.Path, r.Interview, r.Name)
		}
		rec := &ownwords.Recording{StudyID: studyID, InterviewID: id, Name: r.Name, MediaType: r.MediaType, Size: r.Size}
		if err := putRecordingFile(ctx, svc, rec, r.Path, count); err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

// putRecordingFile streams the file at path into svc as rec.
func putRecordingFile(ctx context.Context, svc ownwords.Services, rec *ownwords.Recording, path string, count *bytecount.Counter) error {
	f, err := os.Open(path)
	if err != nil {
		return openError(path, err)
	}
	defer f.Close()
	if err := svc.PutRecording(ctx, rec, io.TeeReader(f, count)); err != nil {
		return atSource(path, err)
	}
	return nil
}
