package ingest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"ownwords"
)

// Summary counts what Apply did, per kind of record.
type Summary struct {
	Attributes   Counts `json:"attributes"`
	Participants Counts `json:"participants"`
	Interviews   Counts `json:"interviews"`
	Codes        Counts `json:"codes"`
	// Texts counts the interviews' other texts (see TextRecord).
	Texts Counts `json:"texts,omitzero"`
	// Unaligned names the texts stored although they do not align turn
	// by turn with their transcript (Options.Unaligned): they wait to be
	// aligned by hand in the workbench.
	Unaligned []string `json:"unaligned,omitempty"`
	// NewParticipants are the codes of participants created for
	// interviews (see InterviewRecord.NewParticipant), so that the import
	// says so: a mistyped code shows at once.
	NewParticipants []string `json:"new_participants,omitempty"`
	// Documents lists the .docx and .odt transcripts whose tracked
	// changes were accepted, notes appended or comments kept as memos.
	Documents []DocumentSummary `json:"documents,omitempty"`
}

// DocumentSummary is what importing one word-processor transcript did
// beside reading its text.
type DocumentSummary struct {
	File      string    `json:"file"`
	Revisions Revisions `json:"tracked_changes_accepted"`
	Footnotes int       `json:"footnotes_appended"`
	Endnotes  int       `json:"endnotes_appended"`
	Comments  int       `json:"comments"`
	// Memos counts the comments kept as memos by this import (0 when the
	// interview was there already, with them).
	Memos int `json:"memos_created"`
	// Unanchored counts the memos on the whole interview: their comment's
	// place was lost.
	Unanchored int    `json:"memos_unanchored,omitempty"`
	Text       string `json:"summary"`
}

// Counts are the records of one kind that Apply created, updated or found
// already as they are.
type Counts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// String formats the summary as lines for the CLI's text output.
func (s *Summary) String() string {
	var sb strings.Builder
	for _, k := range []struct {
		name string
		c    Counts
	}{{"attributes", s.Attributes}, {"participants", s.Participants}, {"interviews", s.Interviews}, {"codes", s.Codes}} {
		fmt.Fprintf(&sb, "%s: %d created, %d updated, %d unchanged\n", k.name, k.c.Created, k.c.Updated, k.c.Unchanged)
	}
	if s.Texts != (Counts{}) {
		fmt.Fprintf(&sb, "texts (translations, originals): %d created, %d unchanged\n", s.Texts.Created, s.Texts.Unchanged)
	}
	for _, t := range s.Unaligned {
		fmt.Fprintf(&sb, "%s does not align with its transcript turn by turn: stored unaligned; pair its turns in the workbench (Align texts)\n", t)
	}
	for _, code := range s.NewParticipants {
		fmt.Fprintf(&sb, "created participant %s (no attribute values yet)\n", code)
	}
	for _, d := range s.Documents {
		fmt.Fprintf(&sb, "%s: %s\n", d.File, d.Text)
	}
	return sb.String()
}

// Apply writes b into study studyID through svc: attribute definitions
// first (creating those the study lacks; a declared definition may extend
// an existing one's label, description, tag and closed category list, never
// its type), then participants (created, or merged by code: see
// ParticipantRecord), codes (created by path, or updated: a non-empty
// label, description, inclusion, exclusion or example, and a derivation,
// replace the stored ones), and interviews (created; an existing title is
// ECONFLICT unless participant, date, place, language, interpreter and
// transcript are identical), then the interviews' other texts (see
// applier.texts). b is not modified.
//
// Apply does not open a transaction: call it inside Store.Update so that
// an import lands whole or not at all:
//
//	err := store.Update(ctx, func(svc ownwords.Services) error {
//		sum, err = ingest.Apply(ctx, svc, studyID, batch)
//		return err
//	})
//
// Errors name the file and place of the record at fault. Codes: EINVALID,
// ENOTFOUND (an interview's participant, a code's parent), ECONFLICT.
func Apply(ctx context.Context, svc ownwords.Services, studyID string, b *Batch) (*Summary, error) {
	a := &applier{ctx: ctx, svc: svc, study: studyID, b: b, sum: &Summary{}, total: b.size()}
	for _, step := range []func() error{a.attributes, a.participants, a.codes, a.interviews, a.texts} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return a.sum, nil
}

