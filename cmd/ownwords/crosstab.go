package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"ownwords"
	"ownwords/gate"
	"ownwords/report"
)

func init() {
	register(&command{name: "crosstab", summary: "cross-tabulate attributes or items: chi-square, Fisher's exact test (r×c), effect sizes with intervals, and adjusted p-values for several tables", run: runCrosstab})
}

func runCrosstab(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "crosstab", "--store S --rows X --cols Y [--plan P] [--audience team|public] [--format json]")
	sf.register(fs, true)
	uf.register(fs)
	rows := fs.String("rows", "", "attribute slug or section/item for the rows, or several separated by commas (required)")
	cols := fs.String("cols", "", "attribute slug or section/item for the columns, or several separated by commas (required); several tables are a family of tests, adjusted by Holm and Benjamini–Hochberg")
	audience := fs.String("audience", report.AudiencePublic, "public (only a crosstab the plan's public report publishes, with its suppressed cells) or team (needs --user)")
	planName := fs.String("plan", "", "stored plan whose sample to use (default: the study's only plan, or \"reference\")")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *rows == "" || *cols == "" {
		return ownwords.Errorf(ownwords.EINVALID, "--rows and --cols are required")
	}
	as, err := sf.openAs(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	var reqs []gate.CrosstabRequest
	for _, r := range strings.Split(*rows, ",") {
		for _, c := range strings.Split(*cols, ",") {
			reqs = append(reqs, gate.CrosstabRequest{Rows: strings.TrimSpace(r), Cols: strings.TrimSpace(c), Plan: *planName, Audience: *audience})
		}
	}
	xs, err := as.g.Crosstabs(ctx, as.c, reqs)
	if err != nil {
		return err
	}
	if sf.json() {
		if len(xs) == 1 {
			return writeJSON(e.stdout, xs[0])
		}
		// Several tables: the family they form, and each with its
		// adjusted p-values.
		family := ""
		for _, x := range xs {
			if x.Adjusted != nil {
				family = x.Adjusted.Family
			}
		}
		return writeJSON(e.stdout, struct {
			Family string           `json:"family,omitempty"`
			Tables []*gate.Crosstab `json:"tables"`
		}{family, xs})
	}
	for i, x := range xs {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		if err := writeCrosstabText(e, x); err != nil {
			return err
		}
	}
	return nil
}

func writeCrosstabText(e *env, x *gate.Crosstab) error {
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s \\ %s\t%s\t\n", x.Rows, x.Cols, strings.Join(x.ColValues, "\t"))
	for r, v := range x.RowValues {
		cells := make([]string, len(x.Counts[r]))
		for c, n := range x.Counts[r] {
			cells[c] = "—"
			if n != nil {
				cells[c] = fmt.Sprint(*n)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t\n", v, strings.Join(cells, "\t"))
	}
	tw.Flush()
	if x.Stats == nil {
		fmt.Fprintln(e.stdout, "\nTests and effect sizes withheld: cells are suppressed in the public audience.")
		if x.AdjustedWithheld != "" {
			fmt.Fprintln(e.stdout, x.AdjustedWithheld+".")
		}
		return nil
	}
	fmt.Fprintf(e.stdout, "\n%s\n", report.TestsText(x.Stats, x.Adjusted, x.AdjustedWithheld))
	return nil
}
