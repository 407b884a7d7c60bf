package ingest

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"ownwords"
)

// Document is a word-processor transcript (.docx, .odt) read the way a
// careful researcher would read it, with what the word processor kept
// beside the text:
//
//   - tracked changes accepted: inserted and moved-to text kept, deleted
//     and moved-away text left out (the text as it reads with every change
//     accepted), and counted;
//   - footnotes and endnotes kept: a marker "[1]", "[2]" … (one sequence,
//     in reading order) where each is referenced, and their text in a
//     block headed "Notes" at the end of the transcript;
//   - comments kept with the span they comment on (code points of Text),
//     which Apply turns into memos anchored to that span.
//
// Plain text has none of these: Text is the transcript as ReadTranscript
// reads it.
type Document struct {
	Text      string
	Revisions Revisions `json:"revisions"`
	Footnotes int       `json:"footnotes"`
	Endnotes  int       `json:"endnotes"`
	Comments  []Comment `json:"comments,omitempty"`
	// Anchors are the times of the transcript (a WebVTT or SubRip file's
	// cues, the timestamps at turn starts of other transcripts), taken
	// out of Text by ReadTranscriptFile (see timecodes; ReadDocument
	// leaves the text whole, as REFI-QDA positions count it).
	Anchors []ownwords.TimeAnchor `json:"-"`
}

// Revisions counts the tracked changes of a document, all accepted.
type Revisions struct {
	Insertions int `json:"insertions"`
	Deletions  int `json:"deletions"`
	Moves      int `json:"moves"`
}

// Total is the number of tracked changes.
func (r Revisions) Total() int { return r.Insertions + r.Deletions + r.Moves }

// Comment is a comment of a document on a span of its text.
type Comment struct {
	// Start and End are code points of Document.Text; both -1 when the
	// comment's place was lost (then it is on the whole interview). A
	// comment on a point, not a range, is on the line around it.
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Author string `json:"author,omitempty"`
	Date   string `json:"date,omitempty"`
	Text   string `json:"text"`
}

// Anchor returns the memo anchor of c, nil when it has none.
func (c Comment) Anchor() *ownwords.MemoAnchor {
	if c.Start < 0 || c.End <= c.Start {
		return nil
	}
	return &ownwords.MemoAnchor{Start: c.Start, End: c.End}
}

// ReadDocument reads a transcript as ReadTranscript does, and a .docx or
// .odt file as a Document (see there). Errors: as ReadTranscript.
func ReadDocument(name string, r io.Reader, opt TextOptions) (*Document, error) {
	var (
		raw *rawDoc
		err error
	)
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx":
		raw, err = readDocxDoc(name, r)
	case ".odt":
		raw, err = readODTDoc(name, r)
	default:
		text, err := ReadTranscript(name, r, opt)
		if err != nil {
			return nil, err
		}
		return &Document{Text: text}, nil
	}
	if err != nil {
		return nil, err
	}
	return raw.document(name, true)
}

// Marks: noncharacters the readers put into the flattened text where a
// comment's range starts or ends and where a note is referenced; the
// document's own text never carries them (flattener.write drops them).
const (
	markStart = '\uFDD0'
	markEnd   = '\uFDD1'
	markNote  = '\uFDD2'
	markChars = "\uFDD0\uFDD1\uFDD2"
)

// mark is one mark put into the text, in text order, with the key of its
// comment or note.
type mark struct {
	r   rune
	key string
}

// noteItem is a footnote's or endnote's text.
type noteItem struct {
	text    string
	endnote bool
}

// commentItem is a comment's text and who wrote it when.
type commentItem struct {
	author, date, text string
}

// rawDoc is what a reader extracts: text with marks, and the parts the
// marks refer to.
type rawDoc struct {
	text     string
	marks    []mark
	notes    map[string]noteItem
	comments map[string]*commentItem
	order    []string // comment keys, in document order
	rev      Revisions
}

func newRawDoc() *rawDoc {
	return &rawDoc{notes: map[string]noteItem{}, comments: map[string]*commentItem{}}
}

// comment returns the comment of key, adding it in order.
func (d *rawDoc) comment(key string) *commentItem {
	c := d.comments[key]
	if c == nil {
		c = &commentItem{}
		d.comments[key] = c
		d.order = append(d.order, key)
	}
	return c
}

