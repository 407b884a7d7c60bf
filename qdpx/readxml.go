package qdpx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"ownwords"
)

// Limits of the XML reader: far beyond any real project, far below what
// would exhaust memory.
const (
	// MaxXMLBytes bounds project.qde or a .qdc file.
	MaxXMLBytes = 64 << 20
	// MaxAttrBytes bounds one attribute value (names, paths, GUIDs).
	MaxAttrBytes = 64 << 10
	// MaxDepth bounds element nesting (code trees are rarely 10 deep).
	MaxDepth = 200
	// MaxElements bounds the number of elements of one document.
	MaxElements = 2_000_000
)

// invalidf returns an EINVALID error about file name.
func invalidf(name, format string, args ...any) error {
	return ownwords.Errorf(ownwords.EINVALID, "%s: %s", name, fmt.Sprintf(format, args...))
}

// ReadProject parses a project.qde document read from r; name names it in
// errors. It refuses documents with a DOCTYPE (no entity can be declared,
// so none is expanded), invalid UTF-8, gigantic attributes, deep nesting
// and a root other than Project. Source texts are not resolved: see Read.
func ReadProject(name string, r io.Reader) (*Project, error) {
	b, err := readLimited(name, r)
	if err != nil {
		return nil, err
	}
	root, err := checkXML(name, b)
	repaired := 0
	if err != nil {
		// QualCoder writes the text of an annotation note without
		// escaping it: a memo with "&" or "<" makes its file malformed.
		fixed, n := escapeTextContent(b)
		if n == 0 {
			return nil, err
		}
		if root, err = checkXML(name, fixed); err != nil {
			return nil, err
		}
		b, repaired = fixed, n
	}
	if root != "Project" {
		return nil, invalidf(name, "the root element is <%s>, not <Project>; this is not a REFI-QDA project", root)
	}
	p := &Project{}
	if err := xml.Unmarshal(b, p); err != nil {
		return nil, invalidf(name, "malformed project XML (%v)", err)
	}
	p.normalise()
	p.liftAnnotations()
	p.Report = &Report{File: baseName(name), Origin: p.Origin, Project: p.Name}
	if repaired > 0 {
		p.Report.note("%d PlainTextContent element(s) held an unescaped \"&\" or \"<\" (QualCoder writes annotation text so): read as text", repaired)
	}
	p.reportUnread()
	return p, nil
}

// textContent matches a PlainTextContent element, and entity references.
var (
	textContent = regexp.MustCompile(`(?s)<PlainTextContent>(.*?)</PlainTextContent>`)
	entityRef   = regexp.MustCompile(`^&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)
)

// escapeTextContent escapes "<" and each "&" that starts no entity
// reference inside PlainTextContent elements (up to the first
// "</PlainTextContent>"), and returns the document and how many elements
// it changed.
func escapeTextContent(b []byte) ([]byte, int) {
	n := 0
	out := textContent.ReplaceAllFunc(b, func(m []byte) []byte {
		const open, end = len("<PlainTextContent>"), len("</PlainTextContent>")
		body := m[open : len(m)-end]
		var sb bytes.Buffer
		for i := 0; i < len(body); i++ {
			switch {
			case body[i] == '<':
				sb.WriteString("&lt;")
			case body[i] == '&' && entityRef.Find(body[i:]) == nil:
				sb.WriteString("&amp;")
			default:
				sb.WriteByte(body[i])
			}
		}
		if sb.Len() == len(body) {
			return m
		}
		n++
		return slices.Concat(m[:open], sb.Bytes(), m[len(m)-end:])
	})
	return out, n
}

// ReadCodebook parses a .qdc codebook file (root CodeBook) with the same
// checks as ReadProject and returns it as a project holding only a
// codebook.
func ReadCodebook(name string, r io.Reader) (*Project, error) {
	b, err := readLimited(name, r)
	if err != nil {
		return nil, err
	}
	root, err := checkXML(name, b)
	if err != nil {
		return nil, err
	}
	if root != "CodeBook" {
		return nil, invalidf(name, "the root element is <%s>, not <CodeBook>; this is not a REFI-QDA codebook", root)
	}
	cb := &CodeBook{}
	if err := xml.Unmarshal(b, cb); err != nil {
		return nil, invalidf(name, "malformed codebook XML (%v)", err)
	}
	p := &Project{Name: strings.TrimSuffix(baseName(name), ".qdc"), Origin: cb.Origin, CodeBook: cb}
	p.normalise()
	p.liftAnnotations()
	p.Report = &Report{File: baseName(name), Origin: p.Origin, Project: p.Name}
	p.reportUnread()
	return p, nil
}

func readLimited(name string, r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxXMLBytes+1))
	if err != nil {
		return nil, fmt.Errorf("qdpx: read %s: %w", name, err)
	}
	if len(b) > MaxXMLBytes {
		return nil, invalidf(name, "the XML is larger than %d MiB; refused", MaxXMLBytes>>20)
	}
	return b, nil
}

// checkXML walks every token once before anything is decoded into
// structures: encoding/xml does not expand external entities, but a
// DOCTYPE has no place in REFI-QDA and refusing it closes the door on
// entity tricks altogether. It returns the root element's local name.
func checkXML(name string, b []byte) (string, error) {
	if !utf8.Valid(b) {
		i := 0
		for i < len(b) {
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		return "", invalidf(name, "invalid UTF-8 at byte %d; REFI-QDA files are UTF-8", i)
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	var root string
	depth, elements := 0, 0
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", invalidf(name, "malformed XML (%v)", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return "", invalidf(name, "the XML has a DOCTYPE or other declaration; refused (REFI-QDA needs none, and it can hide entity expansion)")
		case xml.StartElement:
			depth++
			elements++
			if root == "" {
				root = t.Name.Local
			}
			if depth > MaxDepth {
				return "", invalidf(name, "elements nested more than %d deep; refused", MaxDepth)
			}
			if elements > MaxElements {
				return "", invalidf(name, "more than %d elements; refused", MaxElements)
			}
			for _, a := range t.Attr {
				if len(a.Value) > MaxAttrBytes {
					return "", invalidf(name, "attribute %s of <%s> is %d bytes, more than the %d KiB allowed; refused", a.Name.Local, t.Name.Local, len(a.Value), MaxAttrBytes>>10)
				}
			}
		case xml.EndElement:
			depth--
		}
	}
	if root == "" {
		return "", invalidf(name, "no XML element found")
	}
	return root, nil
}

// baseName returns the last element of a slash- or backslash-separated
// path, so that reports never carry a user's directories.
func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
