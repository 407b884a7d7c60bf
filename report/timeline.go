package report

import (
	"fmt"
	"html/template"
	"io"

	"ownwords"
	"ownwords/analysis"
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
	for _, spec := range specs {
		if spec.By != "" {
			c.By = append(c.By, spec.By)
		}
		if opt.public() {
			res, err := PublicSurvival(tl, spec, opt.k(), opt.Report)
			if err != nil {
				return nil, err
			}
			// Yearly steps of at least k events: a curve at event
			// months says when each person left.
			c.Survival = append(c.Survival, PublicSurvivalSVG(res, opt.k()))
			continue
		}
		res, err := tl.Survival(spec)
		if err != nil {
			return nil, err
		}
		c.Survival = append(c.Survival, SurvivalSVG(res))
	}
	c.Histogram = YearHistogramSVG(tl.ByYear(ownwords.EventJoined), tl.ByYear(ownwords.EventLeft, ownwords.EventCaptured), opt)
	return c, nil
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
