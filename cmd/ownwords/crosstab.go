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
	register(&command{name: "crosstab", summary: "cross-tabulate two attributes or items, with chi-square, Fisher's exact test and Cramér's V", run: runCrosstab})
}

func runCrosstab(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "crosstab", "--store S --rows X --cols Y [--plan P] [--audience team|public] [--format json]")
	sf.register(fs, true)
	uf.register(fs)
	rows := fs.String("rows", "", "attribute slug or section/item for the rows (required)")
	cols := fs.String("cols", "", "attribute slug or section/item for the columns (required)")
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
	x, err := as.g.Crosstab(ctx, as.c, gate.CrosstabRequest{Rows: *rows, Cols: *cols, Plan: *planName, Audience: *audience})
	if err != nil {
		return err
	}
	if sf.json() {
		return writeJSON(e.stdout, x)
	}
	return writeCrosstabText(e, x)
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
		fmt.Fprintln(e.stdout, "\nTests withheld: cells are suppressed in the public audience.")
		return nil
	}
	if cs := x.Stats.ChiSquare; cs != nil {
		fmt.Fprintf(e.stdout, "\nchi-square = %.3f, df = %d, p = %.4g\n", cs.Statistic, cs.DF, cs.P)
		if cs.Warning != "" {
			fmt.Fprintln(e.stdout, "warning:", cs.Warning)
		}
	}
	if x.Stats.FisherP != nil {
		fmt.Fprintf(e.stdout, "Fisher's exact p (two-sided) = %.4g\n", *x.Stats.FisherP)
	}
	if x.Stats.CramersV != nil {
		fmt.Fprintf(e.stdout, "Cramér's V = %.3f\n", *x.Stats.CramersV)
	}
	return nil
}
