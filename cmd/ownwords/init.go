package main

import (
	"context"
	"fmt"

	"ownwords"
	"ownwords/sqldb"
)

func init() {
	register(&command{name: "init", summary: "create an empty study (an encrypted study file, or a study on a team server)", run: runInit})
}

func runInit(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	fs := newFlags(e, "init", "--store FILE|postgres://… [--name NAME]")
	sf.register(fs, true)
	name := fs.String("name", "Untitled study", "the study's name")
	k := fs.Int("k", ownwords.DefaultDisclosureK, "disclosure threshold: public outputs suppress counts 1..k-1")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := sf.check(); err != nil {
		return err
	}
	pass, err := sf.passphrase(e, true)
	if err != nil {
		return err
	}
	st, err := sqldb.Create(ctx, sqldb.Config{DSN: sf.store, Passphrase: pass})
	clear(pass)
	if err != nil {
		return err
	}
	defer st.Close()
	study := &ownwords.Study{Name: *name, Settings: ownwords.StudySettings{DisclosureK: *k}}
	if err := st.CreateStudy(ctx, study); err != nil {
		return err
	}
	if sf.json() {
		return writeJSON(e.stdout, study)
	}
	fmt.Fprintf(e.stdout, "Created study %q (%s) in %s.\n", study.Name, study.ID, sf.store)
	if !sqldb.IsPostgres(sf.store) {
		fmt.Fprintf(e.stdout, "Its data key is wrapped in %s: keep both files together, and the passphrase safe — without it the study cannot be opened.\n", sqldb.KeyPath(sf.store))
	}
	return nil
}
