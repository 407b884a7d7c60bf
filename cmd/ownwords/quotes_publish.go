package main

import (
	"context"
	"fmt"
	"io"

	"ownwords"
	"ownwords/quotes"
)

func init() {
	register(&command{name: "quotes publish", summary: "publish a figure's public quotes after the disclosure scan and a second owner's approval: quotes publish request|show|approve|export", run: runQuotesPublish})
}

const quotesPublishUsage = `Usage: ownwords quotes publish request --store S --user OWNER --item section/slug [--group G] [--plan P]
       ownwords quotes publish show     --store S --user OWNER --request ID
       ownwords quotes publish approve  --store S --user OTHER_OWNER --request ID
       ownwords quotes publish export   --store S --user OWNER --request ID -o FILE [--plaintext]`

// runQuotesPublish is the two-owner workflow for quotes that leave the
// study (package quotes holds its rules): an owner requests the public
// quotes of a figure, which must pass the disclosure scan; a second owner
// reviews and approves the exact text (its SHA-256); then an owner exports
// it, age-encrypted to the custodians unless --plaintext. Every step is
// an audit entry carrying the hash.
func runQuotesPublish(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (args[0] != "request" && args[0] != "show" && args[0] != "approve" && args[0] != "export") {
		fmt.Fprintln(e.stderr, quotesPublishUsage)
		return errUsage
	}
	op := args[0]
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "quotes publish", op+" --store S --user OWNER …")
	sf.register(fs, op != "export")
	uf.register(fs)
	var opt quotes.Options
	var id, out string
	var plaintext bool
	if op == "request" {
		fs.StringVar(&opt.Item, "item", "", "figure as section/slug (required)")
		fs.StringVar(&opt.Group, "group", "", "plan group (default: the whole sample)")
		fs.StringVar(&opt.Plan, "plan", "", "stored analysis plan")
	} else {
		fs.StringVar(&id, "request", "", "request ID, as `quotes publish request` printed it (required)")
	}
	if op == "export" {
		fs.StringVar(&out, "o", "", "file to write, - for standard output (required)")
		fs.BoolVar(&plaintext, "plaintext", false, "write the text unencrypted (asks for confirmation on a terminal)")
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	switch {
	case op == "request" && opt.Item == "":
		return ownwords.Errorf(ownwords.EINVALID, "--item is required")
	case op != "request" && id == "":
		return ownwords.Errorf(ownwords.EINVALID, "--request is required")
	case op == "export" && out == "":
		return ownwords.Errorf(ownwords.EINVALID, "-o FILE is required")
	}
	as, err := sf.openAs(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	g, c := as.g, as.c
	var req *quotes.Request
	var pub *quotes.Publication
	switch op {
	case "request":
		req, pub, err = g.RequestPublication(ctx, c, opt)
	case "show":
		req, pub, err = g.ReviewPublication(ctx, c, id)
	case "approve":
		req, pub, err = g.ApprovePublication(ctx, c, id)
	case "export":
		return exportPublication(ctx, e, as, id, out, plaintext)
	}
	if err != nil {
		return err
	}
	if sf.json() {
		if op != "show" {
			pub.Document = "" // printed by show only
		}
		return writeJSON(e.stdout, struct {
			Request     *quotes.Request     `json:"request"`
			Publication *quotes.Publication `json:"publication"`
		}{req, pub})
	}
	printPublishStatus(e.stdout, op, req, pub)
	return nil
}

// printPublishStatus says where a request stands and what comes next; show
// prints the text to approve first.
func printPublishStatus(w io.Writer, op string, req *quotes.Request, pub *quotes.Publication) {
	if op == "show" {
		fmt.Fprintf(w, "%s\n", pub.Document)
	}
	what := req.Item
	if req.Group != "" {
		what += ", group " + req.Group
	}
	fmt.Fprintf(w, "Request %s: the public quotes of %s, %d %s", req.ID, what, pub.Quotes, plural(pub.Quotes, "quote", "quotes"))
	if pub.Withheld > 0 {
		fmt.Fprintf(w, " (%d %s withheld by the disclosure rules)", pub.Withheld, plural(pub.Withheld, "passage", "passages"))
	}
	fmt.Fprintf(w, ".\nSHA-256 of the exact text: %s\nRequested by %s", pub.SHA256, req.RequestedBy)
	for _, a := range req.Approvals {
		fmt.Fprintf(w, "; approved by %s", a.By)
	}
	fmt.Fprintln(w, ".")
	if len(req.Approvals) == 0 {
		fmt.Fprintf(w, "Next: another owner reads it (quotes publish show --request %s) and approves it (quotes publish approve --request %s).\n", req.ID, req.ID)
	} else {
		fmt.Fprintf(w, "Next: an owner writes it out (quotes publish export --request %s -o FILE).\n", req.ID)
	}
}

// exportPublication writes the approved text of request id through
// openExport (age-encrypted to the custodians unless plaintext) and records
// the publication with its hash once the file is complete.
func exportPublication(ctx context.Context, e *env, as *asCaller, id, path string, plaintext bool) error {
	g, c := as.g, as.c
	req, pub, err := g.ReleasePublication(ctx, c, id)
	if err != nil {
		return err
	}
	w, err := openExport(c.Context(ctx), e, path, plaintext, nil, as.st, as.study, fmt.Sprintf("quotes for publication (request %s, SHA-256 %s)", req.ID, pub.SHA256))
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, pub.Document); err != nil {
		w.Close()
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := g.Published(ctx, c, req, pub, path); err != nil {
		return err
	}
	msg := e.stdout
	if path == "-" {
		msg = e.stderr
	}
	fmt.Fprintf(msg, "Wrote the %d approved %s of request %s (SHA-256 %s) to %s.\n", pub.Quotes, plural(pub.Quotes, "quote", "quotes"), req.ID, pub.SHA256, path)
	return nil
}
