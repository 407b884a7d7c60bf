package sqldb

import (
	"context"
	"encoding/json"
	"fmt"

	"ownwords"
)

// publicationDetail is the audit detail of the publication workflow's
// entries: the figure, the hash of the text and the account, never text.
type publicationDetail struct {
	Item   string `json:"item,omitempty"`
	Group  string `json:"group,omitempty"`
	Plan   string `json:"plan,omitempty"`
	SHA256 string `json:"sha256"`
	Quotes int    `json:"quotes,omitempty"`
	UserID string `json:"user_id,omitempty"`
}

// CreatePublicationRequest stores a request and audits it; see
// ownwords.PublicationService.
func (s services) CreatePublicationRequest(ctx context.Context, r *ownwords.PublicationRequest) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		row := *r
		row.RequestedBy, row.RequestedAt, row.Approvals = ownwords.ActorFrom(ctx), parseTime(formatTime(s.db.now())), []ownwords.PublicationApproval{}
		if ok, err := insertPublicationRequest(ctx, c, &row); err != nil {
			return err
		} else if !ok {
			return ownwords.Errorf(ownwords.ECONFLICT, "publication request %s exists already", r.ID)
		}
		*r = row
		return s.appendAudit(ctx, c, r.StudyID, ownwords.ActionPublishRequested, r.ID, detailJSON(publicationDetail{
			Item: r.Item, Group: r.Group, Plan: r.Plan, SHA256: r.SHA256, Quotes: r.Quotes, UserID: r.RequesterID}))
	})
}

// AddPublicationApproval stores an approval and audits it; see
// ownwords.PublicationService.
func (s services) AddPublicationApproval(ctx context.Context, studyID, id string, a *ownwords.PublicationApproval) error {
	if a.UserID == "" || a.SHA256 == "" {
		return ownwords.Errorf(ownwords.EINVALID, "approval of publication request %s: account and SHA-256 required", id)
	}
	return s.write(ctx, func(c conn) error {
		if err := s.checkPublicationRequest(ctx, c, studyID, id); err != nil {
			return err
		}
		row := *a
		row.By, row.At = ownwords.ActorFrom(ctx), parseTime(formatTime(s.db.now()))
		if ok, err := insertApproval(ctx, c, id, &row); err != nil {
			return err
		} else if !ok {
			return ownwords.Errorf(ownwords.ECONFLICT, "%s approved publication request %s already", row.By, id)
		}
		*a = row
		return s.appendAudit(ctx, c, studyID, ownwords.ActionPublishApproved, id, detailJSON(publicationDetail{SHA256: a.SHA256, UserID: a.UserID}))
	})
}

// insertPublicationRequest stores r unless its ID is taken, and reports
// whether it did.
func insertPublicationRequest(ctx context.Context, c conn, r *ownwords.PublicationRequest) (bool, error) {
	return inserted(c.exec(ctx, `INSERT INTO publication_requests (id, study_id, item, grp, plan, sha256, quotes, requester_id, requested_by, requested_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
		r.ID, r.StudyID, r.Item, r.Group, r.Plan, r.SHA256, r.Quotes, r.RequesterID, r.RequestedBy, formatTime(r.RequestedAt)))
}

// insertApproval stores a's approval of request id unless the account
// approved it already, and reports whether it did.
func insertApproval(ctx context.Context, c conn, id string, a *ownwords.PublicationApproval) (bool, error) {
	return inserted(c.exec(ctx, `INSERT INTO publication_approvals (request_id, user_id, approved_by, sha256, approved_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, id, a.UserID, a.By, a.SHA256, formatTime(a.At)))
}

// checkPublicationRequest returns ENOTFOUND unless request id is the study's.
func (s services) checkPublicationRequest(ctx context.Context, c conn, studyID, id string) error {
	var n int
	if err := c.queryRow(ctx, `SELECT count(*) FROM publication_requests WHERE id = $1 AND study_id = $2`, id, studyID).Scan(&n); err != nil {
		return fmt.Errorf("sqldb: publication request %s: %w", id, err)
	}
	if n == 0 {
		return ownwords.Errorf(ownwords.ENOTFOUND, "publication request %s not found in this study", id)
	}
	return nil
}

// PublicationRequest returns a request with its approvals; see
// ownwords.PublicationService.
func (s services) PublicationRequest(ctx context.Context, studyID, id string) (*ownwords.PublicationRequest, error) {
	c := s.read()
	r := &ownwords.PublicationRequest{ID: id, StudyID: studyID}
	var at string
	err := c.queryRow(ctx, `SELECT item, grp, plan, sha256, quotes, requester_id, requested_by, requested_at
		FROM publication_requests WHERE id = $1 AND study_id = $2`, id, studyID).
		Scan(&r.Item, &r.Group, &r.Plan, &r.SHA256, &r.Quotes, &r.RequesterID, &r.RequestedBy, &at)
	if err != nil {
		return nil, notFound(err, "publication request", id)
	}
	r.RequestedAt = parseTime(at)
	approvals, err := collect(ctx, c, "publication approvals", `SELECT user_id, approved_by, sha256, approved_at
		FROM publication_approvals WHERE request_id = $1 ORDER BY approved_at, user_id`, []any{id}, scanApproval)
	if err != nil {
		return nil, err
	}
	r.Approvals = make([]ownwords.PublicationApproval, 0, len(approvals))
	for _, a := range approvals {
		r.Approvals = append(r.Approvals, *a)
	}
	return r, nil
}

func scanApproval(sc interface{ Scan(...any) error }) (*ownwords.PublicationApproval, error) {
	var a ownwords.PublicationApproval
	var at string
	if err := sc.Scan(&a.UserID, &a.By, &a.SHA256, &at); err != nil {
		return nil, err
	}
	a.At = parseTime(at)
	return &a, nil
}

// detailJSON encodes an audit detail; the types given have no field that
// can fail to encode.
func detailJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
