package main

import (
	"context"
	"fmt"

	"ownwords"
	"ownwords/gate"
)

func init() {
	register(&command{name: "quotes", summary: "the quote bank: the coded passages behind a figure, with coarse attribution", run: runQuotes})
}

// runQuotes prints the quote bank of a figure for the account named by
// --user (package gate decides: owners and coders get the team view,
// coders without interviews still in blind coding; owners may preview the
// public selection). Quotes leave the study for publication only through
// `quotes publish` (quotes_publish.go).
func runQuotes(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "quotes", "--store S --user NAME --item section/slug [--group G] [--audience team|public] [--format json]")
	sf.register(fs, true)
	uf.register(fs)
	var req gate.QuotesRequest
	fs.StringVar(&req.Item, "item", "", "figure as section/slug (required)")
	fs.StringVar(&req.Group, "group", "", "plan group (default: the whole sample)")
	fs.StringVar(&req.Audience, "audience", gate.AudienceTeam, "team, or public for an owner's preview of the public selection (not checked: publish with `quotes publish`)")
	fs.StringVar(&req.Plan, "plan", "", "stored analysis plan")
	if err := parse(fs, args); err != nil {
		return err
	}
	if req.Item == "" {
		return ownwords.Errorf(ownwords.EINVALID, "--item is required")
	}
	as, err := sf.openAs(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	g, c := as.g, as.c
	bank, err := g.Quotes(ctx, c, req)
	if err != nil {
		return err
	}
	if sf.json() {
		return writeJSON(e.stdout, bank)
	}
	if bank.Preview {
		fmt.Fprintln(e.stdout, "PREVIEW of the public selection: not checked, not for publication (use `ownwords quotes publish`).")
	}
	for _, q := range bank.Quotes {
		fmt.Fprintf(e.stdout, "“%s”\n", oneLine(q.Text))
		if b := q.Beside; b != nil {
			// The other text on its own line, never mixed into the quote's.
			fmt.Fprintf(e.stdout, "    %s, %s: “%s”\n", oneLine(b.Role), oneLine(b.Language), oneLine(b.Text))
		}
		fmt.Fprintf(e.stdout, "    — %s", oneLine(q.Attribution))
		if q.Interview != "" {
			fmt.Fprintf(e.stdout, " (%s, %d-%d)", oneLine(q.Interview), q.Start, q.End)
		}
		fmt.Fprintln(e.stdout)
	}
	if bank.Withheld > 0 {
		fmt.Fprintf(e.stdout, "%d %s withheld for the public audience", bank.Withheld, plural(bank.Withheld, "participant", "participants"))
		if bank.Note != "" {
			fmt.Fprintf(e.stdout, ": %s", bank.Note)
		}
		fmt.Fprintln(e.stdout)
	}
	if bank.Blind > 0 {
		fmt.Fprintf(e.stdout, "%d %s still in blind coding %s left out.\n", bank.Blind, plural(bank.Blind, "interview", "interviews"), plural(bank.Blind, "is", "are"))
	}
	return nil
}
