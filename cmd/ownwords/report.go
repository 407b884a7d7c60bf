package main

import (
	"context"
	"fmt"
	"io"

	"ownwords"
	"ownwords/report"
)

func init() {
	register(&command{name: "report", summary: "the study report: figures by group, rankings, co-occurrence, quotes; with -o an export file, age-encrypted to the custodians", run: runReport})
}

// renderers maps --format to a report writer.
var renderers = map[string]func(io.Writer, *report.Report) error{
	"text": report.WriteText, "md": report.WriteMarkdown, "html": report.WriteHTML, "json": report.WriteJSON,
}

// runReport prints the report, or with -o writes it as an export file:
// age-encrypted to the custodians unless --plaintext (confirmed on a
// terminal), and for the team audience shaped by the account's export
// tier. The public report is disclosure-controlled for anyone and needs no
// account.
func runReport(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	var xf exportFlags
	fs := newFlags(e, "report", "--store S [--plan P] [--audience team|public] [--format text|md|html|json] [-o OUT [--tier T] [--plaintext]]")
	sf.register(fs, false)
	uf.register(fs)
	xf.register(fs, true, false)
	format := fs.String("format", "text", "text, md, html or json")
	audience := fs.String("audience", report.AudiencePublic, "public (suppressed small counts, the default) or team (exact counts; needs --user, owner or analyst)")
	plan := fs.String("plan", "", "stored analysis plan (default: the study's only plan, or \"reference\")")
	out := fs.String("o", "", "write an export file (\"-\": to standard output), age-encrypted to the study's custodians; without -o the report is printed in the clear")
	if err := parse(fs, args); err != nil {
		return err
	}
	render := renderers[*format]
	if render == nil {
		return ownwords.Errorf(ownwords.EINVALID, "--format must be text, md, html or json")
	}
	if *audience != report.AudiencePublic && *audience != report.AudienceTeam {
		return ownwords.Errorf(ownwords.EINVALID, "--audience must be public or team")
	}
	team := *audience == report.AudienceTeam
	switch {
	case *out == "" && xf.plaintext:
		return ownwords.Errorf(ownwords.EINVALID, "--plaintext applies to an export file: add -o OUT")
	case !team && xf.tier != "":
		return ownwords.Errorf(ownwords.EINVALID, "--tier applies to the team audience; the public report is the same for everyone")
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	opt := report.StudyOptions{Plan: *plan, Options: report.Options{Audience: *audience}}
	actor := ownwords.SystemActor
	var tier ownwords.ExportTier
	if team {
		role, err := uf.authorize(ctx, e, st, study, ownwords.RoleOwner, ownwords.RoleAnalyst)
		if err != nil {
			return err
		}
		actor = uf.name
		// The team report is shaped by the account's export tier whether
		// it goes to a file or to standard output (which a redirect makes
		// a file just the same).
		if tier, err = tierOf(study, uf.name, role, xf.tier, ownwords.TierDeidentified); err != nil {
			return err
		}
		// Quotes are free text, which a de-identified export leaves out.
		opt.WithQuotes = role.SeesText() && tier.KeepsFreeText()
	} else {
		// A public report is made by whoever holds the passphrase; its
		// quotes carry coarse attribution only.
		opt.WithQuotes = true
	}
	ctx = ownwords.WithActor(ctx, actor)
	rep, _, err := report.ForStudy(ctx, st, study.ID, opt)
	if err != nil {
		return err
	}
	if tier != "" {
		if err := report.ApplyTier(ctx, st, study.ID, rep, tier); err != nil {
			return err
		}
	}
	if *out == "" {
		// Audit before writing: an output that leaves must be on the record.
		detail := *format
		if tier != "" {
			detail += ", tier " + string(tier)
		}
		if err := st.Record(ctx, study.ID, "report."+*audience, rep.Plan, detail); err != nil {
			return err
		}
		return render(e.stdout, rep)
	}
	what := fmt.Sprintf("the %s report (%s)", *audience, *format)
	detail := *format
	if tier != "" {
		what = fmt.Sprintf("the team report (%s) at tier %s", *format, tier)
		detail += ", tier " + string(tier)
	}
	sink, err := newExportSink(ctx, e, st, study, xf.plaintext, nil, what, *out)
	if err != nil {
		return err
	}
	if err := st.Record(ctx, study.ID, "report."+*audience, rep.Plan, detail); err != nil {
		return err
	}
	if err := sink.write(*out, what, func(w io.Writer) error { return render(w, rep) }); err != nil {
		return err
	}
	if *out != "-" {
		fmt.Fprintf(e.stdout, "Wrote %s to %s%s\n", what, *out, protection(xf.plaintext))
	}
	return nil
}
