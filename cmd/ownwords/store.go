package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/vault"
)

// EnvPassphrase is the variable that may hold a study file's passphrase.
const EnvPassphrase = "OWNWORDS_PASSPHRASE"

// storeFlags are the flags every store command takes.
type storeFlags struct {
	store, passFile, study, format string
}

func (sf *storeFlags) register(fs *flag.FlagSet, withFormat bool) {
	fs.StringVar(&sf.store, "store", "", "study file path, or postgres://… URL of a team server (required)")
	fs.StringVar(&sf.passFile, "passphrase-file", "", "file holding the study file's passphrase (default: $"+EnvPassphrase+" or a prompt)")
	fs.StringVar(&sf.study, "study", "", "study name or ID, when the store holds several")
	if withFormat {
		fs.StringVar(&sf.format, "format", "text", "output format: text or json")
	}
}

func (sf *storeFlags) check() error {
	if sf.store == "" {
		return ownwords.Errorf(ownwords.EINVALID, "--store is required")
	}
	if sf.format != "" && sf.format != "text" && sf.format != "json" {
		return ownwords.Errorf(ownwords.EINVALID, "--format must be text or json")
	}
	return nil
}

func (sf *storeFlags) json() bool { return sf.format == "json" }

// passphrase reads the study file's passphrase (not needed for PostgreSQL).
func (sf *storeFlags) passphrase(e *env, isNew bool) ([]byte, error) {
	if sqldb.IsPostgres(sf.store) {
		return nil, nil
	}
	read := vault.ReadPassphrase
	if isNew {
		read = vault.ReadNewPassphrase
	}
	if sf.passFile == "" && e.getenv(EnvPassphrase) != "" {
		return []byte(e.getenv(EnvPassphrase)), nil
	}
	return read(EnvPassphrase, sf.passFile, "Passphrase for "+sf.store+": ", e.stdin, e.stderr)
}

// open opens the store and resolves the study.
func (sf *storeFlags) open(ctx context.Context, e *env) (ownwords.Store, *ownwords.Study, error) {
	if err := sf.check(); err != nil {
		return nil, nil, err
	}
	pass, err := sf.passphrase(e, false)
	if err != nil {
		return nil, nil, err
	}
	st, err := sqldb.Open(ctx, sqldb.Config{DSN: sf.store, Passphrase: pass})
	clear(pass)
	if err != nil {
		return nil, nil, err
	}
	study, err := resolveStudy(ctx, st, sf.study)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, study, nil
}

// resolveStudy picks the study named (by name or ID), or the only one.
func resolveStudy(ctx context.Context, st ownwords.Store, want string) (*ownwords.Study, error) {
	studies, err := st.Studies(ctx)
	if err != nil {
		return nil, err
	}
	if want == "" {
		switch len(studies) {
		case 0:
			return nil, ownwords.Errorf(ownwords.ENOTFOUND, "the store holds no study: create one with `ownwords init`")
		case 1:
			return studies[0], nil
		}
		return nil, ownwords.Errorf(ownwords.EINVALID, "the store holds %d studies: choose one with --study", len(studies))
	}
	for _, s := range studies {
		if s.ID == want || s.Name == want {
			return s, nil
		}
	}
	return nil, ownwords.Errorf(ownwords.ENOTFOUND, "study %q not found", want)
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// progress returns a function that redraws one progress line on stderr
// when it is a terminal, and does nothing otherwise (logs stay clean).
func progress(e *env, what string) func(done, total int) {
	f, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return func(int, int) {}
	}
	return func(done, total int) {
		if total > 0 {
			fmt.Fprintf(f, "\r%s: %d/%d (%d%%)", what, done, total, done*100/total)
		} else {
			fmt.Fprintf(f, "\r%s: %d", what, done)
		}
		if done == total {
			fmt.Fprintln(f)
		}
	}
}
