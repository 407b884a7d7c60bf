package report

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestWriteJSONContract(t *testing.T) {
	out := decodeJSON(t, mustBuild(t, AudienceTeam))
	if out["audience"] != "team" || out["plan"] != "fixture" || out["study"] != "Synthetic study <b>" {
		t.Errorf("head = %v %v %v", out["audience"], out["plan"], out["study"])
	}
	find := func(section, item, group string) map[string]any {
		for _, f := range out["figures"].([]any) {
			f := f.(map[string]any)
			if f["section"] == section && f["item"] == item && f["group"] == group {
				return f
			}
		}
		t.Fatalf("no figure %s/%s/%s", section, item, group)
		return nil
	}
	tests := []struct {
		section, item, group string
		want                 map[string]any
	}{
		{"sample", "participants", "men", map[string]any{"n": 8.0, "denominator": 14.0, "percent": 57.1}},
		{"vulnerabilities", "poverty", "women", map[string]any{"n": 4.0, "denominator": 6.0, "percent": 66.7}},
		{"roles", "fighter_or_ribat", "men", map[string]any{"n": 7.0, "denominator": 8.0, "percent": 87.5}},
		{"attributes.origin", "foreign", "european_women", map[string]any{"n": 2.0, "denominator": 2.0, "percent": 100.0}},
		{"distinct", "country", "all", map[string]any{"n": 6.0, "denominator": 14.0, "percent": nil}},
		{"mode", "country", "all", map[string]any{"value": "Iraq", "n": 6.0, "denominator": 14.0, "percent": 42.9}},
		{"mode", "origin", "all", map[string]any{"value": "", "n": 7.0, "denominator": 14.0, "percent": 50.0}},
	}
	for _, tt := range tests {
		f := find(tt.section, tt.item, tt.group)
		for k, v := range tt.want {
			if !reflect.DeepEqual(f[k], v) {
				t.Errorf("%s/%s/%s %s = %v, want %v", tt.section, tt.item, tt.group, k, f[k], v)
			}
		}
		if _, ok := f["suppressed"]; ok {
			t.Errorf("team figure %v carries suppressed", f)
		}
	}
	co := out["cooccurrence"].([]any)[0].(map[string]any)
	want := map[string]any{"group": "all", "a": "vulnerabilities/criminal_history", "b": "roles/fighter",
		"n_ab": 3.0, "n_a": 4.0, "n_b": 6.0, "n": 14.0, "lift": 1.75}
	if !reflect.DeepEqual(co, want) {
		t.Errorf("cooccurrence[0] = %v, want %v (lift 3*14/(4*6))", co, want)
	}
}

func TestWriteJSONEscapesMarkup(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, mustBuild(t, AudienceTeam)); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "\u202E", "\x1b"} {
		if strings.Contains(buf.String(), bad) {
			t.Errorf("JSON holds %q", bad)
		}
	}
}
