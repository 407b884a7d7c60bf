package main

import (
	"context"
	"flag"
	"time"

	"golang.org/x/term"

	"ownwords"
	"ownwords/gate"
	"ownwords/vault"
)

// userFlags identify the person asking for a confidential output.
// passFlag names the flag that holds passFile, for error messages.
type userFlags struct{ name, passFile, passFlag string }

func (u *userFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&u.name, "user", "", "your account, for team-audience outputs and exports (its role decides what you may have)")
	fs.StringVar(&u.passFile, "password-file", "", "file holding that account's password (default: a prompt)")
	u.passFlag = "password-file"
}

// caller returns who acts: the account named by --user, logged in through
// the application layer (password checked, failures throttled and
// audited), or the public when no account is named.
func (u *userFlags) caller(ctx context.Context, e *env, g *gate.Gate) (gate.Caller, error) {
	if u.name == "" {
		return gate.Public(), nil
	}
	if u.passFile == "" && (e.stdin == nil || !term.IsTerminal(int(e.stdin.Fd()))) {
		// Said here rather than by vault, whose message names the study
		// passphrase: the account password is what is missing.
		return gate.Caller{}, ownwords.Errorf(ownwords.EINVALID,
			"no password given for account %s: give a password file (--%s) or run the command in a terminal", u.name, u.passFlag)
	}
	pw, err := vault.ReadPassphrase("", u.passFile, "Password for "+u.name+": ", e.stdin, e.stderr)
	if err != nil {
		return gate.Caller{}, err
	}
	defer clear(pw)
	return g.Login(ctx, u.name, gate.CLIClient, pw, time.Now())
}

// asCaller is an open store with its study, the study's application layer
// and who acts in it.
type asCaller struct {
	st    ownwords.Store
	study *ownwords.Study
	g     *gate.Gate
	c     gate.Caller
}

// openAs opens the store, resolves the study and logs in the account named
// by --user (or acts as the public): the preamble of every command that
// goes through the application layer. The caller closes st.
func (sf *storeFlags) openAs(ctx context.Context, e *env, u *userFlags) (*asCaller, error) {
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return nil, err
	}
	g := gate.New(st, study.ID)
	c, err := u.caller(ctx, e, g)
	if err != nil {
		st.Close()
		return nil, err
	}
	// A run is the CLI's session: its pseudonyms change with every run.
	return &asCaller{st: st, study: study, g: g, c: c.WithNewSession()}, nil
}
