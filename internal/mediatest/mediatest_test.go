package mediatest

import (
	"crypto/rand"
	"testing"
)

// TestSignatures: each signature is found in a real file's header and not
// in 64 MiB of random bytes (what ciphertext looks like).
func TestSignatures(t *testing.T) {
	heads := map[string][]byte{
		"ftyp box (MP4/QuickTime)":     []byte("\x00\x00\x00\x20ftypisom\x00\x00\x02\x00"),
		"ID3v2 tag (MP3)":              []byte("ID3\x04\x00\x00\x00\x00\x00\x23"),
		"OggS page (Ogg)":              []byte("OggS\x00\x02\x00\x00"),
		"RIFF/WAVE header (WAV)":       []byte("RIFF\x24\x08\x00\x00WAVEfmt "),
		"EBML header (WebM, Matroska)": {0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01},
		"Lavf mark (ffmpeg)":           []byte("encoder\x00Lavf61.7.100"),
	}
	noise := make([]byte, 64<<20)
	rand.Read(noise)
	for _, sg := range Signatures {
		h, ok := heads[sg.Name]
		if !ok {
			t.Fatalf("no header for %s", sg.Name)
		}
		if !sg.In(append([]byte("xx"), h...)) {
			t.Errorf("%s not found in %q", sg.Name, h)
		}
		if sg.In(noise) {
			t.Errorf("%s found in random bytes", sg.Name)
		}
		if sg.In(sg.Magic) {
			t.Errorf("%s: the bare magic matches", sg.Name)
		}
	}
}