// applier carries the state of one Apply.
type applier struct {
	ctx   context.Context
	svc   ownwords.Services
	study string
	b     *Batch
	sum   *Summary
	done  int
	total int

	defs   map[string]*ownwords.Attribute   // by slug, after the attributes step
	byCode map[string]*ownwords.Participant // after the participants step
}

func (a *applier) progress(n int, what string) {
	a.done += n
	if a.b.Progress != nil {
		a.b.Progress(a.done, a.total, what)
	}
}

// attributes creates or extends definitions: declared ones first, so that
// they win over types inferred from tables of the same batch.
func (a *applier) attributes() error {
	existing, err := a.svc.Attributes(a.ctx, a.study)
	if err != nil {
		return atSource("", err)
	}
	a.defs = map[string]*ownwords.Attribute{}
	next := 0
	for _, e := range existing {
		a.defs[e.Slug] = e
		next = max(next, e.Position+1)
	}
	declaredBy := map[string]string{}
	for _, inferred := range []bool{false, true} {
		for _, d := range a.b.Attributes {
			if d.Inferred != inferred {
				continue
			}
			slug := d.Attribute.Slug
			cur := a.defs[slug]
			switch {
			case cur == nil:
				nd := d.Attribute
				nd.StudyID, nd.Position = a.study, next
				if err := a.svc.CreateAttribute(a.ctx, &nd); err != nil {
					return atSource(d.Source, err)
				}
				next++
				a.defs[slug] = &nd
				a.sum.Attributes.Created++
			case inferred:
				a.sum.Attributes.Unchanged++
			case cur.Type != d.Attribute.Type:
				by := "the study"
				if src, ok := declaredBy[slug]; ok {
					by = src
				}
				return ownwords.Errorf(ownwords.ECONFLICT, "%s: attribute %s is declared %s, but %s defines it as %s; a type cannot change: correct the declaration", sourceName(d.Source), slug, d.Attribute.Type, by, cur.Type)
			default:
				if err := a.extendAttribute(cur, d); err != nil {
					return err
				}
			}
			if !inferred {
				declaredBy[slug] = sourceName(d.Source)
			}
			a.progress(1, "attribute "+slug)
		}
	}
	return nil
}

func sourceName(s string) string {
	if s == "" {
		return "the batch"
	}
	return s
}

// extendAttribute updates an existing definition with a declaration's
// non-empty label, description and tag, and adds its categories to a
// closed category list (an open list stays open: closing it could strand
// stored values).
func (a *applier) extendAttribute(cur *ownwords.Attribute, d *AttributeDef) error {
	upd := *cur
	upd.Values = slices.Clone(cur.Values)
	for _, f := range []struct{ dst, src *string }{
		{&upd.Label, &d.Attribute.Label}, {&upd.Description, &d.Attribute.Description}, {&upd.Tag, &d.Attribute.Tag},
	} {
		if *f.src != "" {
			*f.dst = *f.src
		}
	}
	if len(upd.Values) > 0 {
		for _, v := range d.Attribute.Values {
			if !slices.Contains(upd.Values, v) {
				upd.Values = append(upd.Values, v)
			}
		}
	}
	if upd.Label == cur.Label && upd.Description == cur.Description && upd.Tag == cur.Tag && slices.Equal(upd.Values, cur.Values) {
		a.sum.Attributes.Unchanged++
		return nil
	}
	if err := a.svc.UpdateAttribute(a.ctx, &upd); err != nil {
		return atSource(d.Source, err)
	}
	a.defs[upd.Slug] = &upd
	a.sum.Attributes.Updated++
	return nil
}

