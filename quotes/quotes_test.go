package quotes

import (
	"strings"
	"testing"

	"ownwords"
	"ownwords/report"
)

// TestFor checks both audiences of the quote bank on the fixture study.
func TestFor(t *testing.T) {
	tests := []struct {
		name string
		// setup changes the fixture before the bank is built.
		setup    func(t *testing.T, f *fixture)
		opt      Options
		quotes   int
		withheld int
		// attributions lists the wanted attribution of each quote, in order;
		// nil skips the check.
		attributions []string
		code         string // wanted error code
	}{
		{name: "PublicCoarseAttributions", opt: Options{Item: "vulnerabilities/poverty"}, quotes: 9,
			attributions: []string{
				"a foreign woman, returnee", "a foreign woman, returnee", "a foreign woman, returnee", "a foreign woman, returnee",
				"a Mosul man, prisoner", "a Mosul man, prisoner", "a Mosul man, prisoner", "a Mosul man, prisoner",
				"a woman",
			}},
		{name: "TeamCodesAndPlaces", opt: Options{Item: "vulnerabilities/poverty", Audience: report.AudienceTeam}, quotes: 9},
		{name: "PublicGroup", opt: Options{Item: "vulnerabilities/poverty", Group: "women"}, quotes: 5},
		{name: "PublicSmallGroupWithheld", opt: Options{Item: "vulnerabilities/poverty", Group: "defectors"}, quotes: 0, withheld: 1},
		{name: "PublicRedactedPassageWithheld", opt: Options{Item: "vulnerabilities/poverty"},
			setup: func(t *testing.T, f *fixture) {
				f.addParticipant(t, "woman", "foreign", "returnee", "ABU  OMAR paid us, there was no food.")
			}, quotes: 9, withheld: 1},
		{name: "PublicLongPassageCut", opt: Options{Item: "vulnerabilities/poverty"},
			setup: func(t *testing.T, f *fixture) {
				f.addParticipant(t, "woman", "foreign", "returnee", strings.Repeat("We were hungry every day. ", 40))
			}, quotes: 10},
		{name: "PublicOneQuotePerParticipant", opt: Options{Item: "vulnerabilities/poverty"},
			setup: func(t *testing.T, f *fixture) { f.code(t, f.ivs[0], "Thank you.") }, quotes: 9},
		{name: "TeamOnePassagePerParticipant", opt: Options{Item: "vulnerabilities/poverty", Audience: report.AudienceTeam},
			setup: func(t *testing.T, f *fixture) { f.code(t, f.ivs[0], "Thank you.") }, quotes: 9},
		{name: "TeamLongPassageCut", opt: Options{Item: "vulnerabilities/poverty", Audience: report.AudienceTeam},
			setup: func(t *testing.T, f *fixture) {
				f.addParticipant(t, "woman", "foreign", "returnee", strings.Repeat("We were hungry every day. ", 40))
			}, quotes: 10},
		{name: "PublicNextPassageOfRedactedParticipant", opt: Options{Item: "vulnerabilities/poverty"},
			setup: func(t *testing.T, f *fixture) {
				f.addParticipant(t, "woman", "foreign", "returnee", "ABU OMAR paid us, there was no food.")
				f.code(t, f.ivs[len(f.ivs)-1], "Thank you.")
			}, quotes: 10},
		{name: "ErrBadItem", opt: Options{Item: "poverty"}, code: ownwords.EINVALID},
		{name: "ErrBadAudience", opt: Options{Item: "vulnerabilities/poverty", Audience: "press"}, code: ownwords.EINVALID},
		{name: "ErrUnknownItem", opt: Options{Item: "vulnerabilities/war"}, code: ownwords.ENOTFOUND},
		{name: "ErrUnknownGroup", opt: Options{Item: "vulnerabilities/poverty", Group: "children"}, code: ownwords.ENOTFOUND},
	}
	each(t, func(t *testing.T, shared *fixture) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f := shared
				if tt.setup != nil {
					f = shared.fresh(t)
					tt.setup(t, f)
				}
				bank, err := For(t.Context(), f.st, f.study.ID, tt.opt)
				if tt.code != "" {
					if ownwords.ErrorCode(err) != tt.code {
						t.Fatalf("err = %v, want %s", err, tt.code)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if len(bank.Quotes) != tt.quotes || bank.Withheld != tt.withheld {
					t.Fatalf("%d quotes, %d withheld; want %d, %d", len(bank.Quotes), bank.Withheld, tt.quotes, tt.withheld)
				}
				team := tt.opt.Audience == report.AudienceTeam
				for i, q := range bank.Quotes {
					if tt.attributions != nil && q.Attribution != tt.attributions[i] {
						t.Errorf("quote %d attribution %q, want %q", i+1, q.Attribution, tt.attributions[i])
					}
					if team != strings.HasPrefix(q.Attribution, "P-") || team != (q.Interview != "") {
						t.Errorf("audience %q, quote %d: attribution %q, interview %q", tt.opt.Audience, i+1, q.Attribution, q.Interview)
					}
					if (!team && strings.Contains(strings.ToLower(q.Text), "omar")) || len([]rune(q.Text)) > report.MaxQuoteRunes {
						t.Errorf("%s quote %d: %q", tt.opt.Audience, i+1, q.Text)
					}
				}
			})
		}
	})
}
