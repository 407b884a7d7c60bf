package ingest

import (
	"io"
	"path/filepath"
	"strings"

	"golang.org/x/text/unicode/norm"

	"ownwords"
)

// TextOptions tune how a transcript is read.
type TextOptions struct {
	// Encoding declares the encoding of a plain-text file without a
	// byte-order mark: one of the Encoding constants ("" means UTF-8). It
	// is ignored for .docx and .odt, whose XML declares its own.
	Encoding string
}

// ReadTranscript reads a transcript named name (the name picks the format
// by extension: .docx, .odt, else plain text such as .txt or .md) and
// returns its text in NFC with "\n" line endings; see the package
// documentation. Errors about the input are EINVALID and name the file and
// the byte offset, line or part at fault.
func ReadTranscript(name string, r io.Reader, opt TextOptions) (string, error) {
	var (
		text string
		err  error
	)
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx", ".odt":
		// The body text only, as other tools extract it (REFI-QDA
		// positions count it): ReadDocument keeps notes and comments.
		read := readDocxDoc
		if strings.EqualFold(filepath.Ext(name), ".odt") {
			read = readODTDoc
		}
		raw, err := read(name, r)
		if err != nil {
			return "", err
		}
		doc, err := raw.document(name, false)
		if err != nil {
			return "", err
		}
		return doc.Text, nil
	default:
		text, err = readPlainText(name, r, opt.Encoding)
	}
	if err != nil {
		return "", err
	}
	text, err = normaliseText(name, text)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(text) == "" {
		return "", inputErrorf(name, "", "the transcript is empty; check that this is the right file")
	}
	return text, nil
}

// readPlainText reads at most MaxTranscriptBytes and decodes them.
func readPlainText(name string, r io.Reader, enc string) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, ownwords.MaxTranscriptBytes+1))
	if err != nil {
		return "", readError(name, err)
	}
	if len(b) > ownwords.MaxTranscriptBytes {
		return "", tooLarge(name)
	}
	return decodeText(name, b, enc)
}

func tooLarge(name string) error {
	return inputErrorf(name, "", "the transcript is larger than %d MiB; split it into several interviews", ownwords.MaxTranscriptBytes>>20)
}

// normaliseText turns CRLF and lone CR into LF, composes to NFC and checks
// the result as the store will (ownwords.CheckText) and against the size
// limit, which a legacy encoding can exceed once decoded.
func normaliseText(name, s string) (string, error) {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	s = norm.NFC.String(s)
	if len(s) > ownwords.MaxTranscriptBytes {
		return "", tooLarge(name)
	}
	if err := ownwords.CheckText(s); err != nil {
		return "", inputErrorf(name, "", "%s", ownwords.ErrorMessage(err))
	}
	return s, nil
}
