package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"ownwords"
)

// codeParent converts "" to NULL: sections have no parent.
func codeParent(id string) any {
	if id == "" {
		return nil
	}
	return id
}

func derivedJSON(d *ownwords.Derivation) string {
	if d == nil {
		return ""
	}
	b, _ := json.Marshal(d)
	return string(b)
}

// checkTree enforces the rules a single code cannot: the parent exists in
// the same study, derived items name existing siblings, and are not parents.
func (s services) checkTree(ctx context.Context, c conn, code *ownwords.Code) error {
	cb, err := s.in(c).Codebook(ctx, code.StudyID)
	if err != nil {
		return err
	}
	if code.ParentID != "" {
		p := cb.ByID(code.ParentID)
		if p == nil {
			return ownwords.Errorf(ownwords.ENOTFOUND, "code %s: parent %s not found in this study", code.Slug, code.ParentID)
		}
		if p.Derived != nil {
			return ownwords.Errorf(ownwords.EINVALID, "code %s: a derived item cannot have children", code.Slug)
		}
		for a := p; a != nil; a = cb.ByID(a.ParentID) {
			if a.ID == code.ID {
				return ownwords.Errorf(ownwords.EINVALID, "code %s: cannot move a code under itself", code.Slug)
			}
		}
	}
	if code.Derived != nil {
		for _, item := range code.Derived.Items {
			found := false
			for _, sib := range cb.Children(code.ParentID) {
				found = found || (sib.Slug == item && sib.ID != code.ID && sib.Derived == nil)
			}
			if !found {
				return ownwords.Errorf(ownwords.EINVALID, "derived item %s: %q is not a sibling code", code.Slug, item)
			}
		}
	}
	return nil
}

// recordChange bumps the codebook version and keeps the before/after.
func (s services) recordChange(ctx context.Context, c conn, studyID, codeID, action string, before, after *ownwords.Code) error {
	var version int
	if err := c.queryRow(ctx, `UPDATE studies SET codebook_version = codebook_version + 1 WHERE id = $1 RETURNING codebook_version`, studyID).Scan(&version); err != nil {
		return notFound(err, "study", studyID)
	}
	enc := func(x *ownwords.Code) string {
		if x == nil {
			return ""
		}
		b, _ := json.Marshal(x)
		return string(b)
	}
	if _, err := c.exec(ctx, `INSERT INTO code_changes (study_id, version, code_id, action, actor, before, after, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, studyID, version, codeID, action, ownwords.ActorFrom(ctx),
		enc(before), enc(after), formatTime(s.db.now())); err != nil {
		return fmt.Errorf("sqldb: code change: %w", err)
	}
	return s.appendAudit(ctx, c, studyID, "code."+action, codeID, fmt.Sprintf("codebook version %d", version))
}

// nextCodePosition finds the position after the last of a code's siblings
// (sections: those without a parent): one lookup in the index codes_sibling_position
// (migration 00010) instead of a scan of the study's codes.
const nextCodePosition = `SELECT COALESCE(MAX(position), 0) + 1 FROM codes WHERE study_id = $1 AND COALESCE(parent_id, '') = $2`

// CreateCode adds a code.
func (s services) CreateCode(ctx context.Context, code *ownwords.Code) error {
	if err := code.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		if err := s.checkTree(ctx, c, code); err != nil {
			return err
		}
		id := newID()
		if err := c.queryRow(ctx, nextCodePosition, code.StudyID, code.ParentID).Scan(&code.Position); err != nil {
			return fmt.Errorf("sqldb: code position: %w", err)
		}
		_, err := c.exec(ctx, `INSERT INTO codes (id, study_id, parent_id, slug, label, description, inclusion, exclusion,
			example, color, derived, deprecated, published, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			id, code.StudyID, codeParent(code.ParentID), code.Slug, code.Label, code.Description, code.Inclusion,
			code.Exclusion, code.Example, code.Color, derivedJSON(code.Derived), code.Deprecated, code.Published, code.Position)
		if err != nil {
			return c.conflict(err, "code %s already exists under the same parent", code.Slug)
		}
		code.ID = id
		return s.recordChange(ctx, c, code.StudyID, id, "create", nil, code)
	})
}

// UpdateCode saves a code's definitions (not its place in the tree).
func (s services) UpdateCode(ctx context.Context, code *ownwords.Code) error {
	if err := code.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(c conn) error {
		cb, err := s.in(c).Codebook(ctx, code.StudyID)
		if err != nil {
			return err
		}
		old := cb.ByID(code.ID)
		if old == nil {
			return ownwords.Errorf(ownwords.ENOTFOUND, "code %s not found", code.ID)
		}
		code.ParentID, code.Position = old.ParentID, old.Position
		if err := s.checkTree(ctx, c, code); err != nil {
			return err
		}
		_, err = c.exec(ctx, `UPDATE codes SET slug = $1, label = $2, description = $3, inclusion = $4, exclusion = $5,
			example = $6, color = $7, derived = $8, deprecated = $9, published = $10 WHERE id = $11`,
			code.Slug, code.Label, code.Description, code.Inclusion, code.Exclusion, code.Example, code.Color,
			derivedJSON(code.Derived), code.Deprecated, code.Published, code.ID)
		if err != nil {
			return c.conflict(err, "code %s already exists under the same parent", code.Slug)
		}
		action := "update"
		if code.Deprecated && !old.Deprecated {
			action = "deprecate"
		}
		return s.recordChange(ctx, c, code.StudyID, code.ID, action, old, code)
	})
}

