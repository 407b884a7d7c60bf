package main

import (
	"context"
	"os"
	"strings"

	"ownwords"
	"ownwords/stats"
)

func init() {
	register(&command{name: "agree", summary: "agreement between coders for a units × coders CSV (alpha, kappa, percent agreement)", run: runAgree})
}

func runAgree(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "agree", "[--level nominal|ordinal|interval|ratio] [--order a,b,c] [--format json] FILE.csv")
	level := fs.String("level", "nominal", "measurement level for Krippendorff's alpha: nominal, ordinal, interval or ratio")
	order := fs.String("order", "", "comma-separated category order, for ordinal data whose values are not numbers")
	format := fs.String("format", "text", "text or json")
	seed := fs.Uint64("seed", 1, "seed of the bootstrap confidence interval")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return ownwords.Errorf(ownwords.EINVALID, "give exactly one CSV file: a header row of coder names (optionally a first column named unit), one row per unit, blank cells missing")
	}
	lv, err := stats.ParseLevel(*level)
	if err != nil {
		return err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return ownwords.Errorf(ownwords.ENOTFOUND, "%s: %v", fs.Arg(0), err)
	}
	defer f.Close()
	r, err := stats.ReadRatings(f, fs.Arg(0))
	if err != nil {
		return err
	}
	if *order != "" {
		r.Categories = strings.Split(*order, ",")
	}
	res, err := stats.Agree(r, lv, *seed)
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(e.stdout, res)
	}
	return res.WriteText(e.stdout)
}
