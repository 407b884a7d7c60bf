package sqldb_test

import (
	"database/sql"
	"testing"

	"ownwords"
	"ownwords/audit"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// TestAuditChain checks that every write is audited in the same chain and
// that audit.Verify detects each kind of tampering made directly in the
// database (after dropping the append-only triggers, as an attacker with
// the key could): an edit, a deletion, a reordering and a truncation.
func TestAuditChain(t *testing.T) {
	tamper := []struct {
		name string
		kind audit.Kind
		sql  []string
	}{
		{"Intact", "", nil},
		{"Edited", audit.Edited, []string{`UPDATE audit_log SET actor = 'mallory' WHERE seq = 5`}},
		{"Deleted", audit.Deleted, []string{`DELETE FROM audit_log WHERE seq = 5`}},
		{"Reordered", audit.Reordered, []string{
			`UPDATE audit_log SET seq = -5 WHERE seq = 5`,
			`UPDATE audit_log SET seq = 5 WHERE seq = 6`,
			`UPDATE audit_log SET seq = 6 WHERE seq = -5`}},
		{"Truncated", audit.Truncated, []string{`DELETE FROM audit_log WHERE seq > 7`}},
		{"Emptied", audit.Truncated, []string{`DELETE FROM audit_log`}},
		{"HeadRemoved", audit.HeadMismatch, []string{`DELETE FROM audit_head`}},
		{"EmptiedHeadRemoved", audit.HeadMismatch, []string{`DELETE FROM audit_log`, `DELETE FROM audit_head`}},
		{"EmptiedHeadReset", audit.Truncated, []string{`DELETE FROM audit_log`,
			`UPDATE audit_head SET seq = 0, hash = '` + ownwords.GenesisHash + `'`}},
	}
	for _, tt := range tamper {
		t.Run(tt.name, func(t *testing.T) {
			sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
				ctx := t.Context()
				mustFixture(t, st)
				must(t, st.Record(ctx, "", "login", "coder-a", ""))
				res, err := audit.Verify(ctx, st)
				must(t, err)
				if !res.OK || res.Entries < 10 {
					t.Fatalf("fresh chain: %+v", res)
				}
				if tt.sql == nil {
					return
				}
				raw := rawDB(t, st)
				for _, q := range dropTriggers(st.Dialect()) {
					if _, err := raw.ExecContext(ctx, q); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}
				for _, q := range tt.sql {
					if _, err := raw.ExecContext(ctx, q); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}
				res, err = audit.Verify(ctx, st)
				must(t, err)
				if res.OK || res.FirstBad == nil || res.FirstBad.Kind != tt.kind {
					t.Fatalf("tampered chain: %+v (first bad %+v), want kind %s", res, res.FirstBad, tt.kind)
				}
			})
		})
	}
}

// TestAuditLogIsAppendOnly checks the triggers: the application's own
// connection cannot rewrite history.
func TestAuditLogIsAppendOnly(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		mustFixture(t, st)
		raw := rawDB(t, st)
		for _, q := range []string{`UPDATE audit_log SET actor = 'x'`, `DELETE FROM audit_log`} {
			if _, err := raw.ExecContext(t.Context(), q); err == nil {
				t.Errorf("%s succeeded on the audit log", q)
			}
		}
	})
}

func dropTriggers(dialect string) []string {
	if dialect == "postgres" {
		return []string{`DROP TRIGGER audit_log_no_change ON audit_log`}
	}
	return []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}
}

func rawDB(t *testing.T, st ownwords.Store) *sql.DB {
	t.Helper()
	db, ok := st.(*sqldb.DB)
	if !ok {
		t.Fatalf("store %T is not *sqldb.DB", st)
	}
	return sqldb.RawForTest(db)
}
