package sqldb

import (
	"context"
	"encoding/json"
	"fmt"

	"ownwords"
)

// SavePlan creates or replaces a plan.
func (s services) SavePlan(ctx context.Context, p *ownwords.Plan) error {
	if !ownwords.ValidSlug(p.Name) {
		return ownwords.Errorf(ownwords.EINVALID, "plan name %q must be a slug", p.Name)
	}
	if !json.Valid(p.Body) {
		return ownwords.Errorf(ownwords.EINVALID, "plan %s is not valid JSON", p.Name)
	}
	return s.write(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO plans (study_id, name, body) VALUES ($1, $2, $3)
			ON CONFLICT (study_id, name) DO UPDATE SET body = excluded.body`, p.StudyID, p.Name, string(p.Body)); err != nil {
			return fmt.Errorf("sqldb: save plan: %w", err)
		}
		return s.appendAudit(ctx, c, p.StudyID, "plan.save", p.Name, "")
	})
}

// DeletePlan deletes a plan by name, audited as "plan.delete".
func (s services) DeletePlan(ctx context.Context, studyID, name string) error {
	return s.write(ctx, func(c conn) error {
		res, err := c.exec(ctx, `DELETE FROM plans WHERE study_id = $1 AND name = $2`, studyID, name)
		if err != nil {
			return fmt.Errorf("sqldb: delete plan: %w", err)
		}
		if err := mustAffect(res, "plan", name); err != nil {
			return err
		}
		return s.appendAudit(ctx, c, studyID, "plan.delete", name, "")
	})
}

// Plan returns a plan by name.
func (s services) Plan(ctx context.Context, studyID, name string) (*ownwords.Plan, error) {
	p := &ownwords.Plan{StudyID: studyID, Name: name}
	var body string
	if err := s.read().queryRow(ctx, `SELECT body FROM plans WHERE study_id = $1 AND name = $2`, studyID, name).Scan(&body); err != nil {
		return nil, notFound(err, "plan", name)
	}
	p.Body = []byte(body)
	return p, nil
}

// Plans lists a study's plans by name.
func (s services) Plans(ctx context.Context, studyID string) ([]*ownwords.Plan, error) {
	rows, err := s.read().query(ctx, `SELECT name, body FROM plans WHERE study_id = $1 ORDER BY name`, studyID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: plans: %w", err)
	}
	defer rows.Close()
	var out []*ownwords.Plan
	for rows.Next() {
		p := &ownwords.Plan{StudyID: studyID}
		var body string
		if err := rows.Scan(&p.Name, &body); err != nil {
			return nil, fmt.Errorf("sqldb: plans: %w", err)
		}
		p.Body = []byte(body)
		out = append(out, p)
	}
	return out, rows.Err()
}
