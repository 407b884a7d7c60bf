package ingest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"ownwords"
)

// TextMeta is the sidecar of an interview's other text (an
// ownwords.InterviewText): a translation of its transcript, or the
// original the transcript translates. Its file is read as a transcript
// is (.txt, .docx, .odt …); the sidecar says which interview it belongs
// to, by title:
//
//	{"translation_of": "Interview of P-0042", "language": "en",
//	 "translator": "R. Haddad", "method": "interpreter", "date": "2016-03"}
//	{"interview": "Interview of P-0042", "role": "original", "language": "ar"}
//
// A sidecar with any key of TextMeta that TranscriptMeta lacks is read as
// a TextMeta (strictly: a transcript key such as "participant" is then an
// error, as any unknown key is).
type TextMeta struct {
	// TranslationOf is the title of the interview whose transcript the
	// file translates: the same as Interview with Role "translation".
	TranslationOf string `json:"translation_of"`
	Interview     string `json:"interview"`
	// Role is "translation" (the default) or "original".
	Role       string `json:"role"`
	Language   string `json:"language"`
	Translator string `json:"translator"`
	// Method is "interpreter", "translation" or "machine_reviewed".
	Method string `json:"method"`
	Date   string `json:"date"`
}

// textOnlyKeys are the keys that make a sidecar a TextMeta.
var textOnlyKeys = []string{"translation_of", "interview", "role", "translator", "method"}

// TextRecord is an interview's other text read for import.
type TextRecord struct {
	// Interview is the title of the interview it belongs to.
	Interview string
	// Text is stored as given; Apply sets StudyID and InterviewID.
	Text ownwords.InterviewText
	// Source names the file, for errors.
	Source string
}

// isTextSidecar reports whether the JSON object raw is a TextMeta.
func isTextSidecar(raw []byte) bool {
	var keys map[string]json.RawMessage
	if json.Unmarshal(raw, &keys) != nil {
		return false
	}
	for k := range keys {
		if slices.Contains(textOnlyKeys, k) {
			return true
		}
	}
	return false
}

// ParseTextMeta decodes and checks a text sidecar; errors name the file
// and the key.
func ParseTextMeta(name string, raw []byte) (*TextMeta, error) {
	var m TextMeta
	if err := decodeStrict(name, "", raw, &m); err != nil {
		return nil, err
	}
	switch {
	case m.TranslationOf != "" && m.Interview != "" && m.TranslationOf != m.Interview:
		return nil, inputErrorf(name, "", "\"translation_of\" and \"interview\" name different interviews; keep one")
	case m.TranslationOf != "" && m.Role != "" && m.Role != ownwords.TextTranslation:
		return nil, inputErrorf(name, "key \"role\"", "a file that is the translation_of an interview has role %q; drop \"role\" or name the interview with \"interview\"", ownwords.TextTranslation)
	case strings.TrimSpace(m.TranslationOf+m.Interview) == "":
		return nil, inputErrorf(name, "", "name the interview by its title: {\"translation_of\": \"TITLE\"} or {\"interview\": \"TITLE\", \"role\": \"original\"}")
	case m.Language == "":
		return nil, inputErrorf(name, "key \"language\"", "the text's language is required (BCP 47, e.g. en, ar)")
	}
	if m.Interview == "" {
		m.Interview = m.TranslationOf
	}
	if m.Role == "" {
		m.Role = ownwords.TextTranslation
	}
	if _, err := ownwords.ParseDate(m.Date); err != nil {
		return nil, inputErrorf(name, "key \"date\"", "%s", ownwords.ErrorMessage(err))
	}
	return &m, nil
}

// NewTextRecord builds the text read from file source with metadata m,
// checked as the store will (ownwords.InterviewText.Validate) but for the
// interview, which Apply finds by title.
func NewTextRecord(source, text string, m TextMeta) (*TextRecord, error) {
	date, _ := ownwords.ParseDate(m.Date) // checked by ParseTextMeta
	rec := &TextRecord{Interview: m.Interview, Source: source, Text: ownwords.InterviewText{
		Language: m.Language, Role: m.Role, Translator: m.Translator, Date: date, Method: m.Method, Text: text}}
	check := rec.Text
	check.StudyID, check.InterviewID = "-", "-"
	if err := check.Validate(); err != nil {
		return nil, atSource(source, err)
	}
	return rec, nil
}

// readTextFile reads an interview's other text at path with its sidecar
// raw (found at sidecar): the file is read as a transcript is, timestamps
// taken out (the transcript's time anchors are the interview's).
func readTextFile(path, sidecar string, raw []byte, opt TextOptions) (*TextRecord, error) {
	m, err := ParseTextMeta(sidecar, raw)
	if err != nil {
		return nil, err
	}
	doc, err := readDocumentFile(path, opt)
	if err != nil {
		return nil, err
	}
	return NewTextRecord(path, doc.Text, *m)
}

// AddText appends an interview's other text.
func (b *Batch) AddText(t *TextRecord) { b.Texts = append(b.Texts, t) }

