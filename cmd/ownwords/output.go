package main

import (
	"bufio"
	"context"
	"flag"
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

// exportFlags are the flags of a command that writes export files.
type exportFlags struct {
	plaintext  bool
	tier       string
	shiftDates bool
}

// register adds --plaintext, and for exports shaped by an account's tier
// --tier (and with dates, --shift-dates).
func (x *exportFlags) register(fs *flag.FlagSet, tiered, dates bool) {
	fs.BoolVar(&x.plaintext, "plaintext", false, "write the export file unencrypted, after a confirmation typed on a terminal; audited (default: age-encrypted to the study's custodians)")
	if tiered {
		fs.StringVar(&x.tier, "tier", "", "export at this tier, at most your account's: full, limited or deidentified (default: your role's tier in the study: owner full, coder limited, analyst deidentified, viewer none, unless the study sets others)")
	}
	if dates {
		fs.BoolVar(&x.shiftDates, "shift-dates", false, "de-identified exports: move each participant's dates back by one keyed offset of 1-364 days, keeping intervals, instead of cutting them to the year")
	}
}

// exportSink opens the files of one export of a study, each age-encrypted
// to the custodians or, after one confirmation, in the clear.
type exportSink struct {
	ctx       context.Context
	e         *env
	st        ownwords.Store
	study     *ownwords.Study
	plaintext bool
	rs        []age.Recipient
}

// newExportSink decides how an export of what to paths will be written,
// before any file is opened: in the clear only after a confirmation typed
// on a terminal (EFORBIDDEN otherwise), else encrypted to recipients (nil:
// the study's custodians; EINVALID when there are none). ctx carries the
// actor of the audit entries.
func newExportSink(ctx context.Context, e *env, st ownwords.Store, study *ownwords.Study, plaintext bool, recipients []string, what string, paths ...string) (*exportSink, error) {
	if recipients == nil {
		recipients = study.Settings.Custodians
	}
	if plaintext {
		if err := confirm(e, "This writes "+what+" UNENCRYPTED to "+strings.Join(paths, " and ")+": anyone who gets the file can read it.", "plaintext"); err != nil {
			return nil, err
		}
	} else if len(recipients) == 0 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "the study has no custodians to encrypt %s to: add one with `ownwords key custodian add`, or pass --plaintext", what)
	}
	x := &exportSink{ctx: ctx, e: e, st: st, study: study, plaintext: plaintext}
	for i, s := range recipients {
		r, err := vault.ParseRecipient(s)
		if err != nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "custodian %d: %s", i+1, ownwords.ErrorMessage(err))
		}
		x.rs = append(x.rs, r)
	}
	return x, nil
}

// create audits the export of what to path ("export.encrypted" or
// "export.plaintext", object path) and opens it ("-" for stdout). A file is
// written beside path and renamed into place by Close, so an interrupted
// export never leaves a partial file under its name.
func (x *exportSink) create(path, what string) (*outFile, error) {
	action, detail := "export.plaintext", what
	if !x.plaintext {
		action, detail = "export.encrypted", fmt.Sprintf("%s; age-encrypted to %d custodians", what, len(x.rs))
	}
	if err := x.st.Record(x.ctx, x.study.ID, action, path, detail); err != nil {
		return nil, err
	}
	var out *outFile
	if path == "-" {
		out = &outFile{w: nopCloser{x.e.stdout}}
	} else {
		f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
		if err != nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "cannot write %s: %v", path, err)
		}
		f.Chmod(0o600)
		out = &outFile{w: f, f: f, path: path}
	}
	if x.plaintext {
		out.enc = nopCloser{out.w}
	} else {
		w, err := age.Encrypt(out.w, x.rs...)
		if err != nil {
			out.abort()
			return nil, err
		}
		out.enc = w
	}
	return out, nil
}

// write creates path and fills it through write; the file appears under
// its name only when write and the encryption succeed.
func (x *exportSink) write(path, what string, write func(io.Writer) error) error {
	f, err := x.create(path, what)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.abort()
		return err
	}
	return f.Close()
}

// openExport opens path ("-" for stdout) for an export of the study: by
// default the output is age-encrypted to the study's custodians
// (StudySettings.Custodians); with plaintext it is written in the clear,
// but only after a confirmation typed on a terminal. Either way an audit
// entry records the export ("export.encrypted" or "export.plaintext",
// object path, detail what). A file is written beside path and renamed into
// place by Close, so an interrupted export never leaves a partial file
// under its name. EINVALID without custodians (unless plaintext);
// EFORBIDDEN when a plaintext export is not confirmed. The audit entry's
// actor comes from ctx (ownwords.WithActor); newExportSink also covers
// exports of several files with one confirmation.
func openExport(ctx context.Context, e *env, path string, plaintext bool, recipients []string, st ownwords.Store, study *ownwords.Study, what string) (io.WriteCloser, error) {
	x, err := newExportSink(ctx, e, st, study, plaintext, recipients, what, path)
	if err != nil {
		return nil, err
	}
	return x.create(path, what)
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
