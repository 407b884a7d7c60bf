package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"ownwords"
	"ownwords/analysis"
	"ownwords/report"
	"ownwords/stats"
)

func init() {
	register(&command{name: "crosstab", summary: "cross-tabulate two attributes or items, with chi-square, Fisher's exact test and Cramér's V", run: runCrosstab})
}

// crosstabOutput is the JSON of `crosstab`: labels, counts and the tests
// (null when a public table had to suppress cells).
type crosstabOutput struct {
	Rows      string          `json:"rows"`
	Cols      string          `json:"cols"`
	RowValues []string        `json:"row_values"`
	ColValues []string        `json:"col_values"`
	Counts    [][]*int        `json:"counts"`   // null = suppressed
	Excluded  *int            `json:"excluded"` // null: suppressed (1..k-1)
	Audience  string          `json:"audience"`
	Stats     *stats.Crosstab `json:"stats"`
}

func runCrosstab(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "crosstab", "--store S --rows X --cols Y [--audience team|public] [--format json]")
	sf.register(fs, true)
	uf.register(fs)
	rows := fs.String("rows", "", "attribute slug or section/item for the rows (required)")
	cols := fs.String("cols", "", "attribute slug or section/item for the columns (required)")
	audience := fs.String("audience", report.AudiencePublic, "public (small counts suppressed) or team (needs --user)")
	planName := fs.String("plan", "", "stored plan whose sample to use")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *rows == "" || *cols == "" {
		return ownwords.Errorf(ownwords.EINVALID, "--rows and --cols are required")
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	actor := ownwords.SystemActor
	if *audience == report.AudienceTeam {
		if _, err := uf.authorize(ctx, e, st, study, ownwords.RoleOwner, ownwords.RoleAnalyst); err != nil {
			return err
		}
		actor = uf.name
	} else if *audience != report.AudiencePublic {
		return ownwords.Errorf(ownwords.EINVALID, "--audience must be public or team")
	}
	x, err := crosstabFor(ctx, st, study, *planName, analysis.CrosstabSpec{Rows: *rows, Cols: *cols}, *audience)
	if err != nil {
		return err
	}
	if err := st.Record(ownwords.WithActor(ctx, actor), study.ID, "crosstab."+*audience, *rows+" x "+*cols, ""); err != nil {
		return err
	}
	if sf.json() {
		return writeJSON(e.stdout, x)
	}
	return writeCrosstabText(e, x)
}

// crosstabFor runs the study's plan with only this crosstab and takes it
// from the report built for the audience.
func crosstabFor(ctx context.Context, st ownwords.Store, study *ownwords.Study, planName string, spec analysis.CrosstabSpec, audience string) (*crosstabOutput, error) {
	stored, err := st.Plans(ctx, study.ID)
	if err != nil {
		return nil, err
	}
	body := []byte(`{"name": "crosstab", "groups": [{"name": "all", "filter": {}}]}`)
	for _, p := range stored {
		if p.Name == planName || planName == "" && (len(stored) == 1 || p.Name == "reference") {
			body = p.Body
		}
	}
	plan, err := analysis.ParsePlan(body)
	if err != nil {
		return nil, err
	}
	plan.Crosstabs = []analysis.CrosstabSpec{spec}
	plan.Cooccurrence = nil
	in, err := analysis.Load(ctx, st, study.ID)
	if err != nil {
		return nil, err
	}
	if err := plan.Validate(in.Codebook, in.Attributes); err != nil {
		return nil, err
	}
	res, err := analysis.Run(in, plan)
	if err != nil {
		return nil, err
	}
	rep, err := report.Build(res, report.Options{Audience: audience})
	if err != nil {
		return nil, err
	}
	ax, rx := res.Crosstabs[0], rep.Crosstabs[0]
	out := &crosstabOutput{Rows: ax.Rows, Cols: ax.Cols, RowValues: ax.RowValues, ColValues: ax.ColValues,
		Audience: audience, Stats: rx.Stats}
	// A small count of participants with a missing value is suppressed too.
	if audience != report.AudiencePublic || ax.Excluded == 0 || ax.Excluded >= res.DisclosureK {
		out.Excluded = &ax.Excluded
	}
	for r := range ax.Counts {
		row := make([]*int, len(ax.Counts[r]))
		for c := range ax.Counts[r] {
			if cell := rx.Table.Rows[r].Cells[c]; !cell.Suppressed {
				n := ax.Counts[r][c]
				row[c] = &n
			}
		}
		out.Counts = append(out.Counts, row)
	}
	return out, nil
}

func writeCrosstabText(e *env, x *crosstabOutput) error {
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
