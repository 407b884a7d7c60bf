package quotes

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"ownwords"
	"ownwords/disclosure"
	"ownwords/report"
)

// Publication is the public quote bank of one figure rendered as the exact
// text that leaves the study, with its hash and what the disclosure scan
// found in it.
type Publication struct {
	Item  string `json:"item"`
	Group string `json:"group,omitempty"`
	Plan  string `json:"plan,omitempty"`
	// Document is the exact text published (UTF-8, lines ending in "\n").
	Document string `json:"document,omitempty"`
	// SHA256 is the hex SHA-256 of Document: what the owners approve.
	SHA256 string `json:"sha256"`
	// Quotes and Withheld count the quotes in Document and the passages
	// For left out for the public audience.
	Quotes   int `json:"quotes"`
	Withheld int `json:"withheld"`
	// Findings lists what the scan found; a publication with findings is
	// refused.
	Findings []Finding `json:"findings,omitempty"`
}

// Finding is one reason the scan refuses a publication.
type Finding struct {
	// Quote numbers the quote concerned as Document does (1, 2, …); 0 is
	// the heading or the figure as a whole.
	Quote int `json:"quote"`
	// Part is "text", "original" (the aligned passage of the interview's
	// other text beside it), "attribution", "heading" or "figure".
	Part string `json:"part"`
	// Term is the entry of the redaction list found, if that is the reason.
	Term string `json:"term,omitempty"`
	// Problem says what is wrong, in words for the owner.
	Problem string `json:"problem"`
}

// String names the finding for an error message.
func (f Finding) String() string {
	if f.Quote == 0 {
		return f.Part + ": " + f.Problem
	}
	return fmt.Sprintf("quote %d %s: %s", f.Quote, f.Part, f.Problem)
}

// Prepare builds the public quote bank of opt's figure (For with the public
// audience), renders it as the publication document and scans that exact
// text: no term of the study's redaction list anywhere in it (quotes,
// attributions, heading), at least k participants behind the figure, and
// every attribution fitting at least k participants of the analysis
// sample, counted afresh here rather than trusted from the Attributor.
// Findings do not make an error: callers refuse (see RequestPublication).
func Prepare(ctx context.Context, svc ownwords.Services, studyID string, opt Options) (*Publication, error) {
	opt.Audience = report.AudiencePublic
	bank, fig, err := build(ctx, svc, studyID, opt)
	if err != nil {
		return nil, err
	}
	doc, parts := render(bank)
	sum := sha256.Sum256([]byte(doc))
	pub := &Publication{Item: opt.Item, Group: opt.Group, Plan: opt.Plan, Document: doc,
		SHA256: hex.EncodeToString(sum[:]), Quotes: len(bank.Quotes), Withheld: bank.Withheld}
	pub.Findings = scan(doc, parts, bank, fig)
	return pub, nil
}

// part is where one piece of a document lies, in code points.
type part struct {
	quote      int
	what       string
	start, end int
}

// render writes a public bank as the publication document: a heading, then
// each quote numbered, in curly quotes, on one line, the aligned passage
// of the interview's other text (an original, a translation) named and on
// its own line when there is one, its attribution on the next. Every piece
// of study text goes through plain first; the scan reads all of it.
func render(b *Bank) (string, []part) {
	var doc strings.Builder
	var parts []part
	n := 0 // code points written
	write := func(s string) { doc.WriteString(s); n += len([]rune(s)) }
	piece := func(quote int, what, s string) {
		start := n
		write(s)
		parts = append(parts, part{quote, what, start, n})
	}
	write("Quotes behind ")
	piece(0, "heading", report.Clean(b.Item))
	if b.Group != "" {
		write(", group ")
		piece(0, "heading", report.Clean(b.Group))
	}
	write("\n")
	for i, q := range b.Quotes {
		write(fmt.Sprintf("\n%d. “", i+1))
		piece(i+1, "text", report.Clean(q.Text))
		if b := q.Beside; b != nil {
			write("”\n   ")
			piece(i+1, "heading", report.Clean(b.Role)+", "+report.Clean(b.Language))
			write(": “")
			piece(i+1, "original", report.Clean(b.Text))
		}
		write("”\n   — ")
		piece(i+1, "attribution", report.Clean(q.Attribution))
		write("\n")
	}
	return doc.String(), parts
}

// scan checks the exact document: the redaction list over the whole text
// (a term may only be found whole, so a name split by a line break is
// still found), the figure's size, and each attribution's group size.
func scan(doc string, parts []part, b *Bank, fig *figure) []Finding {
	var out []Finding
	if fig.behind < fig.k {
		out = append(out, Finding{Part: "figure", Problem: fmt.Sprintf("only %s behind it, fewer than k = %d", participants(fig.behind), fig.k)})
	}
	for _, f := range disclosure.Scan(doc, fig.redactions) {
		p := part{what: "heading"}
		for _, q := range parts {
			if f.Start < q.end && f.End > q.start {
				p = q
				break
			}
		}
		out = append(out, Finding{Quote: p.quote, Part: p.what, Term: f.Term, Problem: fmt.Sprintf("names %q of the redaction list", f.Term)})
	}
	fits, err := attributionGroups(fig)
	if err != nil {
		return append(out, Finding{Part: "figure", Problem: "attributions cannot be checked: " + ownwords.ErrorMessage(err)})
	}
	for i, q := range b.Quotes {
		if n := fits[report.Clean(q.Attribution)]; n < fig.k {
			out = append(out, Finding{Quote: i + 1, Part: "attribution", Problem: fmt.Sprintf("fits %s of the sample, fewer than k = %d", participants(n), fig.k)})
		}
	}
	return out
}

// attributionGroups counts, for every description an attribution could
// give (every subset of the worded attributes, rendered), the participants
// of the sample it fits. A reader cannot tell which attributes a phrase
// names, so a participant counts for a phrase if any subset of their own
// attributes renders to it. An Attributor with k = 1 renders every subset
// of a participant's attributes in full, since that participant alone
// shares them.
func attributionGroups(fig *figure) (map[string]int, error) {
	all, err := disclosure.NewAttributor(1, fig.words, fig.sample)
	if err != nil {
		return nil, err
	}
	fits := map[string]int{}
	for _, values := range fig.sample {
		seen := map[string]bool{}
		for mask := range 1 << len(fig.words) {
			sub := map[string]string{}
			for i, w := range fig.words {
				if v, ok := values[w.Attribute]; ok && mask>>i&1 == 1 {
					sub[w.Attribute] = v
				}
			}
			if d := report.Clean(all.Attribution(sub)); !seen[d] {
				seen[d] = true
				fits[d]++
			}
		}
	}
	return fits, nil
}

// participants counts people in words: "1 participant", "2 participants".
func participants(n int) string {
	if n == 1 {
		return "1 participant"
	}
	return fmt.Sprintf("%d participants", n)
}
