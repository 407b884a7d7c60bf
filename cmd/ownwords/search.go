package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"ownwords"
	"ownwords/report"
	"ownwords/sqldb"
)

func init() {
	register(&command{name: "search", summary: "search the transcripts: keyword-in-context lines with interview, participant and offsets", run: runSearch})
}

// multiFlag collects a repeated string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// runSearch prints the hits of a query. Hit text is confidential: with
// --user, owners and coders see it, analysts and viewers get counts only;
// without --user, whoever holds the study file's passphrase sees it (they
// can read every transcript anyway). A PostgreSQL store always needs
// --user, since it has no passphrase.
func runSearch(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	var where, inside, outside multiFlag
	fs := newFlags(e, "search", "--store S [--format json] [--language L] [--where attr=value …] [--inside code/path …] [--outside code/path …] QUERY")
	sf.register(fs, true)
	uf.register(fs)
	language := fs.String("language", "", "keep interviews in this language (BCP 47)")
	fs.Var(&where, "where", "keep participants with attribute=value (repeatable)")
	fs.Var(&inside, "inside", "keep hits inside passages coded with this code or below it, by path or ID (repeatable)")
	fs.Var(&outside, "outside", "drop hits inside passages coded with this code or below it (repeatable)")
	coder := fs.String("coder", "", "apply --inside/--outside to this coder's layer instead of the consensus")
	width := fs.Int("context", 60, "characters of context on each side")
	limit := fs.Int("limit", 20, "interviews shown with their hits (every matching interview is listed with its count)")
	offset := fs.Int("offset", 0, "matching interviews to skip before those shown with hits (the next page)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return ownwords.Errorf(ownwords.EINVALID, "a query is required, e.g. ownwords search --store S '\"lack of food\" OR hunger'")
	}
	query := strings.Join(fs.Args(), " ")
	attrs := map[string]string{}
	for _, w := range where {
		k, v, ok := strings.Cut(w, "=")
		if !ok || k == "" {
			return ownwords.Errorf(ownwords.EINVALID, "--where %q: want attribute=value", w)
		}
		attrs[k] = v
	}
	if uf.name == "" && sqldb.IsPostgres(sf.store) {
		return ownwords.Errorf(ownwords.EUNAUTHORIZED, "searching a team server needs --user")
	}
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	actor, seesText, blind := ownwords.SystemActor, true, false
	if uf.name != "" {
		role, err := uf.authorize(ctx, e, st, study, ownwords.RoleOwner, ownwords.RoleCoder, ownwords.RoleAnalyst, ownwords.RoleViewer)
		if err != nil {
			return err
		}
		actor, seesText = uf.name, role.SeesText()
		if !seesText {
			// As in the workbench: no filter on an identifier attribute
			// (counts by a name would tell who has it).
			if err := refuseIdentifierFilters(ctx, st, study.ID, attrs); err != nil {
				return err
			}
		}
		// A coder's code filters may read another layer only where the
		// comparison is open (blind coding); the rest is dropped below.
		blind = role == ownwords.RoleCoder && len(inside)+len(outside) > 0 && *coder != uf.name
	}
	q := ownwords.SearchQuery{StudyID: study.ID, Query: query, Language: *language, Attributes: attrs,
		InsideCodes: inside, OutsideCodes: outside, Context: *width, Limit: *limit, Offset: *offset}
	if *coder != "" {
		u, err := st.UserByName(ctx, *coder)
		if err != nil {
			return err
		}
		q.CoderID = u.ID
	}
	q.CountsOnly = !seesText
	res, err := st.Search(ctx, q)
	if err != nil {
		return err
	}
	if blind {
		if err := dropBlindInterviews(ctx, st, study.ID, res); err != nil {
			return err
		}
	}
	view := "text"
	if !seesText {
		view = "counts"
	}
	if err := st.Record(ownwords.WithActor(ctx, actor), study.ID, "search", view, ""); err != nil {
		return err
	}
	if !seesText {
		return writeSearchCounts(e, res.Counts(study.Settings.DisclosureK), sf.json())
	}
	if sf.json() {
		return writeJSON(e.stdout, res)
	}
	var shown, rest int
	for _, iv := range res.Interviews {
		if len(iv.Hits) == 0 {
			rest++
			continue
		}
		shown++
		fmt.Fprintf(e.stdout, "%s (%s): %d %s\n", oneLine(iv.Title), oneLine(iv.ParticipantCode), iv.Count, plural(iv.Count, "hit", "hits"))
		for _, h := range iv.Hits {
			fmt.Fprintf(e.stdout, "  %d-%d  %s [%s] %s\n", h.Start, h.End, oneLine(h.Before), oneLine(h.Match), oneLine(h.After))
		}
	}
	if rest > 0 {
		fmt.Fprintf(e.stdout, "%d more %s not shown (--offset %d --limit %d shows the next ones; --format json lists every count)\n",
			rest, plural(rest, "interview", "interviews"), *offset+shown, *limit)
	}
	fmt.Fprintf(e.stdout, "%d %s in %d %s\n", res.TotalHits, plural(res.TotalHits, "hit", "hits"), len(res.Interviews),
		plural(len(res.Interviews), "interview", "interviews"))
	return nil
}

// writeSearchCounts prints the totals-only view of roles without text.
func writeSearchCounts(e *env, c *ownwords.SearchCounts, asJSON bool) error {
	if asJSON {
		return writeJSON(e.stdout, c)
	}
	if c.Withheld {
		fmt.Fprintln(e.stdout, "fewer than k participants match: counts withheld")
	} else {
		fmt.Fprintf(e.stdout, "%d %s in %d %s of %d %s\n", *c.TotalHits, plural(*c.TotalHits, "hit", "hits"),
			*c.Interviews, plural(*c.Interviews, "interview", "interviews"), *c.Participants, plural(*c.Participants, "participant", "participants"))
	}
	fmt.Fprintln(e.stdout, "(counts only: your role does not see transcript text or who matched)")
	return nil
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

// refuseIdentifierFilters refuses attribute filters on attributes tagged
// identifier: EFORBIDDEN.
func refuseIdentifierFilters(ctx context.Context, st ownwords.Store, studyID string, attrs map[string]string) error {
	if len(attrs) == 0 {
		return nil
	}
	all, err := st.Attributes(ctx, studyID)
	if err != nil {
		return err
	}
	for _, a := range all {
		if _, ok := attrs[a.Slug]; ok && a.Tag == ownwords.TagIdentifier {
			return ownwords.Errorf(ownwords.EFORBIDDEN, "--where %s: an identifier attribute; your role may not filter by it", a.Slug)
		}
	}
	return nil
}

// dropBlindInterviews removes from res the interviews whose comparison is
// still closed and recounts the hits.
func dropBlindInterviews(ctx context.Context, st ownwords.Store, studyID string, res *ownwords.SearchResult) error {
	ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID})
	if err != nil {
		return err
	}
	open := map[string]bool{}
	for _, iv := range ivs {
		open[iv.ID] = !iv.ComparisonOpenedAt.IsZero()
	}
	res.Interviews = slices.DeleteFunc(res.Interviews, func(ih ownwords.InterviewHits) bool { return !open[ih.InterviewID] })
	res.TotalHits = 0
	for _, ih := range res.Interviews {
		res.TotalHits += ih.Count
	}
	return nil
}
