package demo

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// envSharedStudy names the directory of the team's copy of the reference
// study (codebook.json, published.json). The repository holds its own
// copies, embedded in this package; when the variable is set, the tests
// check that they still say what the team's do.
const envSharedStudy = "OWNWORDS_SHARED_STUDY"

// TestEmbeddedStudyMatchesTeamCopy compares the embedded codebook and
// published checks with the team's files as JSON values: the same keys,
// values and array order, whatever the whitespace or key order. It runs
// only when envSharedStudy is set, and fails when it names no directory.
func TestEmbeddedStudyMatchesTeamCopy(t *testing.T) {
	dir := os.Getenv(envSharedStudy)
	if dir == "" {
		t.Skipf("%s is not set: the embedded codebook.json and published.json are not compared with the team's copies", envSharedStudy)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Fatalf("%s=%q is not a directory (%v)", envSharedStudy, dir, err)
	}
	for _, f := range []struct {
		name     string
		embedded []byte
	}{
		{"codebook.json", codebookJSON},
		{"published.json", publishedJSON},
	} {
		t.Run(f.name, func(t *testing.T) {
			team, err := os.ReadFile(filepath.Join(dir, f.name))
			if err != nil {
				t.Fatal(err)
			}
			if diffs := jsonDiff(t, f.embedded, team); len(diffs) > 0 {
				t.Errorf("demo/%s (first) and %s differ at %d place(s), e.g.:\n  %s\ncopy the team's file over demo/%s",
					f.name, filepath.Join(dir, f.name), len(diffs), strings.Join(diffs[:min(len(diffs), 10)], "\n  "), f.name)
			}
		})
	}
}

// TestJSONDiff checks the comparison itself, so that the test above cannot
// pass by comparing nothing.
func TestJSONDiff(t *testing.T) {
	for _, tt := range []struct {
		name, a, b string
		want       []string
	}{
		{"EqualDespiteLayout", `{"a": [1, {"b": "x"}], "c": null}`, "{\"c\":null,\n\"a\":[1,{\"b\":\"x\"}]}", nil},
		{"ValueDiffers", `{"a": [1, {"b": "x"}]}`, `{"a": [1, {"b": "y"}]}`, []string{`$.a[1].b: "x" vs "y"`}},
		{"KeyMissing", `{"a": 1}`, `{"a": 1, "label": "A"}`, []string{`$.label: missing vs "A"`}},
		{"ArrayLength", `[1, 2]`, `[1]`, []string{`$[1]: 2 vs missing`}},
		{"TypeDiffers", `{"a": true}`, `{"a": "true"}`, []string{`$.a: true vs "true"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := jsonDiff(t, []byte(tt.a), []byte(tt.b)); !slices.Equal(got, tt.want) {
				t.Errorf("jsonDiff = %q, want %q", got, tt.want)
			}
		})
	}
}

// jsonDiff decodes a and b and lists where their values differ, as JSON
// paths in a stable order.
func jsonDiff(tb testing.TB, a, b []byte) []string {
	tb.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		tb.Fatalf("embedded copy: %v", err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		tb.Fatalf("team copy: %v", err)
	}
	var out []string
	var walk func(path string, x, y any, okX, okY bool)
	walk = func(path string, x, y any, okX, okY bool) {
		show := func(v any, ok bool) string {
			if !ok {
				return "missing"
			}
			s, _ := json.Marshal(v)
			return string(s)
		}
		switch {
		case !okX || !okY:
			out = append(out, fmt.Sprintf("%s: %s vs %s", path, show(x, okX), show(y, okY)))
			return
		}
		mx, isMapX := x.(map[string]any)
		my, isMapY := y.(map[string]any)
		if isMapX && isMapY {
			keys := make([]string, 0, len(mx)+len(my))
			for k := range mx {
				keys = append(keys, k)
			}
			for k := range my {
				if _, ok := mx[k]; !ok {
					keys = append(keys, k)
				}
			}
			slices.Sort(keys)
			for _, k := range keys {
				vx, okx := mx[k]
				vy, oky := my[k]
				walk(path+"."+k, vx, vy, okx, oky)
			}
			return
		}
		ax, isArrX := x.([]any)
		ay, isArrY := y.([]any)
		if isArrX && isArrY {
			for i := range max(len(ax), len(ay)) {
				var vx, vy any
				if i < len(ax) {
					vx = ax[i]
				}
				if i < len(ay) {
					vy = ay[i]
				}
				walk(fmt.Sprintf("%s[%d]", path, i), vx, vy, i < len(ax), i < len(ay))
			}
			return
		}
		if !reflect.DeepEqual(x, y) {
			out = append(out, fmt.Sprintf("%s: %s vs %s", path, show(x, true), show(y, true)))
		}
	}
	walk("$", va, vb, true, true)
	return out
}
