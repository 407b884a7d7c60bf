package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/vault"
)

func init() {
	register(&command{name: "key passphrase", summary: "change a study file's passphrase (re-wraps the data key; the file is not rewritten)", run: runKeyPassphrase})
	register(&command{name: "key custodian", summary: "add, remove or list custodians (age recipients) of a study: key custodian add|remove|list", run: runKeyCustodian})
	register(&command{name: "key rotate", summary: "re-encrypt a study file under a new data key (crash-safe; stop serve first)", run: runKeyRotate})
	register(&command{name: "key shred", summary: "crypto-shred a study: destroy its key file so no copy of the file or its backups opens again", run: runKeyShred})
}

// EnvNewPassphrase may hold the new passphrase for `key passphrase`.
const EnvNewPassphrase = "OWNWORDS_NEW_PASSPHRASE"

// studyFile returns the absolute path of a study file store, refusing
// PostgreSQL URLs: key operations are for embedded stores.
func studyFile(sf *storeFlags) (string, error) {
	if err := sf.check(); err != nil {
		return "", err
	}
	if sqldb.IsPostgres(sf.store) {
		return "", ownwords.Errorf(ownwords.EINVALID, "a PostgreSQL server has no data key; this command is for study files")
	}
	return filepath.Abs(sf.store)
}

func runKeyPassphrase(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	fs := newFlags(e, "key passphrase", "--store FILE [--passphrase-file F] [--new-passphrase-file F]")
	sf.register(fs, false)
	newFile := fs.String("new-passphrase-file", "", "file holding the new passphrase (default: $"+EnvNewPassphrase+" or a prompt)")
	if err := parse(fs, args); err != nil {
		return err
	}
	path, err := studyFile(&sf)
	if err != nil {
		return err
	}
	old, err := sf.passphrase(e, false)
	if err != nil {
		return err
	}
	defer clear(old)
	var next []byte
	if *newFile == "" && e.getenv(EnvNewPassphrase) != "" {
		next = []byte(e.getenv(EnvNewPassphrase))
	} else if next, err = vault.ReadNewPassphrase(EnvNewPassphrase, *newFile, "New passphrase for "+sf.store+": ", e.stdin, e.stderr); err != nil {
		return err
	}
	defer clear(next)
	if err := vault.ChangePassphrase(sqldb.KeyPath(path), old, next); err != nil {
		return err
	}
	st, err := sqldb.Open(ctx, sqldb.Config{DSN: path, Passphrase: next})
	if err != nil {
		return err
	}
	defer st.Close()
	study, _ := resolveStudy(ctx, st, sf.study)
	if err := st.Record(ctx, studyIDOf(study), "key.passphrase", "", "passphrase wrap replaced; data key unchanged"); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "Passphrase changed. Copies of the old key file still open with the old passphrase: destroy them, or rotate the key (`ownwords key rotate`).")
	return nil
}

func studyIDOf(s *ownwords.Study) string {
	if s == nil {
		return ""
	}
	return s.ID
}

func runKeyCustodian(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "remove" && args[0] != "list") {
		fmt.Fprintln(e.stderr, "Usage: ownwords key custodian add|remove RECIPIENT --store S   |   ownwords key custodian list --store S")
		return errUsage
	}
	op := args[0]
	var sf storeFlags
	fs := newFlags(e, "key custodian", op+" --store S [RECIPIENT]")
	sf.register(fs, true)
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	var recipient string
	if op != "list" {
		if fs.NArg() != 1 {
			return ownwords.Errorf(ownwords.EINVALID, "give exactly one age recipient (age1…)")
		}
		recipient = fs.Arg(0)
		if err := vault.CheckRecipient(recipient); err != nil {
			return err
		}
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	if op == "list" {
		return listCustodians(e, sf.store, study)
	}
	if err := changeCustodian(ctx, st, study, sf.store, func() ([]byte, error) { return sf.passphrase(e, false) }, op, recipient); err != nil {
		return err
	}
	if op == "add" {
		fmt.Fprintf(e.stdout, "Custodian %s added: exports and backups are now encrypted to them too.\n", recipient)
	} else {
		fmt.Fprintf(e.stdout, "Custodian %s removed. If they kept a copy of the key file, run `ownwords key rotate` to revoke it.\n", recipient)
	}
	return nil
}

