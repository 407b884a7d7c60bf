package gate

import (
	"cmp"
	"context"
	"slices"

	"ownwords"
)

// The participant records of the workbench (the participants list, a
// participant's page, the interviews list and its coding progress) are
// shaped by the caller's export tier in the study, as a file they took
// would be (see ownwords.ExportTier):
//
//   - full (owners by default): every attribute, participant codes and IDs,
//     exact dates, and for roles that read transcripts the free text
//     (memos, event notes, interview titles);
//   - limited (coders by default): the same without identifier attributes;
//   - de-identified (analysts): neither identifier nor text attributes, no
//     free text, dates cut to the year, and participants named by
//     pseudonyms of the caller's session (see WithSessionKey), their pages
//     addressed by handles of that session: nothing an analyst sees links
//     one login's view to the next's or to a participant code;
//   - none: no participant records; the interviews list shows coding
//     progress without participants or dates.
//
// Viewers, who see public reports only, and the public get none either.

// recordDates is how de-identified records hide dates. The study has no
// setting for a keyed shift yet, so it is always the year.
const recordDates = ownwords.DatesToYear

// records is how one caller sees participant records.
type records struct {
	// attrs are the attributes the caller sees, by position.
	attrs []*ownwords.Attribute
	// named: participant codes, IDs and exact dates; else pseudonyms,
	// handles and hidden dates (masks).
	named bool
	// text: free text (memos, event notes, interview titles).
	text bool
	// transcripts: the caller may open interviews' coding views.
	transcripts bool
	// none: the caller's tier is none; no participant or date at all.
	none  bool
	masks *masks
}

// records resolves how c sees participant records; least is the least
// tier the use case serves. EUNAUTHORIZED for the public; EFORBIDDEN for
// viewers and for a tier below least.
func (g *Gate) records(ctx context.Context, c Caller, least ownwords.ExportTier) (*records, error) {
	if err := c.need("participant records", ownwords.RoleOwner, ownwords.RoleCoder, ownwords.RoleAnalyst); err != nil {
		return nil, err
	}
	study, err := g.study(ctx)
	if err != nil {
		return nil, err
	}
	tier, err := c.exportTier(study, "", least)
	if err != nil {
		return nil, err
	}
	all, err := g.store.Attributes(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	r := &records{named: tier.AtLeast(ownwords.TierLimited), text: c.SeesText() && tier.KeepsFreeText(),
		transcripts: c.SeesText(), none: tier == ownwords.TierNone}
	for _, a := range all {
		if tier.KeepsAttribute(a) {
			r.attrs = append(r.attrs, a)
		}
	}
	if !r.named {
		r.masks = c.masks(recordDates)
	}
	return r, nil
}

// ParticipantName is how a record names a participant to its caller.
type ParticipantName struct {
	// Ref addresses the participant's page: its ID for callers who see
	// participant codes, else a handle valid in the caller's session only.
	Ref string `json:"ref"`
	// Name is the participant code, or a pseudonym of the caller's session.
	Name string `json:"name"`
}

// name returns how p is named to the caller.
func (r *records) name(p *ownwords.Participant) ParticipantName {
	if r.named {
		return ParticipantName{Ref: p.ID, Name: p.Code}
	}
	return ParticipantName{Ref: r.masks.handle(p.ID), Name: r.masks.deid.Pseudonym(p.ID)}
}

// date returns a date of participant id as the caller may see it.
func (r *records) date(id string, d ownwords.Date) ownwords.Date {
	if r.named {
		return d
	}
	return r.masks.deid.Date(id, d)
}

// period returns a period of participant id as the caller may see it.
func (r *records) period(id string, p ownwords.Period) ownwords.Period {
	if r.named {
		return p
	}
	return r.masks.deid.Period(id, p)
}

// values returns p's values of the shown attributes in canonical form
// ("" if missing), dates hidden as the caller needs.
func (r *records) values(p *ownwords.Participant) []string {
	out := make([]string, len(r.attrs))
	for i, a := range r.attrs {
		v, ok := p.Values[a.Slug]
		if !ok {
			continue
		}
		if v.Type == ownwords.AttrDate {
			v.Date = r.date(p.ID, v.Date)
		}
		out[i] = v.String()
	}
	return out
}

// participant returns the study's participant that ref addresses for the
// caller: an ID, or a handle of the caller's session. Anything else (a
// stable ID from a caller who gets handles, another session's handle,
// another study's participant) is the same ENOTFOUND.
func (g *Gate) participant(ctx context.Context, src ownwords.Services, r *records, ref string) (*ownwords.Participant, error) {
	id, ok := ref, true
	if !r.named {
		id, ok = r.masks.open(ref)
	}
	var p *ownwords.Participant
	var err error
	if ok {
		p, err = src.Participant(ctx, id)
	}
	if err != nil && ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
		return nil, err
	}
	if !ok || err != nil || p.StudyID != g.studyID {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "participant %s not found", ref)
	}
	return p, nil
}

