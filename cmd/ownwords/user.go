package main

import (
	"context"
	"fmt"

	"ownwords"
	"ownwords/vault"
)

func init() {
	register(&command{name: "user add", summary: "add an account with a role in the study", run: runUserAdd})
	register(&command{name: "user list", summary: "list the study's accounts and roles", run: runUserList})
	register(&command{name: "user remove", summary: "remove an account (its codings stay)", run: runUserRemove})
}

func runUserAdd(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	fs := newFlags(e, "user add", "--store S --role owner|coder|analyst|viewer [--password-file F] NAME")
	sf.register(fs, true)
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
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	pw, err := vault.ReadNewPassphrase("", *pwFile, "Password for "+fs.Arg(0)+": ", e.stdin, e.stderr)
	if err != nil {
		return err
	}
	hash, err := vault.HashPassword(pw)
	clear(pw)
	if err != nil {
		return err
	}
	u := &ownwords.User{Name: fs.Arg(0), PasswordHash: hash}
	err = st.Update(ctx, func(tx ownwords.Services) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		return tx.SetRole(ctx, study.ID, u.ID, r)
	})
	if err != nil {
		return err
	}
	if sf.json() {
		return writeJSON(e.stdout, &ownwords.Membership{StudyID: study.ID, UserID: u.ID, User: u.Name, Role: r})
	}
	fmt.Fprintf(e.stdout, "Added %s as %s of %q.\n", u.Name, r, study.Name)
	return nil
}

func runUserList(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	fs := newFlags(e, "user list", "--store S [--format json]")
	sf.register(fs, true)
	if err := parse(fs, args); err != nil {
		return err
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	ms, err := st.Memberships(ctx, study.ID)
	if err != nil {
		return err
	}
	if sf.json() {
		if ms == nil {
			ms = []*ownwords.Membership{}
		}
		return writeJSON(e.stdout, ms)
	}
	for _, m := range ms {
		fmt.Fprintf(e.stdout, "%-24s %s\n", m.User, m.Role)
	}
	return nil
}

func runUserRemove(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	fs := newFlags(e, "user remove", "--store S NAME")
	sf.register(fs, false)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return ownwords.Errorf(ownwords.EINVALID, "give exactly one user NAME")
	}
	st, _, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.UserByName(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	if err := st.DeleteUser(ctx, u.ID); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Removed %s; their codings stay in the study.\n", u.Name)
	return nil
}
