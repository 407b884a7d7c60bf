package main

import (
	"context"
	"fmt"
	"strings"

	"ownwords"
)

func init() {
	register(&command{name: "plan list", summary: "list the study's analysis plans and the default one (members, or the file's passphrase)", run: runPlanList})
	register(&command{name: "plan delete", summary: "delete an analysis plan (an owner: --user, or the file's passphrase)", run: runPlanDelete})
}

func runPlanList(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "plan list", "--store S [--user U [--password-file F]] [--format json]")
	sf.register(fs, true)
	uf.registerActing(fs, "password-file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return ownwords.Errorf(ownwords.EINVALID, "plan list takes no arguments")
	}
	as, err := sf.openAdmin(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	plans, err := as.g.ListPlans(ctx, as.c)
	if err != nil {
		return err
	}
	if sf.json() {
		return writeJSON(e.stdout, plans)
	}
	if len(plans) == 0 {
		fmt.Fprintln(e.stdout, "The study has no analysis plan: import one (ownwords import PLAN.json).")
	}
	for _, p := range plans {
		mark := " "
		if p.Default {
			mark = "*"
		}
		line := fmt.Sprintf("%s %-20s groups: %s; sections: %s; crosstabs: %d", mark, p.Name, strings.Join(p.Groups, ", "), orAll(p.Sections), p.Crosstabs)
		if p.Invalid != "" {
			line = fmt.Sprintf("%s %-20s INVALID: %s", mark, p.Name, p.Invalid)
		}
		fmt.Fprintln(e.stdout, line)
	}
	if len(plans) > 0 {
		fmt.Fprintln(e.stdout, "(* the default plan: taken when none is named, and the only one public outputs use)")
	}
	return nil
}

// orAll lists sections, or says every section is reported.
func orAll(sections []string) string {
	if len(sections) == 0 {
		return "all"
	}
	return strings.Join(sections, ", ")
}

func runPlanDelete(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "plan delete", "--store S [--user OWNER [--password-file F]] NAME")
	sf.register(fs, false)
	uf.registerActing(fs, "password-file")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return ownwords.Errorf(ownwords.EINVALID, "give exactly one plan NAME")
	}
	as, err := sf.openAdmin(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	next, err := as.g.DeletePlan(ctx, as.c, fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Deleted the analysis plan %s of %q.\n", fs.Arg(0), as.study.Name)
	if next == "" {
		fmt.Fprintln(e.stdout, "The study now has no default plan (its only plan, or one named \"reference\"): public outputs are refused until it has one; team outputs need --plan NAME.")
	} else {
		fmt.Fprintf(e.stdout, "The default plan is %s.\n", next)
	}
	return nil
}