// loadParticipants indexes the study's participants by code.
func (a *applier) loadParticipants() error {
	if a.byCode != nil {
		return nil
	}
	list, err := a.svc.Participants(a.ctx, ownwords.ParticipantFilter{StudyID: a.study})
	if err != nil {
		return atSource("", err)
	}
	a.byCode = make(map[string]*ownwords.Participant, len(list))
	for _, p := range list {
		a.byCode[p.Code] = p
	}
	return nil
}

// participants types every record's values by the definitions, merges
// records of the same code in batch order, and writes each participant
// once.
func (a *applier) participants() error {
	if len(a.b.Participants) == 0 {
		return nil
	}
	if err := a.loadParticipants(); err != nil {
		return err
	}
	var order []string
	merged := map[string]map[string]ownwords.Value{}
	records := map[string]*ParticipantRecord{}
	count := map[string]int{}
	for _, rec := range a.b.Participants {
		vals, err := a.typeValues(rec)
		if err != nil {
			return err
		}
		if merged[rec.Code] == nil {
			order = append(order, rec.Code)
			merged[rec.Code] = map[string]ownwords.Value{}
			records[rec.Code] = rec
		}
		maps.Copy(merged[rec.Code], vals)
		count[rec.Code]++
	}
	for _, code := range order {
		if err := a.writeParticipant(records[code], merged[code]); err != nil {
			return err
		}
		a.progress(count[code], "participant "+code)
	}
	return nil
}

// typeValues returns rec's values as the types of their definitions,
// re-reading values of another (inferred) type from their text.
func (a *applier) typeValues(rec *ParticipantRecord) (map[string]ownwords.Value, error) {
	out := make(map[string]ownwords.Value, len(rec.Values))
	for _, slug := range slices.Sorted(maps.Keys(rec.Values)) {
		v, def := rec.Values[slug], a.defs[slug]
		if def == nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "%s: no attribute %q; define it in the codebook or a schema, or as a table column", rec.where(slug), slug)
		}
		if v.Type != def.Type {
			if v.Missing {
				v = ownwords.Value{Type: def.Type, Missing: true}
			} else {
				nv, err := ownwords.ParseValue(def.Type, v.String())
				if err != nil {
					return nil, ownwords.Errorf(ownwords.EINVALID, "%s: %s; the study defines %s as %s: correct the value", rec.where(slug), ownwords.ErrorMessage(err), slug, def.Type)
				}
				v = nv
			}
		}
		if err := def.Check(v); err != nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "%s: %s; correct the value or add it to the attribute's categories", rec.where(slug), ownwords.ErrorMessage(err))
		}
		out[slug] = v
	}
	return out, nil
}

// writeParticipant creates the participant or merges vals into it. Missing
// values are not stored: they remove a stored value.
func (a *applier) writeParticipant(rec *ParticipantRecord, vals map[string]ownwords.Value) error {
	cur := a.byCode[rec.Code]
	next := map[string]ownwords.Value{}
	if cur != nil {
		maps.Copy(next, present(cur.Values))
	}
	for slug, v := range vals {
		if v.Missing {
			delete(next, slug)
		} else {
			next[slug] = v
		}
	}
	if cur == nil {
		p := &ownwords.Participant{StudyID: a.study, Code: rec.Code, Values: next}
		if err := a.svc.CreateParticipant(a.ctx, p); err != nil {
			return atSource(rec.where(""), err)
		}
		a.byCode[rec.Code] = p
		a.sum.Participants.Created++
		return nil
	}
	if maps.Equal(next, present(cur.Values)) {
		a.sum.Participants.Unchanged++
		return nil
	}
	upd := *cur
	upd.Values = next
	if err := a.svc.UpdateParticipant(a.ctx, &upd); err != nil {
		return atSource(rec.where(""), err)
	}
	a.byCode[rec.Code] = &upd
	a.sum.Participants.Updated++
	return nil
}

// present returns the values that are not missing.
func present(vals map[string]ownwords.Value) map[string]ownwords.Value {
	out := make(map[string]ownwords.Value, len(vals))
	for k, v := range vals {
		if !v.Missing {
			out[k] = v
		}
	}
	return out
}