// Column is an attribute a list shows.
type Column struct {
	Slug  string            `json:"slug"`
	Label string            `json:"label"`
	Type  ownwords.AttrType `json:"type"`
}

// ParticipantRow is one participant of a list with the values of its
// columns.
type ParticipantRow struct {
	ParticipantName
	Values []string `json:"values"`
	// Consent summarises the participant's consent (ConsentView.Summary),
	// for owners only.
	Consent string `json:"consent,omitempty"`
}

// ParticipantList is a group of participants as its caller may see them.
type ParticipantList struct {
	// Pseudonyms says participants are named by pseudonyms of the caller's
	// session rather than by codes; rows are then in pseudonym order, so
	// that a row's place says nothing either.
	Pseudonyms bool           `json:"pseudonyms"`
	Columns    []Column       `json:"columns"`
	Filters    []FilterChoice `json:"filters"`
	// Filter is the group's filter in canonical form; Group describes it.
	Filter Filter           `json:"filter"`
	Group  string           `json:"group"`
	Rows   []ParticipantRow `json:"participants"`
	// Consent says the rows carry consent (owners).
	Consent bool `json:"-"`
}

// Participants lists the study's participants matching filter (attribute
// slug to value, as typed) for c: owners, coders and analysts, shaped by
// c's export tier (see records). Only attributes c sees can filter: a
// filter on an identifier would tell who holds a value. EUNAUTHORIZED for
// the public, EFORBIDDEN for viewers and tier none, EINVALID for a bad
// filter.
func (g *Gate) Participants(ctx context.Context, c Caller, filter map[string]string) (*ParticipantList, error) {
	r, err := g.records(ctx, c, ownwords.TierDeidentified)
	if err != nil {
		return nil, err
	}
	f, err := ParseFilter(r.attrs, filter)
	if err != nil {
		return nil, err
	}
	src, err := g.seenBy(ctx, c)
	if err != nil {
		return nil, err
	}
	ps, err := src.Participants(ctx, ownwords.ParticipantFilter{StudyID: g.studyID})
	if err != nil {
		return nil, err
	}
	v := &ParticipantList{Pseudonyms: !r.named, Filter: f, Group: f.Describe(), Filters: FilterChoices(r.attrs, ps)}
	for _, a := range r.attrs {
		v.Columns = append(v.Columns, Column{Slug: a.Slug, Label: label(a), Type: a.Type})
	}
	var consents map[string]*ownwords.Consent
	if v.Consent = c.is(ownwords.RoleOwner); v.Consent {
		if consents, err = g.store.Consents(ctx, g.studyID); err != nil {
			return nil, err
		}
	}
	for _, p := range ps {
		if f.Matches(p) {
			row := ParticipantRow{ParticipantName: r.name(p), Values: r.values(p)}
			if v.Consent {
				cs, ok := consents[p.ID]
				if !ok {
					cs = ownwords.DefaultConsent(g.studyID, p.ID)
				}
				cv := consentView(p.Code, cs, ok)
				row.Consent = cv.Summary()
			}
			v.Rows = append(v.Rows, row)
		}
	}
	if v.Pseudonyms {
		slices.SortFunc(v.Rows, func(a, b ParticipantRow) int { return cmp.Compare(a.Name, b.Name) })
	}
	return v, nil
}

