package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"golang.org/x/term"

	"ownwords"
)

// maxPassphraseFileSize bounds a passphrase file; anything larger is surely
// the wrong file.
const maxPassphraseFileSize = 64 << 10

// ReadPassphrase returns the passphrase for an existing study, from the
// first source that is given:
//
//  1. file, if not empty: its content minus one trailing newline ("\n" or
//     "\r\n"), so that files written by echo or an editor work;
//  2. the environment variable env, if set and not empty;
//  3. a prompt on stderr and a read without echo from stdin, if stdin is a
//     terminal.
//
// There is deliberately no way to pass the passphrase itself as an
// argument: command lines are visible to other users and kept in shell
// history. EINVALID, saying how to give one, when there is no source;
// ENOTFOUND for a missing file.
func ReadPassphrase(env, file, prompt string, stdin *os.File, stderr io.Writer) ([]byte, error) {
	p, _, err := readPassphraseOnce(env, file, prompt, stdin, stderr)
	return p, err
}

// ReadNewPassphrase returns a new passphrase from the same sources as
// ReadPassphrase. On a terminal it asks twice and fails if the answers
// differ. It refuses passphrases shorter than MinPassphraseLen characters
// (see there for why eight and what it does not guarantee). EINVALID.
func ReadNewPassphrase(env, file, prompt string, stdin *os.File, stderr io.Writer) ([]byte, error) {
	p, fromTerminal, err := readPassphraseOnce(env, file, prompt, stdin, stderr)
	if err != nil {
		return nil, err
	}
	if err := checkNewPassphrase(p); err != nil {
		clear(p)
		return nil, err
	}
	if fromTerminal {
		again, err := readTerminal("Repeat the passphrase: ", stdin, stderr)
		same := err == nil && bytes.Equal(p, again)
		clear(again)
		if err != nil {
			clear(p)
			return nil, err
		} else if !same {
			clear(p)
			return nil, ownwords.Errorf(ownwords.EINVALID, "the two passphrases do not match")
		}
	}
	return p, nil
}

// readPassphraseOnce implements ReadPassphrase and reports whether the
// passphrase was typed on a terminal.
func readPassphraseOnce(env, file, prompt string, stdin *os.File, stderr io.Writer) ([]byte, bool, error) {
	if file != "" {
		p, err := readPassphraseFile(file)
		return p, false, err
	}
	if v := os.Getenv(env); env != "" && v != "" {
		return []byte(v), false, nil
	}
	if stdin != nil && term.IsTerminal(int(stdin.Fd())) {
		p, err := readTerminal(prompt, stdin, stderr)
		if err == nil && len(p) == 0 {
			err = ownwords.Errorf(ownwords.EINVALID, "empty passphrase")
		}
		return p, true, err
	}
	how := "give a passphrase file (--passphrase-file) or run the command in a terminal"
	if env != "" {
		how = fmt.Sprintf("set %s, %s", env, how)
	}
	return nil, false, ownwords.Errorf(ownwords.EINVALID, "no passphrase given: %s", how)
}

// readPassphraseFile reads a passphrase file and trims one trailing newline.
func readPassphraseFile(file string) ([]byte, error) {
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "passphrase file %s does not exist", file)
	} else if err != nil {
		return nil, fmt.Errorf("vault: open passphrase file %s: %w", file, err)
	}
	defer f.Close()
	p, err := io.ReadAll(io.LimitReader(f, maxPassphraseFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("vault: read passphrase file %s: %w", file, err)
	}
	if len(p) > maxPassphraseFileSize {
		return nil, ownwords.Errorf(ownwords.EINVALID, "passphrase file %s is larger than %d bytes: is it the right file?", file, maxPassphraseFileSize)
	}
	if bytes.HasSuffix(p, []byte("\r\n")) {
		p = p[:len(p)-2]
	} else {
		p = bytes.TrimSuffix(p, []byte("\n"))
	}
	if len(p) == 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "passphrase file %s is empty", file)
	}
	return p, nil
}

// readTerminal prints prompt to stderr and reads a line from the terminal
// stdin without echo.
func readTerminal(prompt string, stdin *os.File, stderr io.Writer) ([]byte, error) {
	fmt.Fprint(stderr, prompt)
	p, err := term.ReadPassword(int(stdin.Fd()))
	fmt.Fprintln(stderr) // the user's Enter was not echoed either
	if err != nil {
		return nil, fmt.Errorf("vault: read passphrase from terminal: %w", err)
	}
	return p, nil
}
