package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"ownwords"
)

// decodeJSON renders rep as JSON and decodes it generically.
func decodeJSON(tb testing.TB, rep *Report) map[string]any {
	tb.Helper()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, rep); err != nil {
		tb.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		tb.Fatalf("output is not JSON: %v", err)
	}
	return out
}

func TestPublicShowsNoSmallCount(t *testing.T) {
	rep := mustBuild(t, AudiencePublic)
	out := decodeJSON(t, rep)
	small := func(v any) bool { f, ok := v.(float64); return ok && f >= 1 && f < float64(rep.K) }
	suppressed := 0
	for _, f := range out["figures"].([]any) {
		f := f.(map[string]any)
		if f["section"] == "distinct" {
			continue // counts values, not people
		}
		if small(f["n"]) {
			t.Errorf("figure %v shows a count below k=%d", f, rep.K)
		}
		if f["suppressed"] == true {
			suppressed++
			if f["n"] != nil || f["percent"] != nil {
				t.Errorf("suppressed figure %v shows n or percent", f)
			}
		}
		if f["group"] == "european_women" && f["section"] != "sample" && (f["n"] != nil || f["denominator"] != nil) {
			t.Errorf("figure %v of the hidden group shows numbers", f)
		}
	}
	if suppressed == 0 {
		t.Fatal("no figure suppressed: the fixture should need suppression")
	}
	for _, c := range out["cooccurrence"].([]any) {
		c := c.(map[string]any)
		for _, key := range []string{"n_ab", "n_a", "n_b", "n"} {
			if small(c[key]) {
				t.Errorf("cooccurrence %v shows %s below k", c, key)
			}
		}
		if c["suppressed"] == true && c["lift"] != nil {
			t.Errorf("cooccurrence %v shows a lift over suppressed counts", c)
		}
	}
	for _, r := range out["rankings"].([]any) {
		for _, e := range r.(map[string]any)["items"].([]any) {
			if small(e.(map[string]any)["n"]) {
				t.Errorf("ranking entry %v shows a count below k", e)
			}
		}
	}
	for _, x := range out["crosstabs"].([]any) {
		x := x.(map[string]any)
		for _, row := range x["counts"].([]any) {
			for _, n := range row.([]any) {
				if small(n) {
					t.Errorf("crosstab shows a count below k: %v", x["counts"])
				}
			}
		}
	}
}

func TestSuppressorSeesEveryCountTable(t *testing.T) {
	sup := &lineComplement{}
	if _, err := Build(mustResult(t), Options{Audience: AudiencePublic, Suppressor: sup}); err != nil {
		t.Fatal(err)
	}
	want := "sample vulnerabilities roles attributes.origin attributes.status attributes.country cooccurrence crosstab.origin.vulnerabilities/poverty"
	if got := strings.Join(sup.calls, " "); got != want {
		t.Errorf("Suppressor called on %q, want %q", got, want)
	}
	team := &lineComplement{}
	if _, err := Build(mustResult(t), Options{Audience: AudienceTeam, Suppressor: team}); err != nil {
		t.Fatal(err)
	}
	if len(team.calls) != 0 {
		t.Errorf("Suppressor called for the team on %v", team.calls)
	}
}

func TestFinalize(t *testing.T) {
	tests := []struct {
		name      string
		cells     []Cell // one column
		total     Cell
		wantText  []string
		wantTotal string
	}{
		{"PrimaryOnlyShowsBelowK", []Cell{{N: 2, Suppressed: true}, {N: 9}}, Cell{N: 11}, []string{"<5", "9"}, "11"},
		{"ComplementaryShowsDashes", []Cell{{N: 2, Suppressed: true}, {N: 7, Suppressed: true}, {N: 9}}, Cell{N: 18}, []string{"—", "—", "9"}, "18"},
		{"HiddenColumnShowsDashes", []Cell{{N: 2}, {N: 0}}, Cell{N: 2, Suppressed: true}, []string{"—", "—"}, "<5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := &Table{Columns: []Column{{Key: "g"}}, Totals: []Cell{tt.total}}
			for _, c := range tt.cells {
				c.Denominator = tt.total.N
				tab.Rows = append(tab.Rows, Row{Cells: []Cell{c}})
			}
			finalize(tab, 5)
			for i, r := range tab.Rows {
				c := r.Cells[0]
				if got := countText(c, 5); got != tt.wantText[i] {
					t.Errorf("row %d shows %q, want %q", i, got, tt.wantText[i])
				}
				if c.Suppressed && (c.N != 0 || percentText(c) != "") {
					t.Errorf("row %d keeps its count %d or percent after suppression", i, c.N)
				}
			}
			if got := countText(tab.Totals[0], 5); got != tt.wantTotal {
				t.Errorf("total shows %q, want %q", got, tt.wantTotal)
			}
		})
	}
}

type failingSuppressor struct{}

func (failingSuppressor) Suppress(*Table, int) error {
	return ownwords.Errorf(ownwords.EINVALID, "table is malformed")
}

func TestBuildErrors(t *testing.T) {
	boom := errors.New("vault locked")
	tests := []struct {
		name string
		opt  Options
		want string
	}{
		{"ErrAudience", Options{Audience: "press"}, `report: audience "press": want team or public`},
		{"ErrK", Options{K: 101}, "report: disclosure k 101: want 1..100"},
		{"ErrSuppressor", Options{Suppressor: failingSuppressor{}}, "table is malformed"},
		{"ErrQuoteSource", Options{Audience: AudienceTeam, Quotes: func(*ownwords.Segment) (string, error) { return "", boom }}, "internal error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(mustResult(t), tt.opt)
			if err == nil || ownwords.ErrorMessage(err) != tt.want {
				t.Errorf("Build error = %v, want message %q", err, tt.want)
			}
		})
	}
	t.Run("ErrNoResult", func(t *testing.T) {
		if _, err := Build(nil, Options{}); ownwords.ErrorCode(err) != ownwords.EINVALID {
			t.Errorf("Build(nil) error = %v, want %s", err, ownwords.EINVALID)
		}
	})
	t.Run("DefaultsToPublicWithStudyK", func(t *testing.T) {
		rep, err := Build(mustResult(t), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Audience != AudiencePublic || rep.K != 3 {
			t.Errorf("default report audience %q k %d, want public and the study's 3", rep.Audience, rep.K)
		}
	})
}

func TestPublicModesFollowSuppression(t *testing.T) {
	rep := mustBuild(t, AudiencePublic)
	checked := 0
	for _, m := range rep.Modes {
		for _, tab := range rep.Attributes {
			if tab.ID != "attributes."+m.Attribute {
				continue
			}
			for gi, mode := range m.Modes {
				if columnHides(tab, gi) && (!mode.N.Suppressed || mode.Value != "") {
					t.Errorf("mode of %s in %s shown (%+v) while its table hides a count", m.Attribute, rep.Groups[gi].Name, mode)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no mode checked")
	}
	// status among men: defector 3, prisoner 3, returnee 2: the returnee
	// count is suppressed, so "a tie at 3" may not be shown.
	if m := rep.Modes[1]; m.Attribute != "status" || !m.Modes[1].N.Suppressed {
		t.Errorf("status mode among men = %+v, want suppressed", m.Modes[1])
	}
}
