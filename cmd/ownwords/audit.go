package main

import (
	"context"
	"fmt"
	"time"

	"ownwords"
	"ownwords/audit"
)

func init() {
	register(&command{name: "audit verify", summary: "check that the audit log's hash chain is intact and, with --checkpoint, that it still extends a signed checkpoint", run: runAuditVerify})
}

// verifyReport is what `audit verify --format json` prints: the chain
// check, and with --checkpoint the checkpoint and whether the log extends it.
type verifyReport struct {
	*audit.Result
	Checkpoint *audit.Checkpoint `json:"checkpoint,omitempty"`
	Extends    *bool             `json:"extends,omitempty"`
}

func runAuditVerify(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	fs := newFlags(e, "audit verify", "--store S [--checkpoint FILE --pub PUBKEY] [--format json]")
	sf.register(fs, true)
	cpPath := fs.String("checkpoint", "", "signed checkpoint from `ownwords audit checkpoint`: also prove the log still extends it")
	pubPath := fs.String("pub", "", "ed25519 public key (PEM) of the checkpoint's signer (with --checkpoint)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if (*cpPath == "") != (*pubPath == "") {
		return ownwords.Errorf(ownwords.EINVALID, "--checkpoint and --pub go together")
	}
	var rep verifyReport
	if *cpPath != "" {
		// The checkpoint is checked before the store is opened: a forged
		// or mistyped one fails without touching the study.
		cp, err := readCheckpoint(*cpPath, *pubPath)
		if err != nil {
			return err
		}
		rep.Checkpoint = &cp
	}
	st, _, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	if rep.Result, err = audit.Verify(ctx, st); err != nil {
		return err
	}
	// Extends verifies the chain again as it walks it; its own answer is
	// what counts for the checkpoint, even if an entry was appended between
	// the two walks.
	var extendsErr error
	if rep.Checkpoint != nil && rep.OK {
		extendsErr = audit.Extends(ctx, st, *rep.Checkpoint)
		if extendsErr != nil && ownwords.ErrorCode(extendsErr) != ownwords.ECONFLICT {
			return extendsErr
		}
		ok := extendsErr == nil
		rep.Extends = &ok
	}
	if sf.json() {
		if err := writeJSON(e.stdout, rep); err != nil {
			return err
		}
	} else if rep.OK {
		fmt.Fprintf(e.stdout, "Audit log intact: %d entries, head %s.\n", rep.Entries, rep.Head.Hash)
		if rep.Extends != nil && *rep.Extends {
			fmt.Fprintf(e.stdout, "It extends the checkpoint of entry %d signed at %s.\n", rep.Checkpoint.Seq, rep.Checkpoint.At.Format(time.RFC3339))
		}
	}
	if !rep.OK {
		return ownwords.Errorf(ownwords.ECONFLICT, "audit log broken at entry %d (%s): %s", rep.FirstBad.Seq, rep.FirstBad.Kind, rep.FirstBad.Message)
	}
	return extendsErr
}
