package demo

import (
	"strings"
	"testing"

	"ownwords"
)

// clone copies a report deeply enough to break one figure.
func (r *testReport) clone() *testReport {
	c := *r
	c.Figures = append([]testFigure(nil), r.Figures...)
	c.Cooccurrence = append([]testCooc(nil), r.Cooccurrence...)
	return &c
}

func TestParseChecks(t *testing.T) {
	if n := len(PublishedChecks().Checks); n < 50 {
		t.Fatalf("published.json holds %d checks", n)
	}
	for kind := range PublishedChecks().Kinds {
		if !checkKinds[kind] {
			t.Errorf("published kind %q is not implemented", kind)
		}
	}
	tests := []struct {
		name, json string
		ok         bool
	}{
		{"OK", `{"groups": {"all": {}}, "checks": [{"kind": "count", "section": "sample", "item": "participants", "group": "all", "n": 1}]}`, true},
		{"ErrUnknownKind", `{"groups": {"all": {}}, "checks": [{"kind": "median", "group": "all"}]}`, false},
		{"ErrUnknownGroup", `{"groups": {"all": {}}, "checks": [{"kind": "count", "group": "men"}]}`, false},
		{"ErrUnknownThan", `{"groups": {"all": {}}, "checks": [{"kind": "greater", "group": "all", "than": "x"}]}`, false},
		{"ErrUnknownField", `{"groups": {"all": {}}, "checks": [{"kind": "count", "group": "all", "nn": 1}]}`, false},
		{"ErrNotJSON", `{"checks": [`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseChecks([]byte(tt.json))
			if tt.ok != (err == nil) || !tt.ok && ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Errorf("err = %v", err)
			}
		})
	}
}

// TestEvaluateChecksFailsOnBrokenReport breaks one published figure at a
// time: exactly the check about it must fail.
func TestEvaluateChecksFailsOnBrokenReport(t *testing.T) {
	tests := []struct {
		name   string
		check  string // the failing check, as Check.String() prints it
		mutate func(tb testing.TB, r *testReport)
	}{
		{"RankingSwapped", "ranking vulnerabilities: criminal_history [men]", func(tb testing.TB, r *testReport) {
			a, b := r.figure(tb, "vulnerabilities", "criminal_history", "men"), r.figure(tb, "vulnerabilities", "poverty", "men")
			a.N, b.N = b.N, a.N
		}},
		{"RankingTiedWithTheNext", "ranking will_to_fight: fight_syrian_regime > true_believer > fear_of_punishment [all]", func(tb testing.TB, r *testReport) {
			r.figure(tb, "will_to_fight", "defend_family", "all").N = r.figure(tb, "will_to_fight", "fear_of_punishment", "all").N
		}},
		{"Count", "count sample/participants [men]", func(tb testing.TB, r *testReport) {
			r.figure(tb, "sample", "participants", "men").N--
		}},
		{"Percent", "percent roles/fighter_or_ribat [men]", func(tb testing.TB, r *testReport) {
			r.figure(tb, "roles", "fighter_or_ribat", "men").Percent = 51.7
		}},
		{"Distinct", "distinct ethnicity n=41 [men]", func(tb testing.TB, r *testReport) {
			r.figure(tb, "distinct", "ethnicity", "men").N = 42
		}},
		{"DistinctAtLeast", "distinct_at_least country n=36 [all]", func(tb testing.TB, r *testReport) {
			r.figure(tb, "distinct", "country", "all").N = 35
		}},
		{"ShareAboveIsStrict", "share_above attributes.religious_background/raised_sunni [all]", func(tb testing.TB, r *testReport) {
			r.figure(tb, "attributes.religious_background", "raised_sunni", "all").Percent = 50.0
		}},
		{"ShareBetween", "share_between attributes.online_only_recruitment/true [all]", func(tb testing.TB, r *testReport) {
			r.figure(tb, "attributes.online_only_recruitment", "true", "all").Percent = 40.1
		}},
		{"AtLeast", "at_least committed/beheading [men]", func(tb testing.TB, r *testReport) {
			r.figure(tb, "committed", "beheading", "men").N = 0
		}},
		{"ModeTied", "mode ses = middle [all]", func(tb testing.TB, r *testReport) {
			empty := ""
			r.figure(tb, "mode", "ses", "all").Value = &empty
		}},
		{"TopSetTied", "top_set roles: {engineer, mechanic, medical} [men]", func(tb testing.TB, r *testReport) {
			r.figure(tb, "roles", "administration", "men").N = r.figure(tb, "roles", "medical", "men").N
		}},
		{"RankWithinTied", "rank_within motivations/family_ties [european_women]", func(tb testing.TB, r *testReport) {
			r.figure(tb, "motivations", "helping_syrians", "european_women").N = r.figure(tb, "motivations", "family_ties", "european_women").N
		}},
		{"Greater", "greater vulnerabilities/poverty than foreign [local]", func(tb testing.TB, r *testReport) {
			f := r.figure(tb, "vulnerabilities", "poverty", "foreign")
			f.N = f.Denominator
		}},
		{"CooccurAtOne", "cooccur vulnerabilities/criminal_history & vulnerabilities/substance_abuse lift > 1 [foreign]", func(tb testing.TB, r *testReport) {
			for i := range r.Cooccurrence {
				if c := &r.Cooccurrence[i]; c.Group == "foreign" && c.A == "vulnerabilities/criminal_history" {
					one := 1.0
					c.Lift = &one
				}
			}
		}},
	}
	base := mustReport(t, Generate(DefaultSeed))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := base.clone()
			tt.mutate(t, r)
			var failed []string
			for _, res := range EvaluateChecks(mustJSON(t, r), PublishedChecks()) {
				if !res.OK {
					failed = append(failed, res.Check.String())
				}
			}
			if len(failed) != 1 || failed[0] != tt.check {
				t.Errorf("failed checks %q, want only %q", failed, tt.check)
			}
		})
	}
}

