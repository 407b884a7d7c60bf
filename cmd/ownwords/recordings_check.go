package main

import (
	"context"
	"fmt"

	"ownwords"
	"ownwords/gate"
)

func init() {
	register(&command{name: "recordings check", summary: "read every recording whole: its file there and of its size, every chunk authentic, the SHA-256 of import; list unknown files of the media directory (owners; audited)", run: runRecordingsCheck})
}

func runRecordingsCheck(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "recordings check", "--store S --user OWNER [--password-file F] [--format json]")
	sf.register(fs, true)
	uf.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return ownwords.Errorf(ownwords.EINVALID, "recordings check takes no arguments")
	}
	as, err := sf.openAs(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	res, err := as.g.CheckRecordings(ctx, as.c, progressBytes(e, "checking recordings"))
	if err != nil {
		return err
	}
	if sf.json() {
		if err := writeJSON(e.stdout, res); err != nil {
			return err
		}
	} else {
		printRecordingsCheck(e, res)
	}
	return damagedError(res)
}

// printRecordingsCheck prints a check, a line a recording and an unknown
// file.
func printRecordingsCheck(e *env, res *gate.RecordingsCheck) {
	for _, r := range res.Recordings {
		state := "ok     "
		if r.Damage != "" {
			state = "DAMAGED"
		}
		fmt.Fprintf(e.stdout, "%s  %s  %-24s %-28s %s", state, r.ID, r.Interview, r.Name, fileOf(r))
		if r.Damage != "" {
			fmt.Fprintf(e.stdout, ": %s", r.Damage)
		}
		fmt.Fprintln(e.stdout)
	}
	for _, f := range res.UnknownFiles {
		fmt.Fprintf(e.stdout, "unknown  %s (no recording of this study file names it: an older copy's newer recordings, or put there by hand; left as it is)\n", f)
	}
	fmt.Fprintf(e.stdout, "%d recordings checked, %d damaged; %d unknown files in the media directory.\n", len(res.Recordings), res.Damaged, len(res.UnknownFiles))
}

// fileOf says where a checked recording's chunks are.
func fileOf(r gate.RecordingCheck) string {
	if r.File == "" {
		return "(in the store's rows)"
	}
	return r.File
}

// damagedError is the error of a check that found damage (nil if none),
// naming the first damaged recording, its interview and its file.
func damagedError(res *gate.RecordingsCheck) error {
	if res.Damaged == 0 {
		return nil
	}
	for _, r := range res.Recordings {
		if r.Damage != "" {
			return ownwords.Errorf(ownwords.EINVALID, "%d of %d recordings are damaged; the first: recording %s (%s) of interview %q, file %s: %s; restore it from a backup (ownwords restore) or import it again",
				res.Damaged, len(res.Recordings), r.Name, r.ID, r.Interview, fileOf(r), r.Damage)
		}
	}
	return nil
}