// AttributeValue is one attribute of a participant as shown.
type AttributeValue struct {
	Slug  string `json:"slug"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// EventView is one event of a participant's trajectory as shown.
type EventView struct {
	Kind string `json:"kind"`
	// Date is the event's date or period, hidden as the caller needs.
	Date ownwords.Period `json:"-"`
	// When is Date in text form.
	When string `json:"date"`
	// Note is empty for callers without free text: notes often
	// paraphrase the interview.
	Note string `json:"note,omitempty"`
}

// InterviewRow is one interview as a list shows it, with its coding
// progress (counts only) in the interviews list.
type InterviewRow struct {
	// ID addresses the interview's coding view: "" for callers who may not
	// open transcripts (interview IDs may name the participant).
	ID string `json:"id,omitempty"`
	// Title is "" for callers without free text: titles often carry the
	// participant's code and the date.
	Title string `json:"title,omitempty"`
	// Number is the interview's place among its participant's, by date.
	Number      int             `json:"number"`
	Participant ParticipantName `json:"participant"`
	Date        string          `json:"date,omitempty"`
	Language    string          `json:"language,omitempty"`
	// Coders, CoderSegments and ConsensusSegments count the coding of the
	// interview the caller may know of: a coder, while coding is blind
	// (Opened false), only their own segments (Blind true).
	Coders            int  `json:"coders"`
	CoderSegments     int  `json:"coder_segments"`
	ConsensusSegments int  `json:"consensus_segments"`
	Opened            bool `json:"comparison_open"`
	Blind             bool `json:"blind,omitempty"`
	// year orders a pseudonymous list.
	year int
}

// interviewRows returns ivs (in the store's order: date, then title) as
// rows for the caller, with each participant's interviews numbered.
func (r *records) interviewRows(ivs []*ownwords.Interview, ps map[string]*ownwords.Participant) []InterviewRow {
	rows := make([]InterviewRow, len(ivs))
	seen := map[string]int{}
	for i, iv := range ivs {
		seen[iv.ParticipantID]++
		row := InterviewRow{Number: seen[iv.ParticipantID], Opened: !iv.ComparisonOpenedAt.IsZero()}
		if p := ps[iv.ParticipantID]; p != nil && !r.none {
			d := r.date(p.ID, iv.Date)
			row.Participant, row.Date, row.Language, row.year = r.name(p), d.String(), iv.Language, d.Year
		}
		if r.text {
			row.Title = iv.Title
		}
		if r.transcripts {
			row.ID = iv.ID
		}
		rows[i] = row
	}
	return rows
}

// ParticipantPage is one participant as its caller may see them.
type ParticipantPage struct {
	ParticipantName
	// Pseudonym says Name is a pseudonym of the caller's session.
	Pseudonym  bool             `json:"pseudonym"`
	Attributes []AttributeValue `json:"attributes"`
	Events     []EventView      `json:"events"`
	Interviews []InterviewRow   `json:"interviews"`
	// Memos are the memos on the participant, for callers with free text.
	Memos []*ownwords.Memo `json:"memos,omitempty"`
}

// Participant returns the participant ref addresses (an ID, or for callers
// who get pseudonyms a handle of their session) with their attributes,
// events and interviews, for owners, coders and analysts, shaped by the
// caller's export tier (see records). EUNAUTHORIZED for the public,
// EFORBIDDEN for viewers and tier none, ENOTFOUND for anything ref does
// not address for c.
func (g *Gate) Participant(ctx context.Context, c Caller, ref string) (*ParticipantPage, error) {
	r, err := g.records(ctx, c, ownwords.TierDeidentified)
	if err != nil {
		return nil, err
	}
	src, err := g.seenBy(ctx, c)
	if err != nil {
		return nil, err
	}
	p, err := g.participant(ctx, src, r, ref)
	if err != nil {
		return nil, err
	}
	events, err := src.Events(ctx, ownwords.EventFilter{StudyID: g.studyID, ParticipantID: p.ID})
	if err != nil {
		return nil, err
	}
	ivs, err := src.Interviews(ctx, ownwords.InterviewFilter{StudyID: g.studyID, ParticipantID: p.ID})
	if err != nil {
		return nil, err
	}
	v := &ParticipantPage{ParticipantName: r.name(p), Pseudonym: !r.named,
		Interviews: r.interviewRows(ivs, map[string]*ownwords.Participant{p.ID: p})}
	values := r.values(p)
	for i, a := range r.attrs {
		v.Attributes = append(v.Attributes, AttributeValue{Slug: a.Slug, Label: label(a), Value: values[i]})
	}
	for _, e := range events {
		ev := EventView{Kind: e.Kind, Date: r.period(p.ID, e.Date)}
		ev.When = ev.Date.String()
		if r.text {
			ev.Note = e.Note
		}
		v.Events = append(v.Events, ev)
	}
	if r.text {
		if v.Memos, err = g.store.Memos(ctx, g.studyID, ownwords.MemoParticipant, p.ID); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// CoderProgress is one coder's work the caller may know of: coder-layer
// segments and the interviews they touch.
type CoderProgress struct {
	CoderID    string `json:"coder_id"`
	Segments   int    `json:"segments"`
	Interviews int    `json:"interviews"`
}

// InterviewList is the study's interviews with their coding progress.
type InterviewList struct {
	// Participants is the number of the study's participants.
	Participants int `json:"participants"`
	// Pseudonyms says participants are named by pseudonyms of the caller's
	// session; rows are then ordered by year and pseudonym, so that a
	// row's place says nothing either.
	Pseudonyms bool            `json:"pseudonyms"`
	Interviews []InterviewRow  `json:"interviews"`
	Coders     []CoderProgress `json:"coders"`
}

// Interviews lists the study's interviews with their coding progress
// (counts only) for owners, coders and analysts, shaped by the caller's
// export tier (see records). A coder learns nothing of another layer of an
// interview still in blind coding: its counts and the per-coder totals
// hold only their own segments there. At tier none the rows name no
// participant and no date. EUNAUTHORIZED for the public, EFORBIDDEN for
// viewers.
func (g *Gate) Interviews(ctx context.Context, c Caller) (*InterviewList, error) {
	r, err := g.records(ctx, c, ownwords.TierNone)
	if err != nil {
		return nil, err
	}
	src, err := g.seenBy(ctx, c)
	if err != nil {
		return nil, err
	}
	ps, err := src.Participants(ctx, ownwords.ParticipantFilter{StudyID: g.studyID})
	if err != nil {
		return nil, err
	}
	ivs, err := src.Interviews(ctx, ownwords.InterviewFilter{StudyID: g.studyID})
	if err != nil {
		return nil, err
	}
	counts, err := segmentCounts(ctx, src, g.studyID)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*ownwords.Participant, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	v := &InterviewList{Participants: len(ps), Pseudonyms: !r.named, Interviews: r.interviewRows(ivs, byID)}
	v.Coders = progress(ivs, counts, v.Interviews, func(sc ownwords.SegmentCount, opened bool) bool {
		return !c.is(ownwords.RoleCoder) || opened || (sc.Layer == ownwords.LayerCoder && sc.CoderID == c.User.ID)
	})
	if c.is(ownwords.RoleCoder) {
		for i := range v.Interviews {
			v.Interviews[i].Blind = !v.Interviews[i].Opened
		}
	}
	if v.Pseudonyms {
		slices.SortStableFunc(v.Interviews, func(a, b InterviewRow) int {
			return cmp.Or(cmp.Compare(a.year, b.year), cmp.Compare(a.Participant.Name, b.Participant.Name), cmp.Compare(a.Number, b.Number))
		})
	}
	return v, nil
}

// segmentCounts returns the study's segment counts from src: counted by
// the store when it can (ownwords.SegmentCounter), else from its segments.
// Counts of interviews src does not list (a participant left out of the
// consented view) may be among them; progress skips them.
func segmentCounts(ctx context.Context, src ownwords.Services, studyID string) ([]ownwords.SegmentCount, error) {
	if sc, ok := src.(ownwords.SegmentCounter); ok {
		return sc.SegmentCounts(ctx, studyID)
	}
	segs, err := src.Segments(ctx, ownwords.SegmentFilter{StudyID: studyID})
	if err != nil {
		return nil, err
	}
	at := map[ownwords.SegmentCount]int{}
	var out []ownwords.SegmentCount
	for _, seg := range segs {
		key := ownwords.SegmentCount{InterviewID: seg.InterviewID, Layer: seg.Layer, CoderID: seg.CoderID}
		i, ok := at[key]
		if !ok {
			i = len(out)
			at[key] = i
			out = append(out, key)
		}
		out[i].N++
	}
	return out, nil
}

// progress counts into rows (one per interview of ivs, in order) the
// segments the caller may know of (known), and returns the per-coder
// totals, ordered by coder ID.
func progress(ivs []*ownwords.Interview, counts []ownwords.SegmentCount, rows []InterviewRow, known func(ownwords.SegmentCount, bool) bool) []CoderProgress {
	index := make(map[string]int, len(ivs))
	for i, iv := range ivs {
		index[iv.ID] = i
	}
	perCoder := map[string]*CoderProgress{}
	touched := map[[2]string]bool{}
	for _, sc := range counts {
		i, ok := index[sc.InterviewID]
		if !ok || sc.N == 0 || !known(sc, rows[i].Opened) {
			continue
		}
		if sc.Layer == ownwords.LayerConsensus {
			rows[i].ConsensusSegments += sc.N
			continue
		}
		rows[i].CoderSegments += sc.N
		cp := perCoder[sc.CoderID]
		if cp == nil {
			cp = &CoderProgress{CoderID: sc.CoderID}
			perCoder[sc.CoderID] = cp
		}
		cp.Segments += sc.N
		if key := [2]string{sc.CoderID, sc.InterviewID}; !touched[key] {
			touched[key] = true
			cp.Interviews++
			rows[i].Coders++
		}
	}
	out := make([]CoderProgress, 0, len(perCoder))
	for _, cp := range perCoder {
		out = append(out, *cp)
	}
	slices.SortFunc(out, func(a, b CoderProgress) int { return cmp.Compare(a.CoderID, b.CoderID) })
	return out
}
