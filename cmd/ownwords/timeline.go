package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"ownwords"
	"ownwords/analysis"
	"ownwords/gate"
	"ownwords/ingest"
	"ownwords/report"
	"ownwords/stats"
)

func init() {
	register(&command{name: "timeline", summary: "time from one event kind to another: Kaplan–Meier curves by group, medians, log-rank; or export the events CSV, age-encrypted and shaped by your export tier", run: runTimeline})
}

// runTimeline prints survival curves, or with --events-csv exports every
// event: at tiers limited and full in the CSV format `ownwords import`
// reads, de-identified as pseudonym,kind,date.
func runTimeline(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	var xf exportFlags
	fs := newFlags(e, "timeline", "--store S --from KIND --to KIND [--censor-at KIND,…] [--by ATTR] [--plan P] [--audience public|team] [--format text|json] | --store S --events-csv OUT --user U [--tier T] [--shift-dates] [--plaintext]")
	sf.register(fs, true)
	uf.register(fs)
	xf.register(fs, true, true)
	from := fs.String("from", ownwords.EventJoined, "event kind time starts at")
	to := fs.String("to", "", "event kind time ends at (required unless --events-csv)")
	censor := fs.String("censor-at", "", "comma-separated kinds that end follow-up of those without a --to event (default: left,captured)")
	by := fs.String("by", "", "attribute slug to group by (a date attribute groups by year), or @year for the year of the --from event; public curves show groups only when the plan's public report prints every group's size, else one curve of everyone")
	plan := fs.String("plan", "", "analysis plan whose sample the curves describe (default: the study's only plan, or \"reference\"; a study without plans: everyone)")
	audience := fs.String("audience", report.AudiencePublic, "public (no curve for a group smaller than the study's k, the default) or team (every group; needs --user, owner or analyst)")
	eventsCSV := fs.String("events-csv", "", "export every event to this file (\"-\" for standard output), age-encrypted to the study's custodians, and stop: participant,kind,date,note at tiers full and limited; pseudonym,kind,date (years, or shifted dates) at tier deidentified. Needs --user")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *eventsCSV == "" && *to == "" {
		return ownwords.Errorf(ownwords.EINVALID, "--to is required (or --events-csv to export the events)")
	}
	if *eventsCSV == "" && (xf.tier != "" || xf.shiftDates || xf.plaintext) {
		return ownwords.Errorf(ownwords.EINVALID, "--tier, --shift-dates and --plaintext apply to --events-csv")
	}
	as, err := sf.openAs(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	if *eventsCSV != "" {
		return exportEvents(as.c.Context(ctx), e, as, *eventsCSV, xf)
	}
	spec := analysis.SurvivalSpec{From: *from, To: *to, By: *by}
	if *censor != "" {
		spec.CensorAt = strings.Split(*censor, ",")
	}
	tl, err := as.g.Timeline(ctx, as.c, gate.TimelineRequest{Spec: spec, Plan: *plan, Audience: *audience})
	if err != nil {
		return err
	}
	switch {
	case tl.Public != nil && sf.json():
		return writeJSON(e.stdout, tl.Public)
	case tl.Public != nil:
		writePublicSurvivalText(e.stdout, tl.Public)
	case sf.json():
		return writeJSON(e.stdout, tl.Team)
	default:
		writeSurvivalText(e.stdout, tl.Team)
	}
	return nil
}

// writePublicSurvivalText prints each group's coarsened curve, the
// interval holding its median and the log-rank test.
func writePublicSurvivalText(w io.Writer, res *analysis.PublicSurvival) {
	fmt.Fprintf(w, "Time from %s to %s, in months (censored at %s); public: yearly intervals of at least %d events\n",
		res.Spec.From, res.Spec.To, strings.Join(res.Spec.CensorAt, ", "), res.Spec.K)
	if res.GroupsNote != "" {
		fmt.Fprintf(w, "Groups: %s\n", res.GroupsNote)
	}
	for _, g := range res.Groups {
		switch {
		case g.Suppressed:
			fmt.Fprintf(w, "\n%s: fewer than %d participants, not shown\n", g.Name, res.Spec.K)
			continue
		case g.Events == nil:
			fmt.Fprintf(w, "\n%s: n = %d, events or censorings 1 to %d, no curve shown\n", g.Name, g.N, res.Spec.K-1)
			continue
		}
		median := "not reached"
		if g.MedianFrom != nil {
			median = fmt.Sprintf("between %g and %g", *g.MedianFrom, *g.MedianTo)
		}
		fmt.Fprintf(w, "\n%s: n = %d, events = %d, median %s\n", g.Name, g.N, *g.Events, median)
		fmt.Fprintf(w, "%14s %7s %9s %9s %9s\n", "months", "events", "survival", "lower95", "upper95")
		for _, p := range g.Points {
			fmt.Fprintf(w, "%14s %7d %9.4f %9s %9s\n", fmt.Sprintf("%g-%g", p.From, p.Until), p.Events, p.Survival, optNum4(p.Lower), optNum4(p.Upper))
		}
	}
	writeLogRankAndExcluded(w, res.LogRank, res.LogRankNote, res.Excluded)
}

// exportEvents exports the study's events to path ("-": stdout) as the
// application layer shapes them (gate.Gate.ExportEvents).
func exportEvents(ctx context.Context, e *env, as *asCaller, path string, xf exportFlags) error {
	sink, err := newExportSink(ctx, e, as.st, as.study, xf.plaintext, nil, "the events table", path)
	if err != nil {
		return err
	}
	x, err := as.g.ExportEvents(ctx, as.c, gate.EventsRequest{Tier: xf.tier, ShiftDates: xf.shiftDates})
	if err != nil {
		return err
	}
	if err := sink.write(path, x.What, x.Write); err != nil {
		return err
	}
	if path != "-" {
		fmt.Fprintf(e.stdout, "Exported %d events at tier %s to %s%s\n", x.N, x.Tier, path, protection(xf.plaintext))
	}
	return nil
}

// writeSurvivalText prints each group's curve table, medians and the
// log-rank test.
func writeSurvivalText(w io.Writer, res *analysis.SurvivalResult) {
	fmt.Fprintf(w, "Time from %s to %s, in months (censored at %s)\n", res.Spec.From, res.Spec.To, strings.Join(res.Spec.CensorAt, ", "))
	for _, g := range res.Groups {
		if g.Fit == nil {
			fmt.Fprintf(w, "\n%s: fewer than %d participants, not shown\n", g.Name, res.Spec.K)
			continue
		}
		f := g.Fit
		fmt.Fprintf(w, "\n%s: n = %d, events = %d, median %s (95%% CI %s to %s)\n", g.Name, f.N, f.Events, optNum(f.Median), optNum(f.MedianLower), optNum(f.MedianUpper))
		fmt.Fprintf(w, "%8s %8s %7s %9s %9s %9s %9s\n", "time", "at_risk", "events", "censored", "survival", "lower95", "upper95")
		for _, s := range f.Steps {
			fmt.Fprintf(w, "%8.2f %8d %7d %9d %9.4f %9s %9s\n", s.Time, s.NRisk, s.Events, s.Censored, s.Survival, optNum4(s.Lower), optNum4(s.Upper))
		}
	}
	writeLogRankAndExcluded(w, res.LogRank, res.LogRankNote, res.Excluded)
}

func optNum(p *float64) string {
	if p == nil {
		return "NA"
	}
	return fmt.Sprintf("%.2f", *p)
}

func optNum4(p *float64) string {
	if p == nil {
		return "NA"
	}
	return fmt.Sprintf("%.4f", *p)
}

// readEventsFile reads an events table (see ingest.ReadEvents).
func readEventsFile(path string) ([]ingest.EventRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "%s: %v", path, err)
	}
	defer f.Close()
	return ingest.ReadEvents(path, f)
}

// writeLogRankAndExcluded prints the log-rank test (or why there is none)
// and the excluded participants by reason.
func writeLogRankAndExcluded(w io.Writer, lr *stats.LogRankResult, note string, excluded map[string]int) {
	if lr != nil {
		fmt.Fprintf(w, "\nLog-rank test: chi-square = %.4f, df = %d, p = %.4g\n", lr.ChiSquare, lr.DF, lr.P)
	} else {
		fmt.Fprintf(w, "\nLog-rank test: not computed (%s)\n", note)
	}
	for _, reason := range slices.Sorted(maps.Keys(excluded)) {
		fmt.Fprintf(w, "Excluded (%s): %d\n", reason, excluded[reason])
	}
}
