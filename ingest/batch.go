package ingest

import (
	"ownwords"
)

// Batch is what one import lands: attribute definitions, participants with
// values, interviews and codes, applied together by Apply. Build it with
// the Add methods or fill it directly (the demo does).
type Batch struct {
	Attributes   []*AttributeDef
	Participants []*ParticipantRecord
	Interviews   []*InterviewRecord
	Codes        []*CodeRecord
	// Texts are interviews' other texts (translations, originals), stored
	// after the interviews.
	Texts []*TextRecord
	// Progress, if set, is called by Apply after each record.
	Progress Progress
}

// Progress reports how far Apply got: done of total records, and what it
// just wrote ("participant P-0042"). The CLI prints it on a terminal.
type Progress func(done, total int, what string)

// AttributeDef is an attribute definition an import brings.
type AttributeDef struct {
	// Attribute is the definition; Apply sets StudyID and Position.
	Attribute ownwords.Attribute
	// Inferred is true when the type was guessed from a table's values: a
	// definition the study or a declared one in the batch already has wins,
	// and values are re-read as its type.
	Inferred bool
	// Source names the file it came from, for errors ("" if none).
	Source string
}

// ParticipantRecord is one participant's row: a code and attribute values.
// Apply creates the participant or, if the code exists, merges: the
// record's values replace those of the same attributes (a missing value
// clears one) and the others are kept.
type ParticipantRecord struct {
	Code   string
	Values map[string]ownwords.Value
	// Source, Place and Cells name the file, the row ("line 7") and each
	// value's cell ("cell C7"), for errors; all may be empty.
	Source string
	Place  string
	Cells  map[string]string
}

// where names a record's value (or the record, for slug "") in errors.
func (p *ParticipantRecord) where(slug string) string {
	place := p.Place
	if c := p.Cells[slug]; c != "" {
		place = c
	}
	switch {
	case p.Source == "":
		return "participant " + p.Code
	case place == "":
		return p.Source
	}
	return p.Source + " " + place
}

// InterviewRecord is an interview and the code of its participant.
type InterviewRecord struct {
	ParticipantCode string
	// Interview is stored as given; Apply sets StudyID and ParticipantID.
	Interview ownwords.Interview
	// Source names the transcript file, for errors.
	Source string
	// NewParticipant lets Apply create the participant, with no attribute
	// values, when the study lacks it (the code was given as a flag, not
	// read from a sidecar, where a typo would go unnoticed).
	NewParticipant bool
	// Document, for a .docx or .odt transcript with tracked changes,
	// notes or comments, says what reading it did (the summary lists it);
	// Apply keeps its comments as memos anchored to their span.
	Document *Document
	// Other is the right column of a two-column document (ColumnsMeta):
	// another text of this interview, which Batch.AddInterview adds to
	// the batch's Texts.
	Other *TextRecord
}

// CodeRecord is a codebook entry and its place in the tree.
type CodeRecord struct {
	// Path is the slash-joined slug path, e.g. "influences/friends"; the
	// parent path must exist in the study or come earlier in the batch.
	Path string
	// Code is the definition; Apply sets StudyID and ParentID.
	Code ownwords.Code
	// Source names the codebook file, for errors.
	Source string
}

// AddTable appends an attribute table's definitions and participants.
func (b *Batch) AddTable(t *AttributeTable) {
	b.Attributes = append(b.Attributes, t.Attributes...)
	b.Participants = append(b.Participants, t.Participants...)
}

// AddCodebook appends a codebook's attribute definitions (as declared)
// and codes.
func (b *Batch) AddCodebook(c *CodebookFile) {
	for _, a := range c.Attributes {
		b.Attributes = append(b.Attributes, &AttributeDef{Attribute: *a, Source: c.Name})
	}
	b.Codes = append(b.Codes, c.Codes...)
}

// AddInterview appends an interview.
func (b *Batch) AddInterview(iv *InterviewRecord) {
	b.Interviews = append(b.Interviews, iv)
	if iv.Other != nil {
		b.AddText(iv.Other)
	}
}

// size is the number of records Apply writes, for Progress.
func (b *Batch) size() int {
	return len(b.Attributes) + len(b.Participants) + len(b.Interviews) + len(b.Codes) + len(b.Texts)
}