func runKeyRotate(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	fs := newFlags(e, "key rotate", "--store FILE [--keep-old-key FILE]")
	sf.register(fs, true)
	keep := fs.String("keep-old-key", "", "save a copy of the old key file here first (needed to restore backups taken before the rotation)")
	if err := parse(fs, args); err != nil {
		return err
	}
	path, err := studyFile(&sf)
	if err != nil {
		return err
	}
	pass, err := sf.passphrase(e, false)
	if err != nil {
		return err
	}
	defer clear(pass)
	if *keep != "" {
		data, err := os.ReadFile(sqldb.KeyPath(path))
		if err != nil {
			return ownwords.Errorf(ownwords.ENOTFOUND, "key file %s: %v", sqldb.KeyPath(path), err)
		}
		if err := os.WriteFile(*keep, data, 0o600); err != nil {
			return ownwords.Errorf(ownwords.EINVALID, "cannot write %s: %v", *keep, err)
		}
	}
	res, err := sqldb.RotateKey(ctx, sqldb.Config{DSN: path, Passphrase: pass}, progress(e, "re-encrypting pages"))
	if err != nil {
		return err
	}
	if sf.json() {
		return writeJSON(e.stdout, res)
	}
	fmt.Fprintf(e.stdout, "Data key %s replaced by %s (%d pages, %d custodian wraps).\n", res.OldKeyID, res.NewKeyID, res.Pages, len(res.Custodians))
	fmt.Fprintln(e.stdout, "Backups taken before now need the old key file; take a new backup.")
	return nil
}

func runKeyShred(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	fs := newFlags(e, "key shred", "--store FILE")
	sf.register(fs, false)
	if err := parse(fs, args); err != nil {
		return err
	}
	path, err := studyFile(&sf)
	if err != nil {
		return err
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	err = confirm(e, "This destroys the key of study "+study.Name+": the study file, every copy of it and every backup become unreadable, for ever.", "shred "+study.Name)
	if err == nil {
		err = st.Record(ctx, study.ID, "key.shred", "", "key file destroyed")
	}
	st.Close()
	if err != nil {
		return err
	}
	if err := vault.Shred(sqldb.KeyPath(path)); err != nil {
		return err
	}
	// A staged key of an interrupted rotation would open the staged copy.
	for _, p := range []string{sqldb.KeyPath(path + ".rotating"), path + ".rotating"} {
		if _, err := os.Stat(p); err == nil {
			if p == sqldb.KeyPath(path+".rotating") {
				vault.Shred(p)
			} else {
				os.Remove(p)
			}
		}
	}
	fmt.Fprintf(e.stdout, "Key file %s destroyed. No copy of %s and none of its backups can be opened any more.\n", sqldb.KeyPath(path), sf.store)
	fmt.Fprintln(e.stdout, "Destroy every other copy of the key file too (custodians' copies, --keep-old-key files, sync folders): shredding is only as complete as that.")
	return nil
}

// listCustodians prints the study's custodians, noting any that lack a
// wrap in the key file of a study file (or have one but are not in the
// study's settings).
func listCustodians(e *env, store string, study *ownwords.Study) error {
	inKey := map[string]bool{}
	hasKeyFile := !sqldb.IsPostgres(store)
	if hasKeyFile {
		kf, err := vault.ReadKeyFile(sqldb.KeyPath(store))
		if err != nil {
			return err
		}
		for _, r := range kf.Recipients() {
			inKey[r] = true
		}
	}
	for _, r := range study.Settings.Custodians {
		note := ""
		if hasKeyFile && !inKey[r] {
			note = "  (no wrap in the key file)"
		}
		fmt.Fprintf(e.stdout, "%s%s\n", r, note)
		delete(inKey, r)
	}
	for r := range inKey {
		fmt.Fprintf(e.stdout, "%s  (wrap in the key file, not in the study settings)\n", r)
	}
	return nil
}

// changeCustodian adds (op "add") or removes (op "remove") recipient as a
// custodian of study: on a study file it wraps the data key to them in the
// key file (or drops their wrap), unlocked with the passphrase pass
// returns; then it updates the study's settings and audits
// "key.custodian.<op>". `key custodian` and the demo both add custodians
// this way.
func changeCustodian(ctx context.Context, st ownwords.Store, study *ownwords.Study, store string, pass func() ([]byte, error), op, recipient string) error {
	if !sqldb.IsPostgres(store) {
		kf, err := vault.ReadKeyFile(sqldb.KeyPath(store))
		if err != nil {
			return err
		}
		p, err := pass()
		if err != nil {
			return err
		}
		key, err := vault.Unlock(sqldb.KeyPath(store), p)
		clear(p)
		if err != nil {
			return err
		}
		if op == "add" {
			err = kf.AddRecipients(key, []string{recipient})
		} else {
			err = kf.RemoveRecipient(key, recipient)
		}
		clear(key)
		if err == nil {
			err = kf.Save(sqldb.KeyPath(store))
		}
		if err != nil && !(op == "remove" && ownwords.ErrorCode(err) == ownwords.ENOTFOUND) {
			return err
		}
	}
	cs := slices.DeleteFunc(slices.Clone(study.Settings.Custodians), func(s string) bool { return s == recipient })
	if op == "add" {
		cs = append(cs, recipient)
	}
	study.Settings.Custodians = cs
	if err := st.UpdateStudy(ctx, study); err != nil {
		return err
	}
	return st.Record(ctx, study.ID, "key.custodian."+op, recipient, "")
}
