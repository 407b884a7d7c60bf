package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"ownwords"
	"ownwords/reliability"
)

func init() {
	register(&command{name: "reliability", summary: "agreement between coders on double-coded interviews: alpha, kappa, unitizing alpha, per code", run: runReliability})
}

// runReliability prints the reliability table: aggregate figures only (no
// text, no participant), for the account named by --user. What each role
// gets is gate.Reliability's rule: owners and analysts every double-coded
// interview, coders only those whose comparison is open, nobody else
// anything.
func runReliability(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "reliability", "--store S --user U [--coders a,b] [--codes section/slug,...] [--format text|json]")
	sf.register(fs, true)
	uf.register(fs)
	coders := fs.String("coders", "", "comma-separated coder names to compare (default: every coder)")
	codes := fs.String("codes", "", "comma-separated code paths section/slug (default: every code applied)")
	if err := parse(fs, args); err != nil {
		return err
	}
	as, err := sf.openAs(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	res, err := as.g.Reliability(ctx, as.c, splitList(*coders), splitList(*codes))
	if err != nil {
		return err
	}
	if res.BlindLeftOut {
		fmt.Fprintln(e.stderr, "Interviews still in blind coding are left out: agreement there would show you the other coder's codings.")
	}
	if res.Table == nil {
		return ownwords.Errorf(ownwords.EINVALID, "%s", res.Reason)
	}
	if sf.json() {
		return writeJSON(e.stdout, res.Table)
	}
	return writeReliability(e.stdout, res.Table)
}

// splitList splits a comma-separated flag value, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// writeReliability prints the table as aligned text.
func writeReliability(w io.Writer, t *reliability.Table) error {
	fmt.Fprintf(w, "Coders: %s; %d interviews coded by two or more; segments match at overlap ≥ %.2f.\n\n",
		strings.Join(t.Coders, ", "), t.Interviews, t.OverlapThreshold)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "code\tpresence α\tκ\tagreement\tunitizing α\tmatched\tflag")
	for _, r := range append(t.Codes, withName(t.Pooled, "(pooled)")) {
		kappa := "–"
		if r.Presence.Kappa != nil {
			kappa = number(*r.Presence.Kappa)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.1f%%\t%s\t%s\t%s\n", r.Code, number(r.Presence.Alpha), kappa,
			100*r.Presence.Agreement, number(r.Segment.Alpha), matched(r.Segment.Matches), r.Flag)
	}
	return tw.Flush()
}

func withName(r reliability.Row, name string) reliability.Row {
	r.Code = name
	return r
}

// number formats a measure, "undefined" when it has no value.
func number(m reliability.Measure) string {
	if m.Value == nil {
		return "undefined"
	}
	return fmt.Sprintf("%.3f", *m.Value)
}

// matched formats each coder's matched share, e.g. "a 80% b 75%".
func matched(ms []reliability.Match) string {
	var parts []string
	for _, m := range ms {
		if m.Share == nil {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s→%s %.0f%%", m.Coder, m.Other, 100**m.Share))
	}
	if len(parts) == 0 {
		return "–"
	}
	return strings.Join(parts, " ")
}
