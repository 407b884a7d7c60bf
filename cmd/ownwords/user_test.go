package main

import (
	"path/filepath"
	"strings"
	"testing"

	"ownwords/sqldb/sqldbtest"
)

// TestUserAdministration runs the account rule of both stores: on a study
// file the passphrase holder administers accounts; on a team server the
// database credentials only found the study (its first owner), after which
// an owner account must act. Nobody removes the last owner, and other
// roles administer nothing.
func TestUserAdministration(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	pw := writeFile(t, dir, "pw", "a-long-enough-password\n")
	asOwner := []string{"--user", "own", "--password-file", pw}
	type step struct {
		name string
		args []string
		code int
		want string
	}
	steps := map[string][]step{
		"sqlite": {
			{"KeyHolderAddsOwner", []string{"user", "add", "--role", "owner", "--password-file", pw, "own"}, 0, "Added own as owner"},
			{"KeyHolderAddsCoder", []string{"user", "add", "--role", "coder", "--password-file", pw, "cod"}, 0, "Added cod as coder"},
			{"KeyHolderLists", []string{"user", "list"}, 0, "cod"},
			{"OwnerLists", append([]string{"user", "list"}, asOwner...), 0, "own"},
			{"ErrNoAccountPassword", []string{"user", "list", "--user", "own"}, 2, "no password given for account own: give a password file (--password-file)"},
			{"ErrCoderLists", []string{"user", "list", "--user", "cod", "--password-file", pw}, 5, "needs one of"},
			{"ErrLastOwner", []string{"user", "remove", "own"}, 4, "last owner"},
			{"ErrNotMember", []string{"user", "remove", "nobody"}, 3, "not a member"},
			{"KeyHolderRemoves", []string{"user", "remove", "cod"}, 0, "Removed cod"},
		},
		"postgres": {
			{"FoundingListsNone", []string{"user", "list", "--format", "json"}, 0, "[]"},
			{"FoundingAddsOwner", []string{"user", "add", "--role", "owner", "--password-file", pw, "own"}, 0, "Added own as owner"},
			{"ErrKeyHolderAfterFounding", []string{"user", "add", "--role", "coder", "--password-file", pw, "cod"}, 5, "an owner administers"},
			{"ErrKeyHolderListsAfterFounding", []string{"user", "list"}, 5, "an owner administers"},
			{"OwnerAddsCoder", []string{"user", "add", "--role", "coder", "--password-file", pw, "--user", "own", "--user-password-file", pw, "cod"}, 0, "Added cod as coder"},
			{"OwnerLists", append([]string{"user", "list"}, asOwner...), 0, "cod"},
			{"ErrNoActingPassword", []string{"user", "add", "--role", "coder", "--password-file", pw, "--user", "own", "cod2"}, 2, "no password given for account own: give a password file (--user-password-file)"},
			{"ErrCoderRemoves", []string{"user", "remove", "--user", "cod", "--password-file", pw, "own"}, 5, "needs one of"},
			{"ErrLastOwner", append([]string{"user", "remove"}, append(asOwner, "own")...), 4, "last owner"},
			{"OwnerRemoves", append([]string{"user", "remove"}, append(asOwner, "cod")...), 0, "Removed cod"},
		},
	}
	stores := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "u.ownwords") },
		"postgres": func(t *testing.T) string { return sqldbtest.FreshPostgresDSN(t) },
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			store := stores[name](t) // PostgreSQL skips without a test server
			mustCLI(t, vars, "init", "--store", store, "--name", "Accounts")
			for _, s := range steps[name] {
				args := append(append([]string{}, s.args[:2]...), append([]string{"--store", store}, s.args[2:]...)...)
				code, out, errOut := cli(t, vars, args...)
				if code != s.code || !strings.Contains(out+errOut, s.want) {
					t.Fatalf("%s: exit %d\n%s%s\nwant %d and %q", s.name, code, out, errOut, s.code, s.want)
				}
			}
		})
	}
}