// MoveCode re-parents a code.
func (s services) MoveCode(ctx context.Context, id, parentID string) error {
	return s.write(ctx, func(c conn) error {
		code, cb, err := s.codeIn(ctx, c, id)
		if err != nil {
			return err
		}
		before := *code
		moved := *code
		moved.ParentID = parentID
		if err := s.checkTree(ctx, c, &moved); err != nil {
			return err
		}
		for _, sib := range cb.Children(code.ParentID) {
			if sib.Derived != nil && slices.Contains(sib.Derived.Items, code.Slug) {
				return ownwords.Errorf(ownwords.EINVALID, "code %s is used by derived item %s: change that first", code.Slug, sib.Slug)
			}
		}
		var position int
		if err := c.queryRow(ctx, nextCodePosition, code.StudyID, parentID).Scan(&position); err != nil {
			return fmt.Errorf("sqldb: code position: %w", err)
		}
		_, err = c.exec(ctx, `UPDATE codes SET parent_id = $1, position = $2 WHERE id = $3`, codeParent(parentID), position, id)
		if err != nil {
			return c.conflict(err, "code %s already exists under the new parent", code.Slug)
		}
		return s.recordChange(ctx, c, code.StudyID, id, "move", &before, &moved)
	})
}

// codeIn loads a code and its codebook inside c's transaction.
func (s services) codeIn(ctx context.Context, c conn, id string) (*ownwords.Code, *ownwords.Codebook, error) {
	var studyID string
	if err := c.queryRow(ctx, `SELECT study_id FROM codes WHERE id = $1`, id).Scan(&studyID); err != nil {
		return nil, nil, notFound(err, "code", id)
	}
	cb, err := s.in(c).Codebook(ctx, studyID)
	if err != nil {
		return nil, nil, err
	}
	return cb.ByID(id), cb, nil
}

// MergeCodes moves segments and children of from onto into, then deletes from.
func (s services) MergeCodes(ctx context.Context, from, into string) error {
	if from == into {
		return ownwords.Errorf(ownwords.EINVALID, "cannot merge a code into itself")
	}
	return s.write(ctx, func(c conn) error {
		src, cb, err := s.codeIn(ctx, c, from)
		if err != nil {
			return err
		}
		dst := cb.ByID(into)
		if dst == nil {
			return ownwords.Errorf(ownwords.ENOTFOUND, "code %s not found in this study", into)
		}
		if src.Derived != nil || dst.Derived != nil {
			return ownwords.Errorf(ownwords.EINVALID, "derived items cannot be merged")
		}
		if slices.Contains(cb.Descendants(from), into) {
			return ownwords.Errorf(ownwords.EINVALID, "cannot merge %s into its own descendant", src.Slug)
		}
		for _, child := range cb.Children(from) {
			if _, err := c.exec(ctx, `UPDATE codes SET parent_id = $1 WHERE id = $2`, into, child.ID); err != nil {
				return c.conflict(err, "merging %s: %s already has a child %s", src.Slug, dst.Slug, child.Slug)
			}
		}
		if _, err := c.exec(ctx, `UPDATE segments SET code_id = $1, version = version + 1 WHERE code_id = $2`, into, from); err != nil {
			return fmt.Errorf("sqldb: merge segments: %w", err)
		}
		if _, err := c.exec(ctx, `DELETE FROM codes WHERE id = $1`, from); err != nil {
			return fmt.Errorf("sqldb: merge codes: %w", err)
		}
		return s.recordChange(ctx, c, src.StudyID, from, "merge", src, dst)
	})
}

// Codebook returns a study's tree with its version. Outside a transaction
// the tree is kept per study at its version, which every change of the
// codebook moves in its transaction (recordChange): a read then costs the
// version's lookup, not the codes' (the gate checks that a code applies on
// every coding). Each caller gets a copy of its own.
func (s services) Codebook(ctx context.Context, studyID string) (*ownwords.Codebook, error) {
	c := s.read()
	var version int
	if err := c.queryRow(ctx, `SELECT codebook_version FROM studies WHERE id = $1`, studyID).Scan(&version); err != nil {
		return nil, notFound(err, "study", studyID)
	}
	if s.tx == nil {
		if kept, ok := s.db.codebooks.Load(studyID); ok && kept.(*ownwords.Codebook).Version == version {
			return cloneCodebook(kept.(*ownwords.Codebook)), nil
		}
	}
	cb, err := s.readCodes(ctx, c, studyID, version)
	if err != nil {
		return nil, err
	}
	if s.tx == nil {
		// A change committed between the two reads is in the tree kept as
		// of the version before: a reader who read that version gets the
		// newer tree, as without the cache; a later one reads the newer
		// version and reads the tree again.
		s.db.codebooks.Store(studyID, cloneCodebook(cb))
	}
	return cb, nil
}

