package vault

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ownwords"
)

const testEnv = "OWNWORDS_TEST_PASSPHRASE"

// mustPassFile writes content to a passphrase file and returns its path.
func mustPassFile(tb testing.TB, content string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "pass")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// mustNotTerminal returns a stdin that is not a terminal.
func mustNotTerminal(tb testing.TB) *os.File {
	tb.Helper()
	f, err := os.Open(os.DevNull)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

func TestReadPassphrase(t *testing.T) {
	tests := []struct {
		name string
		file string // content; "" means no file
		env  string
		want string
		code string
	}{
		{"OKFileTrimsNewline", "secret words\n", "", "secret words", ""},
		{"OKFileTrimsCRLF", "secret words\r\n", "", "secret words", ""},
		{"OKFileTrimsOneNewlineOnly", "secret words\n\n", "", "secret words\n", ""},
		{"OKFileKeepsSpaces", " secret words ", "", " secret words ", ""},
		{"OKFileBeforeEnv", "from file\n", "from env", "from file", ""},
		{"OKEnv", "", "from env", "from env", ""},
		{"ErrEmptyFile", "\n", "", "", ownwords.EINVALID},
		{"ErrNoSource", "", "", "", ownwords.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(testEnv, tt.env)
			file := ""
			if tt.file != "" {
				file = mustPassFile(t, tt.file)
			}
			var stderr bytes.Buffer
			got, err := ReadPassphrase(testEnv, file, "Passphrase: ", mustNotTerminal(t), &stderr)
			if tt.code != "" {
				wantCode(t, err, tt.code)
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
			if stderr.Len() != 0 {
				t.Errorf("prompted %q without a terminal", stderr.String())
			}
		})
	}
	t.Run("ErrNoSourceSaysHow", func(t *testing.T) {
		t.Setenv(testEnv, "")
		_, err := ReadPassphrase(testEnv, "", "Passphrase: ", nil, &bytes.Buffer{})
		if msg := ownwords.ErrorMessage(err); !strings.Contains(msg, testEnv) || !strings.Contains(msg, "--passphrase-file") {
			t.Errorf("message %q does not say how to give a passphrase", msg)
		}
	})
	t.Run("ErrMissingFile", func(t *testing.T) {
		_, err := ReadPassphrase(testEnv, filepath.Join(t.TempDir(), "none"), "", nil, &bytes.Buffer{})
		wantCode(t, err, ownwords.ENOTFOUND)
	})
}

func TestReadNewPassphrase(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		got, err := ReadNewPassphrase(testEnv, mustPassFile(t, "eight ch\n"), "", nil, &bytes.Buffer{})
		if err != nil || string(got) != "eight ch" {
			t.Fatalf("got %q, %v", got, err)
		}
	})
	t.Run("OKCountsCharactersNotBytes", func(t *testing.T) {
		t.Setenv(testEnv, "ğüşıöçĞÜ") // 8 characters, 16 bytes
		if _, err := ReadNewPassphrase(testEnv, "", "", nil, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrShort", func(t *testing.T) {
		t.Setenv(testEnv, "seven c")
		_, err := ReadNewPassphrase(testEnv, "", "", nil, &bytes.Buffer{})
		wantCode(t, err, ownwords.EINVALID)
	})
}
