package sqldb

import (
	"context"
	"fmt"
	"time"

	"ownwords"
)

// PurgedInterview is an interview whose transcript retention destroyed (or,
// in a dry run, would destroy).
type PurgedInterview = ownwords.PurgedInterview

// PurgeTranscripts destroys the transcripts, translations, other texts
// (ownwords.InterviewText) and recordings of the study's
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
			WHERE i.study_id = $1 AND (i.transcript <> '' OR i.translation <> '' OR EXISTS (SELECT 1 FROM recordings r WHERE r.interview_id = i.id)
				OR EXISTS (SELECT 1 FROM interview_texts t WHERE t.interview_id = i.id))
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
		if dryRun {
			return countAnchoredMemos(ctx, c, out)
		}
		if err := s.destroyTranscripts(ctx, c, studyID, out, "retention"); err != nil {
			return err
		}
		return s.appendAudit(ctx, c, studyID, "retention.run", "", fmt.Sprintf("%d transcripts destroyed, last coded before %s", len(out), before.UTC().Format(time.DateOnly)))
	})
	if err != nil || dryRun {
		return out, err
	}
	return out, db.eraseFreed(ctx)
}

// PurgeParticipantTranscripts destroys, as PurgeTranscripts does, the
// transcripts, translations, time anchors, anchored memos and recordings of every
// interview of one participant, whatever their age: the crypto-shredding
// offered when a participant withdraws consent. Each interview gets an
// "interview.purge" audit entry. With dryRun it only lists them.
func (db *DB) PurgeParticipantTranscripts(ctx context.Context, studyID, participantID string, dryRun bool) ([]PurgedInterview, error) {
	var out []PurgedInterview
	s := db.services
	err := s.write(ctx, func(c conn) error {
		if err := s.checkParticipant(ctx, c, studyID, participantID); err != nil {
			return err
		}
		rows, err := c.query(ctx, `SELECT id, title FROM interviews
			WHERE study_id = $1 AND participant_id = $2
			AND (transcript <> '' OR translation <> '' OR EXISTS (SELECT 1 FROM recordings r WHERE r.interview_id = interviews.id)
			OR EXISTS (SELECT 1 FROM interview_texts t WHERE t.interview_id = interviews.id)) ORDER BY title`, studyID, participantID)
		if err != nil {
			return fmt.Errorf("sqldb: purge participant: %w", err)
		}
		for rows.Next() {
			var p PurgedInterview
			if err := rows.Scan(&p.ID, &p.Title); err != nil {
				rows.Close()
				return fmt.Errorf("sqldb: purge participant: %w", err)
			}
			out = append(out, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqldb: purge participant: %w", err)
		}
		if err := countAnchoredMemos(ctx, c, out); err != nil || dryRun {
			return err
		}
		return s.destroyTranscripts(ctx, c, studyID, out, "consent withdrawn")
	})
	if err != nil || dryRun || len(out) == 0 {
		return out, err
	}
	return out, db.eraseFreed(ctx)
}

// countAnchoredMemos sets each interview's AnchoredMemos and Recordings:
// what goes with its transcript.
func countAnchoredMemos(ctx context.Context, c conn, out []PurgedInterview) error {
	for i := range out {
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM memos WHERE target_type = 'interview' AND target_id = $1 AND anchor_start IS NOT NULL`, out[i].ID).Scan(&out[i].AnchoredMemos); err != nil {
			return fmt.Errorf("sqldb: retention: %w", err)
		}
		if err := c.queryRow(ctx, `SELECT COUNT(*) FROM recordings WHERE interview_id = $1`, out[i].ID).Scan(&out[i].Recordings); err != nil {
			return fmt.Errorf("sqldb: retention: %w", err)
		}
	}
	return nil
}

// destroyTranscripts empties the interviews' transcripts and translations,
// deletes their other texts (ownwords.InterviewText),
// takes them out of the search index, deletes their time anchors and the
// memos anchored to their text, and audits each ("interview.purge", with
// why).
func (s services) destroyTranscripts(ctx context.Context, c conn, studyID string, out []PurgedInterview, why string) error {
	if err := countAnchoredMemos(ctx, c, out); err != nil {
		return err
	}
	for _, p := range out {
		if _, err := c.exec(ctx, `UPDATE interviews SET transcript = '', translation = '', version = version + 1 WHERE id = $1`, p.ID); err != nil {
			return fmt.Errorf("sqldb: retention: %w", err)
		}
		if err := s.indexInterview(ctx, c, p.ID, "", false); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM memos WHERE target_type = 'interview' AND target_id = $1 AND anchor_start IS NOT NULL`, p.ID); err != nil {
			return fmt.Errorf("sqldb: retention: %w", err)
		}
		if _, err := c.exec(ctx, `DELETE FROM time_anchors WHERE interview_id = $1`, p.ID); err != nil {
			return fmt.Errorf("sqldb: retention: %w", err)
		}
		// The originals and translations of the transcript go with it.
		if _, err := c.exec(ctx, `DELETE FROM interview_texts WHERE interview_id = $1`, p.ID); err != nil {
			return fmt.Errorf("sqldb: retention: %w", err)
		}
		s.forgetTexts(c, studyID) // and their words kept for search
		// Recordings go with their transcript: chunks and content keys (so
		// a copy of the rows is unreadable without the key), and on a study
		// file their files, once this commits.
		if err := s.dropMediaFiles(ctx, c, `interview_id = $1`, p.ID); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM recording_chunks WHERE recording_id IN (SELECT id FROM recordings WHERE interview_id = $1)`, p.ID); err != nil {
			return fmt.Errorf("sqldb: retention: %w", err)
		}
		if _, err := c.exec(ctx, `DELETE FROM recordings WHERE interview_id = $1`, p.ID); err != nil {
			return fmt.Errorf("sqldb: retention: %w", err)
		}
		detail := why + ": transcript, translation and other texts destroyed; segments kept"
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
	return nil
}

// eraseFreed erases the pages freed by destroyed text on SQLite: the FTS
// index is optimised, the WAL checkpointed and the file vacuumed.
func (db *DB) eraseFreed(ctx context.Context) error {
	if _, ok := db.d.(sqliteDialect); ok {
		for _, q := range []string{
			`PRAGMA wal_checkpoint(TRUNCATE)`,
			`VACUUM`,
			`PRAGMA wal_checkpoint(TRUNCATE)`,
		} {
			if _, err := db.w.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("sqldb: retention: erase freed pages: %w", err)
			}
		}
	}
	return nil
}
