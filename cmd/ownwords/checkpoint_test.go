package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// TestAuditVerifyCheckpoint signs a checkpoint of a study's audit log,
// lets the log grow, and checks that `audit verify --checkpoint` proves it
// still extends the checkpoint, and refuses a checkpoint of another log, a
// checkpoint under another signer's key, and (on PostgreSQL, where the test
// can reach the tables) a log rewritten after the checkpoint with every
// hash recomputed, which the chain check alone cannot see.
func TestAuditVerifyCheckpoint(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	pw := writeFile(t, dir, "pw", "a-long-enough-password\n")
	signer, other := filepath.Join(dir, "signer"), filepath.Join(dir, "other")
	mustCLI(t, nil, "audit", "keygen", "--out", signer)
	mustCLI(t, nil, "audit", "keygen", "--out", other)
	newStudy := func(t *testing.T, store string) {
		mustCLI(t, vars, "init", "--store", store, "--name", "Checkpoints")
		mustCLI(t, vars, "user", "add", "--store", store, "--role", "owner", "--password-file", pw, "ann")
	}
	// The other log is as long as the checkpointed one will be, so only its
	// entries, not its length, tell them apart.
	otherLog := filepath.Join(dir, "other.ownwords")
	newStudy(t, otherLog)
	mustCLI(t, vars, "user", "add", "--store", otherLog, "--role", "coder", "--password-file", pw, "bob")
	otherCP := writeFile(t, dir, "other-cp.json", mustCLI(t, vars, "audit", "checkpoint", "--store", otherLog, "--key", signer))

	check := func(t *testing.T, store string) {
		newStudy(t, store)
		cp := writeFile(t, t.TempDir(), "cp.json", mustCLI(t, vars, "audit", "checkpoint", "--store", store, "--key", signer))
		// On a team server, once the study has an owner, the owner adds accounts.
		mustCLI(t, vars, "user", "add", "--store", store, "--role", "coder", "--password-file", pw, "--user", "ann", "--user-password-file", pw, "bob")
		tests := []struct {
			name string
			args []string
			code int
			want string
		}{
			{"Extends", []string{"audit", "verify", "--checkpoint", cp, "--pub", signer + ".pub"}, 0, "It extends the checkpoint of entry "},
			{"ExtendsJSON", []string{"audit", "verify", "--format", "json", "--checkpoint", cp, "--pub", signer + ".pub"}, 0, `"extends": true`},
			{"OldName", []string{"audit", "extends", "--checkpoint", cp, "--pub", signer + ".pub"}, 0, "It extends the checkpoint of entry "},
			{"ChainOnly", []string{"audit", "verify"}, 0, "Audit log intact"},
			{"ErrOtherLog", []string{"audit", "verify", "--checkpoint", otherCP, "--pub", signer + ".pub"}, 4, "differs from the signed checkpoint"},
			{"ErrOtherSigner", []string{"audit", "verify", "--checkpoint", cp, "--pub", other + ".pub"}, 2, "signature is not valid"},
			{"ErrPubWithoutCheckpoint", []string{"audit", "verify", "--pub", signer + ".pub"}, 2, "--checkpoint and --pub go together"},
			{"ErrOldNameWithoutCheckpoint", []string{"audit", "extends"}, 2, "--checkpoint is required"},
			{"ErrNoCheckpointFile", []string{"audit", "verify", "--checkpoint", cp + ".missing", "--pub", signer + ".pub"}, 3, "checkpoint"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				code, out, errOut := cli(t, vars, append(tt.args, "--store", store)...)
				if code != tt.code || !strings.Contains(out+errOut, tt.want) {
					t.Fatalf("exit %d\n%s%s\nwant %d and %q", code, out, errOut, tt.code, tt.want)
				}
			})
		}
		if !strings.HasPrefix(store, "postgres") {
			return
		}
		t.Run("ErrRewrittenAfterCheckpoint", func(t *testing.T) {
			rewriteAudit(t, store, 2)
			mustCLI(t, vars, "audit", "verify", "--store", store) // the chain alone looks intact
			code, out, errOut := cli(t, vars, "audit", "verify", "--store", store, "--format", "json", "--checkpoint", cp, "--pub", signer+".pub")
			if code != 4 || !strings.Contains(out, `"extends": false`) || !strings.Contains(errOut, "differs from the signed checkpoint") {
				t.Fatalf("exit %d\n%s%s", code, out, errOut)
			}
		})
		t.Run("ErrEditedAfterCheckpoint", func(t *testing.T) {
			raw, err := sql.Open("pgx", store)
			mustDo(t, err)
			defer raw.Close()
			_, err = raw.ExecContext(t.Context(), `UPDATE audit_log SET detail = 'edited' WHERE seq = 3`) // trigger dropped above
			mustDo(t, err)
			code, _, errOut := cli(t, vars, "audit", "verify", "--store", store, "--checkpoint", cp, "--pub", signer+".pub")
			if code != 4 || !strings.Contains(errOut, "audit log broken at entry 3 (edited)") {
				t.Fatalf("exit %d %s", code, errOut)
			}
		})
	}
	t.Run("sqlite", func(t *testing.T) { check(t, filepath.Join(t.TempDir(), "s.ownwords")) })
	t.Run("postgres", func(t *testing.T) { check(t, sqldbtest.FreshPostgresDSN(t)) })
}

// rewriteAudit does what an attacker holding the database can: it changes
// the actor of entry seq and rewrites every later hash and the head, so
// that the chain verifies again.
func rewriteAudit(t *testing.T, dsn string, seq int64) {
	t.Helper()
	st, err := sqldb.Open(t.Context(), sqldb.Config{DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var log []*ownwords.AuditEntry
	mustDo(t, st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool { log = append(log, e); return true }))
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.ExecContext(t.Context(), q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`DROP TRIGGER audit_log_no_change ON audit_log`)
	for i, e := range log {
		if e.Seq < seq {
			continue
		}
		if e.Seq == seq {
			e.Actor = "mallory"
		}
		e.PrevHash = log[i-1].Hash
		e.Hash = e.ComputeHash()
		exec(`UPDATE audit_log SET actor = $1, prev_hash = $2, hash = $3 WHERE seq = $4`, e.Actor, e.PrevHash, e.Hash, e.Seq)
	}
	exec(`UPDATE audit_head SET hash = $1 WHERE id = 1`, log[len(log)-1].Hash)
}
