package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"ownwords"
	"ownwords/gate"
	"ownwords/report"
)

func init() {
	register(&command{name: "search", summary: "search the transcripts: keyword-in-context lines with interview, participant and offsets", run: runSearch})
}

// multiFlag collects a repeated string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// whereFilter parses repeated --where attribute=value flags.
func whereFilter(where multiFlag) (map[string]string, error) {
	out := map[string]string{}
	for _, w := range where {
		k, v, ok := strings.Cut(w, "=")
		if !ok || k == "" {
			return nil, ownwords.Errorf(ownwords.EINVALID, "--where %q: want attribute=value", w)
		}
		out[k] = v
	}
	return out, nil
}

// runSearch prints the hits of a query for the account named by --user
// (package gate decides what that account gets: hits for owners and
// coders, totals for analysts and viewers, and which interviews a coder's
// code filters may read). Searching needs an account: the audit log says
// who searched.
func runSearch(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	var where, inside, outside multiFlag
	fs := newFlags(e, "search", "--store S --user NAME [--format json] [--language L] [--where attr=value …] [--inside code/path …] [--outside code/path …] [--by attr] QUERY")
	sf.register(fs, true)
	uf.register(fs)
	language := fs.String("language", "", "keep interviews in this language (BCP 47)")
	fs.Var(&where, "where", "keep participants with attribute=value (repeatable)")
	fs.Var(&inside, "inside", "keep hits inside passages coded with this code or below it, by path or ID (repeatable)")
	fs.Var(&outside, "outside", "drop hits inside passages coded with this code or below it (repeatable)")
	by := fs.String("by", "", "break the participants found down by this category or yes/no attribute")
	coder := fs.String("coder", "", "apply --inside/--outside to this coder's layer instead of the consensus")
	width := fs.Int("context", 60, "characters of context on each side")
	limit := fs.Int("limit", 20, "interviews shown with their hits (every matching interview is listed with its count)")
	offset := fs.Int("offset", 0, "matching interviews to skip before those shown with hits (the next page)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return ownwords.Errorf(ownwords.EINVALID, "a query is required, e.g. ownwords search --store S --user NAME '\"lack of food\" OR hunger'")
	}
	req := gate.SearchRequest{Query: strings.Join(fs.Args(), " "), Language: *language,
		Inside: inside, Outside: outside, Coder: *coder, By: *by, Context: *width, Limit: *limit, Offset: *offset, Now: time.Now()}
	var err error
	if req.Attributes, err = whereFilter(where); err != nil {
		return err
	}
	as, err := sf.openAs(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	g, c := as.g, as.c
	out, err := g.Search(ctx, c, req)
	if err != nil {
		return err
	}
	if sf.json() {
		return writeJSON(e.stdout, out.JSON())
	}
	if out.Counts != nil {
		writeSearchCounts(e, out.Counts)
		return nil
	}
	writeSearchHits(e, out, *offset, *limit)
	writeBreakdown(e, out.By)
	return nil
}

// writeSearchHits prints the hits of the page and the totals.
func writeSearchHits(e *env, out *gate.SearchOutcome, offset, limit int) {
	res := out.Result
	var shown, rest int
	for _, iv := range res.Interviews {
		if len(iv.Hits) == 0 {
			rest++
			continue
		}
		shown++
		fmt.Fprintf(e.stdout, "%s (%s): %d %s\n", oneLine(iv.Title), oneLine(iv.ParticipantCode), iv.Count, plural(iv.Count, "hit", "hits"))
		for _, h := range iv.Hits {
			in := ""
			if h.Text != nil {
				// A hit in another text: its offsets are that text's.
				in = fmt.Sprintf(" (%s, %s)", oneLine(h.Text.Role), oneLine(h.Text.Language))
			}
			fmt.Fprintf(e.stdout, "  %d-%d%s  %s [%s] %s\n", h.Start, h.End, in, oneLine(h.Before), oneLine(h.Match), oneLine(h.After))
			if a := h.Aligned; a != nil {
				fmt.Fprintf(e.stdout, "    aligned %s, %s %d-%d: %s\n", oneLine(a.Role), oneLine(a.Language), a.Start, a.End, oneLine(a.Text))
			}
		}
	}
	if rest > 0 {
		// A lower bound lists only the interviews checked so far.
		every := "; --format json lists every count"
		if res.LowerBound {
			every = ""
		}
		fmt.Fprintf(e.stdout, "%d more %s not shown (--offset %d --limit %d shows the next ones%s)\n",
			rest, plural(rest, "interview", "interviews"), offset+shown, limit, every)
	}
	atLeast := ""
	if res.LowerBound {
		atLeast = "at least "
	}
	fmt.Fprintf(e.stdout, "%s%d %s in %s%d %s\n", atLeast, res.TotalHits, plural(res.TotalHits, "hit", "hits"), atLeast, len(res.Interviews),
		plural(len(res.Interviews), "interview", "interviews"))
	if res.LowerBound {
		fmt.Fprintf(e.stdout, "%d more %s every word of the query but %s not checked for the phrase (the search stops once its page is full; --offset %d --limit %d goes on)\n",
			res.Unchecked, plural(res.Unchecked, "interview holds", "interviews hold"), plural(res.Unchecked, "was", "were"), offset+shown+rest, limit)
	}
	if out.Blind > 0 {
		fmt.Fprintf(e.stdout, "%s\n", blindNote(out.Blind))
	}
}

// blindNote says what a coder's search with code filters on another layer
// left out; it names the study's count of such interviews, never one that
// depends on the query.
func blindNote(n int) string {
	return fmt.Sprintf("%d %s still in blind coding %s not searched: your code filters read a layer you may not see there yet",
		n, plural(n, "interview", "interviews"), plural(n, "is", "are"))
}

// writeSearchCounts prints the totals-only view of roles without text.
func writeSearchCounts(e *env, c *ownwords.SearchCounts) {
	if c.Withheld {
		fmt.Fprintln(e.stdout, "fewer than k participants match, or said a term of the query: the count is withheld")
	} else {
		fmt.Fprintf(e.stdout, "about %d %s\n", *c.Participants, plural(*c.Participants, "participant", "participants"))
	}
	writeBreakdown(e, c.By)
	fmt.Fprintln(e.stdout, "(counts only, approximate: each count is perturbed a little, the same way every time; your role does not see transcript text or who matched)")
}

// writeBreakdown prints the participants found by the values of an
// attribute, if a breakdown was asked for.
func writeBreakdown(e *env, b *ownwords.SearchBreakdown) {
	if b == nil {
		return
	}
	if b.Withheld {
		fmt.Fprintf(e.stdout, "by %s: withheld (some group has fewer than k participants)\n", oneLine(b.Label))
		return
	}
	about := ""
	if b.Approximate {
		about = "about "
	}
	fmt.Fprintf(e.stdout, "by %s:\n", oneLine(b.Label))
	for _, g := range b.Groups {
		fmt.Fprintf(e.stdout, "  %-24s %s%d %s\n", oneLine(g.Label), about, g.Participants, plural(g.Participants, "participant", "participants"))
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// oneLine makes study text safe to print on a terminal, on one line:
// control characters (escape sequences included) and line breaks become
// spaces, bidi overrides become U+FFFD (see report.Clean).
func oneLine(s string) string { return report.Clean(s) }
