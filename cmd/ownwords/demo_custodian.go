package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"filippo.io/age"

	"ownwords"
	"ownwords/sqldb"
)

// The demo study's custodian. Exports are age-encrypted to a study's
// custodians and refused while it has none; a new user trying the demo
// should not have to learn about age keys before their first export. So
// the demo (and only the demo: `init` never does this) keeps an age
// identity beside the study and makes it a custodian, the way `key
// custodian add` would. A real study's custodians make their own keys and
// keep them off the machine that holds the study.

// demoIdentityPath is where the demo keeps its custodian's identity: beside
// the study file, or in the working directory for a demo on a team server.
func demoIdentityPath(store string) string {
	if sqldb.IsPostgres(store) {
		return "ownwords-demo.demo-custodian.agekey"
	}
	return store + ".demo-custodian.agekey"
}

// demoCustodian makes sure the demo study has a custodian whose identity
// the user holds, and returns the identity file's path ("" when the study
// has custodians of its own and the demo's identity is not among them: a
// user who replaced the demo custodian keeps that choice). An identity
// file already there is reused, never overwritten; a new one is created
// owner-only. Adding the custodian takes the path of `key custodian add`
// (key file wrap, settings, audit entry "key.custodian.add").
func demoCustodian(ctx context.Context, e *env, st ownwords.Store, studyID, store, path string) (string, error) {
	study, err := st.Study(ctx, studyID)
	if err != nil {
		return "", err
	}
	id, err := readDemoIdentity(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if len(study.Settings.Custodians) > 0 {
			return "", nil
		}
		if id, err = createDemoIdentity(path); err != nil {
			return "", err
		}
		fmt.Fprintf(e.stdout, "Created the demo custodian's age identity %s (owner-only).\n", path)
	case err != nil:
		return "", err
	}
	recipient := id.Recipient().String()
	if !slices.Contains(study.Settings.Custodians, recipient) {
		if len(study.Settings.Custodians) > 0 {
			return "", nil
		}
		pass := func() ([]byte, error) { return []byte(demoPassphrase), nil }
		if err := changeCustodian(ctx, st, study, store, pass, "add", recipient); err != nil {
			return "", err
		}
		fmt.Fprintf(e.stdout, "Added %s as the demo study's custodian: exports are encrypted to it.\n", recipient)
	}
	return path, nil
}

// readDemoIdentity reads the demo custodian's identity file: exactly one
// X25519 identity. Errors name the file (fs.ErrNotExist when absent).
func readDemoIdentity(path string) (*age.X25519Identity, error) {
	ids, err := readIdentities(path)
	if ownwords.ErrorCode(err) == ownwords.ENOTFOUND {
		if _, statErr := os.Stat(path); errors.Is(statErr, fs.ErrNotExist) {
			return nil, statErr
		}
	}
	if err != nil {
		return nil, err
	}
	if len(ids) != 1 {
		return nil, ownwords.Errorf(ownwords.EINVALID, "identity file %s: holds %d identities; the demo's holds one (move the file away to make a new one)", path, len(ids))
	}
	id, ok := ids[0].(*age.X25519Identity)
	if !ok {
		return nil, ownwords.Errorf(ownwords.EINVALID, "identity file %s: not an X25519 age identity (move the file away to make a new one)", path)
	}
	return id, nil
}

// createDemoIdentity writes a new X25519 identity to path, created
// owner-only and never over an existing file.
func createDemoIdentity(path string) (*age.X25519Identity, error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "cannot create the demo identity file %s: %v", path, errors.Unwrap(err))
	}
	_, err = fmt.Fprintf(f, "# ownwords demo custodian: FOR THE SYNTHETIC DEMO STUDY ONLY.\n"+
		"# A real study's custodians make their own age keys and keep them offline.\n"+
		"# public key: %s\n%s\n", id.Recipient(), id)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, ownwords.Errorf(ownwords.EINVALID, "cannot write the demo identity file %s: %v", path, err)
	}
	return id, nil
}

// writeDemoNextSteps prints the warning about the demo's custodian key and
// the commands of a first export, as README's "First hour" runs them.
func writeDemoNextSteps(e *env, store, identity, owner, password string) {
	if identity == "" {
		fmt.Fprintf(e.stdout, "\nThe demo study has custodians of its own: decrypt exports with one of their identities.\n")
		return
	}
	fmt.Fprintf(e.stdout, "\nWARNING: %s is a custodian key FOR THE DEMO ONLY. It lies beside the study and opens\n"+
		"every export of it (and the study file too). A real study's custodians make their own age keys, keep them offline, and\n"+
		"give the study only their public keys (`ownwords key custodian add`).\n", identity)
	fmt.Fprintf(e.stdout, "\nExport the team spreadsheet as %s (type %s's password %q at the prompt), then decrypt it as the custodian:\n", owner, owner, password)
	if !sqldb.IsPostgres(store) {
		fmt.Fprintf(e.stdout, "  export %s=%s\n", EnvPassphrase, shellQuote(demoPassphrase))
	}
	fmt.Fprintf(e.stdout, "  ownwords export --store %s --format xlsx --audience team --user %s -o demo.xlsx.age\n", shellQuote(store), owner)
	fmt.Fprintf(e.stdout, "  ownwords decrypt --identity %s -o demo.xlsx demo.xlsx.age\n", shellQuote(identity))
}

// shellQuote quotes s for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' || r == '/') {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}
