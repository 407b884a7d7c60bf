package report

import (
	"fmt"
	"html/template"
	"io"

	"ownwords"
	"ownwords/analysis"
	"ownwords/stats"
)

// TimelineCharts are the charts of the time dimension for a report page.
type TimelineCharts struct {
	Swimlane  template.HTML
	Survival  []template.HTML
	Histogram template.HTML
	// By lists what the curves are grouped by (attribute slugs, or
	// analysis.ByFromYear), for the tier and public checks.
	By []string
}

// BuildTimelineCharts draws the swimlane chart, one Kaplan–Meier chart per
// spec (for the public audience, by PublicSurvival at opt's K with
// opt.Report) and the joining/leaving histogram.
func BuildTimelineCharts(tl *analysis.Timelines, specs []analysis.SurvivalSpec, opt TimelineOptions) (*TimelineCharts, error) {
	c := &TimelineCharts{Swimlane: SwimlaneSVG(tl, opt)}
	results := make([]*analysis.SurvivalResult, len(specs))
	for i, spec := range specs {
		if spec.By != "" {
			c.By = append(c.By, spec.By)
		}
		var err error
		if opt.public() {
			results[i], err = PublicSurvival(tl, spec, opt.k(), opt.Report)
		} else {
			results[i], err = tl.Survival(spec)
		}
		if err != nil {
			return nil, err
		}
	}
	adj := logRankFamily(results, opt.public())
	for i, res := range results {
		if opt.public() {
			// Yearly steps of at least k events: a curve at event
			// months says when each person left.
			c.Survival = append(c.Survival, publicSurvivalSVG(res, opt.k(), adj[i]))
			continue
		}
		c.Survival = append(c.Survival, survivalSVG(res, nil, adj[i]))
	}
	c.Histogram = YearHistogramSVG(tl.ByYear(ownwords.EventJoined), tl.ByYear(ownwords.EventLeft, ownwords.EventCaptured), opt)
	return c, nil
}

// logRankFamily adjusts the log-rank p-values of a plan's survival
// comparisons for their family (Holm and Benjamini–Hochberg, issue 19):
// one per result, nil where there is no test or fewer than two. A public
// report adjusts only when every comparison has its test: a test the
// public report withholds (its groups' counts are small) would enter the
// adjustment of the others, which would then tell something of it.
func logRankFamily(results []*analysis.SurvivalResult, public bool) []*stats.Adjusted {
	out := make([]*stats.Adjusted, len(results))
	var ps []float64
	var tested []int
	for i, r := range results {
		if r.LogRank == nil {
			if public {
				return out
			}
			continue
		}
		ps = append(ps, r.LogRank.P)
		tested = append(tested, i)
	}
	if len(ps) < 2 {
		return out
	}
	for k, a := range stats.AdjustFamily(fmt.Sprintf("log-rank p of the %d survival comparisons of the plan", len(ps)), ps) {
		out[tested[k]] = &a
	}
	return out
}

// WriteTimelineHTML writes the charts as an HTML fragment (a <section>,
// no script) for the report page and the web report.
func WriteTimelineHTML(w io.Writer, c *TimelineCharts) error {
	_, err := fmt.Fprintf(w, "<section class=\"timeline\">\n<h2>Trajectories over time</h2>\n<figure>%s</figure>\n", c.Histogram)
	if err != nil {
		return err
	}
	for _, s := range c.Survival {
		if _, err := fmt.Fprintf(w, "<figure>%s</figure>\n", s); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintf(w, "<figure>%s</figure>\n</section>\n", c.Swimlane)
	return err
}
