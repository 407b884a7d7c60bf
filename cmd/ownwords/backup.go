package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"ownwords"
	"ownwords/audit"
	"ownwords/sqldb"
	"ownwords/vault"
)

func init() {
	register(&command{name: "backup", summary: "write an encrypted, consistent snapshot of a study file", run: runBackup})
	register(&command{name: "restore", summary: "restore a study file from a backup, checking its audit chain", run: runRestore})
}

func runBackup(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	fs := newFlags(e, "backup", "--store FILE -o OUT")
	sf.register(fs, true)
	out := fs.String("o", "", "backup file to write (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	path, err := studyFile(&sf)
	if err != nil {
		return err
	}
	if *out == "" {
		return ownwords.Errorf(ownwords.EINVALID, "-o OUT is required")
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	db, ok := st.(*sqldb.DB)
	if !ok {
		return ownwords.Errorf(ownwords.EINTERNAL, "backup: unexpected store type")
	}
	dir, base := filepath.Split(*out)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return ownwords.Errorf(ownwords.EINVALID, "cannot write %s: %v", *out, err)
	}
	defer os.Remove(f.Name())
	m, err := db.Backup(ctx, path, f, study.Settings.Custodians, progress(e, "copying pages"))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), *out)
	}
	if err != nil {
		return err
	}
	if err := st.Record(ctx, study.ID, "backup.create", *out, fmt.Sprintf("key %s, audit head %d, study sha256 %s, %d custodians", m.KeyID, m.AuditHead.Seq, m.StudySHA256, len(m.Custodians))); err != nil {
		return err
	}
	if sf.json() {
		return writeJSON(e.stdout, m)
	}
	fmt.Fprintf(e.stdout, "Backup written to %s (key %s, audit entry %d). It opens only with this study's key file: keep a copy of %s with a custodian, apart from the backups.\n",
		*out, m.KeyID, m.AuditHead.Seq, sqldb.KeyPath(sf.store))
	return nil
}

func runRestore(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	fs := newFlags(e, "restore", "--store NEWFILE -i BACKUP [--key KEYFILE] [--identity AGEKEY]")
	sf.register(fs, true)
	in := fs.String("i", "", "backup file to read (required)")
	keyFile := fs.String("key", "", "key file the backup was made with (default: the one beside --store)")
	idFile := fs.String("identity", "", "custodian age identity file, to open the key file instead of the passphrase")
	if err := parse(fs, args); err != nil {
		return err
	}
	path, err := studyFile(&sf)
	if err != nil {
		return err
	}
	if *in == "" {
		return ownwords.Errorf(ownwords.EINVALID, "-i BACKUP is required")
	}
	if *keyFile == "" {
		*keyFile = sqldb.KeyPath(path)
	}
	var key []byte
	if *idFile != "" {
		idf, err := os.Open(*idFile)
		if err != nil {
			return ownwords.Errorf(ownwords.ENOTFOUND, "identity file %s: %v", *idFile, err)
		}
		key, err = vault.UnlockWithIdentity(*keyFile, idf)
		idf.Close()
		if err != nil {
			return err
		}
	} else {
		pass, err := sf.passphrase(e, false)
		if err != nil {
			return err
		}
		key, err = vault.Unlock(*keyFile, pass)
		clear(pass)
		if err != nil {
			return err
		}
	}
	defer clear(key)
	bf, err := os.Open(*in)
	if err != nil {
		return ownwords.Errorf(ownwords.ENOTFOUND, "backup %s: %v", *in, err)
	}
	defer bf.Close()
	var entries int64
	m, err := sqldb.Restore(ctx, bf, sqldb.RestoreOptions{Dest: path, KeyFile: *keyFile, DataKey: key,
		Verify: func(ctx context.Context, st ownwords.Store) error {
			res, err := audit.Verify(ctx, st)
			if err != nil {
				return err
			}
			if !res.OK {
				return ownwords.Errorf(ownwords.ECONFLICT, "the restored audit log is broken at entry %d: %s", res.FirstBad.Seq, res.FirstBad.Message)
			}
			entries = res.Entries
			study, _ := resolveStudy(ctx, st, sf.study)
			return st.Record(ctx, studyIDOf(study), "backup.restore", filepath.Base(*in), "audit chain verified")
		}})
	if err != nil {
		return err
	}
	if sf.json() {
		return writeJSON(e.stdout, m)
	}
	fmt.Fprintf(e.stdout, "Restored %s from %s (key %s, taken %s); audit chain of %d entries verified.\n",
		sf.store, *in, m.KeyID, m.Created.Format("2006-01-02 15:04 MST"), entries)
	if strings.TrimSpace(*idFile) != "" {
		fmt.Fprintln(e.stdout, "Opened with a custodian identity: the study still needs its passphrase to open.")
	}
	return nil
}
