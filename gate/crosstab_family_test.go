package gate

import (
	"context"
	"reflect"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
	"ownwords/stats"
)

// Disclosure of the new figures of a public crosstab (Fisher's exact p,
// effect sizes, adjusted p-values), over random studies: a table with a
// hidden count carries none of them; a table shown whole carries exactly
// those of its published counts (so they say nothing the counts do not);
// and when any table of a family withholds its tests, no table of the
// family carries adjusted p-values, which depend on every p of the
// family. The team family is adjusted as stats.Holm and BH do.
func TestCrosstabsFamilyDisclosure(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := context.Background()
		withheld := 0
		for seed := range uint64(advSeeds) {
			s := newAdvStudy(t, st, seed)
			r := publicReport(t, s)
			var reqs []CrosstabRequest
			for _, x := range r.Crosstabs {
				reqs = append(reqs, CrosstabRequest{Rows: x.Rows, Cols: x.Cols, Audience: AudiencePublic})
			}
			if len(reqs) < 2 {
				continue
			}
			xs, err := s.g.Crosstabs(ctx, Public(), reqs)
			fatalIf(t, err)
			hidden := false
			for _, x := range xs {
				var counts [][]int
				whole := true
				for _, row := range x.Counts {
					var ints []int
					for _, n := range row {
						if n == nil {
							whole = false
							break
						}
						ints = append(ints, *n)
					}
					counts = append(counts, ints)
				}
				if !whole {
					hidden = true
					if x.Stats != nil {
						t.Errorf("seed %d, %s × %s: counts hidden but tests shown", seed, x.Rows, x.Cols)
					}
					continue
				}
				want, err := stats.NewCrosstab(x.RowValues, x.ColValues, counts)
				fatalIf(t, err)
				if x.Stats == nil || !reflect.DeepEqual(want.Fisher, x.Stats.Fisher) || !reflect.DeepEqual(want.Effects, x.Stats.Effects) {
					t.Errorf("seed %d, %s × %s: figures %+v, from the published counts %+v", seed, x.Rows, x.Cols, x.Stats, want)
				}
			}
			for _, x := range xs {
				switch {
				case hidden && (x.Adjusted != nil || x.AdjustedWithheld == ""):
					t.Errorf("seed %d, %s × %s: a table of the family hides counts, yet adjusted = %+v", seed, x.Rows, x.Cols, x.Adjusted)
				case hidden:
					withheld++
				}
			}
		}
		if withheld == 0 {
			t.Fatal("no random study withheld a family's adjustment: the test cannot fail")
		}
		// The team family (exact counts) is adjusted.
		s := newAdvStudy(t, st, advSeeds+1)
		analyst := &ownwords.User{Name: "family-analyst", PasswordHash: "unused"}
		fatalIf(t, st.CreateUser(ctx, analyst))
		fatalIf(t, st.SetRole(ctx, s.g.studyID, analyst.ID, ownwords.RoleAnalyst))
		owner := Member(analyst, ownwords.RoleAnalyst)
		xs, err := s.g.Crosstabs(ctx, owner, []CrosstabRequest{{Rows: "gender", Cols: "origin", Audience: AudienceTeam}, {Rows: "gender", Cols: "push/poverty", Audience: AudienceTeam}})
		fatalIf(t, err)
		ps := []float64{xs[0].Stats.Fisher.P, xs[1].Stats.Fisher.P}
		holm, bh := stats.Holm(ps), stats.BenjaminiHochberg(ps)
		for i, x := range xs {
			if x.Adjusted == nil || x.Adjusted.Holm != holm[i] || x.Adjusted.BH != bh[i] || x.Adjusted.Tests != 2 {
				t.Errorf("team %s × %s: adjusted %+v, want Holm %v BH %v", x.Rows, x.Cols, x.Adjusted, holm[i], bh[i])
			}
		}
	})
}
