package vault

import (
	"bytes"
	"fmt"
	"os"
	"syscall"
	"testing"
	"unsafe"

	"ownwords"
)

// mustPTY opens a pseudo-terminal and returns its controlling side and the
// terminal side a program reads from.
func mustPTY(tb testing.TB) (ctl, tty *os.File) {
	tb.Helper()
	ctl, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		tb.Skipf("no pseudo-terminals: %v", err)
	}
	tb.Cleanup(func() { ctl.Close() })
	var n uint32
	var unlock int32
	if err := ioctl(ctl, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		tb.Skipf("unlock pseudo-terminal: %v", err)
	}
	if err := ioctl(ctl, syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		tb.Skipf("pseudo-terminal number: %v", err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		tb.Skipf("open pseudo-terminal: %v", err)
	}
	tb.Cleanup(func() { tty.Close() })
	return ctl, tty
}

func ioctl(f *os.File, req uintptr, arg unsafe.Pointer) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), req, uintptr(arg)); errno != 0 {
		return errno
	}
	return nil
}

// mustType writes input to the terminal as if typed.
func mustType(tb testing.TB, ctl *os.File, input string) {
	tb.Helper()
	if _, err := ctl.WriteString(input); err != nil {
		tb.Fatal(err)
	}
}

func TestReadPassphraseTerminal(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		t.Setenv(testEnv, "")
		ctl, tty := mustPTY(t)
		mustType(t, ctl, "typed secret\n")
		var stderr bytes.Buffer
		got, err := ReadPassphrase(testEnv, "", "Passphrase: ", tty, &stderr)
		if err != nil || string(got) != "typed secret" {
			t.Fatalf("got %q, %v", got, err)
		}
		if stderr.String() != "Passphrase: \n" {
			t.Errorf("stderr %q, want the prompt and a newline", stderr.String())
		}
	})
	t.Run("OKEnvBeforeTerminal", func(t *testing.T) {
		t.Setenv(testEnv, "from env")
		_, tty := mustPTY(t)
		var stderr bytes.Buffer
		got, err := ReadPassphrase(testEnv, "", "Passphrase: ", tty, &stderr)
		if err != nil || string(got) != "from env" || stderr.Len() != 0 {
			t.Fatalf("got %q, %v, prompt %q", got, err, stderr.String())
		}
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		t.Setenv(testEnv, "")
		ctl, tty := mustPTY(t)
		mustType(t, ctl, "\n")
		_, err := ReadPassphrase(testEnv, "", "Passphrase: ", tty, &bytes.Buffer{})
		wantCode(t, err, ownwords.EINVALID)
	})
}

func TestReadNewPassphraseTerminal(t *testing.T) {
	t.Setenv(testEnv, "")
	tests := []struct {
		name, typed, want, code string
	}{
		{"OK", "new secret words\nnew secret words\n", "new secret words", ""},
		{"ErrMismatch", "new secret words\nnew secret wordz\n", "", ownwords.EINVALID},
		{"ErrShort", "short\n", "", ownwords.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctl, tty := mustPTY(t)
			mustType(t, ctl, tt.typed)
			got, err := ReadNewPassphrase(testEnv, "", "New passphrase: ", tty, &bytes.Buffer{})
			if tt.code != "" {
				wantCode(t, err, tt.code)
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
