package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"ownwords"
)

// nextAttributePosition finds the position after a study's last attribute:
// one lookup in the index attributes_study_position (migration 00010), so
// that an import creating many attributes does not scan them per insert.
const nextAttributePosition = `SELECT COALESCE(MAX(position), 0) + 1 FROM attributes WHERE study_id = $1`

// CreateAttribute defines an attribute.
func (s services) CreateAttribute(ctx context.Context, a *ownwords.Attribute) error {
	if err := a.Validate(); err != nil {
		return err
	}
	vals, _ := json.Marshal(nonNil(a.Values))
	id := newID()
	return s.write(ctx, func(c conn) error {
		if err := c.queryRow(ctx, nextAttributePosition, a.StudyID).Scan(&a.Position); err != nil {
			return fmt.Errorf("sqldb: attribute position: %w", err)
		}
		_, err := c.exec(ctx, `INSERT INTO attributes (id, study_id, slug, label, type, vals, description, tag, position)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			id, a.StudyID, a.Slug, a.Label, string(a.Type), string(vals), a.Description, a.Tag, a.Position)
		if err != nil {
			return c.conflict(err, "attribute %s already exists", a.Slug)
		}
		a.ID = id
		c.st.forgetAttributes()
		return s.appendAudit(ctx, c, a.StudyID, "attribute.create", id, a.Slug)
	})
}

// UpdateAttribute saves label, description, values and tag.
func (s services) UpdateAttribute(ctx context.Context, a *ownwords.Attribute) error {
	if err := a.Validate(); err != nil {
		return err
	}
	vals, _ := json.Marshal(nonNil(a.Values))
	return s.write(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE attributes SET label = $1, vals = $2, description = $3, tag = $4
			WHERE id = $5 AND study_id = $6 AND type = $7 AND slug = $8`,
			a.Label, string(vals), a.Description, a.Tag, a.ID, a.StudyID, string(a.Type), a.Slug)
		if err != nil {
			return fmt.Errorf("sqldb: update attribute: %w", err)
		}
		if err := mustAffect(res, "attribute", a.Slug); err != nil {
			return err
		}
		c.st.forgetAttributes()
		return s.appendAudit(ctx, c, a.StudyID, "attribute.update", a.ID, a.Slug)
	})
}

// Attributes lists a study's attributes by position.
func (s services) Attributes(ctx context.Context, studyID string) ([]*ownwords.Attribute, error) {
	rows, err := s.read().query(ctx, `SELECT id, study_id, slug, label, type, vals, description, tag, position
		FROM attributes WHERE study_id = $1 ORDER BY position, slug`, studyID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: attributes: %w", err)
	}
	defer rows.Close()
	var out []*ownwords.Attribute
	for rows.Next() {
		var a ownwords.Attribute
		var typ, vals string
		if err := rows.Scan(&a.ID, &a.StudyID, &a.Slug, &a.Label, &typ, &vals, &a.Description, &a.Tag, &a.Position); err != nil {
			return nil, fmt.Errorf("sqldb: attributes: %w", err)
		}
		a.Type = ownwords.AttrType(typ)
		if err := json.Unmarshal([]byte(vals), &a.Values); err != nil {
			return nil, fmt.Errorf("sqldb: attribute %s values: %w", a.Slug, err)
		}
		if len(a.Values) == 0 {
			a.Values = nil
		}
		out = append(out, &a)
	}
	return out, rows.Err()
}

func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

// attributesBySlug loads the definitions needed to check values. In an
// Update transaction they are kept in its state for the next participant
// (an import writes thousands), until the transaction defines or changes
// an attribute (forgetAttributes): the map is the transaction's and is
// never changed.
func (s services) attributesBySlug(ctx context.Context, c conn, studyID string) (map[string]*ownwords.Attribute, error) {
	if m, ok := c.st.attributes(studyID); ok {
		return m, nil
	}
	attrs, err := s.in(c).Attributes(ctx, studyID)
	if err != nil {
		return nil, err
	}
	m := make(map[string]*ownwords.Attribute, len(attrs))
	for _, a := range attrs {
		m[a.Slug] = a
	}
	c.st.keepAttributes(studyID, m)
	return m, nil
}

// valuesPerInsert bounds the rows of one INSERT of participant values
// (3 parameters each).
const valuesPerInsert = 300

// writeValues replaces a participant's values, checking each against its
// attribute definition, and writes them with one INSERT (create: the
// participant is new and has none to delete). Values are checked in slug
// order, so that the first error named is the same on every run.
func (s services) writeValues(ctx context.Context, c conn, p *ownwords.Participant, create bool) error {
	defs, err := s.attributesBySlug(ctx, c, p.StudyID)
	if err != nil {
		return err
	}
	args := make([]any, 0, 3*len(p.Values))
	for _, slug := range slices.Sorted(maps.Keys(p.Values)) {
		v, a := p.Values[slug], defs[slug]
		if a == nil {
			return ownwords.Errorf(ownwords.EINVALID, "participant %s: unknown attribute %q", p.Code, slug)
		}
		if err := a.Check(v); err != nil {
			return ownwords.Errorf(ownwords.EINVALID, "participant %s: %s", p.Code, ownwords.ErrorMessage(err))
		}
		if !v.Missing {
			args = append(args, p.ID, a.ID, v.String())
		}
	}
	if !create {
		if _, err := c.exec(ctx, `DELETE FROM participant_values WHERE participant_id = $1`, p.ID); err != nil {
			return fmt.Errorf("sqldb: participant values: %w", err)
		}
	}
	for rest := args; len(rest) > 0; {
		batch := rest[:min(len(rest), 3*valuesPerInsert)]
		rest = rest[len(batch):]
		if _, err := c.exec(ctx, `INSERT INTO participant_values (participant_id, attribute_id, value) VALUES `+rowPlaceholders(len(batch)/3, 3), batch...); err != nil {
			return fmt.Errorf("sqldb: participant values: %w", err)
		}
	}
	return nil
}

