package ingest_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/ingest"
)

// codebookPath is the reference study's codebook as the repository holds
// it: the demo's copy of the team's file (demo/shared_test.go keeps the two
// equal).
var codebookPath = filepath.Join("..", "demo", "codebook.json")

func mustReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// refCounts counts the reference codebook's entries independently of
// ReadCodebook, with a generic decode.
type refCounts struct{ sections, items, derived, published, attributes int }

func countCodebook(tb testing.TB, b []byte) refCounts {
	tb.Helper()
	var doc struct {
		Attributes []json.RawMessage `json:"attributes"`
		Sections   []map[string]any  `json:"sections"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		tb.Fatal(err)
	}
	c := refCounts{sections: len(doc.Sections), attributes: len(doc.Attributes)}
	var walk func(entries []any)
	walk = func(entries []any) {
		for _, e := range entries {
			m := e.(map[string]any)
			c.items++
			if m["published"] == true {
				c.published++
			}
			if sub, ok := m["items"].([]any); ok {
				walk(sub)
			}
			if d, ok := m["derived"].([]any); ok {
				c.derived += len(d)
				for _, x := range d {
					if x.(map[string]any)["published"] == true {
						c.published++
					}
				}
			}
		}
	}
	for _, s := range doc.Sections {
		if s["published"] == true {
			c.published++
		}
		if sub, ok := s["items"].([]any); ok {
			walk(sub)
		}
		if d, ok := s["derived"].([]any); ok {
			c.derived += len(d)
			for _, x := range d {
				if x.(map[string]any)["published"] == true {
					c.published++
				}
			}
		}
	}
	return c
}

func mustReadCodebook(tb testing.TB, name string, b []byte) *ingest.CodebookFile {
	tb.Helper()
	cf, err := ingest.ReadCodebook(name, strings.NewReader(string(b)))
	if err != nil {
		tb.Fatal(err)
	}
	return cf
}

func TestReadCodebookReference(t *testing.T) {
	b := mustReadFile(t, codebookPath)
	want := countCodebook(t, b)
	if want.sections != 10 {
		t.Fatalf("reference codebook has %d sections, the study says 10", want.sections)
	}
	cf := mustReadCodebook(t, "codebook.json", b)
	var got refCounts
	got.attributes = len(cf.Attributes)
	paths := map[string]*ownwords.Code{}
	for _, r := range cf.Codes {
		switch {
		case !strings.Contains(r.Path, "/"):
			got.sections++
		case r.Code.Derived != nil:
			got.derived++
		default:
			got.items++
		}
		if r.Code.Published {
			got.published++
		}
		if err := (&ownwords.Code{StudyID: "s", Slug: r.Code.Slug, Color: r.Code.Color}).Validate(); err != nil || r.Code.Color == "" {
			t.Errorf("%s: colour %q: %v", r.Path, r.Code.Color, err)
		}
		if i := strings.LastIndex(r.Path, "/"); i >= 0 && paths[r.Path[:i]] == nil {
			t.Errorf("%s comes before its parent", r.Path)
		}
		paths[r.Path] = &r.Code
	}
	if got != want {
		t.Errorf("read %+v, the file holds %+v", got, want)
	}
	online := paths["influences/online_any"]
	if online == nil || online.Derived == nil || online.Derived.Op != ownwords.DeriveAnyOf ||
		!slices.Equal(online.Derived.Items, []string{"online_videos_passive", "internet_recruiter", "social_media_active"}) {
		t.Errorf("influences/online_any = %+v", online)
	}
	if c := paths["vulnerabilities/discrimination"]; c == nil || !strings.Contains(c.Description, "discriminated") || !c.Published {
		t.Errorf("vulnerabilities/discrimination = %+v", c)
	}
	if c := paths["vulnerabilities"]; c == nil || c.Label != "Vulnerabilities to recruitment" || c.Position != 0 {
		t.Errorf("vulnerabilities = %+v", c)
	}
	for _, a := range cf.Attributes {
		if a.Slug == "region" && (a.Type != ownwords.AttrCategory || len(a.Values) != 9) {
			t.Errorf("region = %+v", a)
		}
		if a.Slug == "interview_date" && a.Type != ownwords.AttrDate {
			t.Errorf("interview_date = %+v", a)
		}
	}
	again := mustReadCodebook(t, "codebook.json", b)
	for i := range cf.Codes {
		if cf.Codes[i].Code.Color != again.Codes[i].Code.Color {
			t.Fatalf("colours differ between reads at %s", cf.Codes[i].Path)
		}
	}
}

func TestReadCodebookNested(t *testing.T) {
	cf := mustReadCodebook(t, "nested.json", []byte(`{"sections": [
		{"slug": "roles", "label": "Roles", "color": "#112233", "items": [
			{"slug": "combat", "inclusion": "carried arms", "exclusion": "training only", "example": "I was at the front", "items": [
				{"slug": "fighter"},
				{"slug": "sniper", "items": [{"slug": "night"}]},
				{"slug": "ribat"}
			], "derived": [{"slug": "armed", "all_of": ["fighter", "ribat"], "label": "Armed"}]},
			{"slug": "support"}
		]}
	]}`))
	var paths []string
	for _, r := range cf.Codes {
		paths = append(paths, r.Path)
	}
	want := []string{"roles", "roles/combat", "roles/combat/fighter", "roles/combat/sniper", "roles/combat/sniper/night", "roles/combat/ribat", "roles/combat/armed", "roles/support"}
	if !slices.Equal(paths, want) {
		t.Fatalf("paths %v, want %v", paths, want)
	}
	c := cf.Codes[1].Code
	if c.Inclusion != "carried arms" || c.Exclusion != "training only" || c.Example != "I was at the front" {
		t.Errorf("combat definitions %+v", c)
	}
	if cf.Codes[0].Code.Color != "#112233" {
		t.Errorf("explicit colour lost: %q", cf.Codes[0].Code.Color)
	}
	armed := cf.Codes[6].Code
	if armed.Derived == nil || armed.Derived.Op != ownwords.DeriveAllOf || armed.Position != 3 || armed.Label != "Armed" {
		t.Errorf("armed = %+v", armed)
	}
	if cf.Codes[5].Code.Position != 2 || cf.Codes[7].Code.Position != 1 {
		t.Errorf("positions: ribat %d, support %d", cf.Codes[5].Code.Position, cf.Codes[7].Code.Position)
	}
}

func TestReadCodebookErrors(t *testing.T) {
	deep := `{"slug": "x"}`
	for range 17 {
		deep = `{"slug": "x", "items": [` + deep + `]}`
	}
	tests := []struct {
		name  string
		text  string
		parts []string
	}{
		{"ErrSyntax", "{\"sections\": [\n  {\"slug\": \"a\",}\n]}", []string{"cb.json line 2, column 16: invalid JSON"}},
		{"ErrNoSections", `{"attributes": []}`, []string{`cb.json: no "sections"`}},
		{"ErrUnknownTopKey", `{"sections": [{"slug": "a"}], "sectoins": []}`, []string{`cb.json: unknown key "sectoins"`}},
		{"ErrUnknownItemKey", `{"sections": [{"slug": "a", "items": [{"slug": "b"}, {"slug": "c", "descripton": "x"}]}]}`, []string{`cb.json sections[0].items[1]: unknown key "descripton"`}},
		{"ErrWrongType", `{"sections": [{"slug": "a", "published": "yes"}]}`, []string{`cb.json sections[0]: key "published": want true or false, not a JSON string`}},
		{"ErrBadSlug", `{"sections": [{"slug": "a", "items": [{"slug": "Poverty"}]}]}`, []string{`cb.json sections[0].items[0] (a/Poverty):`, "slug must be lowercase"}},
		{"ErrBadColour", `{"sections": [{"slug": "a", "color": "red"}]}`, []string{`cb.json sections[0] (a):`, `colour "red" is not #rrggbb`}},
		{"ErrDuplicateSlug", `{"sections": [{"slug": "a", "items": [{"slug": "b"}], "derived": [{"slug": "b", "any_of": ["b"]}]}]}`, []string{`sections[0].derived[0] (a/b): slug "b" is used twice`}},
		{"ErrDerivedNamesNonSibling", `{"sections": [{"slug": "a", "items": [{"slug": "b"}], "derived": [{"slug": "d", "any_of": ["b", "z"]}]}]}`, []string{`sections[0].derived[0] (a/d): any_of names "z"`}},
		{"ErrDerivedBothOps", `{"sections": [{"slug": "a", "items": [{"slug": "b"}], "derived": [{"slug": "d", "any_of": ["b"], "all_of": ["b"]}]}]}`, []string{`both "any_of" and "all_of"`}},
		{"ErrDerivedNoOp", `{"sections": [{"slug": "a", "items": [{"slug": "b"}], "derived": [{"slug": "d"}]}]}`, []string{`needs "any_of" or "all_of"`}},
		{"ErrAttributeType", `{"attributes": [{"slug": "age", "type": "years"}], "sections": [{"slug": "a"}]}`, []string{`cb.json attributes[0] (age): attribute age: unknown type "years"`}},
		{"ErrAttributeValuesNotCategory", `{"attributes": [{"slug": "age", "type": "integer", "values": ["1"]}], "sections": [{"slug": "a"}]}`, []string{"only categories list values"}},
		{"ErrTooDeep", `{"sections": [` + deep + `]}`, []string{"nested deeper than 16 levels"}},
		{"ErrNotObject", `[1, 2]`, []string{"cb.json: want a JSON object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ingest.ReadCodebook("cb.json", strings.NewReader(tt.text))
			wantError(t, err, ownwords.EINVALID, tt.parts...)
		})
	}
}
