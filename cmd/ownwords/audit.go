package main

import (
	"context"
	"fmt"

	"ownwords"
	"ownwords/audit"
)

func init() {
	register(&command{name: "audit verify", summary: "check that the audit log's hash chain is intact", run: runAuditVerify})
}

func runAuditVerify(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	fs := newFlags(e, "audit verify", "--store S [--format json]")
	sf.register(fs, true)
	if err := parse(fs, args); err != nil {
		return err
	}
	st, _, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := audit.Verify(ctx, st)
	if err != nil {
		return err
	}
	if sf.json() {
		if err := writeJSON(e.stdout, res); err != nil {
			return err
		}
	} else if res.OK {
		fmt.Fprintf(e.stdout, "Audit log intact: %d entries, head %s.\n", res.Entries, res.Head.Hash)
	}
	if !res.OK {
		return ownwords.Errorf(ownwords.ECONFLICT, "audit log broken at entry %d (%s): %s", res.FirstBad.Seq, res.FirstBad.Kind, res.FirstBad.Message)
	}
	return nil
}
