package main

import (
	"context"
	"fmt"

	"ownwords"
	"ownwords/gate"
)

func init() {
	register(&command{name: "consent set", summary: "record a participant's consent (recorded, analysis, quotes, voice, face) or withdrawal (owners; audited)", run: runConsentSet})
	register(&command{name: "consent show", summary: "show the participants' consent (owners)", run: runConsentShow})
}

// runConsentSet records a consent change through the gate (owners only,
// audited). A withdrawal takes the participant out of every new output at
// once and offers the destruction of their transcripts: --shred does it
// (the retention mechanism), otherwise the command lists what it would
// destroy.
func runConsentSet(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "consent set", "--store S --user OWNER --participant P [--analysis|--quotes|--voice|--face|--recorded yes|no …] [--date D] [--withdraw [--shred]] [--format json]")
	sf.register(fs, true)
	uf.register(fs)
	req := gate.ConsentRequest{Answers: map[string]string{}}
	fs.StringVar(&req.Participant, "participant", "", "the participant's code (required)")
	answers := map[string]*string{}
	for _, k := range ownwords.ConsentKinds {
		answers[k] = fs.String(k, "", "yes or no: "+consentHelp[k])
	}
	date := fs.String("date", "", "when the answers were given or refused, or of the withdrawal (YYYY-MM-DD; default today)")
	fs.BoolVar(&req.Withdraw, "withdraw", false, "the participant withdraws: out of every new output at once")
	shred := fs.Bool("shred", false, "with --withdraw: destroy the participant's transcripts now (audited; backups still hold them)")
	if err := parse(fs, args); err != nil {
		return err
	}
	for k, v := range answers {
		if *v != "" {
			req.Answers[k] = *v
		}
	}
	d, err := ownwords.ParseDate(*date)
	if err != nil {
		return err
	}
	req.Date = d
	if *shred && !req.Withdraw {
		return ownwords.Errorf(ownwords.EINVALID, "--shred goes with --withdraw")
	}
	as, err := sf.openAs(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	view, err := as.g.SetConsent(ctx, as.c, req)
	if err != nil {
		return err
	}
	var purged []ownwords.PurgedInterview
	if req.Withdraw {
		if purged, err = as.g.ShredParticipant(ctx, as.c, req.Participant, !*shred); err != nil {
			return err
		}
	}
	if sf.json() {
		out := map[string]any{"consent": view}
		if req.Withdraw {
			out["transcripts"] = map[string]any{"destroyed": *shred, "interviews": purged}
		}
		return writeJSON(e.stdout, out)
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", view.Participant, view.Summary())
	if !req.Withdraw {
		return nil
	}
	fmt.Fprintf(e.stdout, "%s is left out of every report, crosstab, search, quote and export from now on.\n", view.Participant)
	recs := 0
	for _, p := range purged {
		recs += p.Recordings
	}
	withRecs := ""
	if recs > 0 {
		withRecs = fmt.Sprintf(" and %d recordings", recs)
	}
	if *shred {
		fmt.Fprintf(e.stdout, "Destroyed the transcripts of %d interviews%s (segments and the audit log remain; older backups still hold them).\n", len(purged), withRecs)
		return nil
	}
	if len(purged) > 0 {
		fmt.Fprintf(e.stdout, "Their %d transcripts%s are still stored. To destroy them: ownwords consent set --store S --user U --participant %s --withdraw --shred\n", len(purged), withRecs, view.Participant)
	}
	return nil
}

// consentHelp describes each kind of consent for the flags.
var consentHelp = map[string]string{
	"recorded": "being recorded (audio/video)",
	"analysis": "being counted in analyses (no: left out of every output)",
	"quotes":   "being quoted in publications (no: never quoted)",
	"voice":    "their voice in public material",
	"face":     "their face in public material",
}

func runConsentShow(ctx context.Context, e *env, args []string) error {
	var sf storeFlags
	var uf userFlags
	fs := newFlags(e, "consent show", "--store S --user OWNER [--participant P] [--format json]")
	sf.register(fs, true)
	uf.register(fs)
	code := fs.String("participant", "", "only this participant")
	if err := parse(fs, args); err != nil {
		return err
	}
	as, err := sf.openAs(ctx, e, &uf)
	if err != nil {
		return err
	}
	defer as.st.Close()
	list, err := as.g.Consents(ctx, as.c)
	if err != nil {
		return err
	}
	if *code != "" {
		var one []gate.ConsentView
		for _, v := range list {
			if v.Participant == *code {
				one = append(one, v)
			}
		}
		if len(one) == 0 {
			return ownwords.Errorf(ownwords.ENOTFOUND, "participant %s not found in this study", *code)
		}
		list = one
	}
	if sf.json() {
		return writeJSON(e.stdout, map[string]any{"participants": list})
	}
	for _, v := range list {
		note := ""
		if !v.Recorded {
			note = " (not recorded: defaults)"
		}
		fmt.Fprintf(e.stdout, "%s: %s%s\n", v.Participant, v.Summary(), note)
	}
	return nil
}
