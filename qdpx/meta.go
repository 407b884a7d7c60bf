package qdpx

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"ownwords"
)

// What REFI-QDA has no element for (a code's slug, definitions and
// derivation, an attribute's type and categories, an interview's date and
// language, each memo's target, title and author) travels in one block at the end of the
// project's Description, the project memo of other tools (QualCoder keeps
// it across its own export): metaNotice, a line for people, then
// metaMarker and the JSON of projectMeta. Each entry names its element by
// GUID and by a name key (the code's path of names, the variable's,
// source's or note's name), so that tools that write fresh GUIDs on
// export (QualCoder) still match by name. Element Descriptions carry only
// what a person wrote. Files of earlier versions carried the same data as
// a last line "ownwords: {json}" of each element's Description
// (metaPrefix); import still reads those.
const (
	metaNotice = "ownwords keeps the data below to restore this project when it comes back to ownwords (code slugs and definitions, derived codes, attribute types, interview dates). Please leave it as it is."
	metaMarker = "ownwords-data: "
	// metaSetName names the set of a .qdc codebook that carries the
	// block: a codebook has no Description of its own.
	metaSetName = "ownwords data"
	metaVersion = 1
	// metaPrefix starts the last line of a Description of earlier exports.
	metaPrefix = "ownwords: "
)

// projectMeta is ownwords' block of a project (see metaNotice).
type projectMeta struct {
	Version   int         `json:"ownwords_data"`
	Codes     []codeEntry `json:"codes,omitempty"`
	Variables []attrEntry `json:"variables,omitempty"`
	Sources   []srcEntry  `json:"sources,omitempty"`
	Notes     []noteEntry `json:"notes,omitempty"`
	// Adjudicators names the users whose decisions are the consensus
	// layer, for tools that keep only one creating user per coding (the
	// consensus user's) and drop the selection's modifyingUser.
	Adjudicators []string `json:"adjudicators,omitempty"`
}

// codeEntry is a code's metadata, keyed by GUID and by its path of names
// in the file.
type codeEntry struct {
	GUID string   `json:"guid"`
	Path []string `json:"path"`
	codeMeta
}

// attrEntry is a variable's metadata, keyed by GUID and name.
type attrEntry struct {
	GUID string `json:"guid"`
	Name string `json:"name"`
	attrMeta
}

// srcEntry is a text source's metadata, keyed by GUID and by name and
// ordinal among sources of that name (N, from 1; 0 when the name is
// unique). Case and CaseName name the case (participant) it belongs to.
type srcEntry struct {
	GUID     string `json:"guid"`
	Name     string `json:"name"`
	N        int    `json:"n,omitempty"`
	CaseGUID string `json:"case_guid,omitempty"`
	CaseName string `json:"case,omitempty"`
	interviewMeta
}

// noteEntry is a note's metadata, keyed by GUID and by name and ordinal
// (export gives every note a name no other note has, so N is 0 in files
// of this version): the memo's target, found by GUID and by name as other
// elements are, and its title when the note's name is not it.
type noteEntry struct {
	GUID     string `json:"guid"`
	Name     string `json:"name,omitempty"`
	N        int    `json:"n,omitempty"`
	Target   string `json:"target,omitempty"`
	CaseGUID string `json:"case_guid,omitempty"`
	CaseName string `json:"case,omitempty"`
	// Title is the memo's title when the note's name differs from it
	// (made unique, or given to a memo without a title: NoTitle).
	Title   string `json:"title,omitempty"`
	NoTitle bool   `json:"no_title,omitempty"`
	// Author names the memo's author, for tools that keep only users
	// who coded (QualCoder writes the note's creatingUser empty).
	Author string `json:"author,omitempty"`
	// The code of a memo on a code, or of the segment a memo is on: its
	// GUID and its name in the file (unique on export).
	CodeGUID string `json:"code_guid,omitempty"`
	CodeName string `json:"code,omitempty"`
	// The source of a memo on an interview or segment: its GUID, name
	// and ordinal among sources of that name.
	SourceGUID string `json:"source_guid,omitempty"`
	SourceName string `json:"source,omitempty"`
	SourceN    int    `json:"source_n,omitempty"`
	// The segment of a memo on a segment (its selection's GUID, its
	// coding's user by name), or the anchor of an anchored memo: Span
	// holds start and end in code points of the transcript.
	SelectionGUID string `json:"selection_guid,omitempty"`
	Coder         string `json:"coder,omitempty"`
	Span          []int  `json:"span,omitempty"`
}

// metaDescription returns desc followed by the block of m.
func metaDescription(desc string, m *projectMeta) (string, error) {
	m.Version = metaVersion
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("qdpx: ownwords data: %w", err)
	}
	block := metaNotice + "\n" + metaMarker + string(b)
	if desc = strings.TrimSpace(desc); desc != "" {
		return desc + "\n\n" + block, nil
	}
	return block, nil
}