func TestEvaluateChecksFailsOnMissingOrSuppressedFigures(t *testing.T) {
	checks := PublishedChecks()
	for _, res := range EvaluateChecks([]byte(`{"figures": [`), checks) {
		if res.OK || !strings.Contains(res.Got, "not valid JSON") {
			t.Fatalf("%s passed on a broken report: %s", res.Check, res.Got)
		}
	}
	for _, res := range EvaluateChecks([]byte(`{"figures": []}`), checks) {
		if res.OK {
			t.Errorf("%s passed on an empty report: %s", res.Check, res.Got)
		}
	}
	suppressed := `{"figures": [{"section": "roles", "item": "hisbah", "group": "women", "n": null, "suppressed": true},
		{"section": "roles", "item": "engineer", "group": "men", "n": null, "suppressed": true}]}`
	for _, res := range EvaluateChecks([]byte(suppressed), checks) {
		if res.OK {
			t.Errorf("%s passed on suppressed figures: %s", res.Check, res.Got)
		}
	}
}

func FuzzEvaluateChecks(f *testing.F) {
	f.Add([]byte(`{"figures": [{"section": "sample", "item": "participants", "group": "all", "n": 220}]}`))
	f.Add([]byte(`{"figures": [{"section": "mode", "item": "ses", "group": "all", "value": null}], "cooccurrence": [{"lift": null}]}`))
	f.Add([]byte(`null`))
	checks := PublishedChecks()
	f.Fuzz(func(t *testing.T, report []byte) {
		if got := EvaluateChecks(report, checks); len(got) != len(checks.Checks) {
			t.Fatalf("%d results for %d checks", len(got), len(checks.Checks))
		}
	})
}

func FuzzParseChecks(f *testing.F) {
	f.Add(publishedJSON)
	f.Add([]byte(`{"groups": {}, "checks": [{"kind": "count", "group": ""}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseChecks(data)
		if err == nil {
			EvaluateChecks([]byte(`{}`), c)
		}
	})
}
