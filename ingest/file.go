package ingest

import (
	"os"
	"path/filepath"
	"strings"

	"ownwords"
)

// Options tune AddFile.
type Options struct {
	Text  TextOptions
	Table TableOptions
	// Meta is transcript metadata from command-line flags: its non-empty
	// fields override the sidecar's.
	Meta TranscriptMeta
	// Unaligned stores an interview's other text that does not align
	// turn by turn with the transcript, marked as needing alignment by
	// hand in the workbench, instead of refusing it
	// (ownwords.InterviewText.AllowUnaligned).
	Unaligned bool
}

// AddFile reads the file at path (see Detect) into b: a transcript with
// its metadata sidecar, an attribute table or a codebook. Errors name the
// path as given. Events tables and REFI-QDA files are ENOTIMPLEMENTED
// here: other packages read them.
func (b *Batch) AddFile(path string, opt Options) error {
	kind, err := Detect(path)
	if err != nil {
		return err
	}
	switch kind {
	case KindTranscript:
		// A sidecar naming the interview it translates makes the file
		// another text of that interview (see TextMeta).
		if sidecar, raw, err := readSidecarJSON(path); err != nil {
			return err
		} else if raw != nil && isTextSidecar(raw) {
			t, err := readTextFile(path, sidecar, raw, opt.Text)
			if err != nil {
				return err
			}
			t.Text.AllowUnaligned = opt.Unaligned
			b.AddText(t)
			return nil
		}
		iv, err := ReadTranscriptFile(path, opt.Text, opt.Meta)
		if err != nil {
			return err
		}
		b.AddInterview(iv)
	case KindAttributes:
		t, err := readTableFile(path, opt.Table)
		if err != nil {
			return err
		}
		b.AddTable(t)
	case KindCodebook:
		f, err := os.Open(path)
		if err != nil {
			return openError(path, err)
		}
		defer f.Close()
		cb, err := ReadCodebook(path, f)
		if err != nil {
			return err
		}
		b.AddCodebook(cb)
	default:
		return ownwords.Errorf(ownwords.ENOTIMPLEMENTED, "%s: %s files are not read by the transcript and table importer", path, kind)
	}
	return nil
}

// ReadFile reads the file at path into a batch of its own, as AddFile
// reads it into b: files can be read at once, one batch each, and their
// batches appended in order (Append) to the batch AddFile would build.
func ReadFile(path string, opt Options) (*Batch, error) {
	var b Batch
	if err := b.AddFile(path, opt); err != nil {
		return nil, err
	}
	return &b, nil
}

// Append appends o's records to b's, in order (o's Progress is not used).
func (b *Batch) Append(o *Batch) {
	b.Attributes = append(b.Attributes, o.Attributes...)
	b.Participants = append(b.Participants, o.Participants...)
	b.Interviews = append(b.Interviews, o.Interviews...)
	b.Codes = append(b.Codes, o.Codes...)
	b.Texts = append(b.Texts, o.Texts...)
}

func readTableFile(path string, opt TableOptions) (*AttributeTable, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, openError(path, err)
	}
	defer f.Close()
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return ReadXLSX(path, f, opt)
	}
	return ReadCSV(path, f, opt)
}

// ReadTranscriptFile reads the transcript at path and its metadata: the
// sidecar path+".json" (interview-3.txt.json) or, failing that, the file
// with its extension replaced (interview-3.json), overridden by the
// non-empty fields of flags. A .docx or .odt file is read as a Document
// (notes appended, changes accepted); what that did, and its comments, go
// in the record's Document. Times in the transcript (a .vtt or .srt file,
// timestamps at turn starts) become the interview's anchors (timecodes).
func ReadTranscriptFile(path string, opt TextOptions, flags TranscriptMeta) (*InterviewRecord, error) {
	meta, err := readSidecar(path)
	if err != nil {
		return nil, err
	}
	if meta.Columns != nil {
		return readColumnsFile(path, opt, meta.With(flags), flags.Participant != "")
	}
	doc, err := readDocumentFile(path, opt)
	if err != nil {
		return nil, err
	}
	rec, err := NewInterviewRecord(path, doc.Text, meta.With(flags))
	if err != nil {
		return nil, err
	}
	rec.Interview.Anchors = doc.Anchors
	if doc.Revisions.Total()+doc.Footnotes+doc.Endnotes+len(doc.Comments) > 0 {
		rec.Document = doc
	}
	// A code typed on the command line names the participant meant: the
	// first interview of a new participant needs no table beforehand.
	rec.NewParticipant = flags.Participant != ""
	return rec, nil
}

// readDocumentFile reads the transcript (or other text) at path as a
// Document, its times taken out into its anchors (timecodes).
func readDocumentFile(path string, opt TextOptions) (*Document, error) {
	doc, err := openDocument(path, opt)
	if err != nil {
		return nil, err
	}
	if err := timecodes(path, doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// openDocument reads the file at path as a Document (ReadDocument).
func openDocument(path string, opt TextOptions) (*Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, openError(path, err)
	}
	defer f.Close()
	return ReadDocument(path, f, opt)
}

// SidecarPaths returns where a transcript's metadata may be, in order.
func SidecarPaths(path string) []string {
	return []string{path + ".json", strings.TrimSuffix(path, filepath.Ext(path)) + ".json"}
}

// readSidecar reads the transcript's metadata sidecar, if any.
func readSidecar(path string) (TranscriptMeta, error) {
	name, raw, err := readSidecarJSON(path)
	if err != nil || raw == nil {
		return TranscriptMeta{}, err
	}
	m, err := parseMeta(name, raw)
	if err != nil {
		return TranscriptMeta{}, err
	}
	return *m, nil
}

// readSidecarJSON reads the first sidecar of path that exists (name and
// content; nil when there is none); both existing is an error, since they
// could disagree.
func readSidecarJSON(path string) (string, []byte, error) {
	var found []string
	for _, p := range SidecarPaths(path) {
		if _, err := os.Stat(p); err == nil {
			found = append(found, p)
		}
	}
	switch len(found) {
	case 0:
		return "", nil, nil
	case 2:
		return "", nil, inputErrorf(path, "", "two metadata files, %s and %s; keep one", found[0], found[1])
	}
	f, err := os.Open(found[0])
	if err != nil {
		return "", nil, openError(found[0], err)
	}
	defer f.Close()
	raw, err := readJSONFile(found[0], f)
	return found[0], raw, err
}
