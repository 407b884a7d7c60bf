package gate

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"ownwords"
	"ownwords/analysis"
	"ownwords/ingest"
	"ownwords/qdpx"
	"ownwords/report"
)

// Export is a prepared export: what it is, the tier it was shaped by and
// how to write it. The use case that made it has already audited it, so a
// front end writes it exactly once.
type Export struct {
	// What names the export for messages: "the REFI-QDA project at tier
	// full".
	What string
	Tier ownwords.ExportTier
	// Write writes the file.
	Write func(io.Writer) error
}

// REFIQDARequest asks for a REFI-QDA project (.qdpx) or codebook (.qdc).
type REFIQDARequest struct {
	// Format is "qdpx" or "qdc".
	Format string
	// Tier lowers the caller's export tier ("" keeps it).
	Tier string
	// File is the output's base name, for the audit entry.
	File string
}

// ExportREFIQDA prepares a REFI-QDA file shaped by the export tier of c's
// role: a project holds transcripts, memos and every coder's layer, so it
// needs the limited tier or more and, while blind coding hides layers from
// coders, an owner; a codebook needs the de-identified tier or more (which
// leaves out code examples). Errors: EINVALID (format, tier),
// EUNAUTHORIZED (public), EFORBIDDEN. Audited as study.export. A
// participant whose consent does not allow analysis is left out with
// everything of theirs (consentedSource). Time anchors are not exported:
// REFI-QDA has no place for them (a later version may write them as
// media-source synchronisation points).
func (g *Gate) ExportREFIQDA(ctx context.Context, c Caller, req REFIQDARequest) (*Export, error) {
	need, write, what := ownwords.TierLimited, qdpx.ExportWith, "REFI-QDA project"
	switch req.Format {
	case "qdpx":
		if err := c.need("a REFI-QDA project (every coder's layer and the consensus)", ownwords.RoleOwner); err != nil {
			return nil, err
		}
	case "qdc":
		need, write, what = ownwords.TierDeidentified, qdpx.ExportCodebookWith, "REFI-QDA codebook"
	default:
		return nil, ownwords.Errorf(ownwords.EINVALID, "REFI-QDA format %q: want qdpx or qdc", req.Format)
	}
	study, err := g.study(ctx)
	if err != nil {
		return nil, err
	}
	tier, err := c.exportTier(study, req.Tier, need)
	if err != nil {
		return nil, err
	}
	ctx = c.Context(ctx)
	src, err := g.consented(ctx)
	if err != nil {
		return nil, err
	}
	if err := g.store.Record(ctx, g.studyID, "study.export", req.Format, fmt.Sprintf("tier %s, file %s", tier, req.File)); err != nil {
		return nil, err
	}
	return &Export{What: fmt.Sprintf("the %s at tier %s", what, tier), Tier: tier,
		Write: func(w io.Writer) error { return write(ctx, src, g.studyID, w, qdpx.ExportOptions{Tier: tier}) }}, nil
}

// MatrixRequest asks for the participant × item matrix.
type MatrixRequest struct {
	// Audience is AudiencePublic (the default) or AudienceTeam.
	Audience string
	// Plan names the analysis plan ("" by ownwords.PickPlan).
	Plan string
	// KeepQuasi names quasi-identifiers a public matrix must keep.
	KeepQuasi []string
	// Tier lowers the caller's export tier (team only).
	Tier string
	// ShiftDates moves a de-identified matrix's dates by keyed offsets
	// instead of cutting them to the year.
	ShiftDates bool
	// Format and File name the output, for the audit entry.
	Format, File string
}