// texts stores the batch's other texts, after the interviews they name
// (in the study or in the batch). A text of the same language and
// translator as one stored is unchanged when identical and ECONFLICT
// otherwise, as an interview of the same title is; the store refuses a
// text that does not align with the transcript, and the error names the
// file and the first turn that differs.
func (a *applier) texts() error {
	if len(a.b.Texts) == 0 {
		return nil
	}
	list, err := a.svc.Interviews(a.ctx, ownwords.InterviewFilter{StudyID: a.study})
	if err != nil {
		return atSource("", err)
	}
	byTitle := make(map[string]string, len(list))
	for _, iv := range list {
		byTitle[iv.Title] = iv.ID
	}
	for _, rec := range a.b.Texts {
		src := sourceName(rec.Source)
		id, ok := byTitle[rec.Interview]
		if !ok {
			return ownwords.Errorf(ownwords.ENOTFOUND, "%s: no interview titled %q in the study; import its transcript first (or with it)", src, rec.Interview)
		}
		t := rec.Text
		t.StudyID, t.InterviewID = a.study, id
		stored, err := a.svc.InterviewTexts(a.ctx, id)
		if err != nil {
			return atSource(src, err)
		}
		i := slices.IndexFunc(stored, func(s *ownwords.InterviewText) bool {
			return s.Language == t.Language && s.Translator == t.Translator
		})
		if i >= 0 {
			s := stored[i]
			if s.Role != t.Role || s.Method != t.Method || s.Date != t.Date || s.Text != t.Text {
				return ownwords.Errorf(ownwords.ECONFLICT, "%s: interview %q has a %s text by %q already, with other content; delete it first", src, rec.Interview, t.Language, t.Translator)
			}
			a.sum.Texts.Unchanged++
		} else {
			if err := a.svc.PutInterviewText(a.ctx, &t); err != nil {
				return atSource(src, err)
			}
			a.sum.Texts.Created++
			if t.Unaligned {
				a.sum.Unaligned = append(a.sum.Unaligned, fmt.Sprintf("%s: the %s %s of %q", src, t.Language, t.Role, rec.Interview))
			}
		}
		a.progress(1, "text "+t.Language+" of "+rec.Interview)
	}
	return nil
}

// ColumnsMeta, under "columns" in a transcript's sidecar, says that the
// document is a two-column table, a row per turn or paragraph: the left
// column is the transcript, in the interview's language, the right one
// another text of the interview (by default its translation) described
// here as in TextMeta:
//
//	{"participant": "P-0042", "language": "ar",
//	 "columns": {"language": "en", "translator": "R. Haddad", "method": "interpreter"}}
type ColumnsMeta struct {
	Role       string `json:"role"`
	Language   string `json:"language"`
	Translator string `json:"translator"`
	Method     string `json:"method"`
	Date       string `json:"date"`
}

// SplitColumns splits the text of a two-column document (ReadDocument
// renders a table row as its cells joined by a tab, each cell on one
// line) into the text of each column, a line per row. Every non-blank
// line must be a row of two non-empty cells; the error names the file
// and the row (1-based, blank lines not counted).
func SplitColumns(name, s string) (left, right string, err error) {
	var ls, rs []string
	row := 0
	for line := range strings.Lines(s) {
		line = strings.TrimRight(line, "\r\n")
		if strings.TrimSpace(line) == "" {
			continue
		}
		row++
		l, r, ok := strings.Cut(line, "\t")
		l, r = strings.TrimSpace(l), strings.TrimSpace(r)
		switch {
		case !ok || strings.Contains(r, "\t"):
			return "", "", inputErrorf(name, fmt.Sprintf("row %d", row), "not a row of two columns (original | translation): %q; put the whole text in one two-column table", excerptOf(line))
		case l == "" || r == "":
			return "", "", inputErrorf(name, fmt.Sprintf("row %d", row), "a column is empty: every row pairs a turn or paragraph with its translation; merge the row with the one before")
		}
		ls, rs = append(ls, l), append(rs, r)
	}
	if row == 0 {
		return "", "", inputErrorf(name, "", "no table rows; a two-column document is a table, original | translation")
	}
	return strings.Join(ls, "\n") + "\n", strings.Join(rs, "\n") + "\n", nil
}

// excerptOf shortens a line for an error message.
func excerptOf(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// readColumnsFile reads a two-column document (see ColumnsMeta): the
// left column becomes the interview's transcript, the right one its
// other text (InterviewRecord.Other). Timestamps are taken out of both
// columns, and those of the left become the interview's anchors. Comments
// are refused: their places in the table do not map to either text.
func readColumnsFile(path string, opt TextOptions, meta TranscriptMeta, newParticipant bool) (*InterviewRecord, error) {
	c := meta.Columns
	if c.Language == "" {
		return nil, inputErrorf(path, "sidecar key \"columns\"", "the language of the right column is required (\"language\": BCP 47, e.g. en)")
	}
	doc, err := openDocument(path, opt)
	if err != nil {
		return nil, err
	}
	if len(doc.Comments) > 0 {
		return nil, inputErrorf(path, "", "%d comments in a two-column document cannot be placed in either text; remove them (or keep them as memos by hand)", len(doc.Comments))
	}
	left, right, err := SplitColumns(path, doc.Text)
	if err != nil {
		return nil, err
	}
	ld, rd := &Document{Text: left}, &Document{Text: right}
	for _, d := range []*Document{ld, rd} {
		if err := timecodes(path, d); err != nil {
			return nil, err
		}
	}
	rec, err := NewInterviewRecord(path, ld.Text, meta)
	if err != nil {
		return nil, err
	}
	rec.Interview.Anchors = ld.Anchors
	rec.NewParticipant = newParticipant
	role := c.Role
	if role == "" {
		role = ownwords.TextTranslation
	}
	if _, err := ownwords.ParseDate(c.Date); err != nil {
		return nil, inputErrorf(path, "sidecar key \"columns\"", "%s", ownwords.ErrorMessage(err))
	}
	rec.Other, err = NewTextRecord(path, rd.Text, TextMeta{Interview: rec.Interview.Title, Role: role,
		Language: c.Language, Translator: c.Translator, Method: c.Method, Date: c.Date})
	if err != nil {
		return nil, err
	}
	return rec, nil
}