// cloneCodebook copies cb deeply: callers change what they get (the gate
// blanks examples).
func cloneCodebook(cb *ownwords.Codebook) *ownwords.Codebook {
	codes := make([]*ownwords.Code, len(cb.Codes))
	for i, k := range cb.Codes {
		cp := *k
		if k.Derived != nil {
			d := *k.Derived
			d.Items = slices.Clone(d.Items)
			cp.Derived = &d
		}
		codes[i] = &cp
	}
	return ownwords.NewCodebook(cb.StudyID, cb.Version, codes)
}

// readCodes reads the tree of a study's codebook at version.
func (s services) readCodes(ctx context.Context, c conn, studyID string, version int) (*ownwords.Codebook, error) {
	rows, err := c.query(ctx, `SELECT `+codeColumns+` FROM codes WHERE study_id = $1
		ORDER BY COALESCE(parent_id, ''), position, slug`, studyID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: codebook: %w", err)
	}
	defer rows.Close()
	var codes []*ownwords.Code
	for rows.Next() {
		k, err := scanCode(rows)
		if err != nil {
			return nil, err
		}
		codes = append(codes, k)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return ownwords.NewCodebook(studyID, version, orderTree(codes)), nil
}

// codeColumns are the columns scanCode reads, in its order.
const codeColumns = `id, study_id, COALESCE(parent_id, ''), slug, label, description, inclusion, exclusion,
	example, color, derived, deprecated, published, position`

func scanCode(sc interface{ Scan(...any) error }) (*ownwords.Code, error) {
	var k ownwords.Code
	var derived string
	if err := sc.Scan(&k.ID, &k.StudyID, &k.ParentID, &k.Slug, &k.Label, &k.Description, &k.Inclusion, &k.Exclusion,
		&k.Example, &k.Color, &derived, &k.Deprecated, &k.Published, &k.Position); err != nil {
		return nil, fmt.Errorf("sqldb: codebook: %w", err)
	}
	if derived != "" {
		k.Derived = new(ownwords.Derivation)
		if err := json.Unmarshal([]byte(derived), k.Derived); err != nil {
			return nil, fmt.Errorf("sqldb: code %s derivation: %w", k.Slug, err)
		}
	}
	return &k, nil
}

// Code reads one code: a point read, always current (a gate checks the
// code of every coding; the study's codebook, kept per version, costs a
// version probe and a deep copy of every code).
func (s services) Code(ctx context.Context, studyID, id string) (*ownwords.Code, error) {
	k, err := scanCode(s.read().queryRow(ctx, `SELECT `+codeColumns+` FROM codes WHERE id = $1 AND study_id = $2`, id, studyID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "code %s not found", id)
	}
	return k, err
}

// orderTree orders codes depth-first (each parent before its children,
// siblings by position), the order a codebook is read in.
func orderTree(codes []*ownwords.Code) []*ownwords.Code {
	kids := map[string][]*ownwords.Code{}
	for _, k := range codes {
		kids[k.ParentID] = append(kids[k.ParentID], k)
	}
	out := make([]*ownwords.Code, 0, len(codes))
	var walk func(string)
	walk = func(parent string) {
		for _, k := range kids[parent] {
			out = append(out, k)
			walk(k.ID)
		}
	}
	walk("")
	return out
}

// CodeChanges lists the codebook history, oldest first.
func (s services) CodeChanges(ctx context.Context, studyID string) ([]*ownwords.CodeChange, error) {
	rows, err := s.read().query(ctx, `SELECT version, code_id, action, actor, before, after, at FROM code_changes
		WHERE study_id = $1 ORDER BY version`, studyID)
	if err != nil {
		return nil, fmt.Errorf("sqldb: code changes: %w", err)
	}
	defer rows.Close()
	var out []*ownwords.CodeChange
	for rows.Next() {
		var ch ownwords.CodeChange
		var before, after, at string
		if err := rows.Scan(&ch.Version, &ch.CodeID, &ch.Action, &ch.Actor, &before, &after, &at); err != nil {
			return nil, fmt.Errorf("sqldb: code changes: %w", err)
		}
		ch.At = parseTime(at)
		for _, p := range []struct {
			raw string
			dst **ownwords.Code
		}{{before, &ch.Before}, {after, &ch.After}} {
			if p.raw != "" {
				*p.dst = new(ownwords.Code)
				if err := json.Unmarshal([]byte(p.raw), *p.dst); err != nil {
					return nil, fmt.Errorf("sqldb: code change %d: %w", ch.Version, err)
				}
			}
		}
		out = append(out, &ch)
	}
	return out, rows.Err()
}
