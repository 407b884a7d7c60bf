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
	f, err := os.Open(path)
	if err != nil {
		return nil, openError(path, err)
	}
	defer f.Close()
	doc, err := ReadDocument(path, f, opt)
	if err != nil {
		return nil, err
	}
	if err := timecodes(path, doc); err != nil {
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

// SidecarPaths returns where a transcript's metadata may be, in order.
func SidecarPaths(path string) []string {
	return []string{path + ".json", strings.TrimSuffix(path, filepath.Ext(path)) + ".json"}
}

// readSidecar reads the first sidecar that exists; both existing is an
// error, since they could disagree.
func readSidecar(path string) (TranscriptMeta, error) {
	var found []string
	for _, p := range SidecarPaths(path) {
		if _, err := os.Stat(p); err == nil {
			found = append(found, p)
		}
	}
	switch len(found) {
	case 0:
		return TranscriptMeta{}, nil
	case 2:
		return TranscriptMeta{}, inputErrorf(path, "", "two metadata files, %s and %s; keep one", found[0], found[1])
	}
	f, err := os.Open(found[0])
	if err != nil {
		return TranscriptMeta{}, openError(found[0], err)
	}
	defer f.Close()
	m, err := ReadMeta(found[0], f)
	if err != nil {
		return TranscriptMeta{}, err
	}
	return *m, nil
}
