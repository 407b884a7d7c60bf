package main

import (
	"context"
	"fmt"

	"ownwords"
	"ownwords/quotes"
	"ownwords/report"
)

func init() {
	register(&command{name: "quotes", summary: "the quote bank: the coded passages behind a figure, with coarse attribution", run: runQuotes})
}

// runQuotes prints the passages behind a figure. The team audience needs
// --user (an owner or coder: analysts never see text) and shows
// participant codes and offsets; the public audience is made by whoever
// holds the passphrase, like a public report, and applies the study's
// disclosure rules (k, redaction list). Quotes leave the study for
// publication only through `quotes publish` (quotes_publish.go).
func runQuotes(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "quotes", "--store S --item section/slug [--group G] [--audience team|public] [--format json]")
	sf.register(fs, true)
	uf.register(fs)
	item := fs.String("item", "", "figure as section/slug (required)")
	group := fs.String("group", "", "plan group (default: the whole sample)")
	audience := fs.String("audience", report.AudiencePublic, "public (disclosure rules applied) or team (needs --user, owner or coder)")
	plan := fs.String("plan", "", "stored analysis plan")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *item == "" {
		return ownwords.Errorf(ownwords.EINVALID, "--item is required")
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
	if *audience == report.AudienceTeam {
		if _, err := uf.authorize(ctx, e, st, study, ownwords.RoleOwner, ownwords.RoleCoder); err != nil {
			return err
		}
		actor = uf.name
	}
	bank, err := quotes.For(ctx, st, study.ID, quotes.Options{Item: *item, Group: *group, Audience: *audience, Plan: *plan})
	if err != nil {
		return err
	}
	if err := st.Record(ownwords.WithActor(ctx, actor), study.ID, "quotes."+*audience, *item, *group); err != nil {
		return err
	}
	if sf.json() {
		return writeJSON(e.stdout, bank)
	}
	for _, q := range bank.Quotes {
		fmt.Fprintf(e.stdout, "“%s”\n    — %s", oneLine(q.Text), oneLine(q.Attribution))
		if q.Interview != "" {
			fmt.Fprintf(e.stdout, " (%s, %d-%d)", oneLine(q.Interview), q.Start, q.End)
		}
		fmt.Fprintln(e.stdout)
	}
	if bank.Withheld > 0 {
		fmt.Fprintf(e.stdout, "%d %s withheld for the public audience", bank.Withheld, plural(bank.Withheld, "passage", "passages"))
		if bank.Note != "" {
			fmt.Fprintf(e.stdout, ": %s", bank.Note)
		}
		fmt.Fprintln(e.stdout)
	}
	return nil
}
