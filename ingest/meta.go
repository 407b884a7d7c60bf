package ingest

import (
	"encoding/json"
	"io"
	"path/filepath"
	"strings"

	"golang.org/x/text/language"

	"ownwords"
)

// TranscriptMeta is an interview's metadata, from a sidecar JSON file next
// to the transcript or from command-line flags.
type TranscriptMeta struct {
	// Participant is the participant's code, e.g. "P-0042".
	Participant string `json:"participant"`
	// Date is YYYY, YYYY-MM or YYYY-MM-DD.
	Date        string `json:"date"`
	Place       string `json:"place"`
	Language    string `json:"language"` // BCP 47, e.g. "en", "ar"
	Interpreter string `json:"interpreter"`
	// Title names the interview; the default is the transcript's file
	// name without its extension.
	Title string `json:"title"`
	// Columns, in a sidecar only, makes the file a two-column document:
	// transcript | another text (see ColumnsMeta).
	Columns *ColumnsMeta `json:"columns,omitempty"`
}

// ReadMeta reads a metadata sidecar, a JSON object with the keys of
// TranscriptMeta. Unknown keys, malformed dates and language tags are
// EINVALID errors naming the file and the key.
func ReadMeta(name string, r io.Reader) (*TranscriptMeta, error) {
	b, err := readJSONFile(name, r)
	if err != nil {
		return nil, err
	}
	return parseMeta(name, b)
}

// parseMeta decodes and checks the sidecar name, read as raw.
func parseMeta(name string, raw []byte) (*TranscriptMeta, error) {
	var m TranscriptMeta
	if err := decodeStrict(name, "", raw, &m); err != nil {
		return nil, err
	}
	if m.Columns != nil {
		// Strictly too: a misspelt key inside would vanish.
		var keys struct {
			Columns json.RawMessage `json:"columns"`
		}
		_ = json.Unmarshal(raw, &keys) // decoded above
		if err := decodeStrict(name, `key "columns"`, keys.Columns, m.Columns); err != nil {
			return nil, err
		}
	}
	if err := m.check(name); err != nil {
		return nil, err
	}
	return &m, nil
}

// check validates the fields that have a syntax; source names the file or
// flags they came from.
func (m *TranscriptMeta) check(source string) error {
	if m.Participant != "" {
		if err := (&ownwords.Participant{StudyID: "-", Code: m.Participant}).Validate(); err != nil {
			return inputErrorf(source, "key \"participant\"", "%s", ownwords.ErrorMessage(err))
		}
	}
	if _, err := ownwords.ParseDate(m.Date); err != nil {
		return inputErrorf(source, "key \"date\"", "%s", ownwords.ErrorMessage(err))
	}
	if m.Language != "" {
		if _, err := language.Parse(m.Language); err != nil {
			return inputErrorf(source, "key \"language\"", "%q is not a BCP 47 language tag; write e.g. en, ar, fr-BE", m.Language)
		}
	}
	return nil
}

// With returns m with every non-empty field of o put over it: flags given
// on the command line override the sidecar.
func (m TranscriptMeta) With(o TranscriptMeta) TranscriptMeta {
	for _, f := range []struct{ dst, src *string }{
		{&m.Participant, &o.Participant}, {&m.Date, &o.Date}, {&m.Place, &o.Place},
		{&m.Language, &o.Language}, {&m.Interpreter, &o.Interpreter}, {&m.Title, &o.Title},
	} {
		if *f.src != "" {
			*f.dst = *f.src
		}
	}
	return m
}

// NewInterviewRecord builds the interview read from file source with
// transcript text and metadata m. The participant is required.
func NewInterviewRecord(source, text string, m TranscriptMeta) (*InterviewRecord, error) {
	if err := m.check(source); err != nil {
		return nil, err
	}
	if m.Participant == "" {
		return nil, inputErrorf(source, "", "no participant; add \"participant\" to %s or pass --participant", filepath.Base(source)+".json")
	}
	date, _ := ownwords.ParseDate(m.Date) // checked above
	title := m.Title
	if title == "" {
		base := filepath.Base(source)
		title = strings.TrimSuffix(base, filepath.Ext(base))
	}
	return &InterviewRecord{
		ParticipantCode: m.Participant,
		Source:          source,
		Interview: ownwords.Interview{
			Title: title, Date: date, Place: m.Place, Language: m.Language,
			Interpreter: m.Interpreter, Transcript: text,
		},
	}, nil
}
