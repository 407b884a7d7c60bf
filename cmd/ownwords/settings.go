package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"ownwords"
	"ownwords/gate"
)

func init() {
	register(&command{name: "settings", summary: "show or change the study's disclosure settings: k, the daily budget of count searches, the redaction list, export tiers per role (owners)", run: runSettings})
}

// settingsView is what `settings` prints: the redaction terms themselves
// only with --show-redactions, since they are the names and places the
// study must never publish.
type settingsView struct {
	Study          string                                `json:"study"`
	DisclosureK    int                                   `json:"disclosure_k"`
	SearchCounts   int                                   `json:"search_counts_per_day"`
	RetentionDays  int                                   `json:"retention_days"`
	Custodians     int                                   `json:"custodians"`
	RedactionCount int                                   `json:"redaction_count"`
	Redactions     []string                              `json:"redactions,omitempty"`
	ExportTiers    map[ownwords.Role]ownwords.ExportTier `json:"export_tiers"`
}

// runSettings shows the study's settings to an owner and applies the
// changes asked for, all at once, in one audited update (gate.Settings;
// the domain decides which values are allowed). Redaction terms come from
// a file (one per line; "-" reads standard input), never from flags, which
// would leave the names in shell history.
func runSettings(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	var tiers multiFlag
	fs := newFlags(e, "settings", "--store S --user OWNER [--k N] [--search-counts-per-day N] [--redact-file F] [--unredact-file F] [--export-tier role=tier …] [--show-redactions] [--format json]")
	sf.register(fs, true)
	uf.register(fs)
	k := fs.Int("k", 0, fmt.Sprintf("disclosure threshold: public outputs suppress counts 1..k-1 (%d to %d)", ownwords.MinDisclosureK, ownwords.MaxDisclosureK))
	perDay := fs.Int("search-counts-per-day", 0, fmt.Sprintf("searches answered with counts (analysts, viewers) each account may make in 24 hours (%d to %d)",
		ownwords.MinSearchCountsPerDay, ownwords.MaxSearchCountsPerDay))
	redact := fs.String("redact-file", "", "add the names, places and dates in this file (one per line, \"-\": standard input) to the redaction list")
	unredact := fs.String("unredact-file", "", "remove the terms in this file from the redaction list")
	fs.Var(&tiers, "export-tier", "set a role's export tier, e.g. analyst=none (none, deidentified, limited, full; repeatable; role=default restores the default)")
	show := fs.Bool("show-redactions", false, "print the redaction terms themselves (they are sensitive)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return ownwords.Errorf(ownwords.EINVALID, "unexpected argument %q: redaction terms are read from --redact-file, never from the command line", fs.Arg(0))
	}
	ch := gate.SettingsChange{K: *k, SearchCountsPerDay: *perDay, ShowRedactions: *show}
	for _, rt := range tiers {
		role, tier, ok := strings.Cut(rt, "=")
		r := ownwords.Role(strings.TrimSpace(role))
		if !ok || !r.Valid() {
			return ownwords.Errorf(ownwords.EINVALID, "--export-tier %q: want role=tier with role owner, coder, analyst or viewer", rt)
		}
		ch.Tiers = append(ch.Tiers, gate.TierChange{Role: r, Tier: tier})
	}
	as, err := sf.openAs(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	if *redact != "" {
		if ch.Redact, err = readTerms(e, *redact); err != nil {
			return err
		}
	}
	if *unredact != "" {
		if ch.Unredact, err = readTerms(e, *unredact); err != nil {
			return err
		}
	}
	set, err := as.g.Settings(ctx, as.c, ch)
	if err != nil {
		return err
	}
	for _, c := range set.Changes {
		fmt.Fprintf(e.stderr, "changed: %s\n", c)
	}
	v := settingsView{Study: set.Study, DisclosureK: set.DisclosureK, SearchCounts: set.SearchCountsPerDay, RetentionDays: set.RetentionDays, Custodians: set.Custodians,
		RedactionCount: set.RedactionCount, Redactions: set.Redactions, ExportTiers: set.ExportTiers}
	if sf.json() {
		return writeJSON(e.stdout, v)
	}
	fmt.Fprintf(e.stdout, "%s\n  disclosure k: %d\n  search counts: %d a day per account\n  retention: %d days (0: kept)\n  custodians: %d\n  redaction list: %d %s\n",
		v.Study, v.DisclosureK, v.SearchCounts, v.RetentionDays, v.Custodians, v.RedactionCount, plural(v.RedactionCount, "term", "terms"))
	for _, t := range v.Redactions {
		fmt.Fprintf(e.stdout, "    %s\n", oneLine(t))
	}
	tierList := make([]string, 0, len(v.ExportTiers))
	for _, r := range ownwords.Roles {
		tierList = append(tierList, fmt.Sprintf("%s %s", r, v.ExportTiers[r]))
	}
	fmt.Fprintf(e.stdout, "  export tiers: %s\n", strings.Join(tierList, ", "))
	return nil
}

// readTerms reads one term per line from path ("-": standard input),
// trimmed, blank lines skipped. EINVALID names the file and line of a
// term that is not valid UTF-8.
func readTerms(e *env, path string) ([]string, error) {
	r := e.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, ownwords.Errorf(ownwords.ENOTFOUND, "%s: %v", path, err)
		}
		defer f.Close()
		r = f
	}
	out := []string{} // asked for, even if empty: "0 terms added"
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		if t == "" {
			continue
		}
		if !utf8.ValidString(t) {
			return nil, ownwords.Errorf(ownwords.EINVALID, "%s:%d: not valid UTF-8", path, line)
		}
		out = append(out, t)
	}
	if err := sc.Err(); err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "%s: %v", path, err)
	}
	return out, nil
}
