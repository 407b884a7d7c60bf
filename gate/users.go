package gate

import (
	"context"
	"slices"

	"ownwords"
	"ownwords/vault"
)

// Accounts: adding, listing and removing the study's members.
//
// Who administers them depends on where the study lives:
//   - An owner of the study, on either store.
//   - On an embedded study file, the key holder: whoever opened the file
//     with its passphrase can read everything in it anyway, so the
//     passphrase is what administers its accounts (the first owner is
//     added this way).
//   - On a PostgreSQL team server, the key holder (whoever reaches the
//     database) only founds the study: while it has no owner, they may add
//     one. Once it has an owner, an owner account must act; the database
//     credentials, which analysts running the CLI hold too, are not enough.
//
// Everyone else is refused: other roles EFORBIDDEN, the public and a key
// holder past founding EUNAUTHORIZED. The last owner cannot be removed, so
// a team study never falls back to founding.

// KeyHolderActor is the audit actor of the key holder.
const KeyHolderActor = "key-holder"

// KeyHolder is the caller who opened the store with its key: the
// passphrase of an embedded study file, or the credentials of a team
// server's database. Only the CLI makes one, after opening the store; the
// workbench never does. For every use case but accounts it is the public.
func KeyHolder() Caller { return Caller{keyHolder: true} }

// adminCtx returns ctx with c as the audit actor of an account change.
func (c Caller) adminCtx(ctx context.Context) context.Context {
	if c.keyHolder {
		return ownwords.WithActor(ctx, KeyHolderActor)
	}
	return c.Context(ctx)
}

// administers checks that c may administer the accounts of a study whose
// members are ms (see the rule above).
func (g *Gate) administers(c Caller, ms []*ownwords.Membership) error {
	return g.ownerOrFounder(c, ms, "the study's accounts", "the study's accounts")
}

// ownerOrFounder checks that c may administer what (doing it: act) in a
// study whose members are ms: an owner; on a study file the key holder; on
// a team server the key holder only while the study has no owner (the
// rule above, which analysis plans follow too).
func (g *Gate) ownerOrFounder(c Caller, ms []*ownwords.Membership, what, act string) error {
	switch {
	case !c.keyHolder:
		return c.need(act, ownwords.RoleOwner)
	case g.store.Dialect() == "sqlite":
		return nil
	case !slices.ContainsFunc(ms, func(m *ownwords.Membership) bool { return m.Role == ownwords.RoleOwner }):
		return nil
	}
	return ownwords.Errorf(ownwords.EUNAUTHORIZED, "on a team server an owner administers %s: name your owner account (--user)", what)
}

// AddUser creates the account name with password and gives it role in the
// study, in one transaction (audited by the store: "user.create",
// "role.set"). EUNAUTHORIZED, EFORBIDDEN, EINVALID (name, role),
// ECONFLICT (name taken).
func (g *Gate) AddUser(ctx context.Context, c Caller, name string, role ownwords.Role, password []byte) (*ownwords.Membership, error) {
	if !role.Valid() {
		return nil, ownwords.Errorf(ownwords.EINVALID, "role %q: want owner, coder, analyst or viewer", role)
	}
	hash, err := vault.HashPassword(password)
	if err != nil {
		return nil, err
	}
	ctx = c.adminCtx(ctx)
	u := &ownwords.User{Name: name, PasswordHash: hash}
	err = g.store.Update(ctx, func(tx ownwords.Services) error {
		ms, err := tx.Memberships(ctx, g.studyID)
		if err != nil {
			return err
		}
		if err := g.administers(c, ms); err != nil {
			return err
		}
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		return tx.SetRole(ctx, g.studyID, u.ID, role)
	})
	if err != nil {
		return nil, err
	}
	return &ownwords.Membership{StudyID: g.studyID, UserID: u.ID, User: u.Name, Role: role}, nil
}

// Members lists the study's members and roles, by name. EUNAUTHORIZED,
// EFORBIDDEN.
func (g *Gate) Members(ctx context.Context, c Caller) ([]*ownwords.Membership, error) {
	ms, err := g.store.Memberships(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	if err := g.administers(c, ms); err != nil {
		return nil, err
	}
	if ms == nil {
		ms = []*ownwords.Membership{}
	}
	return ms, nil
}

// RemoveUser removes the account name, a member of the study; its codings
// stay (coders' work is the study's) and the store audits "user.delete".
// The study's last owner stays, and so does an account that is also a
// member of another study of the store which c does not own (ECONFLICT):
// removing it would reach into that study. EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND.
func (g *Gate) RemoveUser(ctx context.Context, c Caller, name string) (*ownwords.User, error) {
	ctx = c.adminCtx(ctx)
	var u *ownwords.User
	err := g.store.Update(ctx, func(tx ownwords.Services) error {
		ms, err := tx.Memberships(ctx, g.studyID)
		if err != nil {
			return err
		}
		if err := g.administers(c, ms); err != nil {
			return err
		}
		i := slices.IndexFunc(ms, func(m *ownwords.Membership) bool { return m.User == name })
		if i < 0 {
			return ownwords.Errorf(ownwords.ENOTFOUND, "%s is not a member of this study", name)
		}
		owners := 0
		for _, m := range ms {
			if m.Role == ownwords.RoleOwner {
				owners++
			}
		}
		if ms[i].Role == ownwords.RoleOwner && owners == 1 {
			return ownwords.Errorf(ownwords.ECONFLICT, "%s is the study's last owner: make another member owner first", name)
		}
		if err := g.memberElsewhere(ctx, tx, c, ms[i]); err != nil {
			return err
		}
		if u, err = tx.User(ctx, ms[i].UserID); err != nil {
			return err
		}
		return tx.DeleteUser(ctx, u.ID)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// memberElsewhere refuses (ECONFLICT) when m's account is also a member
// of another study of the store that c does not administer: removing the
// account removes it there too. Only an owner of every study it belongs to
// (or the key holder of an embedded file, which holds everything) may.
func (g *Gate) memberElsewhere(ctx context.Context, tx ownwords.Services, c Caller, m *ownwords.Membership) error {
	if c.keyHolder && g.store.Dialect() == "sqlite" {
		return nil
	}
	studies, err := tx.Studies(ctx)
	if err != nil {
		return err
	}
	for _, s := range studies {
		if s.ID == g.studyID {
			continue
		}
		if _, err := tx.RoleOf(ctx, s.ID, m.UserID); ownwords.ErrorCode(err) == ownwords.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		if c.User != nil {
			if r, err := tx.RoleOf(ctx, s.ID, c.User.ID); err == nil && r == ownwords.RoleOwner {
				continue
			} else if err != nil && ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
				return err
			}
		}
		return ownwords.Errorf(ownwords.ECONFLICT, "%s is also a member of another study on this server, which you do not own: removing the account would remove them there too", m.User)
	}
	return nil
}
