package report

import (
	"fmt"
	"slices"

	"ownwords/analysis"
)

// PublicSurvival is the survival analysis of spec over tl for the public
// at threshold k, to be coarsened with Public(k): the one rule for public
// curves, shared by gate.Timeline and the report's charts. tl must hold
// the analysis sample of rep, the public report of the same plan at the
// same k, as the public gets it.
//
// Beside the rule of analysis (every group, participants without a value
// included, has at least k participants and 0 or at least k events and
// censored participants), a grouping is shown only when rep prints,
// unsuppressed, the size of every group it shows (see printedGroupSizes):
// the report suppresses jointly across its tables and may hide a value's
// count, or the count of those without one, to protect a small cell; a
// curve printing that size would give the cell away. Otherwise — also for
// a grouping the report does not tabulate (the year of the From event, an
// attribute outside the plan's) or without a report (rep nil) — the public
// gets one curve of everyone, with a note.
func PublicSurvival(tl *analysis.Timelines, spec analysis.SurvivalSpec, k int, rep *Report) (*analysis.SurvivalResult, error) {
	spec.K = k
	res, err := tl.Survival(spec)
	if err != nil {
		return nil, err
	}
	// A lone group is everyone: its size is the curve of everyone's.
	if spec.By == "" || len(res.Groups) < 2 {
		return withoutSmallGap(res, rep, k), nil
	}
	if sizes, ok := rep.printedGroupSizes(spec.By, groupNames(res), k); ok && curvesMatch(res, sizes, k) {
		return res, nil
	}
	everyone := spec
	everyone.By = ""
	one, err := tl.Survival(everyone)
	if err != nil {
		return nil, err
	}
	one.Spec.By = spec.By
	one.GroupsNote = fmt.Sprintf("the public report does not show the size of every group by %s (or a group's curve leaves out fewer than %d of it): one curve of everyone", spec.By, k)
	return withoutSmallGap(one, rep, k), nil
}

// curvesMatch reports whether each group's curve counts the size the
// report prints for it, or at least k fewer: a curve of a group that
// leaves out 1..k−1 of its printed members (no From event, no end, an
// end before the start) says how many.
func curvesMatch(res *analysis.SurvivalResult, sizes []int, k int) bool {
	for i, g := range res.Groups {
		if gap := sizes[i] - g.N; gap != 0 && gap < k {
			return false
		}
	}
	return true
}

// withoutSmallGap withholds a single public curve that counts 1..k−1
// fewer participants than the report's sample: its N would say how many
// lack its events. (Groups of fewer than k are withheld already.)
func withoutSmallGap(res *analysis.SurvivalResult, rep *Report, k int) *analysis.SurvivalResult {
	if rep == nil || len(res.Groups) != 1 || res.Groups[0].Suppressed {
		return res
	}
	if gap := rep.SampleSize - res.Groups[0].N; gap == 0 || gap >= k {
		return res
	}
	g := &res.Groups[0]
	g.Suppressed, g.N, g.Fit, g.Subjects = true, 0, nil, nil
	res.LogRank, res.LogRankNote = nil, ""
	res.GroupsNote = fmt.Sprintf("the curve is withheld: it would leave out fewer than %d of the report's sample", k)
	return res
}

// groupNames lists the names of res's groups.
func groupNames(res *analysis.SurvivalResult) []string {
	names := make([]string, 0, len(res.Groups))
	for _, g := range res.Groups {
		names = append(names, g.Name)
	}
	return names
}

// printedGroupSizes returns the sizes rep, a public report at threshold k,
// prints unsuppressed for each of groups, the groups of participants by
// attribute slug (a value, or analysis.NoValueGroup for those without
// one), in the order of groups: the cell of the value's row (the missing
// row for NoValueGroup) in the column of everyone (a plan group without a
// filter) of the report's table of the attribute — what a chart by group
// may show of them. False when rep is nil, not public or at another k, has
// no such table or column, or hides one of the sizes.
func (rep *Report) printedGroupSizes(slug string, groups []string, k int) ([]int, bool) {
	if rep == nil || rep.Audience != AudiencePublic || rep.K != k {
		return nil, false
	}
	i := slices.IndexFunc(rep.Attributes, func(t *Table) bool { return t.ID == "attributes."+slug })
	if i < 0 {
		return nil, false
	}
	t := rep.Attributes[i]
	all := slices.IndexFunc(t.Columns, func(c Column) bool { return len(c.Filter) == 0 })
	if all < 0 || t.Totals[all].Suppressed {
		return nil, false
	}
	sizes := make([]int, 0, len(groups))
	for _, g := range groups {
		key := g
		if g == analysis.NoValueGroup {
			key = ""
		}
		r := slices.IndexFunc(t.Rows, func(r Row) bool { return r.Key == key })
		if r < 0 || t.Rows[r].Cells[all].Suppressed {
			return nil, false
		}
		sizes = append(sizes, t.Rows[r].Cells[all].N)
	}
	return sizes, true
}