// document normalises the text, takes the marks out (with full, putting
// note markers in their place), appends the notes and places the
// comments.
func (d *rawDoc) document(name string, full bool) (*Document, error) {
	text, err := normaliseText(name, d.text)
	if err != nil {
		return nil, err
	}
	doc := &Document{Revisions: d.rev}
	var sb strings.Builder
	starts, ends := map[string]int{}, map[string]int{}
	var notes []noteItem
	numbers := map[string]int{} // note key -> its number
	cp, k := 0, 0
	for _, r := range text {
		if !strings.ContainsRune(markChars, r) {
			sb.WriteRune(r)
			cp++
			continue
		}
		if k >= len(d.marks) { // cannot happen: write drops the document's own
			continue
		}
		m := d.marks[k]
		k++
		switch m.r {
		case markStart:
			starts[m.key] = cp
		case markEnd:
			ends[m.key] = cp
		case markNote:
			n, ok := d.notes[m.key]
			if !ok || !full {
				continue
			}
			// A note referred to again keeps its number: its text is
			// appended once, however often a (hostile) body refers to it.
			num, seen := numbers[m.key]
			if !seen {
				notes = append(notes, n)
				num = len(notes)
				numbers[m.key] = num
			}
			label := "[" + strconv.Itoa(num) + "]"
			sb.WriteString(label)
			cp += len(label)
		}
	}
	body := sb.String()
	if strings.TrimSpace(body) == "" {
		return nil, inputErrorf(name, "", "the transcript is empty; check that this is the right file")
	}
	if len(notes) > 0 {
		var nb strings.Builder
		nb.WriteString(strings.TrimRight(body, "\n"))
		nb.WriteString("\n\nNotes")
		for i, n := range notes {
			if n.endnote {
				doc.Endnotes++
			} else {
				doc.Footnotes++
			}
			fmt.Fprintf(&nb, "\n[%d] %s", i+1, strings.TrimSpace(n.text))
			if nb.Len() > ownwords.MaxTranscriptBytes {
				return nil, tooLarge(name)
			}
		}
		body = nb.String()
	}
	if doc.Text, err = normaliseText(name, body); err != nil {
		return nil, err
	}
	if !full {
		return doc, nil
	}
	n := utf8.RuneCountInString(doc.Text)
	var lines lineIndex
	for _, key := range d.order {
		c := d.comments[key]
		if strings.TrimSpace(c.text) == "" {
			continue
		}
		s, okS := starts[key]
		e, okE := ends[key]
		cm := Comment{Start: -1, End: -1, Author: c.author, Date: c.date, Text: c.text}
		switch {
		case okS && okE && e > s && min(e, n) > min(s, n):
			cm.Start, cm.End = min(s, n), min(e, n)
		case okS || okE:
			// A comment on a point (or a range emptied by deletions): the
			// line around it.
			at := s
			if !okS {
				at = e
			}
			if lines.starts == nil {
				lines = newLineIndex(doc.Text)
			}
			cm.Start, cm.End = lines.around(min(at, n))
		}
		doc.Comments = append(doc.Comments, cm)
	}
	return doc, nil
}

// lineIndex holds where each line of a text starts and ends (its "\n",
// or the end of the text), in code points, so that the line around a
// point is found without scanning the text once per comment.
type lineIndex struct{ starts, ends []int }

func newLineIndex(text string) lineIndex {
	var li lineIndex
	cp, s := 0, 0
	for _, r := range text {
		if r == '\n' {
			li.starts, li.ends = append(li.starts, s), append(li.ends, cp)
			s = cp + 1
		}
		cp++
	}
	li.starts, li.ends = append(li.starts, s), append(li.ends, cp)
	return li
}

// around returns the code points of the line around at (0 <= at <= the
// text's length), both -1 for an empty line.
func (li lineIndex) around(at int) (int, int) {
	i := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > at }) - 1
	s, e := li.starts[max(i, 0)], li.ends[max(i, 0)]
	if e <= s {
		return -1, -1
	}
	return s, e
}

// Summary describes what the reader did beside reading the text, for the
// import summary ("3 tracked changes accepted (2 insertions, 1
// deletion), 2 footnotes appended, 1 comment kept as a memo"); "" when
// there was nothing. kept is how many comments became memos now.
func (d *Document) Summary(kept int) string {
	var parts []string
	if r := d.Revisions; r.Total() > 0 {
		var kinds []string
		for _, k := range []struct {
			n    int
			name string
		}{{r.Insertions, "insertion"}, {r.Deletions, "deletion"}, {r.Moves, "move"}} {
			if k.n > 0 {
				kinds = append(kinds, plural(k.n, k.name))
			}
		}
		parts = append(parts, fmt.Sprintf("%s accepted (%s)", plural(r.Total(), "tracked change"), strings.Join(kinds, ", ")))
	}
	if d.Footnotes > 0 {
		parts = append(parts, plural(d.Footnotes, "footnote")+" appended")
	}
	if d.Endnotes > 0 {
		parts = append(parts, plural(d.Endnotes, "endnote")+" appended")
	}
	if n := len(d.Comments); n > 0 {
		as := "as memos"
		if n == 1 {
			as = "as a memo"
		}
		unanchored := 0
		for _, c := range d.Comments {
			if c.Anchor() == nil {
				unanchored++
			}
		}
		switch {
		case kept == 0:
			parts = append(parts, fmt.Sprintf("%s (kept %s when the interview was first imported)", plural(n, "comment"), as))
		case unanchored > 0:
			parts = append(parts, fmt.Sprintf("%s kept %s (%d on the whole interview: the commented text was not found)", plural(n, "comment"), as, unanchored))
		default:
			parts = append(parts, fmt.Sprintf("%s kept %s", plural(n, "comment"), as))
		}
	}
	return strings.Join(parts, ", ")
}

// plural returns "1 thing" or "n things".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return strconv.Itoa(n) + " " + thing + "s"
}
