package main

import (
	"context"
	"flag"
	"fmt"

	"ownwords"
	"ownwords/gate"
	"ownwords/vault"
)

func init() {
	register(&command{name: "user add", summary: "add an account with a role in the study (the file's passphrase, or an owner: --user)", run: runUserAdd})
	register(&command{name: "user list", summary: "list the study's accounts and roles (the file's passphrase, or an owner: --user)", run: runUserList})
	register(&command{name: "user remove", summary: "remove an account (its codings stay; not the last owner)", run: runUserRemove})
}

// openAdmin opens the store and returns who administers its accounts: the
// owner named by --user, or, without one, the key holder — whoever opened
// the store with its passphrase (or, on a team server, its database
// credentials). The gate decides what each may do (gate.AddUser).
func (sf *storeFlags) openAdmin(ctx context.Context, e *env, uf *userFlags) (*asCaller, error) {
	as, err := sf.openAs(ctx, e, uf)
	if err != nil {
		return nil, err
	}
	if uf.name == "" {
		as.c = gate.KeyHolder()
	}
	return as, nil
}

// registerActing registers --user and, under passFlag, the file of its
// password: `user add` keeps --password-file for the new account's.
func (u *userFlags) registerActing(fs *flag.FlagSet, passFlag string) {
	fs.StringVar(&u.name, "user", "", "your owner account (needed on a team server once the study has an owner)")
	fs.StringVar(&u.passFile, passFlag, "", "file holding that account's password (default: a prompt)")
	u.passFlag = passFlag
}

func runUserAdd(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "user add", "--store S --role owner|coder|analyst|viewer [--password-file F] [--user OWNER [--user-password-file F]] NAME")
	sf.register(fs, true)
	uf.registerActing(fs, "user-password-file")
	role := fs.String("role", "", "owner, coder, analyst or viewer (required)")
	pwFile := fs.String("password-file", "", "file holding the new password (default: a prompt)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return ownwords.Errorf(ownwords.EINVALID, "give exactly one user NAME")
	}
	r := ownwords.Role(*role)
	if !r.Valid() {
		return ownwords.Errorf(ownwords.EINVALID, "--role must be owner, coder, analyst or viewer")
	}
	as, err := sf.openAdmin(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	pw, err := vault.ReadNewPassphrase("", *pwFile, "Password for "+fs.Arg(0)+": ", e.stdin, e.stderr)
	if err != nil {
		return err
	}
	m, err := as.g.AddUser(ctx, as.c, fs.Arg(0), r, pw)
	clear(pw)
	if err != nil {
		return err
	}
	if sf.json() {
		return writeJSON(e.stdout, m)
	}
	study, err := as.st.Study(ctx, as.g.StudyID())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Added %s as %s of %q.\n", m.User, m.Role, study.Name)
	return nil
}

func runUserList(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "user list", "--store S [--user OWNER [--password-file F]] [--format json]")
	sf.register(fs, true)
	uf.registerActing(fs, "password-file")
	if err := parse(fs, args); err != nil {
		return err
	}
	as, err := sf.openAdmin(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	ms, err := as.g.Members(ctx, as.c)
	if err != nil {
		return err
	}
	if sf.json() {
		return writeJSON(e.stdout, ms)
	}
	for _, m := range ms {
		fmt.Fprintf(e.stdout, "%-24s %s\n", m.User, m.Role)
	}
	return nil
}

func runUserRemove(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "user remove", "--store S [--user OWNER [--password-file F]] NAME")
	sf.register(fs, false)
	uf.registerActing(fs, "password-file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return ownwords.Errorf(ownwords.EINVALID, "give exactly one user NAME")
	}
	as, err := sf.openAdmin(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	u, err := as.g.RemoveUser(ctx, as.c, fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Removed %s; their codings stay in the study.\n", u.Name)
	return nil
}
