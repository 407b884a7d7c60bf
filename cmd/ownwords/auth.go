package main

import (
	"context"
	"flag"

	"ownwords"
	"ownwords/vault"
)

// userFlags identify the person asking for a confidential output.
type userFlags struct{ name, passFile string }

func (u *userFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&u.name, "user", "", "account asking for a team-audience output (owner or analyst)")
	fs.StringVar(&u.passFile, "password-file", "", "file holding that account's password (default: a prompt)")
}

// authorize checks the account's password and that its role is one of
// allowed, and returns its role. Holding the passphrase opens the store;
// confidential outputs also need a named, audited account.
func (u *userFlags) authorize(ctx context.Context, e *env, st ownwords.Store, study *ownwords.Study, allowed ...ownwords.Role) (ownwords.Role, error) {
	if u.name == "" {
		return "", ownwords.Errorf(ownwords.EUNAUTHORIZED, "this output is confidential: name an owner or analyst account with --user")
	}
	user, err := st.UserByName(ctx, u.name)
	if err != nil || user.Disabled {
		return "", ownwords.Errorf(ownwords.EUNAUTHORIZED, "unknown or disabled account %q", u.name)
	}
	pw, err := vault.ReadPassphrase("", u.passFile, "Password for "+u.name+": ", e.stdin, e.stderr)
	if err != nil {
		return "", err
	}
	ok, err := vault.CheckPassword(user.PasswordHash, pw)
	clear(pw)
	if err != nil || !ok {
		st.Record(ownwords.WithActor(ctx, u.name), study.ID, "cli.login_failure", user.ID, "")
		return "", ownwords.Errorf(ownwords.EUNAUTHORIZED, "wrong password for %s", u.name)
	}
	role, err := st.RoleOf(ctx, study.ID, user.ID)
	if err != nil {
		return "", ownwords.Errorf(ownwords.EFORBIDDEN, "%s has no role in this study", u.name)
	}
	for _, r := range allowed {
		if r == role {
			return role, nil
		}
	}
	return "", ownwords.Errorf(ownwords.EFORBIDDEN, "%s is %s; this output needs one of %v", u.name, role, allowed)
}
