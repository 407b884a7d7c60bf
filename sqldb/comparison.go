package sqldb

import (
	"context"
	"fmt"
	"time"
)

// OpenComparison records when the owner ended blind coding for an
// interview. The first opening sets interviews.comparison_opened_at and is
// audited ("interview.comparison_open"); later calls change nothing. The
// interview's version is left alone: opening comparison is not an edit of
// the interview, and must not make a coder's open form stale.
func (s services) OpenComparison(ctx context.Context, interviewID string) error {
	return s.write(ctx, func(c conn) error {
		var studyID, opened string
		if err := c.queryRow(ctx, `SELECT study_id, comparison_opened_at FROM interviews WHERE id = $1`, interviewID).Scan(&studyID, &opened); err != nil {
			return notFound(err, "interview", interviewID)
		}
		if opened != "" {
			return nil
		}
		res, err := c.exec(ctx, `UPDATE interviews SET comparison_opened_at = $1 WHERE id = $2 AND comparison_opened_at = ''`,
			formatTime(time.Now()), interviewID)
		if err != nil {
			return fmt.Errorf("sqldb: open comparison: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqldb: open comparison: %w", err)
		} else if n == 0 {
			return nil // opened concurrently by another owner
		}
		return s.appendAudit(ctx, c, studyID, "interview.comparison_open", interviewID, "")
	})
}