// CreateParticipant stores a participant with values.
func (s services) CreateParticipant(ctx context.Context, p *ownwords.Participant) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		p.ID = newID()
		if _, err := c.exec(ctx, `INSERT INTO participants (id, study_id, code) VALUES ($1, $2, $3)`, p.ID, p.StudyID, p.Code); err != nil {
			p.ID = ""
			return c.conflict(err, "participant %s already exists", p.Code)
		}
		if err := s.writeValues(ctx, c, p, true); err != nil {
			return err
		}
		return s.appendAudit(ctx, c, p.StudyID, "participant.create", p.ID, p.Code)
	})
}

// UpdateParticipant replaces code and values.
func (s services) UpdateParticipant(ctx context.Context, p *ownwords.Participant) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		res, err := c.exec(ctx, `UPDATE participants SET code = $1 WHERE id = $2 AND study_id = $3`, p.Code, p.ID, p.StudyID)
		if err != nil {
			return c.conflict(err, "participant %s already exists", p.Code)
		}
		if err := mustAffect(res, "participant", p.ID); err != nil {
			return err
		}
		if err := s.writeValues(ctx, c, p, false); err != nil {
			return err
		}
		return s.appendAudit(ctx, c, p.StudyID, "participant.update", p.ID, p.Code)
	})
}

// Participant returns one participant with values.
func (s services) Participant(ctx context.Context, id string) (*ownwords.Participant, error) {
	ps, err := s.participants(ctx, `p.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "participant %s not found", id)
	}
	return ps[0], nil
}

// Participants lists participants with values, by code.
func (s services) Participants(ctx context.Context, f ownwords.ParticipantFilter) ([]*ownwords.Participant, error) {
	var w filter
	w.eq("p.study_id", f.StudyID)
	w.eq("p.code", f.Code)
	ps, err := s.participants(ctx, w.where(), w.args...)
	if f.Limit > 0 && len(ps) > f.Limit {
		ps = ps[:f.Limit]
	}
	return ps, err
}

// participants loads participants matching where, then their values in one
// query joined to the attribute definitions for types.
func (s services) participants(ctx context.Context, where string, args ...any) ([]*ownwords.Participant, error) {
	c := s.read()
	rows, err := c.query(ctx, `SELECT p.id, p.study_id, p.code FROM participants p WHERE `+where+` ORDER BY p.code`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: participants: %w", err)
	}
	var out []*ownwords.Participant
	byID := map[string]*ownwords.Participant{}
	for rows.Next() {
		p := &ownwords.Participant{Values: map[string]ownwords.Value{}}
		if err := rows.Scan(&p.ID, &p.StudyID, &p.Code); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqldb: participants: %w", err)
		}
		out = append(out, p)
		byID[p.ID] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	vrows, err := c.query(ctx, `SELECT v.participant_id, a.slug, a.type, v.value
		FROM participant_values v JOIN attributes a ON a.id = v.attribute_id
		JOIN participants p ON p.id = v.participant_id WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("sqldb: participant values: %w", err)
	}
	defer vrows.Close()
	for vrows.Next() {
		var pid, slug, typ, raw string
		if err := vrows.Scan(&pid, &slug, &typ, &raw); err != nil {
			return nil, fmt.Errorf("sqldb: participant values: %w", err)
		}
		v, err := ownwords.ParseValue(ownwords.AttrType(typ), raw)
		if err != nil {
			return nil, fmt.Errorf("sqldb: participant %s attribute %s: %w", pid, slug, err)
		}
		byID[pid].Values[slug] = v
	}
	return out, vrows.Err()
}

// DeleteParticipant removes a participant and what hangs on it.
func (s services) DeleteParticipant(ctx context.Context, id string) error {
	return s.write(ctx, func(c conn) error {
		var studyID, code string
		if err := c.queryRow(ctx, `SELECT study_id, code FROM participants WHERE id = $1`, id).Scan(&studyID, &code); err != nil {
			return notFound(err, "participant", id)
		}
		// Their interviews' recordings go by cascade; their files once
		// this commits.
		if err := s.dropMediaFiles(ctx, c, `interview_id IN (SELECT id FROM interviews WHERE participant_id = $1)`, id); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `DELETE FROM participants WHERE id = $1`, id); err != nil {
			return fmt.Errorf("sqldb: delete participant: %w", err)
		}
		s.forgetTexts(c, studyID) // the words of their interviews' other texts kept for search
		return s.appendAudit(ctx, c, studyID, "participant.delete", id, code)
	})
}
