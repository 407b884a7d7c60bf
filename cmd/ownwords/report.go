package main

import (
	"context"
	"fmt"
	"io"

	"ownwords"
	"ownwords/gate"
	"ownwords/report"
)

func init() {
	register(&command{name: "report", summary: "the study report: figures by group, rankings, co-occurrence, quotes; with -o an export file, age-encrypted to the custodians", run: runReport})
}

// renderers maps --format to a report writer.
var renderers = map[string]func(io.Writer, *report.Report) error{
	"text": report.WriteText, "md": report.WriteMarkdown, "html": report.WriteHTML, "json": report.WriteJSON,
}

// runReport prints the report, or with -o writes it as an export file,
// age-encrypted to the custodians unless --plaintext (confirmed on a
// terminal). Who gets which report (audience, tier, quotes) is the
// application layer's decision (gate.Gate.Report).
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
	if *out == "" && xf.plaintext {
		return ownwords.Errorf(ownwords.EINVALID, "--plaintext applies to an export file: add -o OUT")
	}
	as, err := sf.openAs(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	var sink *exportSink
	if *out != "" {
		// Encryption is settled (custodians, or a confirmed --plaintext)
		// before the report is made and audited.
		what := fmt.Sprintf("the %s report (%s)", *audience, *format)
		if sink, err = newExportSink(as.c.Context(ctx), e, as.st, as.study, xf.plaintext, nil, what, *out); err != nil {
			return err
		}
	}
	rep, err := as.g.Report(ctx, as.c, gate.ReportRequest{Plan: *plan, Audience: *audience, Tier: xf.tier, Format: *format})
	if err != nil {
		return err
	}
	if sink == nil {
		return render(e.stdout, rep.Report)
	}
	what := gate.ReportTitle(rep, *format)
	if err := sink.write(*out, what, func(w io.Writer) error { return render(w, rep.Report) }); err != nil {
		return err
	}
	if *out != "-" {
		fmt.Fprintf(e.stdout, "Wrote %s to %s%s\n", what, *out, protection(xf.plaintext))
	}
	return nil
}
