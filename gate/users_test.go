package gate

import (
	"slices"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

const testPassword = "a long enough password"

// TestKeyHolderAdministersAccounts: on a study file the key holder
// administers accounts for good; on a team server only until the study has
// an owner, after which an owner must act.
func TestKeyHolderAdministersAccounts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		study := sqldbtest.MustStudy(t, st, "Accounts")
		g, kh := New(st, study.ID), KeyHolder()
		ms, err := g.Members(ctx, kh)
		mustOK(t, err)
		if ms == nil || len(ms) != 0 {
			t.Fatalf("members of a new study: %v", ms)
		}
		m, err := g.AddUser(ctx, kh, "own", ownwords.RoleOwner, []byte(testPassword))
		mustOK(t, err)
		after := ok
		if st.Dialect() == "postgres" {
			after = noAccount
		}
		_, err = g.AddUser(ctx, kh, "cod", ownwords.RoleCoder, []byte(testPassword))
		wantCode(t, "key holder after founding", err, after)
		owner, err := st.User(ctx, m.UserID)
		mustOK(t, err)
		_, err = g.AddUser(ctx, Member(owner, ownwords.RoleOwner), "ana", ownwords.RoleAnalyst, []byte(testPassword))
		mustOK(t, err)
		var actors []string
		mustOK(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			if e.Action == "user.create" {
				actors = append(actors, e.Actor)
			}
			return true
		}))
		want := []string{KeyHolderActor, KeyHolderActor, "own"}
		if after != ok {
			want = []string{KeyHolderActor, "own"}
		}
		if !slices.Equal(actors, want) {
			t.Errorf("accounts created by %v, want %v", actors, want)
		}
		if _, err := g.Login(ctx, "ana", CLIClient, []byte(testPassword), owner.CreatedAt); err != nil {
			t.Errorf("the new account cannot log in: %v", err)
		}
	})
}

// TestRemoveUserKeepsTheStudyAdministered: the last owner stays, and an
// account that is also a member of another study goes only when the
// caller owns that study too.
func TestRemoveUserKeepsTheStudyAdministered(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		ctx, owner := t.Context(), f.as(asOwner)
		_, err := f.g.RemoveUser(ctx, owner, asOwner)
		wantCode(t, "the last owner", err, conflict)
		other := sqldbtest.MustStudy(t, st, "Other")
		mustOK(t, st.SetRole(ctx, other.ID, f.users[asAnalyst].ID, ownwords.RoleCoder))
		_, err = f.g.RemoveUser(ctx, owner, asAnalyst)
		wantCode(t, "a member of a study the caller does not own", err, conflict)
		mustOK(t, st.SetRole(ctx, other.ID, f.users[asOwner].ID, ownwords.RoleOwner))
		u, err := f.g.RemoveUser(ctx, owner, asAnalyst)
		mustOK(t, err)
		if _, err := st.UserByName(ctx, asAnalyst); u.Name != asAnalyst || ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
			t.Errorf("removed %s; the account is still there: %v", u.Name, err)
		}
		_, err = f.g.AddUser(ctx, owner, asCoder2, ownwords.RoleCoder, []byte(testPassword))
		wantCode(t, "a taken name", err, conflict)
		_, err = f.g.AddUser(ctx, owner, "boss", "boss", []byte(testPassword))
		wantCode(t, "an unknown role", err, invalid)
	})
}
