package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
	"golang.org/x/term"

	"ownwords"
	"ownwords/vault"
)

// isTerminal reports whether f is an interactive terminal; tests replace it.
var isTerminal = func(f *os.File) bool { return f != nil && term.IsTerminal(int(f.Fd())) }

// confirm asks on the terminal for the exact answer want and fails unless
// it is typed. Without a terminal (scripts, pipes) it refuses: the
// operations it guards must be decided by a person.
func confirm(e *env, question, want string) error {
	if !isTerminal(e.stdin) {
		return ownwords.Errorf(ownwords.EFORBIDDEN, "this needs a confirmation typed on a terminal (%s)", question)
	}
	fmt.Fprintf(e.stderr, "%s\nType %q to continue: ", question, want)
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return ownwords.Errorf(ownwords.EFORBIDDEN, "not confirmed")
	}
	if strings.TrimRight(line, "\r\n") != want {
		return ownwords.Errorf(ownwords.EFORBIDDEN, "not confirmed")
	}
	return nil
}

// openExport opens path ("-" for stdout) for an export of the study: by
// default the output is age-encrypted to the study's custodians
// (StudySettings.Custodians); with plaintext it is written in the clear,
// but only after a confirmation typed on a terminal. Either way an audit
// entry records the export ("export.encrypted" or "export.plaintext",
// object path, detail what). A file is written beside path and renamed into
// place by Close, so an interrupted export never leaves a partial file
// under its name. EINVALID without custodians (unless plaintext);
// EFORBIDDEN when a plaintext export is not confirmed.
func openExport(e *env, path string, plaintext bool, recipients []string, st ownwords.Store, study *ownwords.Study, what string) (io.WriteCloser, error) {
	ctx := context.Background()
	if recipients == nil {
		recipients = study.Settings.Custodians
	}
	action := "export.encrypted"
	if plaintext {
		if err := confirm(e, "This writes "+what+" UNENCRYPTED to "+path+": anyone who gets the file can read it.", "plaintext"); err != nil {
			return nil, err
		}
		action = "export.plaintext"
	} else if len(recipients) == 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "the study has no custodians to encrypt %s to: add one with `ownwords key custodian add`, or pass --plaintext", what)
	}
	var rs []age.Recipient
	for i, s := range recipients {
		r, err := vault.ParseRecipient(s)
		if err != nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "custodian %d: %s", i+1, ownwords.ErrorMessage(err))
		}
		rs = append(rs, r)
	}
	detail := what
	if !plaintext {
		detail = fmt.Sprintf("%s; age-encrypted to %d custodians", what, len(rs))
	}
	if err := st.Record(ctx, study.ID, action, path, detail); err != nil {
		return nil, err
	}
	var out *outFile
	if path == "-" {
		out = &outFile{w: nopCloser{e.stdout}}
	} else {
		f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
		if err != nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "cannot write %s: %v", path, err)
		}
		f.Chmod(0o600)
		out = &outFile{w: f, f: f, path: path}
	}
	if plaintext {
		out.enc = nopCloser{out.w}
	} else {
		w, err := age.Encrypt(out.w, rs...)
		if err != nil {
			out.abort()
			return nil, err
		}
		out.enc = w
	}
	return out, nil
}

// outFile is an export in progress: enc (age or pass-through) over w.
type outFile struct {
	enc  io.WriteCloser
	w    io.WriteCloser
	f    *os.File // nil for stdout
	path string
	err  error
}

func (o *outFile) Write(p []byte) (int, error) {
	n, err := o.enc.Write(p)
	if err != nil && o.err == nil {
		o.err = err
	}
	return n, err
}

// Close finishes the encryption, syncs the file and moves it into place;
// after an earlier write error it removes the temporary file instead.
func (o *outFile) Close() error {
	err := o.err
	if cerr := o.enc.Close(); err == nil {
		err = cerr
	}
	if o.f == nil {
		return err
	}
	if err == nil {
		err = o.f.Sync()
	}
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(o.f.Name(), o.path)
	}
	if err != nil {
		os.Remove(o.f.Name())
	}
	return err
}

func (o *outFile) abort() {
	if o.f != nil {
		o.f.Close()
		os.Remove(o.f.Name())
	}
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
