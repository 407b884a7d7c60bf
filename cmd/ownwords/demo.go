package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"ownwords"
	"ownwords/demo"
	"ownwords/gate"
	"ownwords/report"
	"ownwords/sqldb"
	"ownwords/vault"
)

func init() {
	register(&command{name: "demo", summary: "build the synthetic demo study (if absent), print its headline findings, then serve the workbench", run: runDemo})
}

// demoPassphrase opens the demo study file. It is printed: the demo holds
// synthetic data only and must never hold a real study.
const demoPassphrase = "ownwords demo - synthetic data only"

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demo", "[--store F] [--no-serve] [--addr A] [--custodian-identity F]")
	store := fs.String("store", "demo.ownwords", "demo study file, or a postgres://… URL")
	noServe := fs.Bool("no-serve", false, "stop after printing the findings")
	addr := fs.String("addr", "127.0.0.1:8080", "address of the workbench")
	identityFile := fs.String("custodian-identity", "", "the demo custodian's age identity file, created if absent (default: beside the study file, STORE.demo-custodian.agekey)")
	seed := fs.Uint64("seed", demo.DefaultSeed, "generator seed (the published checks hold for any seed)")
	if err := parse(fs, args); err != nil {
		return err
	}
	s := demo.Generate(*seed)
	st, studyID, built, err := openOrBuildDemo(ctx, e, *store, s)
	if err != nil {
		return err
	}
	defer st.Close()
	clipCode := ""
	if built {
		fmt.Fprintf(e.stdout, "Built the synthetic demo study in %s.\n", *store)
		// The recordings were made when the participants were interviewed,
		// before some of them withdrew: they go in before the withdrawals.
		if clipCode, err = demoRecordings(ctx, e, st, studyID, s); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.stdout, "Using the demo study already in %s.\n", *store)
	}
	// Also on a study opened again: completes a build interrupted before.
	if err := demo.Withdraw(ctx, st, studyID, s); err != nil {
		return err
	}
	if !sqldb.IsPostgres(*store) {
		fmt.Fprintf(e.stdout, "Passphrase: %q (export OWNWORDS_PASSPHRASE to use other commands on it)\n", demoPassphrase)
	}
	fmt.Fprintln(e.stdout, "Accounts (demo passwords, synthetic data only):")
	for _, u := range s.Users {
		fmt.Fprintf(e.stdout, "  %-9s %-8s password %q\n", u.Name, u.Role, u.Password)
	}
	// The headlines are the demo owner's team report, asked for through
	// the application layer like any other (and audited as such).
	g := gate.New(st, studyID)
	owner, err := st.UserByName(ctx, demo.OwnerName)
	if err != nil {
		return err
	}
	c, err := g.Account(ctx, owner)
	if err != nil {
		return err
	}
	rep, err := g.Report(ctx, c, gate.ReportRequest{Audience: gate.AudienceTeam, Format: "text"})
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout)
	writeHeadlines(e.stdout, rep.Report)
	if *identityFile == "" {
		*identityFile = demoIdentityPath(*store)
	}
	identity, err := demoCustodian(ctx, e, st, studyID, *store, *identityFile)
	if err != nil {
		return err
	}
	writeDemoNextSteps(e, *store, identity, owner.Name, demoPassword(s, owner.Name))
	if clipCode != "" {
		fmt.Fprintf(e.stdout, "\nThe clips manifest of %s (which passages may go into a reel, and why the others may not), then the reel:\n", clipCode)
		fmt.Fprintf(e.stdout, "  ownwords clips --store %s --user %s --code %s --format json\n", shellQuote(*store), owner.Name, clipCode)
		fmt.Fprintf(e.stdout, "  ownwords clips --store %s --user %s --code %s -o reel.mp4.age\n", shellQuote(*store), owner.Name, clipCode)
	}
	if *noServe {
		return nil
	}
	return serveDemo(ctx, e, st, studyID, *addr)
}

// openOrBuildDemo opens the demo store, creating and filling it when it is
// absent or holds no study (a build interrupted before its one transaction
// committed leaves an empty store); a study built now has no withdrawals
// yet (demo.LoadBeforeWithdrawals).
func openOrBuildDemo(ctx context.Context, e *env, store string, s *demo.Study) (st ownwords.Store, studyID string, built bool, err error) {
	cfg := sqldb.Config{DSN: store, Passphrase: []byte(demoPassphrase)}
	st, err = sqldb.Open(ctx, cfg)
	if ownwords.ErrorCode(err) == ownwords.ENOTFOUND {
		st, err = sqldb.Create(ctx, cfg)
	}
	if err != nil {
		return nil, "", false, err
	}
	studies, err := st.Studies(ctx)
	if err != nil {
		st.Close()
		return nil, "", false, err
	}
	for _, have := range studies {
		if have.Name == s.Info.Name {
			return st, have.ID, false, nil
		}
	}
	if len(studies) > 0 {
		st.Close()
		return nil, "", false, ownwords.Errorf(ownwords.ECONFLICT, "%s holds other studies: give the demo its own --store", store)
	}
	id, err := demo.LoadBeforeWithdrawals(ctx, st, s, vault.HashPassword, progress(e, "building the demo study"))
	if err != nil {
		st.Close()
		return nil, "", false, err
	}
	return st, id, true, nil
}

// writeHeadlines prints the sample and, for each section, the three items
// most often endorsed by men and by women.
func writeHeadlines(w io.Writer, rep *report.Report) {
	fmt.Fprintf(w, "%s — headline findings (team audience, exact counts)\n", rep.Title)
	fmt.Fprintf(w, "Sample: %s\n\n", sampleLine(rep))
	for _, sec := range rep.Sections {
		fmt.Fprintf(w, "%s\n", sec.Title)
		for _, group := range []string{"men", "women"} {
			fmt.Fprintf(w, "  %-6s %s\n", group+":", strings.Join(topItems(sec, group, 3), "; "))
		}
	}
}

// sampleLine describes the sample table: each group's size.
func sampleLine(rep *report.Report) string {
	var parts []string
	for i, col := range rep.Sample.Columns {
		if col.Key == "all" || col.Key == "men" || col.Key == "women" || col.Key == "local" || col.Key == "foreign" {
			parts = append(parts, fmt.Sprintf("%d %s", rep.Sample.Rows[0].Cells[i].N, col.Label))
		}
	}
	return strings.Join(parts, ", ")
}

// topItems returns the first n entries of a section's ranking for a group,
// as "label 51.6%". Items nobody in the group mentioned are left out: a
// "top 3" ending in an item at 0.0% reads as a finding. When fewer than n
// remain the list says so.
func topItems(sec report.Section, group string, n int) []string {
	var out []string
	for _, r := range sec.Rankings {
		if r.Group != group {
			continue
		}
		for _, e := range r.Entries {
			if len(out) == n {
				break
			}
			if e.N.Suppressed || e.N.N == 0 {
				continue
			}
			pct, _ := e.N.Percent()
			out = append(out, fmt.Sprintf("%s %.1f%%", e.Label, pct))
		}
	}
	if len(out) < n {
		out = append(out, noOtherItem(len(out)))
	}
	return out
}

// noOtherItem closes a top-N list that ran out of items mentioned after
// shown of them.
func noOtherItem(shown int) string {
	if shown == 0 {
		return "no item was mentioned"
	}
	return "no other item was mentioned"
}

// demoPassword is the published password of the demo account name.
func demoPassword(s *demo.Study, name string) string {
	for _, u := range s.Users {
		if u.Name == name {
			return u.Password
		}
	}
	return ""
}
