package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"ownwords"
	"ownwords/gate"
	"ownwords/internal/chromium"
	"ownwords/report"
)

func init() {
	register(&command{name: "report", summary: "the study report: figures by group, rankings, co-occurrence, quotes; with -o an export file (also as PDF, printed by Chromium), age-encrypted to the custodians", run: runReport})
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
	fs := newFlags(e, "report", "--store S [--plan P] [--audience team|public] [--format text|md|html|json] [-o OUT [--tier T] [--plaintext]] | --format pdf [--paper a4|letter] -o OUT")
	sf.register(fs, false)
	uf.register(fs)
	xf.register(fs, true, false)
	format := fs.String("format", "text", "text, md, html, json, or pdf (the html report printed by Chromium; an export file: needs -o)")
	paper := fs.String("paper", chromium.DefaultPaper, "pdf: paper size, a4 or letter")
	audience := fs.String("audience", report.AudiencePublic, "public (suppressed small counts, the default) or team (exact counts; needs --user, owner or analyst)")
	plan := fs.String("plan", "", "stored analysis plan (default: the study's only plan, or \"reference\")")
	out := fs.String("o", "", "write an export file (\"-\": to standard output), age-encrypted to the study's custodians; without -o the report is printed in the clear")
	if err := parse(fs, args); err != nil {
		return err
	}
	render := renderers[*format]
	var printer *chromium.Printer
	if *format == "pdf" {
		// Chromium is looked for first: without it nothing is opened,
		// audited or written.
		var err error
		if printer, err = pdfPrinter(*out, *paper); err != nil {
			return err
		}
	} else if render == nil {
		return ownwords.Errorf(ownwords.EINVALID, "--format must be text, md, html, json or pdf")
	} else if flagSet(fs, "paper") {
		return ownwords.Errorf(ownwords.EINVALID, "--paper applies to --format pdf")
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
	write := func(w io.Writer) error { return render(w, rep.Report) }
	if printer != nil {
		// Printed in memory before the export is audited and its file
		// created, so that a failing browser leaves neither.
		doc, err := report.PDF(ctx, rep.Report, printer, *paper)
		if err != nil {
			return err
		}
		write = func(w io.Writer) error { _, err := w.Write(doc); return err }
	}
	if err := sink.write(*out, what, write); err != nil {
		return err
	}
	if *out != "-" {
		fmt.Fprintf(e.stdout, "Wrote %s to %s%s\n", what, *out, protection(xf.plaintext))
	}
	return nil
}

// pdfPrinter checks a PDF report's flags and finds Chromium. A PDF is
// always an export file (encrypted unless --plaintext): binary output is
// not printed on a terminal.
func pdfPrinter(out, paper string) (*chromium.Printer, error) {
	if out == "" {
		return nil, ownwords.Errorf(ownwords.EINVALID, "--format pdf writes an export file: add -o OUT (age-encrypted to the custodians)")
	}
	if err := chromium.CheckPaper(paper); err != nil {
		return nil, err
	}
	return chromium.Find()
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
