package main

import (
	"context"
	"flag"
	"time"

	"ownwords"
	"ownwords/gate"
	"ownwords/vault"
)

// userFlags identify the person asking for a confidential output.
type userFlags struct{ name, passFile string }

func (u *userFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&u.name, "user", "", "your account, for team-audience outputs and exports (its role decides what you may have)")
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

// exportTier checks the account named by --user (any role) and returns
// the tier an export file it takes is shaped by: its role's tier in the
// study, or the lower one asked for with --tier ("" for none asked). need
// is the least tier the export can be made at; roles, when given, are the
// only roles that may take it at all. EUNAUTHORIZED without an account;
// EFORBIDDEN for another role or a tier below need.
func (u *userFlags) exportTier(ctx context.Context, e *env, st ownwords.Store, study *ownwords.Study, asked string, need ownwords.ExportTier, roles ...ownwords.Role) (ownwords.ExportTier, error) {
	if u.name == "" {
		return "", ownwords.Errorf(ownwords.EUNAUTHORIZED, "an export file is shaped by the export tier of the account that takes it: name your account with --user")
	}
	if len(roles) == 0 {
		roles = []ownwords.Role{ownwords.RoleOwner, ownwords.RoleCoder, ownwords.RoleAnalyst, ownwords.RoleViewer}
	}
	role, err := u.authorize(ctx, e, st, study, roles...)
	if err != nil {
		return "", err
	}
	return tierOf(study, u.name, role, asked, need)
}

// tierOf returns the export tier of user, whose role in study is role,
// lowered to asked when that is set. EINVALID for an unknown tier;
// EFORBIDDEN when asked is above the role's tier or the tier is below need.
func tierOf(study *ownwords.Study, user string, role ownwords.Role, asked string, need ownwords.ExportTier) (ownwords.ExportTier, error) {
	tier := study.Settings.ExportTierOf(role)
	if asked != "" {
		t, err := ownwords.ParseExportTier(asked)
		if err != nil {
			return "", err
		}
		if !tier.AtLeast(t) {
			return "", ownwords.Errorf(ownwords.EFORBIDDEN, "%s is %s, whose export tier in this study is %s: --tier %s asks for more", user, role, tier, t)
		}
		tier = t
	}
	if !tier.AtLeast(need) {
		return "", ownwords.Errorf(ownwords.EFORBIDDEN, "%s is %s, whose export tier in this study is %s; this export needs the %s tier or more", user, role, tier, need)
	}
	return tier, nil
}

// caller returns who acts: the account named by --user, logged in through
// the application layer (password checked, failures throttled and
// audited), or the public when no account is named.
func (u *userFlags) caller(ctx context.Context, e *env, g *gate.Gate) (gate.Caller, error) {
	if u.name == "" {
		return gate.Public(), nil
	}
	pw, err := vault.ReadPassphrase("", u.passFile, "Password for "+u.name+": ", e.stdin, e.stderr)
	if err != nil {
		return gate.Caller{}, err
	}
	defer clear(pw)
	return g.Login(ctx, u.name, pw, time.Now())
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
