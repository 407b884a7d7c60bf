package sqldb

import (
	"context"
	"fmt"
	"slices"

	"ownwords"
	"ownwords/text"
)

var _ ownwords.SuggestionService = services{}

// maxSuggestHits bounds the interviews one Suggest run reads: a saved
// search that matches everything should be narrowed, not queued wholesale.
const maxSuggestHits = 1 << 20

// SaveSearch creates or replaces a saved search.
func (s services) SaveSearch(ctx context.Context, ss *ownwords.SavedSearch) error {
	if err := ss.Validate(); err != nil {
		return err
	}
	if _, err := text.ParseQuery(ss.Query); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		var codeStudy, derived string
		if err := c.queryRow(ctx, `SELECT study_id, derived FROM codes WHERE id = $1`, ss.CodeID).Scan(&codeStudy, &derived); err != nil || codeStudy != ss.StudyID {
			return ownwords.Errorf(ownwords.ENOTFOUND, "code %s not found in this study", ss.CodeID)
		}
		if derived != "" {
			return ownwords.Errorf(ownwords.EINVALID, "saved search %q: a derived item cannot be applied to text", ss.Name)
		}
		if ss.ID == "" {
			id := newID()
			_, err := c.exec(ctx, `INSERT INTO saved_searches (id, study_id, name, query, code_id, context) VALUES ($1, $2, $3, $4, $5, $6)`,
				id, ss.StudyID, ss.Name, ss.Query, ss.CodeID, ss.Context)
			if err != nil {
				return c.conflict(err, "saved search %q already exists", ss.Name)
			}
			ss.ID = id
			return s.appendAudit(ctx, c, ss.StudyID, "search.save", id, ss.Name)
		}
		res, err := c.exec(ctx, `UPDATE saved_searches SET name = $1, query = $2, code_id = $3, context = $4 WHERE id = $5 AND study_id = $6`,
			ss.Name, ss.Query, ss.CodeID, ss.Context, ss.ID, ss.StudyID)
		if err != nil {
			return c.conflict(err, "saved search %q already exists", ss.Name)
		}
		if err := mustAffect(res, "saved search", ss.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, c, ss.StudyID, "search.update", ss.ID, ss.Name)
	})
}

const savedSearchColumns = `id, study_id, name, query, code_id, context`

func scanSavedSearch(sc interface{ Scan(...any) error }) (*ownwords.SavedSearch, error) {
	var ss ownwords.SavedSearch
	err := sc.Scan(&ss.ID, &ss.StudyID, &ss.Name, &ss.Query, &ss.CodeID, &ss.Context)
	return &ss, err
}

// SavedSearches lists a study's saved searches by name.
func (s services) SavedSearches(ctx context.Context, studyID string) ([]*ownwords.SavedSearch, error) {
	rows, err := s.read().query(ctx, `SELECT `+savedSearchColumns+` FROM saved_searches WHERE study_id = $1 ORDER BY name`, studyID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: saved searches: %w", err)
	}
	defer rows.Close()
	var out []*ownwords.SavedSearch
	for rows.Next() {
		ss, err := scanSavedSearch(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: saved searches: %w", err)
		}
		out = append(out, ss)
	}
	return out, rows.Err()
}

