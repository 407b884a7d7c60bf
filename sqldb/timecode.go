package sqldb

import (
	"context"
	"fmt"
	"slices"
	"unicode/utf8"

	"ownwords"
)

// anchorBatch bounds the rows of one INSERT of anchors (3 parameters each).
const anchorBatch = 200

// writeAnchors replaces the anchors of an interview whose transcript has n
// code points, after checking them (ownwords.CheckAnchors); create: the
// interview is new and has none to delete.
func writeAnchors(ctx context.Context, c conn, iv *ownwords.Interview, create bool) error {
	if err := ownwords.CheckAnchors(iv.Anchors, utf8.RuneCountInString(iv.Transcript)); err != nil {
		return ownwords.Errorf(ownwords.EINVALID, "interview %q: %s", iv.Title, ownwords.ErrorMessage(err))
	}
	if !create {
		if _, err := c.exec(ctx, `DELETE FROM time_anchors WHERE interview_id = $1`, iv.ID); err != nil {
			return fmt.Errorf("sqldb: delete time anchors: %w", err)
		}
	}
	for rest := iv.Anchors; len(rest) > 0; {
		n := min(len(rest), anchorBatch)
		args := make([]any, 0, 3*n)
		for _, a := range rest[:n] {
			args = append(args, iv.ID, a.Offset, a.Ms)
		}
		if _, err := c.exec(ctx, `INSERT INTO time_anchors (interview_id, offset_cp, ms) VALUES `+rowPlaceholders(n, 3), args...); err != nil {
			return fmt.Errorf("sqldb: insert time anchors: %w", err)
		}
		rest = rest[n:]
	}
	return nil
}

// TimeAnchors returns the anchors of the given interviews.
func (s services) TimeAnchors(ctx context.Context, interviewIDs []string) (map[string][]ownwords.TimeAnchor, error) {
	return readAnchors(ctx, s.read(), interviewIDs)
}

func readAnchors(ctx context.Context, c conn, ids []string) (map[string][]ownwords.TimeAnchor, error) {
	out := map[string][]ownwords.TimeAnchor{}
	for chunk := range slices.Chunk(ids, 500) {
		var w filter
		w.in("interview_id", chunk)
		rows, err := c.query(ctx, `SELECT interview_id, offset_cp, ms FROM time_anchors WHERE `+w.where()+` ORDER BY interview_id, offset_cp`, w.args...)
		if err != nil {
			return nil, fmt.Errorf("sqldb: time anchors: %w", err)
		}
		for rows.Next() {
			var id string
			var a ownwords.TimeAnchor
			if err := rows.Scan(&id, &a.Offset, &a.Ms); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqldb: time anchors: %w", err)
			}
			out[id] = append(out[id], a)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("sqldb: time anchors: %w", err)
		}
	}
	return out, nil
}

// resolveAnchors sets the anchors an update stores (see
// ownwords.Interview.Anchors): nil or the stored ones unchanged keep the
// stored anchors, re-anchored across a transcript edit (ownwords.Reanchor).
func resolveAnchors(old, iv *ownwords.Interview) {
	if iv.Anchors != nil && !slices.Equal(iv.Anchors, old.Anchors) {
		return
	}
	if old.Transcript == iv.Transcript {
		iv.Anchors = old.Anchors
		return
	}
	iv.Anchors = ownwords.Reanchor(old.Anchors, old.Transcript, iv.Transcript)
}
