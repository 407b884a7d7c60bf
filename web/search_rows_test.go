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

// TestCodeOptionsMatchTemplate: the search page's code lists written by
// hand are the templates' output, byte for byte, whatever the labels and
// paths hold.
func TestCodeOptionsMatchTemplate(t *testing.T) {
	nasty := "a\"b'c&d+e<f>g\x00h\u00e9\u202e\ufdd0\ufff0 \t\n%41%zz%4=?#:/@!$*,;[]~._-\\`^{}|\xff\xfe end"
	inside := template.Must(template.New("inside").Parse(`<select>` + codeChoiceTemplate + "\n</select>"))
	outside := template.Must(template.New("outside").Parse(`<select>` + strings.ReplaceAll(codeChoiceTemplate, ".Inside", ".Outside") + "\n</select>"))
	bar := template.Must(template.New("bar").Parse(`<select><option value="">choose a code</option>` + codeBarTemplate + "\n</select>"))
	render := func(tmpl *template.Template, data any) string {
		t.Helper()
		var b strings.Builder
		if err := tmpl.Execute(&b, data); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, choices := range [][]codeChoice{
		nil,
		{{Label: "Disillusionment", Path: "disillusionment"}, {Label: "Lack of food", Path: "disillusionment/lack_of_food", Depth: 1, Inside: true},
			{Label: "Prices", Path: "disillusionment/prices", Depth: 1, Outside: true}, {Label: "Both", Path: "b", Depth: 12, Inside: true, Outside: true}},
		{{Label: nasty, Path: nasty, Depth: -1, Inside: true}, {Label: "اللاجئون", Path: "روح/x", Depth: 2, Outside: true}},
	} {
		if got, want := `<select>`+string(codeChoiceOptions(choices, false))+"\n</select>", render(inside, choices); got != want {
			t.Errorf("inside options differ from the template's:\n got %q\nwant %q", got, want)
		}
		if got, want := `<select>`+string(codeChoiceOptions(choices, true))+"\n</select>", render(outside, choices); got != want {
			t.Errorf("outside options differ from the template's:\n got %q\nwant %q", got, want)
		}
	}
	for _, h := range []hitsView{
		{},
		{Code: "c2", Codes: []codeItem{{ID: "c1", Label: "Section", Path: "section"}, {ID: "c2", Label: "Food", Path: "section/food", Applicable: true},
			{ID: "c3", Label: "Old", Path: "section/old", Applicable: false, Deprecated: true}, {ID: "c4", Label: "Prices", Path: "section/prices", Applicable: true}}},
		{Code: nasty, Codes: []codeItem{{ID: nasty, Label: nasty, Path: nasty, Applicable: true}, {ID: "x", Label: "<b>", Path: "&", Applicable: true}}},
	} {
		if got, want := `<select><option value="">choose a code</option>`+string(h.CodeOptions())+"\n</select>", render(bar, h); got != want {
			t.Errorf("code bar options differ from the template's:\n got %q\nwant %q", got, want)
		}
	}
}
