package qdpx

import (
	"bytes"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"ownwords/ingest"
)

// Read reads a REFI-QDA file: a .qdpx project archive, or a .qdc codebook
// (chosen by name's extension). For a project it resolves each text
// source's text from the archive (plainTextPath, else inline
// PlainTextContent, else a .docx richTextPath), normalises it as every
// ownwords transcript (NFC, "\n" line ends) and maps each selection's
// positions onto that text (see anchor). Hostile archives and documents
// are refused with an EINVALID error naming the file; sources missing from
// the archive, empty sources and unplaceable selections are not errors but
// lines of p.Report.
func Read(name string, r io.ReaderAt, size int64) (*Project, error) {
	if strings.EqualFold(path.Ext(baseName(name)), ".qdc") {
		return ReadCodebook(name, io.NewSectionReader(r, 0, size))
	}
	a, err := openArchive(name, r, size)
	if err != nil {
		return nil, err
	}
	qde, err := a.projectEntry()
	if err != nil {
		return nil, err
	}
	b, err := a.read(qde)
	if err != nil {
		return nil, err
	}
	p, err := ReadProject(name+": "+qde.Name, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	p.Report.File = baseName(name)
	if qde.Name != "project.qde" {
		p.Report.note("the project XML is named %q, not project.qde", qde.Name)
	}
	used := map[string]bool{strings.ToLower(qde.Name): true}
	if p.Sources != nil {
		for _, s := range p.Sources.Text {
			if err := a.resolve(p.Report, s, used); err != nil {
				return nil, err
			}
		}
	}
	if p.Notes != nil {
		for _, n := range p.Notes.Notes {
			if err := a.resolve(nil, n, used); err != nil {
				return nil, err
			}
		}
	}
	for _, e := range a.entryNames() {
		if !used[strings.ToLower(e)] && path.Base(e) != ".root" {
			p.Report.drop("archive entry", e, "not referenced by the project; not imported")
		}
	}
	return p, nil
}

// resolve reads a source's text and places its selections; rep is nil for
// notes, whose selections are not imported.
func (a *archive) resolve(rep *Report, s *TextSource, used map[string]bool) error {
	raw, text, err := a.sourceText(rep, s, used)
	if err != nil {
		return err
	}
	if strings.TrimSpace(text) == "" {
		if s.Missing == "" {
			s.Missing = "the source text is empty"
		}
		return nil
	}
	s.Text = text
	if rep == nil {
		return nil
	}
	an := newAnchor(raw, text)
	for _, sel := range s.Selections {
		if an.place(sel) {
			rep.Reanchored++
		}
	}
	return nil
}

// sourceText returns the text as the tool counted it (raw) and as
// imported. Positions of .docx sources count the extracted body text: the
// report (rep, nil for notes) says what else the document had.
func (a *archive) sourceText(rep *Report, s *TextSource, used map[string]bool) (raw, text string, err error) {
	label := sourceLabel(s)
	if s.Content != nil && s.PlainTextPath == "" {
		raw = strings.TrimPrefix(*s.Content, "\uFEFF")
		return a.normalise(label+".txt", raw)
	}
	if s.PlainTextPath != "" {
		if f := a.source(s.PlainTextPath); f != nil {
			used[strings.ToLower(f.Name)] = true
			b, err := a.read(f)
			if err != nil {
				return "", "", err
			}
			if raw, text, err = a.normalise(f.Name, string(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")))); err != nil || strings.TrimSpace(text) != "" {
				return raw, text, err
			}
		} else {
			s.Missing = "its text file " + strconvQuote(baseName(s.PlainTextPath)) + " is not in the archive"
		}
	}
	if s.RichTextPath != "" && strings.EqualFold(path.Ext(s.RichTextPath), ".docx") {
		if f := a.source(s.RichTextPath); f != nil {
			used[strings.ToLower(f.Name)] = true
			b, err := a.read(f)
			if err != nil {
				return "", "", err
			}
			text, err := ingest.ReadTranscript(a.name+": "+f.Name, bytes.NewReader(b), ingest.TextOptions{})
			if err != nil && strings.Contains(err.Error(), "empty") {
				return "", "", nil
			}
			if err == nil && s.Missing != "" {
				s.Missing = ""
			}
			if err == nil && rep != nil {
				docxExtras(rep, a.name+": "+f.Name, sourceLabel(s), b)
			}
			return text, text, err
		}
	}
	if s.Missing == "" && s.Content == nil && s.PlainTextPath == "" {
		s.Missing = "it has no plain text (no plainTextPath, PlainTextContent or .docx)"
	}
	return "", "", nil
}

// docxExtras reports what a .docx source has beside its body text, which
// alone its selections count: tracked changes (accepted), and the
// footnotes, endnotes and comments that are not imported.
func docxExtras(rep *Report, entry, label string, b []byte) {
	doc, err := ingest.ReadDocument(entry, bytes.NewReader(b), ingest.TextOptions{})
	if err != nil {
		return
	}
	if n := doc.Revisions.Total(); n > 0 {
		rep.note("source %s: %d tracked change(s) of its .docx accepted (%d insertion(s), %d deletion(s), %d move(s))",
			label, n, doc.Revisions.Insertions, doc.Revisions.Deletions, doc.Revisions.Moves)
	}
	if n := doc.Footnotes + doc.Endnotes; n > 0 {
		rep.drop("notes", label, "%d footnote(s) and endnote(s) of the .docx are not imported: the selections count the body text only; import the .docx itself to keep them", n)
	}
	if n := len(doc.Comments); n > 0 {
		rep.drop("comments", label, "%d comment(s) of the .docx are not imported: the selections count the body text only; import the .docx itself to keep them as memos", n)
	}
}

// normalise returns raw and its imported form; text that is not UTF-8 is
// decoded by ingest (UTF-16 with a byte-order mark) or refused.
func (a *archive) normalise(entry, raw string) (string, string, error) {
	if strings.TrimSpace(raw) == "" {
		return raw, "", nil
	}
	text, err := ingest.ReadTranscript(a.name+": "+entry, strings.NewReader(raw), ingest.TextOptions{})
	if err != nil {
		return "", "", err
	}
	if !utf8.ValidString(raw) {
		raw = text // decoded from another encoding: positions count the text
	}
	return raw, text, nil
}