// splitProjectMeta returns a project Description without ownwords' block,
// and the block's JSON (nil if there is none).
func splitProjectMeta(desc string) (string, []byte) {
	i := strings.LastIndex(desc, metaMarker)
	if i < 0 || (i > 0 && desc[i-1] != '\n') {
		return desc, nil
	}
	js := strings.TrimSpace(desc[i+len(metaMarker):])
	rest := strings.TrimRight(desc[:i], "\n")
	if j := strings.LastIndex(rest, "\n"); strings.HasPrefix(strings.TrimSpace(rest[j+1:]), metaNotice[:40]) {
		rest = rest[:max(j, 0)]
	}
	return strings.TrimSpace(rest), []byte(js)
}

// splitMeta returns a description without the ownwords line of earlier
// exports, and that line's JSON (nil if none or not JSON).
func splitMeta(desc string) (string, []byte) {
	i := strings.LastIndex(desc, metaPrefix)
	if i < 0 || (i > 0 && desc[i-1] != '\n') {
		return desc, nil
	}
	js := strings.TrimSpace(desc[i+len(metaPrefix):])
	if !json.Valid([]byte(js)) || !strings.HasPrefix(js, "{") {
		return desc, nil
	}
	return strings.TrimRight(desc[:i], "\n"), []byte(js)
}

// derivedSentence says in words, for people using other tools, that a
// code is derived in ownwords; names are the items' names in the file.
func derivedSentence(d *ownwords.Derivation, names []string) string {
	op := "any of"
	if d.Op == ownwords.DeriveAllOf {
		op = "all of"
	}
	return derivedPrefix + op + " " + strings.Join(names, ", ") + "; not coded directly."
}

// derivedPrefix starts the last paragraph of a derived code's Description.
const derivedPrefix = "Derived in ownwords: "

// splitDerived returns a code Description without its derived sentence.
func splitDerived(desc string) string {
	i := strings.LastIndex(desc, derivedPrefix)
	if i < 0 || (i > 0 && desc[i-1] != '\n') || strings.Contains(desc[i:], "\n") {
		return desc
	}
	return strings.TrimSpace(desc[:i])
}

// codeMeta is what ownwords keeps of a code.
type codeMeta struct {
	Slug string `json:"slug,omitempty"`
	// Label is the code's own label when its name in the file was made
	// unique (uniqueNames).
	Label      string               `json:"label,omitempty"`
	NoLabel    bool                 `json:"no_label,omitempty"`
	Inclusion  string               `json:"inclusion,omitempty"`
	Exclusion  string               `json:"exclusion,omitempty"`
	Example    string               `json:"example,omitempty"`
	Derived    *ownwords.Derivation `json:"derived,omitempty"`
	Deprecated bool                 `json:"deprecated,omitempty"`
	Published  bool                 `json:"published,omitempty"`
}

// attrMeta is what ownwords keeps of a variable.
type attrMeta struct {
	Slug    string   `json:"slug,omitempty"`
	NoLabel bool     `json:"no_label,omitempty"`
	Type    string   `json:"type,omitempty"`
	Values  []string `json:"values,omitempty"`
	Tag     string   `json:"tag,omitempty"`
}

// interviewMeta is what ownwords keeps of a text source.
type interviewMeta struct {
	Date        string `json:"date,omitempty"`
	Place       string `json:"place,omitempty"`
	Language    string `json:"language,omitempty"`
	Interpreter string `json:"interpreter,omitempty"`
	Status      string `json:"status,omitempty"`
	Translation string `json:"translation,omitempty"`
}

// noteMeta is what the ownwords line of a note of earlier exports
// carries: its target when no NoteRef can name it (a case has none in
// REFI-QDA).
type noteMeta struct {
	Target string `json:"target,omitempty"`
	GUID   string `json:"guid,omitempty"`
}

// slugify turns a name into a slug: accents removed, lower case, runs of
// other characters as "_"; "" if nothing is left.
func slugify(name string) string {
	var sb strings.Builder
	under := false
	for _, r := range norm.NFKD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if under && sb.Len() > 0 {
				sb.WriteByte('_')
			}
			under = false
			sb.WriteRune(unicode.ToLower(r))
		case r == '-' && sb.Len() > 0:
			sb.WriteByte('-')
			under = false
		default:
			under = true
		}
		if sb.Len() >= 60 {
			break
		}
	}
	return strings.TrimRight(sb.String(), "-_")
}

// safeName turns a name into a participant code or user name: letters
// and digits kept (lower-cased for users), anything else "_" or "-".
func safeName(name string, lower bool) string {
	var sb strings.Builder
	for _, r := range strings.TrimSpace(name) {
		if lower {
			r = unicode.ToLower(r)
		}
		ok := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '-'
		if lower {
			ok = (r < utf8.RuneSelf && (unicode.IsLower(r) || unicode.IsDigit(r))) || r == '_' || r == '.' || r == '-'
		}
		switch {
		case ok:
			sb.WriteRune(r)
		case sb.Len() > 0 && !strings.HasSuffix(sb.String(), "_"):
			sb.WriteByte('_')
		}
	}
	s := strings.Trim(sb.String(), "_.-")
	for utf8.RuneCountInString(s) > 60 {
		_, n := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-n]
	}
	return s
}
