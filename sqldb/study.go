package sqldb

import (
	"context"
	"encoding/json"
	"fmt"

	"ownwords"
)

// CreateStudy stores a new study.
func (s services) CreateStudy(ctx context.Context, st *ownwords.Study) error {
	if err := st.Validate(); err != nil {
		return err
	}
	settings, err := json.Marshal(st.Settings)
	if err != nil {
		return fmt.Errorf("sqldb: study settings: %w", err)
	}
	id, now := newID(), s.db.now().UTC()
	return s.write(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `INSERT INTO studies (id, name, settings, created_at) VALUES ($1, $2, $3, $4)`,
			id, st.Name, string(settings), formatTime(now)); err != nil {
			return fmt.Errorf("sqldb: create study: %w", err)
		}
		st.ID, st.CreatedAt = id, parseTime(formatTime(now))
		return s.appendAudit(ctx, c, id, "study.create", id, "")
	})
}

const studyColumns = `id, name, settings, created_at`

func scanStudy(sc interface{ Scan(...any) error }) (*ownwords.Study, error) {
	var st ownwords.Study
	var settings, created string
	if err := sc.Scan(&st.ID, &st.Name, &settings, &created); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(settings), &st.Settings); err != nil {
		return nil, fmt.Errorf("sqldb: study %s settings: %w", st.ID, err)
	}
	st.CreatedAt = parseTime(created)
	return &st, nil
}

// Study returns one study.
func (s services) Study(ctx context.Context, id string) (*ownwords.Study, error) {
	st, err := scanStudy(s.read().queryRow(ctx, `SELECT `+studyColumns+` FROM studies WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "study", id)
	}
	return st, nil
}

// Studies lists studies, oldest first.
func (s services) Studies(ctx context.Context) ([]*ownwords.Study, error) {
	rows, err := s.read().query(ctx, `SELECT `+studyColumns+` FROM studies ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("sqldb: studies: %w", err)
	}
	defer rows.Close()
	var out []*ownwords.Study
	for rows.Next() {
		st, err := scanStudy(rows)
		if err != nil {
			return nil, fmt.Errorf("sqldb: studies: %w", err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// UpdateStudy saves name and settings.
func (s services) UpdateStudy(ctx context.Context, st *ownwords.Study) error {
	if err := st.Validate(); err != nil {
		return err
	}
	settings, err := json.Marshal(st.Settings)
	if err != nil {
		return fmt.Errorf("sqldb: study settings: %w", err)
	}
	return s.write(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE studies SET name = $1, settings = $2 WHERE id = $3`, st.Name, string(settings), st.ID)
		if err != nil {
			return fmt.Errorf("sqldb: update study: %w", err)
		}
		if err := mustAffect(res, "study", st.ID); err != nil {
			return err
		}
		return s.appendAudit(ctx, c, st.ID, "study.update", st.ID, "settings")
	})
}
