package web

import (
	"html/template"
	"strings"
	"testing"
)

// TestHitRowsMatchTemplate renders hit rows by hand (hitRowsHTML) and by
// html/template (hitRowsTemplate, inside the page's <ol>), for values
// holding every character either escapes, and wants the same bytes.
func TestHitRowsMatchTemplate(t *testing.T) {
	ref := template.Must(template.New("rows").Parse(`<ol>` + hitRowsTemplate + "\n</ol>"))
	nasty := "a\"b'c&d+e<f>g\x00h\u00e9\u202e\ufdd0\ufff0 \t\n%41%zz%4=?#:/@!$*,;[]~._-\\`^{}|\xff\xfe end"
	cases := []struct {
		name string
		ih   interviewHits
	}{
		{"no hits", interviewHits{ID: "iv1"}},
		{"plain", interviewHits{ID: "iv1", Hits: []hitRow{{Before: "we had no ", Match: "food", After: " that winter",
			Anchor: "hit-iv1-10", Href: hitHref("iv1", 10, 14), Value: "10:14:abcdef", Lang: "en", Dir: "ltr"}}}},
		{"other text, aligned", interviewHits{ID: "iv-2", Hits: []hitRow{
			{Before: "قبل ", Match: "طعام", After: " بعد", Anchor: "hit-iv-2-t1-3", Href: textHitHref("iv-2", "t 1&x", 3, 7),
				Lang: "ar", Dir: "rtl", In: "original, ar", Aligned: &alignedRow{Label: "transcript, en", Lang: "en", Dir: "ltr", Text: "I: <food> & \"drink\""}},
			{Before: "", Match: "x", After: "", Anchor: "a", Href: "/interviews/x", Value: "1:2:h", Lang: "", Dir: "auto"},
		}}},
		{"every character", interviewHits{ID: nasty, Hits: []hitRow{{Before: nasty, Match: nasty, After: nasty, Anchor: nasty,
			Href: "/interviews/" + nasty, Value: nasty, Lang: nasty, Dir: nasty, In: nasty,
			Aligned: &alignedRow{Label: nasty, Lang: nasty, Dir: nasty, Text: nasty}}}}},
		{"unsafe scheme", interviewHits{ID: "javascript:alert(1)", Hits: []hitRow{{Match: "m", Href: "javascript:alert(1)", Value: "v"},
			{Match: "m", Href: "HTTPS://example.org/a b"}, {Match: "m", Href: "mailto:a@b"}, {Match: "m", Href: "data:text/html,x"},
			{Match: "m", Href: "/a:b"}, {Match: "m", Href: "%"}, {Match: "m", Href: "%4"}, {Match: "m", Href: "a%4g%41"}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var want strings.Builder
			if err := ref.Execute(&want, tc.ih); err != nil {
				t.Fatal(err)
			}
			if got := "<ol>" + string(hitRowsHTML(&tc.ih)) + "\n</ol>"; got != want.String() {
				t.Errorf("hand-written rows differ from the template's:\n got %q\nwant %q", got, want.String())
			}
		})
	}
}
