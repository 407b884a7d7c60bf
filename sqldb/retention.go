package sqldb

import (
	"context"
	"fmt"
	"time"
)

// PurgedInterview is an interview whose transcript retention destroyed (or,
// in a dry run, would destroy).
type PurgedInterview struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	LastCoding time.Time `json:"last_coding"`
	// AnchoredMemos counts the memos anchored to a span of the transcript
	// (comments of its document, annotations): they go with it.
	AnchoredMemos int `json:"anchored_memos,omitempty"`
	// Recordings counts the interview's recordings (audio, video): they
	// are destroyed with the transcript.
	Recordings int `json:"recordings,omitempty"`
}

// PurgeTranscripts destroys the transcripts, translations and recordings of the study's
// interviews whose last coding (the newest segment) is older than before:
// the text becomes empty and leaves the search index, while the interview,
// its segments (code-point ranges and text hashes), the aggregates computed
// from them and the audit log remain. Quotes of those interviews are no
// longer available. Interviews never coded are not touched (they are not
// analysed yet). Memos anchored to a span of a destroyed transcript (the
// comments of its document, annotations from other tools) are destroyed
// with it: they are written on its words and often quote them; memos on
// the interview as a whole, on its segments and elsewhere remain. With
// dryRun it only lists them. Each purged interview gets
// an "interview.purge" audit entry and the run one "retention.run" entry,
// in one transaction. On SQLite the freed pages are then erased (the FTS
// index is optimised, the WAL checkpointed and the file vacuumed), so the
// text does not survive inside the current file; earlier backups and copies
// still hold it until they are destroyed or crypto-shredded.
func (db *DB) PurgeTranscripts(ctx context.Context, studyID string, before time.Time, dryRun bool) ([]PurgedInterview, error) {
	var out []PurgedInterview
	s := db.services
	err := s.write(ctx, func(c conn) error {
		rows, err := c.query(ctx, `SELECT i.id, i.title, MAX(s.created_at) FROM interviews i JOIN segments s ON s.interview_id = i.id
			WHERE i.study_id = $1 AND (i.transcript <> '' OR i.translation <> '' OR EXISTS (SELECT 1 FROM recordings r WHERE r.interview_id = i.id))
			GROUP BY i.id, i.title HAVING MAX(s.created_at) < $2 ORDER BY i.title`, studyID, formatTime(before))
		if err != nil {
			return fmt.Errorf("sqldb: retention: %w", err)
		}
		for rows.Next() {
			var p PurgedInterview
			var at string
			if err := rows.Scan(&p.ID, &p.Title, &at); err != nil {
				rows.Close()
				return fmt.Errorf("sqldb: retention: %w", err)
			}
			p.LastCoding = parseTime(at)
			out = append(out, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqldb: retention: %w", err)
		}
		for i := range out {
			if err := c.queryRow(ctx, `SELECT COUNT(*) FROM memos WHERE target_type = 'interview' AND target_id = $1 AND anchor_start IS NOT NULL`, out[i].ID).Scan(&out[i].AnchoredMemos); err != nil {
				return fmt.Errorf("sqldb: retention: %w", err)
			}
			if err := c.queryRow(ctx, `SELECT COUNT(*) FROM recordings WHERE interview_id = $1`, out[i].ID).Scan(&out[i].Recordings); err != nil {
				return fmt.Errorf("sqldb: retention: %w", err)
			}
		}
		if dryRun {
			return nil
		}
		for _, p := range out {
			if _, err := c.exec(ctx, `UPDATE interviews SET transcript = '', translation = '', version = version + 1 WHERE id = $1`, p.ID); err != nil {
				return fmt.Errorf("sqldb: retention: %w", err)
			}
			if err := s.indexInterview(ctx, c, p.ID, ""); err != nil {
				return err
			}
			if _, err := c.exec(ctx, `DELETE FROM memos WHERE target_type = 'interview' AND target_id = $1 AND anchor_start IS NOT NULL`, p.ID); err != nil {
				return fmt.Errorf("sqldb: retention: %w", err)
			}
			// Recordings go with their transcript: chunks and content
			// keys (so a copy of the rows is unreadable without the key).
			if _, err := c.exec(ctx, `DELETE FROM recording_chunks WHERE recording_id IN (SELECT id FROM recordings WHERE interview_id = $1)`, p.ID); err != nil {
				return fmt.Errorf("sqldb: retention: %w", err)
			}
			if _, err := c.exec(ctx, `DELETE FROM recordings WHERE interview_id = $1`, p.ID); err != nil {
				return fmt.Errorf("sqldb: retention: %w", err)
			}
			detail := "retention: transcript and translation destroyed; segments kept"
			if p.Recordings > 0 {
				detail += fmt.Sprintf("; %d recordings destroyed", p.Recordings)
			}
			if p.AnchoredMemos > 0 {
				detail += fmt.Sprintf("; %d memos anchored to its text destroyed", p.AnchoredMemos)
			}
			if err := s.appendAudit(ctx, c, studyID, "interview.purge", p.ID, detail); err != nil {
				return err
			}
		}
		return s.appendAudit(ctx, c, studyID, "retention.run", "", fmt.Sprintf("%d transcripts destroyed, last coded before %s", len(out), before.UTC().Format(time.DateOnly)))
	})
	if err != nil || dryRun {
		return out, err
	}
	if _, ok := db.d.(sqliteDialect); ok {
		for _, q := range []string{
			`INSERT INTO search_fts (search_fts) VALUES ('optimize')`,
			`PRAGMA wal_checkpoint(TRUNCATE)`,
			`VACUUM`,
			`PRAGMA wal_checkpoint(TRUNCATE)`,
		} {
			if _, err := db.w.ExecContext(ctx, q); err != nil {
				return out, fmt.Errorf("sqldb: retention: erase freed pages: %w", err)
			}
		}
	}
	return out, nil
}
