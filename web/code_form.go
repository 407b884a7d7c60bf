package web

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"ownwords"
	"ownwords/gate"
)

// maxDefinitionBytes bounds each definition field of a code.
const maxDefinitionBytes = 16 << 10

// parseCodeForm reads and checks a code form: what the codebook editor
// sends to add a code or change its definitions. Text is trimmed and put in
// NFC; errors name the field.
func parseCodeForm(v url.Values) (gate.CodeDraft, error) {
	f := gate.CodeDraft{ParentID: strings.TrimSpace(v.Get("parent_id")), Slug: strings.TrimSpace(v.Get("slug")),
		Color: strings.ToLower(strings.TrimSpace(v.Get("color"))), Deprecated: v.Get("deprecated") == "on" || v.Get("deprecated") == "true"}
	for _, fld := range []struct {
		name string
		dst  *string
	}{{"label", &f.Label}, {"description", &f.Description}, {"inclusion", &f.Inclusion}, {"exclusion", &f.Exclusion}, {"example", &f.Example}} {
		s := strings.TrimSpace(strings.ReplaceAll(v.Get(fld.name), "\r\n", "\n"))
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			return f, ownwords.Errorf(ownwords.EINVALID, "%s: invalid text", fld.name)
		}
		if len(s) > maxDefinitionBytes {
			return f, ownwords.Errorf(ownwords.EINVALID, "%s: longer than %d KiB", fld.name, maxDefinitionBytes>>10)
		}
		*fld.dst = norm.NFC.String(s)
	}
	if !ownwords.ValidSlug(f.Slug) {
		return f, ownwords.Errorf(ownwords.EINVALID, "slug %q: use lowercase letters, digits, '_' or '-' (at most 64)", f.Slug)
	}
	if f.Color != "" && !hexColor.MatchString(f.Color) {
		return f, ownwords.Errorf(ownwords.EINVALID, "colour %q: use #rrggbb", f.Color)
	}
	return f, nil
}
