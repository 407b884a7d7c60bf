package qdpx

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzProjectMeta: ownwords' block written after any project text comes
// back whole, with the text; and no Description makes readMeta panic.
func FuzzProjectMeta(f *testing.F) {
	f.Add("", "Torture (Atrocities admitted)", "P-01_2017-08-16")
	f.Add("A memo a person wrote.\n\nSecond paragraph.", "a\x1fb", "")
	f.Add(metaMarker+"{", "ownwords: {}", metaNotice)
	f.Fuzz(func(t *testing.T, text, code, source string) {
		if !utf8.ValidString(code) || !utf8.ValidString(source) {
			return // names come from checked XML: always UTF-8
		}
		m := &projectMeta{Codes: []codeEntry{{GUID: "g1", Path: []string{"Section", code}}},
			Sources: []srcEntry{{GUID: "g2", Name: source, CaseName: "P-01"}}}
		desc, err := metaDescription(text, m)
		if err != nil {
			t.Fatal(err)
		}
		r := &Report{}
		x := readMeta(&Project{Description: desc}, r)
		if strings.Contains(text, metaMarker) {
			return // a person's text that holds the marker is not ours to split
		}
		if x.text != strings.TrimSpace(text) {
			t.Fatalf("text %q came back as %q", text, x.text)
		}
		if len(r.Dropped) != 0 {
			t.Fatalf("the block did not parse: %+v", r.Dropped)
		}
		if e := x.codes[pathKey([]string{"Section", code})]; e == nil || !reflect.DeepEqual(e.Path, m.Codes[0].Path) {
			t.Fatalf("code entry lost: %+v", e)
		}
		if e := x.sources[nameKey(source, 0)]; e == nil || e.CaseName != "P-01" {
			t.Fatalf("source entry lost: %+v", e)
		}
		// Any Description: no panic.
		readMeta(&Project{Description: text}, &Report{})
		var v map[string]any
		_ = json.Unmarshal([]byte(desc[strings.LastIndex(desc, metaMarker)+len(metaMarker):]), &v)
		if v["ownwords_data"] != float64(metaVersion) {
			t.Fatalf("block without its version: %v", v)
		}
	})
}
