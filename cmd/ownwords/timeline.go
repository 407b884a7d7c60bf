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
	"ownwords/ingest"
	"ownwords/report"
)

func init() {
	register(&command{name: "timeline", summary: "time from one event kind to another: Kaplan–Meier curves by group, medians, log-rank; or export the events CSV", run: runTimeline})
}

// runTimeline prints survival curves, or with --events-csv writes every
// event in the CSV format `ownwords import` reads.
func runTimeline(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "timeline", "--store S --from KIND --to KIND [--censor-at KIND,…] [--by ATTR] [--audience public|team] [--format text|json] | --store S --events-csv OUT")
	sf.register(fs, true)
	uf.register(fs)
	from := fs.String("from", ownwords.EventJoined, "event kind time starts at")
	to := fs.String("to", "", "event kind time ends at (required unless --events-csv)")
	censor := fs.String("censor-at", "", "comma-separated kinds that end follow-up of those without a --to event (default: left,captured)")
	by := fs.String("by", "", "attribute slug to group by (a date attribute groups by year), or @year for the year of the --from event")
	audience := fs.String("audience", report.AudiencePublic, "public (no curve for a group smaller than the study's k, the default) or team (every group; needs --user, owner or analyst)")
	eventsCSV := fs.String("events-csv", "", "write every event as participant,kind,date,note CSV to this file (\"-\" for standard output) and stop")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *eventsCSV == "" && *to == "" {
		return ownwords.Errorf(ownwords.EINVALID, "--to is required (or --events-csv to export the events)")
	}
	if *audience != report.AudiencePublic && *audience != report.AudienceTeam {
		return ownwords.Errorf(ownwords.EINVALID, "--audience must be public or team")
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	actor := ownwords.SystemActor
	var role ownwords.Role
	if *audience == report.AudienceTeam || *eventsCSV != "" {
		// Event dates and notes are confidential: the export needs an account too.
		if role, err = uf.authorize(ctx, e, st, study, ownwords.RoleOwner, ownwords.RoleAnalyst); err != nil {
			return err
		}
		actor = uf.name
	}
	if *eventsCSV != "" {
		// Notes often paraphrase the interview: only roles that see text get them.
		return exportEvents(ownwords.WithActor(ctx, actor), e, st, study, *eventsCSV, role.SeesText())
	}
	in, err := analysis.LoadTimeline(ctx, st, study.ID)
	if err != nil {
		return err
	}
	tl, err := analysis.NewTimelines(in)
	if err != nil {
		return err
	}
	spec := analysis.SurvivalSpec{From: *from, To: *to, By: *by}
	if *censor != "" {
		spec.CensorAt = strings.Split(*censor, ",")
	}
	if *audience == report.AudiencePublic {
		spec.K = study.Settings.DisclosureK
	}
	res, err := tl.Survival(spec)
	if err != nil {
		return err
	}
	if spec.K > 1 {
		// Small counts of excluded participants are not published either.
		maps.DeleteFunc(res.Excluded, func(_ string, n int) bool { return n < spec.K })
	}
	if err := st.Record(ownwords.WithActor(ctx, actor), study.ID, "timeline."+*audience, *from+"->"+*to, *by); err != nil {
		return err
	}
	if sf.json() {
		return writeJSON(e.stdout, res)
	}
	writeSurvivalText(e.stdout, res)
	return nil
}

// exportEvents writes the study's events as CSV to path ("-": stdout).
func exportEvents(ctx context.Context, e *env, st ownwords.Store, study *ownwords.Study, path string, withNotes bool) error {
	events, err := st.Events(ctx, ownwords.EventFilter{StudyID: study.ID})
	if err != nil {
		return err
	}
	ps, err := st.Participants(ctx, ownwords.ParticipantFilter{StudyID: study.ID})
	if err != nil {
		return err
	}
	codes := map[string]string{}
	for _, p := range ps {
		codes[p.ID] = p.Code
	}
	if err := st.Record(ctx, study.ID, "timeline.events_csv", "", fmt.Sprint(len(events))); err != nil {
		return err
	}
	w := e.stdout
	if path != "-" {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return ownwords.Errorf(ownwords.EINVALID, "cannot write %s: %v", path, err)
		}
		defer f.Close()
		w = f
	}
	if !withNotes {
		for i, ev := range events {
			bare := *ev
			bare.Note = ""
			events[i] = &bare
		}
	}
	return ingest.WriteEvents(w, events, codes)
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
	if lr := res.LogRank; lr != nil {
		fmt.Fprintf(w, "\nLog-rank test: chi-square = %.4f, df = %d, p = %.4g\n", lr.ChiSquare, lr.DF, lr.P)
	} else {
		fmt.Fprintf(w, "\nLog-rank test: not computed (%s)\n", res.LogRankNote)
	}
	for _, reason := range slices.Sorted(maps.Keys(res.Excluded)) {
		fmt.Fprintf(w, "Excluded (%s): %d\n", reason, res.Excluded[reason])
	}
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