// ExportMatrix builds the participant × item matrix. The public matrix is
// the same for anyone (pseudonyms drawn per export, identifiers withheld,
// years only, k-anonymous quasi-identifiers). The team matrix holds the
// consensus codings per participant, which blind coding hides from
// coders: owners and analysts only, shaped by their export tier. Errors:
// EINVALID, ENOTFOUND, EUNAUTHORIZED, EFORBIDDEN. Audited as study.export.
func (g *Gate) ExportMatrix(ctx context.Context, c Caller, req MatrixRequest) (*report.Matrix, error) {
	audience := cmp.Or(req.Audience, AudiencePublic)
	if _, err := c.audience(audience); err != nil {
		return nil, err
	}
	team := audience == AudienceTeam
	if !team && (req.Tier != "" || req.ShiftDates) {
		return nil, ownwords.Errorf(ownwords.EINVALID, "a tier and shifted dates apply to the team audience; the public matrix is the same for everyone")
	}
	if err := g.publicPlanOnly(ctx, audience, req.Plan); err != nil {
		return nil, err
	}
	plan, _, err := g.pickPlan(ctx, req.Plan)
	if err != nil {
		return nil, err
	}
	opt := report.MatrixOptions{Audience: audience, Plan: plan, KeepQuasi: req.KeepQuasi}
	if team {
		study, err := g.study(ctx)
		if err != nil {
			return nil, err
		}
		if opt.Tier, err = c.exportTier(study, req.Tier, ownwords.TierDeidentified); err != nil {
			return nil, err
		}
		if opt.Deidentifier, err = deidentifier(opt.Tier, req.ShiftDates); err != nil {
			return nil, err
		}
	}
	ctx = c.Context(ctx)
	mx, err := report.MatrixForStudy(ctx, g.store, g.studyID, opt)
	if err != nil {
		return nil, err
	}
	detail := fmt.Sprintf("participant × item matrix, audience %s, plan %s, %d rows, file %s", mx.Audience, mx.Plan, len(mx.Rows), req.File)
	if mx.Tier != "" {
		detail += ", tier " + string(mx.Tier)
	}
	var withheld []string
	for _, w := range mx.Withheld {
		withheld = append(withheld, w.Attribute)
	}
	if len(withheld) > 0 {
		detail += ", withheld " + strings.Join(withheld, ",")
	}
	if err := g.store.Record(ctx, g.studyID, "study.export", req.Format, detail); err != nil {
		return nil, err
	}
	return mx, nil
}

// EventsRequest asks for the events table.
type EventsRequest struct {
	// Tier lowers the caller's export tier ("" keeps it).
	Tier string
	// ShiftDates: see MatrixRequest.
	ShiftDates bool
}

// Events is a prepared events table.
type Events struct {
	Export
	// N is the number of events.
	N int
}

// ExportEvents prepares every event of the study as CSV, shaped by the
// export tier of c's role: at limited and full participant,kind,date,note
// (the format `ownwords import` reads; notes, which often paraphrase the
// interview, only there: only roles that read text reach those tiers); at
// de-identified pseudonym,kind,date with dates cut to the year (or
// shifted) and no notes. Errors: EINVALID, EUNAUTHORIZED, EFORBIDDEN.
// Audited as timeline.events_csv.
func (g *Gate) ExportEvents(ctx context.Context, c Caller, req EventsRequest) (*Events, error) {
	study, err := g.study(ctx)
	if err != nil {
		return nil, err
	}
	tier, err := c.exportTier(study, req.Tier, ownwords.TierDeidentified)
	if err != nil {
		return nil, err
	}
	deid, err := deidentifier(tier, req.ShiftDates)
	if err != nil {
		return nil, err
	}
	src, err := g.consented(ctx)
	if err != nil {
		return nil, err
	}
	events, err := src.Events(ctx, ownwords.EventFilter{StudyID: g.studyID})
	if err != nil {
		return nil, err
	}
	var body bytes.Buffer
	if deid != nil {
		err = writeDeidentifiedEvents(&body, events, deid)
	} else {
		ps, err2 := src.Participants(ctx, ownwords.ParticipantFilter{StudyID: g.studyID})
		if err2 != nil {
			return nil, err2
		}
		codes := map[string]string{}
		for _, p := range ps {
			codes[p.ID] = p.Code
		}
		err = ingest.WriteEvents(&body, events, codes)
	}
	if err != nil {
		return nil, err
	}
	if err := g.store.Record(c.Context(ctx), g.studyID, "timeline.events_csv", "", fmt.Sprintf("%d events, tier %s", len(events), tier)); err != nil {
		return nil, err
	}
	return &Events{N: len(events), Export: Export{What: fmt.Sprintf("the events table at tier %s", tier), Tier: tier,
		Write: func(w io.Writer) error { _, err := w.Write(body.Bytes()); return err }}}, nil
}

