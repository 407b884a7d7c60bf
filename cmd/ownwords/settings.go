package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"ownwords"
)

func init() {
	register(&command{name: "settings", summary: "show or change the study's disclosure settings: k, the redaction list, export tiers per role (owners)", run: runSettings})
}

// settingsView is what `settings` prints: the redaction terms themselves
// only with --show-redactions, since they are the names and places the
// study must never publish.
type settingsView struct {
	Study          string                                `json:"study"`
	DisclosureK    int                                   `json:"disclosure_k"`
	RetentionDays  int                                   `json:"retention_days"`
	Custodians     int                                   `json:"custodians"`
	RedactionCount int                                   `json:"redaction_count"`
	Redactions     []string                              `json:"redactions,omitempty"`
	ExportTiers    map[ownwords.Role]ownwords.ExportTier `json:"export_tiers"`
}

// runSettings shows the study's settings to an owner and applies the
// changes asked for, all at once, in one audited update. Redaction terms
// come from a file (one per line; "-" reads standard input), never from
// flags, which would leave the names in shell history.
func runSettings(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	var tiers multiFlag
	fs := newFlags(e, "settings", "--store S --user OWNER [--k N] [--redact-file F] [--unredact-file F] [--export-tier role=tier …] [--show-redactions] [--format json]")
	sf.register(fs, true)
	uf.register(fs)
	k := fs.Int("k", 0, "disclosure threshold: public outputs suppress counts 1..k-1 (2 or more)")
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
	st, study, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := uf.authorize(ctx, e, st, study, ownwords.RoleOwner); err != nil {
		return err
	}
	ctx = ownwords.WithActor(ctx, uf.name)
	var changes []string
	s := &study.Settings
	if *k != 0 {
		if *k < 2 {
			return ownwords.Errorf(ownwords.EINVALID, "--k %d: the threshold must be 2 or more", *k)
		}
		if *k != s.DisclosureK {
			changes = append(changes, fmt.Sprintf("k %d → %d", s.DisclosureK, *k))
			s.DisclosureK = *k
		}
	}
	if *redact != "" {
		terms, err := readTerms(e, *redact)
		if err != nil {
			return err
		}
		added := 0
		for _, t := range terms {
			if !slices.ContainsFunc(s.Redactions, func(r string) bool { return strings.EqualFold(r, t) }) {
				s.Redactions = append(s.Redactions, t)
				added++
			}
		}
		changes = append(changes, fmt.Sprintf("%d redaction %s added", added, plural(added, "term", "terms")))
	}
	if *unredact != "" {
		terms, err := readTerms(e, *unredact)
		if err != nil {
			return err
		}
		n := len(s.Redactions)
		s.Redactions = slices.DeleteFunc(s.Redactions, func(r string) bool {
			return slices.ContainsFunc(terms, func(t string) bool { return strings.EqualFold(r, t) })
		})
		changes = append(changes, fmt.Sprintf("%d redaction %s removed", n-len(s.Redactions), plural(n-len(s.Redactions), "term", "terms")))
	}
	for _, rt := range tiers {
		role, name, ok := strings.Cut(rt, "=")
		r := ownwords.Role(strings.TrimSpace(role))
		if !ok || !r.Valid() {
			return ownwords.Errorf(ownwords.EINVALID, "--export-tier %q: want role=tier with role owner, coder, analyst or viewer", rt)
		}
		if strings.TrimSpace(name) == "default" {
			delete(s.ExportTiers, r)
			changes = append(changes, fmt.Sprintf("export tier of %s → default (%s)", r, ownwords.DefaultExportTier(r)))
			continue
		}
		t, err := ownwords.ParseExportTier(name)
		if err != nil {
			return err
		}
		if s.ExportTiers == nil {
			s.ExportTiers = map[ownwords.Role]ownwords.ExportTier{}
		}
		s.ExportTiers[r] = t
		changes = append(changes, fmt.Sprintf("export tier of %s → %s", r, t))
	}
	if len(changes) > 0 {
		// One transaction: UpdateStudy validates (tiers above a role's
		// maximum are refused) and audits "study.update"; the entry below
		// says what changed without the redaction terms.
		err := st.Update(ctx, func(svc ownwords.Services) error {
			if err := svc.UpdateStudy(ctx, study); err != nil {
				return err
			}
			return svc.Record(ctx, study.ID, "study.settings", study.ID, strings.Join(changes, "; "))
		})
		if err != nil {
			return err
		}
		for _, c := range changes {
			fmt.Fprintf(e.stderr, "changed: %s\n", c)
		}
	}
	v := settingsView{Study: study.Name, DisclosureK: s.DisclosureK, RetentionDays: s.RetentionDays,
		Custodians: len(s.Custodians), RedactionCount: len(s.Redactions), ExportTiers: map[ownwords.Role]ownwords.ExportTier{}}
	for _, r := range []ownwords.Role{ownwords.RoleOwner, ownwords.RoleCoder, ownwords.RoleAnalyst, ownwords.RoleViewer} {
		v.ExportTiers[r] = s.ExportTierOf(r)
	}
	if *show {
		v.Redactions = slices.Clone(s.Redactions)
		if err := st.Record(ctx, study.ID, "study.redactions_shown", study.ID, strconv.Itoa(len(s.Redactions))+" terms"); err != nil {
			return err
		}
	}
	if sf.json() {
		return writeJSON(e.stdout, v)
	}
	fmt.Fprintf(e.stdout, "%s\n  disclosure k: %d\n  retention: %d days (0: kept)\n  custodians: %d\n  redaction list: %d %s\n",
		v.Study, v.DisclosureK, v.RetentionDays, v.Custodians, v.RedactionCount, plural(v.RedactionCount, "term", "terms"))
	for _, t := range v.Redactions {
		fmt.Fprintf(e.stdout, "    %s\n", oneLine(t))
	}
	fmt.Fprintf(e.stdout, "  export tiers: owner %s, coder %s, analyst %s, viewer %s\n", v.ExportTiers[ownwords.RoleOwner],
		v.ExportTiers[ownwords.RoleCoder], v.ExportTiers[ownwords.RoleAnalyst], v.ExportTiers[ownwords.RoleViewer])
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
	var out []string
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
