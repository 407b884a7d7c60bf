package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ownwords"
	"ownwords/internal/mediatest"
)

func TestSniffMedia(t *testing.T) {
	for _, c := range []struct {
		name  string
		head  []byte
		want  mediaFormat
		video bool
	}{
		{"WAV", []byte("RIFF\x24\x00\x00\x00WAVEfmt "), formatWAV, false},
		{"RIFFNotWave", []byte("RIFF\x24\x00\x00\x00AVI LIST"), "", false},
		{"MP4", []byte("\x00\x00\x00\x20ftypisom\x00\x00\x02\x00"), formatMP4, false},
		{"ID3", []byte("ID3\x04\x00\x00\x00\x00\x00\x00"), formatMP3, false},
		{"MPEGFrame", []byte{0xFF, 0xFB, 0x90, 0x64}, formatMP3, false},
		{"ADTSIsNotMP3", []byte{0xFF, 0xF1, 0x50, 0x80}, "", false},
		{"Ogg", []byte("OggS\x00\x02" + strings.Repeat("\x00", 22) + "\x01vorbis"), formatOgg, false},
		{"OggTheora", []byte("OggS\x00\x02" + strings.Repeat("\x00", 22) + "\x80theora"), formatOgg, true},
		{"EBML", []byte{0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86}, formatWebM, false},
		{"Text", []byte("Interviewer: hello"), "", false},
		{"Empty", nil, "", false},
		{"Short", []byte("RIF"), "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, video := SniffMedia(c.head)
			if got != c.want || video != c.video {
				t.Fatalf("SniffMedia = %q, %v; want %q, %v", got, video, c.want, c.video)
			}
		})
	}
}

// TestReadRecordingFile reads a recording of every extension made by
// ffmpeg, and refuses mismatched, oversized, empty and unknown content.
func TestReadRecordingFile(t *testing.T) {
	dir := t.TempDir()
	for _, ext := range []string{".wav", ".mp3", ".m4a", ".ogg", ".opus", ".webm", ".mp4", ".mov"} {
		t.Run(ext, func(t *testing.T) {
			p := mediatest.Make(t, dir, "iv-1"+ext, 1, "")
			rec, err := ReadRecordingFile(p, 0)
			if err != nil {
				t.Fatal(err)
			}
			st, _ := os.Stat(p)
			if rec.Interview != "iv-1" || rec.Size != st.Size() || rec.MediaType != mediaExts[ext].mediaType || rec.Name != "iv-1"+ext {
				t.Fatalf("record %+v", rec)
			}
		})
	}
	wav := mediatest.Make(t, dir, "tone.wav", 1, "")
	data, _ := os.ReadFile(wav)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		name, path string
		max        int64
		want       string
	}{
		{"Mismatch", write("tone-as.mp4", data), 0, "the content is WAV (RIFF/WAVE) but the extension .mp4 says MP4"},
		{"NotMedia", write("notes.mp3", []byte("Interviewer: hello, this is text\n")), 0, "not a recording"},
		{"Empty", write("empty.wav", nil), 0, "empty"},
		{"Oversize", wav, int64(len(data)) - 1, "larger than the limit"},
		{"Missing", filepath.Join(dir, "gone.wav"), 0, "no such file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadRecordingFile(c.path, c.max)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), filepath.Base(c.path)) {
				t.Fatalf("error %v; want one naming %s and saying %q", err, filepath.Base(c.path), c.want)
			}
		})
	}
}

// TestRecordingInterview links a recording to its interview: its own
// sidecar first, then the transcript's sidecar title, then the base name.
func TestRecordingInterview(t *testing.T) {
	dir := t.TempDir()
	w := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	w("a.mp3.json", `{"interview": "First visit"}`)
	w("b.json", `{"participant": "P-1", "title": "Second visit"}`)
	w("d.mp3.json", `{"interview": "x", "date": "2020"}`)
	w("e.mp3.json", `{}`)
	for _, c := range []struct{ file, want, err string }{
		{"a.mp3", "First visit", ""},
		{"b.mp3", "Second visit", ""},
		{"c.mp3", "c", ""},
		{"d.mp3", "", `unknown key "date"`},
		{"e.mp3", "", "name the interview"},
	} {
		got, err := recordingInterview(filepath.Join(dir, c.file))
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Errorf("%s: error %v, want %q", c.file, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: %q, %v; want %q", c.file, got, err, c.want)
		}
	}
}

// FuzzSniffMedia: any bytes sniff to a known format or none, the same
// every time, and a format only when its signature is there.
func FuzzSniffMedia(f *testing.F) {
	for _, s := range []string{"RIFF\x00\x00\x00\x00WAVE", "\x00\x00\x00\x18ftypmp42", "OggS\x00", "ID3\x04", "\xff\xfb\x90", "\x1a\x45\xdf\xa3", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, video := SniffMedia(b)
		again, v2 := SniffMedia(bytes.Clone(b))
		if got != again || video != v2 {
			t.Fatal("not deterministic")
		}
		switch got {
		case "":
			if video {
				t.Fatal("video without a format")
			}
		case formatWAV:
			if !bytes.HasPrefix(b, []byte("RIFF")) {
				t.Fatal("WAV without RIFF")
			}
		case formatMP4:
			if len(b) < 8 || string(b[4:8]) != "ftyp" {
				t.Fatal("MP4 without ftyp")
			}
		case formatOgg:
			if !bytes.HasPrefix(b, []byte("OggS")) {
				t.Fatal("Ogg without OggS")
			}
		case formatWebM:
			if !bytes.HasPrefix(b, []byte{0x1A, 0x45, 0xDF, 0xA3}) {
				t.Fatal("WebM without EBML")
			}
		case formatMP3:
			if !bytes.HasPrefix(b, []byte("ID3")) && (len(b) < 2 || b[0] != 0xFF) {
				t.Fatal("MP3 without ID3 or a frame sync")
			}
		default:
			t.Fatalf("unknown format %q", got)
		}
	})
}

// FuzzReadRecordingMeta: a sidecar either gives a non-blank interview or
// is refused with EINVALID.
func FuzzReadRecordingMeta(f *testing.F) {
	for _, s := range []string{`{"interview": "a"}`, `{}`, `{"interview": ""}`, `{"interview": 3}`, `[]`, `{"x": 1}`, "\xef\xbb\xbf{\"interview\":\"b\"}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadRecordingMeta("side.json", bytes.NewReader(b))
		if err != nil {
			if ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Fatalf("error code %q: %v", ownwords.ErrorCode(err), err)
			}
			return
		}
		if strings.TrimSpace(m.Interview) == "" {
			t.Fatal("accepted a blank interview")
		}
	})
}
