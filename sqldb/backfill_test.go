package sqldb_test

import (
	"context"
	"slices"
	"testing"

	"ownwords"
	"ownwords/audit"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// TestBackfillFromAuditLog gives a store the audit log of a store from
// before 00006 (entries as the workbench and package quotes wrote them
// then), runs the backfill migration again on it by reopening, and checks
// that the tables hold what the readers of that log read from it, and that
// the log still verifies.
func TestBackfillFromAuditLog(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			ctx := t.Context()
			var cfg sqldb.Config
			var db *sqldb.DB
			if dialect == "sqlite" {
				var path string
				db, path = sqldbtest.OpenSQLite(t)
				cfg = sqldb.Config{DSN: path, Passphrase: []byte(sqldbtest.Passphrase)}
			} else {
				cfg = sqldb.Config{DSN: sqldbtest.FreshPostgresDSN(t)}
				var err error
				db, err = sqldb.Open(ctx, cfg)
				must(t, err)
			}
			f := mustFixture(t, db)
			other := sqldbtest.MustStudy(t, db, "Other")
			left, right := segmentOn(t, f, f.a, "We had no food."), segmentOn(t, f, f.a, "had no food")
			right.CoderID = "coder-b"
			must(t, db.CreateSegment(ctx, left))
			must(t, db.CreateSegment(ctx, right))
			passage := left.ID + "." + right.ID
			old := func(studyID, actor, action, object, detail string) {
				t.Helper()
				must(t, sqldb.AppendAuditForTest(ownwords.WithActor(ctx, actor), db, studyID, action, object, detail))
			}
			sid := f.study.ID
			old(sid, "owner", ownwords.ActionDecide, passage,
				`{"choice":"left","left":"`+left.ID+`","right":"`+right.ID+`","note":"The left coder read it whole.","segments":["seg-c"]}`)
			old(sid, "owner", ownwords.ActionDecide, passage, `{"choice":"right","left":"`+left.ID+`","note":"A repeat.","segments":[]}`)
			old(sid, "owner", ownwords.ActionDecide, "gone.none", `{"choice":"left","left":"gone","note":"Its segment was deleted.","segments":[]}`)
			old(sid, "owner", ownwords.ActionDecide, "garbled", `not JSON`)
			old(sid, "bob", ownwords.ActionPublishApproved, "qp-1", `{"sha256":"h1","user_id":"u-early"}`) // before its request
			old(sid, "ann", ownwords.ActionPublishRequested, "qp-1", `{"item":"disillusionment/prices","group":"women","sha256":"h1","quotes":4,"user_id":"u-ann"}`)
			old(sid, "ann", ownwords.ActionPublishRequested, "qp-1", `{"item":"disillusionment/other","sha256":"h2","user_id":"u-ann"}`)
			old(sid, "bob", ownwords.ActionPublishApproved, "qp-1", `{"sha256":"h1","user_id":"u-bob"}`)
			old(sid, "bob", ownwords.ActionPublishApproved, "qp-1", `{"sha256":"h1","user_id":"u-bob"}`)
			old(sid, "ann", ownwords.ActionPublishRequested, "qp-2", `{"sha256":`)
			old(other.ID, "eve", ownwords.ActionPublishRequested, "qp-1", `{"item":"x/y","sha256":"h3","user_id":"u-eve"}`)
			old(other.ID, "eve", ownwords.ActionPublishApproved, "qp-1", `{"sha256":"h3","user_id":"u-mallory"}`)
			// Back to a store at version 6: the backfill (7) and every later
			// migration undone, so that reopening runs them again.
			undo18 := map[string][]string{ // the packed search index of 00018, back to 00013's tables
				"sqlite": {`DROP TRIGGER search_keys_delete`, `DROP TABLE search_chunk_seq`, `DROP TABLE search_stale`,
					`DROP TABLE search_pos`, `DROP TABLE search_tf`, `DROP INDEX search_keys_chunk`, `ALTER TABLE search_keys DROP COLUMN chunk`,
					`CREATE TABLE search_tf (term TEXT NOT NULL, doc INTEGER NOT NULL, tf INTEGER NOT NULL, PRIMARY KEY (term, doc)) WITHOUT ROWID`,
					`CREATE TABLE search_pos (doc INTEGER NOT NULL, term TEXT NOT NULL, positions BLOB NOT NULL, PRIMARY KEY (doc, term)) WITHOUT ROWID`,
					`CREATE TRIGGER search_keys_delete AFTER DELETE ON search_keys BEGIN DELETE FROM search_pos WHERE doc = old.doc; END`},
				"postgres": {`DROP SEQUENCE search_chunk_seq`, `DROP TABLE search_stale`},
			}[dialect]
			undo13 := map[string][]string{ // the search index of 00013, back to FTS5 / tsvector
				"sqlite": {`DROP TRIGGER search_keys_delete`, `DROP TABLE search_pos`, `DROP TABLE search_tf`,
					`DELETE FROM search_marks`, `DELETE FROM search_keys`,
					`DROP INDEX search_keys_study`, `ALTER TABLE search_keys DROP COLUMN study_id`, `ALTER TABLE search_keys DROP COLUMN tokens`, `ALTER TABLE search_keys ADD COLUMN exact INTEGER NOT NULL DEFAULT 0`,
					`CREATE VIRTUAL TABLE search_fts USING fts5(body, content = '', contentless_delete = 1)`,
					`CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, instance)`,
					`CREATE TRIGGER search_keys_delete AFTER DELETE ON search_keys BEGIN DELETE FROM search_fts WHERE rowid = old.doc; END`},
				"postgres": {`DROP TABLE search_pos`, `DROP TABLE search_tf`, `DROP TABLE search_marks`, `DROP TABLE search_keys`,
					`DROP FUNCTION search_keys_delete()`,
					`CREATE TABLE search_docs (interview_id TEXT PRIMARY KEY REFERENCES interviews(id) ON DELETE CASCADE, tsv tsvector NOT NULL, exact BOOLEAN NOT NULL)`},
			}[dialect]
			// 00024 rebuilt interviews with its texts last (SQLite; nothing
			// on PostgreSQL): its Down rebuilds it as before, on the
			// writer's one connection.
			undo24 := map[string][]string{"sqlite": migrationDown(t, "migrations/sqlite/00024_interview_layout.sql")}[dialect]
			// 00025 added recordings.media_file (SQLite; nothing on
			// PostgreSQL).
			undo24 = append(map[string][]string{"sqlite": {`ALTER TABLE recordings DROP COLUMN media_file`}}[dialect], undo24...)
			// 00026 added PostgreSQL's table of entries chained at COMMIT
			// (nothing on SQLite).
			undo26 := map[string][]string{"postgres": {`DROP TABLE audit_pending`, `DROP FUNCTION audit_pending_chain()`}}[dialect]
			// 00027 replaced two indexes of audit_log by ones on seq + 0.
			undo26 = append(migrationDown(t, "migrations/"+dialect+"/00027_audit_seq_key.sql"), undo26...)
			// 00028 compressed long values with lz4 (PostgreSQL).
			undo26 = append(migrationDown(t, "migrations/"+dialect+"/00028_lz4.sql"), undo26...)
			for _, q := range append(append(append(append(undo26, undo24...), `ALTER TABLE interview_texts DROP COLUMN aligned_to`, `ALTER TABLE interview_texts DROP COLUMN alignment`, `DROP INDEX segments_study_counts`, `DROP TABLE interview_texts`, `DROP TABLE transcript_edits`, `ALTER TABLE segments DROP COLUMN broken`, `DROP TABLE consents`, `DROP TABLE time_anchors`, `DROP TABLE recording_chunks`, `DROP TABLE recordings`), append(undo18, undo13...)...), `DROP INDEX events_segment`, `ALTER TABLE memos DROP COLUMN anchor_end`, `ALTER TABLE memos DROP COLUMN anchor_start`,
				`DROP INDEX attributes_study_position`, `DROP INDEX codes_sibling_position`, `DROP INDEX audit_log_study_actor_action_at`,
				`DROP INDEX audit_log_study_actor_action`,
				`DROP TABLE login_attempts`, `DROP TABLE login_secret`, `CREATE TABLE login_failures (user_id TEXT NOT NULL, at TEXT NOT NULL)`,
				`DELETE FROM goose_db_version WHERE version_id >= 7`) {
				if _, err := sqldb.RawForTest(db).ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			must(t, db.Close())

			db, err := sqldb.Open(ctx, cfg)
			must(t, err)
			defer db.Close()
			decisions, err := db.Decisions(ctx, sid, f.iv.ID)
			must(t, err)
			if len(decisions) != 1 || decisions[0].Passage != passage || decisions[0].Choice != "left" || decisions[0].Left != left.ID ||
				decisions[0].Right != right.ID || decisions[0].DecidedBy != "owner" || !slices.Equal(decisions[0].Segments, []string{"seg-c"}) {
				t.Errorf("decisions %+v, want the first one on %s", decisions, passage)
			}
			req, err := db.PublicationRequest(ctx, sid, "qp-1")
			must(t, err)
			if req.Item != "disillusionment/prices" || req.Group != "women" || req.SHA256 != "h1" || req.Quotes != 4 ||
				req.RequesterID != "u-ann" || req.RequestedBy != "ann" || req.RequestedAt.IsZero() {
				t.Errorf("request %+v, want the first one", req)
			}
			if len(req.Approvals) != 1 || req.Approvals[0].UserID != "u-bob" || req.Approvals[0].By != "bob" || req.Approvals[0].SHA256 != "h1" {
				t.Errorf("approvals %+v, want bob's after the request, once", req.Approvals)
			}
			// The interviews of the store before 00013 are indexed again
			// (search_pending) before the first search.
			res, err := db.Search(ctx, ownwords.SearchQuery{StudyID: sid, Query: `"no food"`})
			must(t, err)
			if len(res.Interviews) != 1 || res.Interviews[0].InterviewID != f.iv.ID || res.Interviews[0].Count != 1 || len(res.Interviews[0].Hits) != 1 {
				t.Errorf("search after the 00013 backfill: %+v", res)
			}
			for _, missing := range []struct{ study, id string }{{sid, "qp-2"}, {other.ID, "qp-1"}} {
				_, err := db.PublicationRequest(ctx, missing.study, missing.id)
				wantCode(t, err, ownwords.ENOTFOUND)
			}
			mustVerify(t, ctx, db)
		})
	}
}

func mustVerify(t *testing.T, ctx context.Context, st ownwords.AuditService) {
	t.Helper()
	res, err := audit.Verify(ctx, st)
	must(t, err)
	if !res.OK {
		t.Fatalf("audit log does not verify: %+v", res.FirstBad)
	}
}
