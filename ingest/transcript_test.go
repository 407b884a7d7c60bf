package ingest_test

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"ownwords"
	"ownwords/ingest"
)

// mustHex decodes a hex literal (test inputs in legacy encodings are
// written as bytes so that no encoder of ours produces them).
func mustHex(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// wantError checks that err is EINVALID and its message holds every part.
func wantError(tb testing.TB, err error, code string, parts ...string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("no error; want one containing %q", parts)
	}
	if got := ownwords.ErrorCode(err); got != code {
		tb.Fatalf("error code %q, want %q (%v)", got, code, err)
	}
	msg := ownwords.ErrorMessage(err)
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			tb.Errorf("error %q does not contain %q", msg, p)
		}
	}
}

func TestReadTranscriptText(t *testing.T) {
	tests := []struct {
		name string
		file string
		in   []byte
		enc  string
		want string
	}{
		{"UTF8", "a.txt", []byte("Interviewer: Hello\nP: Hi"), "", "Interviewer: Hello\nP: Hi"},
		{"UTF8BOMStripped", "a.txt", append([]byte{0xEF, 0xBB, 0xBF}, "Ça va"...), "", "Ça va"},
		{"UTF8Declared", "a.txt", []byte("é"), "UTF-8", "é"},
		{"UTF16LEWithBOM", "a.txt", mustHex(t, "fffe c7006100"), "", "Ça"},
		{"UTF16BEWithBOMAndSurrogatePair", "a.txt", mustHex(t, "feff 00c700610020d83dde00"), "", "Ça 😀"},
		{"UTF16LEDeclaredWithoutBOM", "a.txt", mustHex(t, "c7006100"), "utf-16le", "Ça"},
		{"Windows1256Arabic", "a.txt", mustHex(t, "d3e1c7e320dae1eddfe3"), "windows-1256", "سلام عليكم"},
		{"Windows1251Russian", "a.txt", mustHex(t, "cff0e8e2e5f22c20ece8f0"), "cp1251", "Привет, мир"},
		{"Windows1252", "a.txt", mustHex(t, "436166e92096206e61ef76652080"), "Windows-1252", "Café – naïve €"},
		{"CRLFToLF", "a.txt", []byte("one\r\ntwo\r\n"), "", "one\ntwo\n"},
		{"LoneCRToLF", "a.txt", []byte("one\rtwo\r\rthree"), "", "one\ntwo\n\nthree"},
		{"NFDToNFC", "a.txt", []byte("Cafe\u0301 and \u0627\u0653"), "", "Caf\u00e9 and \u0622"},
		{"MarkdownIsText", "notes.md", []byte("# Interview\n\n**P:** yes"), "", "# Interview\n\n**P:** yes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ingest.ReadTranscript(tt.file, bytes.NewReader(tt.in), ingest.TextOptions{Encoding: tt.enc})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if err := ownwords.CheckText(got); err != nil {
				t.Errorf("output fails CheckText: %v", err)
			}
		})
	}
}

func TestReadTranscriptErrors(t *testing.T) {
	tests := []struct {
		name  string
		in    []byte
		enc   string
		parts []string
	}{
		{"ErrInvalidUTF8Offset", append([]byte("abc\nd"), 0xE9, 'x'), "",
			[]string{"interview-3.txt: invalid UTF-8 at byte 5; declare the encoding with --encoding windows-1252 if the file is not UTF-8"}},
		{"ErrInvalidUTF8OffsetCountsBOM", []byte{0xEF, 0xBB, 0xBF, 'a', 0xFF}, "", []string{"invalid UTF-8 at byte 4"}},
		{"ErrNULOffset", []byte("ab\x00c"), "", []string{"interview-3.txt: NUL byte at byte 2"}},
		{"ErrNULInUTF16", mustHex(t, "fffe 61000000"), "", []string{"NUL byte at byte 4"}},
		{"ErrNULInWindows1252", []byte("ab\x00"), "windows-1252", []string{"NUL byte at byte 2"}},
		{"ErrUnpairedSurrogate", mustHex(t, "fffe 3dd86100"), "", []string{"unpaired surrogate", "byte 2"}},
		{"ErrOddUTF16", mustHex(t, "fffe 6100 62"), "", []string{"odd number of bytes"}},
		{"ErrUndefinedWindows1252Byte", []byte{'a', 0x81}, "windows-1252", []string{"byte 0x81 at byte 1", "windows-1252"}},
		{"ErrUnknownEncoding", []byte("a"), "latin-9", []string{`unknown encoding "latin-9"`}},
		{"ErrBOMContradictsDeclaration", append([]byte{0xEF, 0xBB, 0xBF}, 'a'), "windows-1256", []string{"byte-order mark", "--encoding windows-1256"}},
		{"ErrEmpty", []byte(" \r\n "), "", []string{"interview-3.txt: the transcript is empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ingest.ReadTranscript("interview-3.txt", bytes.NewReader(tt.in), ingest.TextOptions{Encoding: tt.enc})
			wantError(t, err, ownwords.EINVALID, tt.parts...)
		})
	}
}

func TestReadTranscriptSizeLimit(t *testing.T) {
	t.Run("OKAtLimit", func(t *testing.T) {
		in := bytes.Repeat([]byte("a"), ownwords.MaxTranscriptBytes)
		if _, err := ingest.ReadTranscript("big.txt", bytes.NewReader(in), ingest.TextOptions{}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrOverLimit", func(t *testing.T) {
		in := bytes.Repeat([]byte("a"), ownwords.MaxTranscriptBytes+1)
		_, err := ingest.ReadTranscript("big.txt", bytes.NewReader(in), ingest.TextOptions{})
		wantError(t, err, ownwords.EINVALID, "big.txt: the transcript is larger than 16 MiB")
	})
	t.Run("ErrOverLimitOnceDecoded", func(t *testing.T) {
		// Each Windows-1256 letter becomes two UTF-8 bytes.
		in := bytes.Repeat([]byte{0xC7}, ownwords.MaxTranscriptBytes/2+1)
		_, err := ingest.ReadTranscript("big.txt", bytes.NewReader(in), ingest.TextOptions{Encoding: "windows-1256"})
		wantError(t, err, ownwords.EINVALID, "larger than 16 MiB")
	})
}
