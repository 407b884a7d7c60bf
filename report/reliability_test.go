package report

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"ownwords"
	"ownwords/reliability"
)

func TestDoubleCodedNeedsTwoCodersOnOneInterview(t *testing.T) {
	seg := func(iv, coder string, layer string) *ownwords.Segment {
		return &ownwords.Segment{InterviewID: iv, CoderID: coder, Layer: layer, CodeID: "c", End: 1}
	}
	lengths := map[string]int{"i1": 10, "i2": 10}
	tests := []struct {
		name string
		segs []*ownwords.Segment
		want bool
	}{
		{"no segments", nil, false},
		{"one coder on two interviews", []*ownwords.Segment{seg("i1", "a", ownwords.LayerCoder), seg("i2", "a", ownwords.LayerCoder)}, false},
		{"two coders on different interviews", []*ownwords.Segment{seg("i1", "a", ownwords.LayerCoder), seg("i2", "b", ownwords.LayerCoder)}, false},
		{"second coder only in the consensus layer", []*ownwords.Segment{seg("i1", "a", ownwords.LayerCoder), seg("i1", "b", ownwords.LayerConsensus)}, false},
		{"second coder on an interview of another study", []*ownwords.Segment{seg("i1", "a", ownwords.LayerCoder), seg("x", "b", ownwords.LayerCoder), seg("x", "a", ownwords.LayerCoder)}, false},
		{"two coders on one interview", []*ownwords.Segment{seg("i1", "a", ownwords.LayerCoder), seg("i2", "a", ownwords.LayerCoder), seg("i2", "b", ownwords.LayerCoder)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := doubleCoded(reliability.Input{Lengths: lengths, Segments: tt.segs}); got != tt.want {
				t.Errorf("doubleCoded = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRareCodeIsOneSomeCoderAppliedInFewerThanKInterviews(t *testing.T) {
	tests := []struct {
		name    string
		applied map[string]int
		want    bool
	}{
		{"both at k", map[string]int{"ana": 3, "ben": 3}, false},
		{"one below k", map[string]int{"ana": 9, "ben": 2}, true},
		{"one never applied it", map[string]int{"ana": 9}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := reliability.Row{Presence: reliability.Presence{Applied: tt.applied}}
			if got := rareCode(r, []string{"ana", "ben"}, 3); got != tt.want {
				t.Errorf("rareCode = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestDemoReportsCarryTheReliabilityTable checks the reliability section of
// the demo study's reports: about 80 codes, mostly reliable, in the team
// report; the public one compares only the interviews whose comparison is
// open (coders read it), leaves out every code a coder applied in fewer
// than k of them, keeps the others' figures and numbers the coders.
func TestDemoReportsCarryTheReliabilityTable(t *testing.T) {
	team, public, db, id := mustDemoStudyReports(t)
	tr, pr := team.Reliability, public.Reliability
	if tr == nil || pr == nil {
		t.Fatalf("reliability section missing: team %v, public %v", tr != nil, pr != nil)
	}
	if n := len(tr.Codes); n < 60 || n > 100 {
		t.Errorf("team report: %d codes, want about 80", n)
	}
	if len(tr.Coders) != 2 || tr.Interviews < 2 || tr.Pooled == nil || tr.Hidden != 0 || tr.MinInterviews != 0 {
		t.Errorf("team report: coders %v, %d interviews, pooled %v, hidden %d, min %d", tr.Coders, tr.Interviews, tr.Pooled != nil, tr.Hidden, tr.MinInterviews)
	}
	flags := map[string]int{}
	for _, r := range tr.Codes {
		flags[r.Flag]++
	}
	if defined := len(tr.Codes) - flags[reliability.FlagUndefined]; float64(flags[reliability.FlagReliable]) < 0.7*float64(defined) {
		t.Errorf("team report: %d of %d defined codes reliable (%v), want most", flags[reliability.FlagReliable], defined, flags)
	}

	// What the public section shows: the team's figures over the compared
	// interviews only.
	in, err := reliability.LoadInput(t.Context(), db, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := comparedOnly(t.Context(), db, id, &in); err != nil {
		t.Fatal(err)
	}
	compared, err := reliability.Compute(in, reliability.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if compared.Interviews >= tr.Interviews || compared.Interviews < 2 {
		t.Fatalf("%d compared interviews of %d double-coded: the demo should leave a few in blind coding", compared.Interviews, tr.Interviews)
	}
	k := public.K
	var rare []string
	teamRows := map[string]reliability.Row{}
	for _, r := range compared.Codes {
		teamRows[r.Code] = r
		if rareCode(r, tr.Coders, k) {
			rare = append(rare, r.Code)
		}
	}
	t.Logf("team: %d codes %v; public (k=%d): %d shown, %d hidden", len(tr.Codes), flags, k, len(pr.Codes), pr.Hidden)
	if len(rare) == 0 {
		t.Fatal("the demo has no rare code: the public filter is untested")
	}
	if pr.Hidden != len(rare) || len(pr.Codes) != len(compared.Codes)-len(rare) || pr.MinInterviews != k {
		t.Errorf("public report: %d shown, %d hidden, min %d; want %d shown, %d hidden, min %d",
			len(pr.Codes), pr.Hidden, pr.MinInterviews, len(compared.Codes)-len(rare), len(rare), k)
	}
	if want := []string{"coder 1", "coder 2"}; strings.Join(pr.Coders, ",") != strings.Join(want, ",") {
		t.Errorf("public coders = %v, want %v", pr.Coders, want)
	}
	for _, r := range pr.Codes {
		if rareCode(r, pr.Coders, k) {
			t.Errorf("public report shows rare code %s (applied %v)", r.Code, r.Presence.Applied)
		}
		want, ok := teamRows[r.Code]
		if !ok {
			t.Errorf("public code %s is not among the compared interviews' codes", r.Code)
			continue
		}
		if measureText(r.Presence.Alpha) != measureText(want.Presence.Alpha) || measureText(r.Segment.Alpha) != measureText(want.Segment.Alpha) || r.Flag != want.Flag {
			t.Errorf("%s: public α %s / u-α %s / %s, team α %s / u-α %s / %s", r.Code,
				measureText(r.Presence.Alpha), measureText(r.Segment.Alpha), r.Flag,
				measureText(want.Presence.Alpha), measureText(want.Segment.Alpha), want.Flag)
		}
	}
	if pr.Pooled == nil || pr.Pooled.Presence.Units != compared.Interviews*len(pr.Codes) {
		t.Errorf("public pooled row should cover the %d codes shown over %d interviews", len(pr.Codes), compared.Interviews)
	}

	t.Run("renderings", func(t *testing.T) {
		for _, w := range []struct {
			name  string
			write func(io.Writer, *Report) error
		}{{"text", WriteText}, {"markdown", WriteMarkdown}, {"html", WriteHTML}} {
			for _, rep := range []*Report{team, public} {
				out := mustRender(t, w.write, rep)
				for _, want := range []string{reliabilityTitle, "667 unacceptable", "tentative", reliability.FlagReliable} {
					if !strings.Contains(out, want) {
						t.Errorf("%s %s: no %q", w.name, rep.Audience, want)
					}
				}
				hiddenNote := strings.Contains(out, "fewer than")
				if hiddenNote != (rep.Audience == AudiencePublic) {
					t.Errorf("%s %s: note on hidden codes shown = %v", w.name, rep.Audience, hiddenNote)
				}
				for _, code := range rare {
					if rep.Audience == AudiencePublic && strings.Contains(out, code) {
						t.Errorf("%s public: rare code %s shown", w.name, code)
					}
				}
			}
		}
		for _, name := range tr.Coders {
			if out := mustRender(t, WriteJSON, public); strings.Contains(out, `"`+name+`"`) {
				t.Errorf("public JSON names coder %q", name)
			}
		}
	})

	t.Run("json", func(t *testing.T) {
		var got struct {
			Reliability *struct {
				Coders []string `json:"coders"`
				Codes  []struct {
					Code          string               `json:"code"`
					Units         int                  `json:"units"`
					PresenceAlpha reliability.Measure  `json:"presence_alpha"`
					CohenKappa    *reliability.Measure `json:"cohen_kappa"`
					Flag          string               `json:"flag"`
				} `json:"codes"`
				Pooled      *struct{ Flag string } `json:"pooled"`
				HiddenCodes *int                   `json:"hidden_codes"`
			} `json:"reliability"`
		}
		if err := json.Unmarshal([]byte(mustRender(t, WriteJSON, public)), &got); err != nil {
			t.Fatal(err)
		}
		rel := got.Reliability
		if rel == nil || len(rel.Codes) != len(pr.Codes) || rel.Pooled == nil || rel.HiddenCodes == nil || *rel.HiddenCodes != len(rare) {
			t.Fatalf("public JSON reliability = %+v", rel)
		}
		for _, c := range rel.Codes {
			if c.Code == "" || c.Units != compared.Interviews || c.Flag != reliability.Flag(c.PresenceAlpha.Value) || c.CohenKappa == nil {
				t.Errorf("JSON row %+v", c)
			}
		}
	})
}

// mustRender renders rep with write or fails the test.
func mustRender(tb testing.TB, write func(io.Writer, *Report) error, rep *Report) string {
	tb.Helper()
	var buf bytes.Buffer
	if err := write(&buf, rep); err != nil {
		tb.Fatal(err)
	}
	return buf.String()
}
