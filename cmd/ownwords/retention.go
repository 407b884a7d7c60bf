package main

import (
	"context"
	"fmt"
	"time"

	"ownwords"
	"ownwords/sqldb"
)

func init() {
	register(&command{name: "retention set", summary: "set how many days transcripts are kept after an interview's last coding (0: keep)", run: runRetentionSet})
	register(&command{name: "retention run", summary: "destroy transcripts past the study's retention (audited; --dry-run lists them)", run: runRetentionRun})
}

func runRetentionSet(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	fs := newFlags(e, "retention set", "--store S --days N")
	sf.register(fs, false)
	days := fs.Int("days", -1, "days to keep a transcript after its last coding; 0 keeps transcripts")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *days < 0 {
		return ownwords.Errorf(ownwords.EINVALID, "--days N (0 or more) is required")
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	study.Settings.RetentionDays = *days
	if err := st.UpdateStudy(ctx, study); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Retention of %s: %d days after the last coding.\n", study.Name, *days)
	return nil
}

func runRetentionRun(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	fs := newFlags(e, "retention run", "--store S [--dry-run]")
	sf.register(fs, true)
	dry := fs.Bool("dry-run", false, "list what would be destroyed, change nothing")
	if err := parse(fs, args); err != nil {
		return err
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	days := study.Settings.RetentionDays
	if days == 0 {
		return ownwords.Errorf(ownwords.EINVALID, "study %s has no retention period: set one with `ownwords retention set --days N`", study.Name)
	}
	db, ok := st.(*sqldb.DB)
	if !ok {
		return ownwords.Errorf(ownwords.EINTERNAL, "retention: unexpected store type")
	}
	before := time.Now().AddDate(0, 0, -days)
	purged, err := db.PurgeTranscripts(ctx, study.ID, before, *dry)
	if err != nil {
		return err
	}
	if sf.json() {
		return writeJSON(e.stdout, map[string]any{"dry_run": *dry, "before": before.UTC(), "interviews": purged})
	}
	verb := "Destroyed"
	if *dry {
		verb = "Would destroy"
	}
	for _, p := range purged {
		memos := ""
		if p.AnchoredMemos > 0 {
			memos = fmt.Sprintf(" and the %d memos anchored to its text", p.AnchoredMemos)
		}
		if p.Recordings > 0 {
			memos += fmt.Sprintf(", its %d recording(s)", p.Recordings)
		}
		fmt.Fprintf(e.stdout, "%s the transcript of %s%s (last coded %s)\n", verb, p.Title, memos, p.LastCoding.Format(time.DateOnly))
	}
	fmt.Fprintf(e.stdout, "%s %d transcripts last coded before %s. Segments, results and the audit log remain; quotes from these interviews are no longer available. Older backups still hold them.\n",
		verb, len(purged), before.Format(time.DateOnly))
	return nil
}