// deidentifier returns the Deidentifier of an export at tier: nil above
// the de-identified tier (where shifted dates are a mistake, EINVALID).
func deidentifier(tier ownwords.ExportTier, shiftDates bool) (*ownwords.Deidentifier, error) {
	if tier != ownwords.TierDeidentified {
		if shiftDates {
			return nil, ownwords.Errorf(ownwords.EINVALID, "shifted dates (--shift-dates) apply to de-identified exports; this one is at tier %s (ask for the deidentified tier)", tier)
		}
		return nil, nil
	}
	rule := ownwords.DatesToYear
	if shiftDates {
		rule = ownwords.DatesShifted
	}
	return ownwords.NewDeidentifier(rule), nil
}

// writeDeidentifiedEvents writes events as pseudonym,kind,date CSV: each
// participant under its pseudonym in this export, dates by deid's rule,
// no notes; rows in pseudonym order, so that the order says nothing of
// the participant codes.
func writeDeidentifiedEvents(w io.Writer, events []*ownwords.Event, deid *ownwords.Deidentifier) error {
	type row struct {
		pseudonym, kind string
		date            ownwords.Period
	}
	rows := make([]row, len(events))
	for i, ev := range events {
		rows[i] = row{deid.Pseudonym(ev.ParticipantID), ev.Kind, deid.Period(ev.ParticipantID, ev.Date)}
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		return cmp.Or(strings.Compare(a.pseudonym, b.pseudonym), a.date.Earliest().Compare(b.date.Earliest()),
			a.date.Latest().Compare(b.date.Latest()), strings.Compare(a.kind, b.kind))
	})
	cw := csv.NewWriter(w)
	cw.Write([]string{"pseudonym", "kind", "date"})
	for _, r := range rows {
		cw.Write([]string{r.pseudonym, r.kind, r.date.String()})
	}
	cw.Flush()
	return cw.Error()
}

// PlansRequest asks for the study's analysis plans as a plan file.
type PlansRequest struct {
	// Plan names the one plan to export ("" exports every analysis plan).
	Plan string
	// File is the output's base name, for the audit entry.
	File string
}

// ExportPlans prepares the study's analysis plans as a plan file (see
// analysis.MarshalPlanFile): the named plan, or every analysis plan. A
// plan holds no personal data, but it names the groups and items a team
// studies before it publishes: owners and analysts only, like every
// export. Errors: ENOTFOUND (no such plan, no plan), EUNAUTHORIZED,
// EFORBIDDEN. Audited as study.export.
func (g *Gate) ExportPlans(ctx context.Context, c Caller, req PlansRequest) (*Export, error) {
	if err := c.need("the analysis plans", ownwords.RoleOwner, ownwords.RoleAnalyst); err != nil {
		return nil, err
	}
	stored, err := g.store.Plans(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	stored = ownwords.AnalysisPlans(stored)
	if req.Plan != "" {
		p, err := ownwords.PickPlan(stored, req.Plan)
		if err != nil {
			return nil, err
		}
		stored = []*ownwords.Plan{p}
	}
	plans := make([]*analysis.Plan, len(stored))
	names := make([]string, len(stored))
	for i, s := range stored {
		if plans[i], err = analysis.ParsePlan(s.Body); err != nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "stored plan %s: %s", s.Name, ownwords.ErrorMessage(err))
		}
		names[i] = s.Name
	}
	body, err := analysis.MarshalPlanFile(plans)
	if err != nil {
		return nil, err
	}
	if err := g.store.Record(c.Context(ctx), g.studyID, "study.export", "plan", fmt.Sprintf("plans %s, file %s", strings.Join(names, ","), req.File)); err != nil {
		return nil, err
	}
	return &Export{What: "the analysis plans (" + strings.Join(names, ", ") + ")",
		Write: func(w io.Writer) error { _, err := w.Write(body); return err }}, nil
}