// Suggest queues the passages of a saved search's hits for a coder.
func (s services) Suggest(ctx context.Context, savedSearchID, coderID string) ([]*ownwords.Suggestion, error) {
	ss, err := scanSavedSearch(s.read().queryRow(ctx, `SELECT `+savedSearchColumns+` FROM saved_searches WHERE id = $1`, savedSearchID))
	if err != nil {
		return nil, notFound(err, "saved search", savedSearchID)
	}
	role, err := s.RoleOf(ctx, ss.StudyID, coderID)
	if err != nil || !role.SeesText() {
		return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "user %s cannot code this study", coderID)
	}
	res, err := s.Search(ctx, ownwords.SearchQuery{StudyID: ss.StudyID, Query: ss.Query, Limit: maxSuggestHits, Context: 1})
	if err != nil {
		return nil, err
	}
	var out []*ownwords.Suggestion
	err = s.write(ctx, func(c conn) error {
		for _, iv := range res.Interviews {
			if len(iv.Hits) == 0 {
				continue // past the first maxSuggestHits interviews
			}
			var transcript string
			if err := c.queryRow(ctx, `SELECT transcript FROM interviews WHERE id = $1`, iv.InterviewID).Scan(&transcript); err != nil {
				return notFound(err, "interview", iv.InterviewID)
			}
			coded, err := s.codedRanges(ctx, c, iv.InterviewID, ss.CodeID, coderID)
			if err != nil {
				return err
			}
			for _, p := range passages(transcript, iv.Hits, ss.Context) {
				if coded[p] {
					continue
				}
				quote, _ := ownwords.Slice(transcript, p[0], p[1])
				sg := &ownwords.Suggestion{ID: newID(), StudyID: ss.StudyID, SavedSearchID: ss.ID, InterviewID: iv.InterviewID,
					CodeID: ss.CodeID, CoderID: coderID, Start: p[0], End: p[1], TextHash: ownwords.HashText(quote),
					Status: ownwords.SuggestionPending}
				r, err := c.exec(ctx, `INSERT INTO suggestions (id, study_id, saved_search_id, interview_id, code_id, coder_id,
					start_cp, end_cp, text_hash, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
					ON CONFLICT DO NOTHING`,
					sg.ID, sg.StudyID, sg.SavedSearchID, sg.InterviewID, sg.CodeID, sg.CoderID, sg.Start, sg.End, sg.TextHash,
					sg.Status, formatTime(s.db.now()))
				if err != nil {
					return fmt.Errorf("sqldb: suggest: %w", err)
				}
				if n, _ := r.RowsAffected(); n == 1 {
					out = append(out, sg)
				}
			}
		}
		return s.appendAudit(ctx, c, ss.StudyID, "search.suggest", ss.ID, fmt.Sprintf("%d suggestions for %s", len(out), coderID))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// passages widens hits to their context spans, dropping repeats, in order.
// A hit that crosses the end of its span (a phrase over two sentences)
// takes the union of the spans of its first and last code points.
func passages(transcript string, hits []ownwords.SearchHit, context string) [][2]int {
	widen := text.Sentence
	switch context {
	case ownwords.ContextParagraph:
		widen = text.Paragraph
	case ownwords.ContextTurn:
		widen = text.Turn
	}
	var out [][2]int
	for _, h := range hits {
		start, end := widen(transcript, h.Start)
		if end < h.End {
			_, end = widen(transcript, h.End-1)
		}
		start, end = min(start, h.Start), max(end, h.End)
		if p := [2]int{start, end}; !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// codedRanges returns the ranges the coder already coded with code in an
// interview (coder layer).
func (s services) codedRanges(ctx context.Context, c conn, interviewID, codeID, coderID string) (map[[2]int]bool, error) {
	rows, err := c.query(ctx, `SELECT start_cp, end_cp FROM segments WHERE interview_id = $1 AND code_id = $2 AND coder_id = $3 AND layer = $4`,
		interviewID, codeID, coderID, ownwords.LayerCoder)
	if err != nil {
		return nil, fmt.Errorf("sqldb: suggest: %w", err)
	}
	defer rows.Close()
	out := map[[2]int]bool{}
	for rows.Next() {
		var r [2]int
		if err := rows.Scan(&r[0], &r[1]); err != nil {
			return nil, fmt.Errorf("sqldb: suggest: %w", err)
		}
		out[r] = true
	}
	return out, rows.Err()
}

const suggestionColumns = `id, study_id, saved_search_id, interview_id, code_id, coder_id, start_cp, end_cp, text_hash, status, segment_id`

func scanSuggestion(sc interface{ Scan(...any) error }) (*ownwords.Suggestion, error) {
	var sg ownwords.Suggestion
	err := sc.Scan(&sg.ID, &sg.StudyID, &sg.SavedSearchID, &sg.InterviewID, &sg.CodeID, &sg.CoderID, &sg.Start, &sg.End,
		&sg.TextHash, &sg.Status, &sg.SegmentID)
	return &sg, err
}

// Suggestions lists suggestions by interview and offset.
func (s services) Suggestions(ctx context.Context, f ownwords.SuggestionFilter) ([]*ownwords.Suggestion, error) {
	var w filter
	w.eq("study_id", f.StudyID)
	w.eq("coder_id", f.CoderID)
	w.eq("saved_search_id", f.SavedSearchID)
	w.eq("status", f.Status)
	q := `SELECT ` + suggestionColumns + ` FROM suggestions WHERE ` + w.where() + ` ORDER BY interview_id, start_cp, end_cp, code_id`
	return collect(ctx, s.read(), "suggestions", q, w.args, scanSuggestion)
}

// pendingSuggestion loads a suggestion that must still be pending.
func (s services) pendingSuggestion(ctx context.Context, c conn, id string) (*ownwords.Suggestion, error) {
	sg, err := scanSuggestion(c.queryRow(ctx, `SELECT `+suggestionColumns+` FROM suggestions WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "suggestion", id)
	}
	if sg.Status != ownwords.SuggestionPending {
		return nil, ownwords.Errorf(ownwords.ECONFLICT, "suggestion %s is already %s", id, sg.Status)
	}
	return sg, nil
}

// AcceptSuggestion codes the suggested passage in the coder's own layer.
func (s services) AcceptSuggestion(ctx context.Context, id string) (*ownwords.Segment, error) {
	var seg *ownwords.Segment
	err := s.write(ctx, func(c conn) error {
		sg, err := s.pendingSuggestion(ctx, c, id)
		if err != nil {
			return err
		}
		seg = &ownwords.Segment{StudyID: sg.StudyID, InterviewID: sg.InterviewID, CodeID: sg.CodeID, CoderID: sg.CoderID,
			Layer: ownwords.LayerCoder, Start: sg.Start, End: sg.End, TextHash: sg.TextHash}
		if err := s.in(c).CreateSegment(ctx, seg); err != nil {
			if ownwords.ErrorCode(err) == ownwords.EINVALID {
				return ownwords.Errorf(ownwords.ECONFLICT, "suggestion %s no longer fits its transcript: %s", id, ownwords.ErrorMessage(err))
			}
			return err
		}
		if _, err := c.exec(ctx, `UPDATE suggestions SET status = $1, segment_id = $2 WHERE id = $3`,
			ownwords.SuggestionAccepted, seg.ID, id); err != nil {
			return fmt.Errorf("sqldb: accept suggestion: %w", err)
		}
		return s.appendAudit(ctx, c, sg.StudyID, "suggestion.accept", id, seg.ID)
	})
	if err != nil {
		return nil, err
	}
	return seg, nil
}

// RejectSuggestion marks a pending suggestion rejected.
func (s services) RejectSuggestion(ctx context.Context, id string) error {
	return s.write(ctx, func(c conn) error {
		sg, err := s.pendingSuggestion(ctx, c, id)
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE suggestions SET status = $1 WHERE id = $2`, ownwords.SuggestionRejected, id); err != nil {
			return fmt.Errorf("sqldb: reject suggestion: %w", err)
		}
		return s.appendAudit(ctx, c, sg.StudyID, "suggestion.reject", id, "")
	})
}
