package qdpx

import (
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"ownwords"
)

// metaPrefix starts the last line of a Description that carries what
// REFI-QDA has no element for (a code's slug, definitions and derivation,
// an attribute's type and categories, an interview's date and language):
// other tools show it as text and keep it; ownwords reads it back.
const metaPrefix = "ownwords: "

// splitMeta returns a description without its ownwords line, and that
// line's JSON (nil if none or not JSON).
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

// joinMeta appends v as the ownwords line of a description.
func joinMeta(desc string, v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "{}" {
		return desc
	}
	if desc == "" {
		return metaPrefix + string(b)
	}
	return desc + "\n\n" + metaPrefix + string(b)
}

// codeMeta is what a code's ownwords line carries.
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

// attrMeta is what a variable's ownwords line carries.
type attrMeta struct {
	Slug    string   `json:"slug,omitempty"`
	NoLabel bool     `json:"no_label,omitempty"`
	Type    string   `json:"type,omitempty"`
	Values  []string `json:"values,omitempty"`
	Tag     string   `json:"tag,omitempty"`
}

// interviewMeta is what a text source's ownwords line carries.
type interviewMeta struct {
	Date        string `json:"date,omitempty"`
	Place       string `json:"place,omitempty"`
	Language    string `json:"language,omitempty"`
	Interpreter string `json:"interpreter,omitempty"`
	Status      string `json:"status,omitempty"`
	Translation string `json:"translation,omitempty"`
}

// noteMeta is what a note's ownwords line carries: its target when no
// NoteRef can name it (a case has none in REFI-QDA).
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
