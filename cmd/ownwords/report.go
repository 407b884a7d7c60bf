package main

import (
	"context"
	"io"
	"os"

	"ownwords"
	"ownwords/report"
)

func init() {
	register(&command{name: "report", summary: "the study report: figures by group, rankings, co-occurrence, quotes", run: runReport})
}

// renderers maps --format to a report writer.
var renderers = map[string]func(io.Writer, *report.Report) error{
	"text": report.WriteText, "md": report.WriteMarkdown, "html": report.WriteHTML, "json": report.WriteJSON,
}

func runReport(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "report", "--store S [--plan P] [--audience team|public] [--format text|md|html|json] [-o OUT]")
	sf.register(fs, false)
	uf.register(fs)
	format := fs.String("format", "text", "text, md, html or json")
	audience := fs.String("audience", report.AudiencePublic, "public (suppressed small counts, the default) or team (exact counts; needs --user, owner or analyst)")
	plan := fs.String("plan", "", "stored analysis plan (default: the study's only plan, or \"reference\")")
	out := fs.String("o", "", "write to this file instead of standard output")
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
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	opt := report.StudyOptions{Plan: *plan, Options: report.Options{Audience: *audience}}
	actor := ownwords.SystemActor
	if *audience == report.AudienceTeam {
		role, err := uf.authorize(ctx, e, st, study, ownwords.RoleOwner, ownwords.RoleAnalyst)
		if err != nil {
			return err
		}
		actor = uf.name
		opt.WithQuotes = role.SeesText()
	} else {
		// A public report is made by whoever holds the passphrase; its
		// quotes carry coarse attribution only.
		opt.WithQuotes = true
	}
	rep, _, err := report.ForStudy(ctx, st, study.ID, opt)
	if err != nil {
		return err
	}
	w := e.stdout
	if *out != "" {
		f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return ownwords.Errorf(ownwords.EINVALID, "cannot write %s: %v", *out, err)
		}
		defer f.Close()
		w = f
	}
	// Audit before writing: an output that leaves must be on the record.
	if err := st.Record(ownwords.WithActor(ctx, actor), study.ID, "report."+*audience, rep.Plan, *format); err != nil {
		return err
	}
	return render(w, rep)
}
