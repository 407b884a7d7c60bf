package gate

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"time"

	"ownwords"
)

// ConsentRequest changes a participant's consent.
type ConsentRequest struct {
	// Participant is the participant's code.
	Participant string
	// Answers are the answers to set, by kind (ownwords.ConsentKinds:
	// recorded, analysis, quotes, voice, face), each "yes" or "no"; kinds
	// not named keep their stored answer.
	Answers map[string]string
	// Date is when the answers were given or refused (and the date of a
	// withdrawal); zero is Now's date.
	Date ownwords.Date
	// Withdraw records the participant's withdrawal from the study.
	Withdraw bool
	// Now is the time of the change (zero: the clock), for tests.
	Now time.Time
}

// ConsentAnswerView is one answer as outputs show it.
type ConsentAnswerView struct {
	// Answer is "yes", "no", or "" when none is recorded.
	Answer string `json:"answer"`
	Date   string `json:"date,omitempty"`
	// Allowed is what every output does: the answer, or the default
	// when none is recorded, and nothing after a withdrawal.
	Allowed bool `json:"allowed"`
}

// ConsentView is a participant's consent as `consent show` and the
// participants page give it to owners.
type ConsentView struct {
	Participant string                       `json:"participant"`
	Answers     map[string]ConsentAnswerView `json:"consent"`
	// Withdrawn is the date of the participant's withdrawal, "" if none.
	Withdrawn string `json:"withdrawn,omitempty"`
	// Recorded is false for a participant with no consent record: the
	// defaults apply (ownwords.DefaultConsent).
	Recorded bool `json:"recorded"`
}

// Summary is the view in one line for tables.
func (v *ConsentView) Summary() string {
	s := ""
	for _, k := range ownwords.ConsentKinds {
		a := v.Answers[k]
		mark := "–"
		if a.Allowed {
			mark = "✓"
		} else if a.Answer == ownwords.ConsentNo || v.Withdrawn != "" {
			mark = "✗"
		}
		if s != "" {
			s += " "
		}
		s += k + " " + mark
	}
	if v.Withdrawn != "" {
		s = "withdrawn " + v.Withdrawn + ": " + s
	}
	return s
}

func consentView(code string, cs *ownwords.Consent, recorded bool) ConsentView {
	v := ConsentView{Participant: code, Answers: map[string]ConsentAnswerView{}, Withdrawn: cs.Withdrawn.String(), Recorded: recorded}
	allowed := map[string]bool{
		"recorded": !cs.IsWithdrawn() && cs.Recorded.Answer == ownwords.ConsentYes,
		"analysis": cs.AllowsAnalysis(), "quotes": cs.AllowsQuotes(), "voice": cs.AllowsVoice(), "face": cs.AllowsFace(),
	}
	for _, k := range ownwords.ConsentKinds {
		a, _ := cs.Answer(k)
		v.Answers[k] = ConsentAnswerView{Answer: a.Answer, Date: a.Date.String(), Allowed: allowed[k]}
	}
	return v
}

// Consents returns every participant's consent, by code, for an owner:
// consent is recorded and read by owners only (who consented to what is
// about the person). Viewing is not audited; every change is.
// EUNAUTHORIZED, EFORBIDDEN.
func (g *Gate) Consents(ctx context.Context, c Caller) ([]ConsentView, error) {
	if err := c.need("participants' consent", ownwords.RoleOwner); err != nil {
		return nil, err
	}
	ps, err := g.store.Participants(ctx, ownwords.ParticipantFilter{StudyID: g.studyID})
	if err != nil {
		return nil, err
	}
	m, err := g.store.Consents(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	out := make([]ConsentView, 0, len(ps))
	for _, p := range ps {
		cs, ok := m[p.ID]
		if !ok {
			cs = ownwords.DefaultConsent(g.studyID, p.ID)
		}
		out = append(out, consentView(p.Code, cs, ok))
	}
	return out, nil
}

// SetConsent records a change of a participant's consent for an owner,
// audited by the store ("consent.set", with every answer): a study write,
// so the study version changes and every output computed from then on —
// the cached report page included — leaves out a participant who refused
// analysis or withdrew, and quotes no one who refused quotes (enforced in
// analysis.Load and report.SelectQuotes, for both front ends). A
// withdrawal cannot be undone here: a participant who withdrew and agrees
// again is a new consent, recorded by the team outside this command
// (EINVALID). EUNAUTHORIZED, EFORBIDDEN, EINVALID, ENOTFOUND.
func (g *Gate) SetConsent(ctx context.Context, c Caller, req ConsentRequest) (*ConsentView, error) {
	if err := c.need("changing participants' consent", ownwords.RoleOwner); err != nil {
		return nil, err
	}
	if len(req.Answers) == 0 && !req.Withdraw {
		return nil, ownwords.Errorf(ownwords.EINVALID, "consent: nothing to set: give an answer (--analysis yes, …) or --withdraw")
	}
	p, err := g.participantByCode(ctx, req.Participant)
	if err != nil {
		return nil, err
	}
	date := req.Date
	if date.IsZero() {
		now := cmp.Or(req.Now, time.Now()).UTC()
		date = ownwords.Date{Year: now.Year(), Month: int(now.Month()), Day: now.Day()}
	}
	var view *ConsentView
	err = g.store.Update(c.Context(ctx), func(tx ownwords.Services) error {
		m, err := tx.Consents(ctx, g.studyID)
		if err != nil {
			return err
		}
		cs, ok := m[p.ID]
		if !ok {
			cs = ownwords.DefaultConsent(g.studyID, p.ID)
		}
		if cs.IsWithdrawn() && len(req.Answers) > 0 {
			return ownwords.Errorf(ownwords.EINVALID, "consent: %s withdrew on %s; a withdrawal is final here", p.Code, cs.Withdrawn)
		}
		kinds := make([]string, 0, len(req.Answers))
		for k := range req.Answers {
			kinds = append(kinds, k)
		}
		slices.Sort(kinds)
		for _, k := range kinds {
			a, ok := cs.Answer(k)
			if !ok {
				return ownwords.Errorf(ownwords.EINVALID, "consent: unknown kind %q; want one of recorded, analysis, quotes, voice, face", k)
			}
			v := req.Answers[k]
			if v != ownwords.ConsentYes && v != ownwords.ConsentNo {
				return ownwords.Errorf(ownwords.EINVALID, "consent %s: %q: want yes or no", k, v)
			}
			*a = ownwords.ConsentAnswer{Answer: v, Date: date}
		}
		if req.Withdraw && !cs.IsWithdrawn() {
			cs.Withdrawn = date
		}
		if err := tx.SetConsent(c.Context(ctx), cs); err != nil {
			return err
		}
		v := consentView(p.Code, cs, true)
		view = &v
		return nil
	})
	return view, err
}

// ShredParticipant destroys, for an owner, the transcripts (with their
// translations, time anchors and the memos anchored to their text) of a
// participant who withdrew: the store's retention mechanism
// (ownwords.ParticipantShredder), each interview audited. Segments and the
// audit log remain; the participant is already out of every output. With
// dryRun it only lists the interviews. EUNAUTHORIZED, EFORBIDDEN, EINVALID
// (not withdrawn), ENOTFOUND, ENOTIMPLEMENTED (a store that cannot).
func (g *Gate) ShredParticipant(ctx context.Context, c Caller, code string, dryRun bool) ([]ownwords.PurgedInterview, error) {
	if err := c.need("destroying a participant's transcripts", ownwords.RoleOwner); err != nil {
		return nil, err
	}
	p, err := g.participantByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	m, err := g.store.Consents(ctx, g.studyID)
	if err != nil {
		return nil, err
	}
	if cs := m[p.ID]; cs == nil || !cs.IsWithdrawn() {
		return nil, ownwords.Errorf(ownwords.EINVALID, "%s has not withdrawn: record the withdrawal first (consent set --withdraw)", code)
	}
	sh, ok := g.store.(ownwords.ParticipantShredder)
	if !ok {
		return nil, ownwords.Errorf(ownwords.ENOTIMPLEMENTED, "this store cannot destroy transcripts")
	}
	return sh.PurgeParticipantTranscripts(c.Context(ctx), g.studyID, p.ID, dryRun)
}

// participantByCode returns the study's participant with code. ENOTFOUND.
func (g *Gate) participantByCode(ctx context.Context, code string) (*ownwords.Participant, error) {
	if code == "" {
		return nil, ownwords.Errorf(ownwords.EINVALID, "a participant code is required")
	}
	ps, err := g.store.Participants(ctx, ownwords.ParticipantFilter{StudyID: g.studyID, Code: code})
	if err != nil {
		return nil, err
	}
	if len(ps) != 1 {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "participant %s not found in this study", code)
	}
	return ps[0], nil
}

// consentedInterviews returns the IDs of the study's interviews whose
// participant's consent allows analysis, and false when every
// participant's does (no restriction needed).
func (g *Gate) consentedInterviews(ctx context.Context) ([]string, bool, error) {
	m, err := g.store.Consents(ctx, g.studyID)
	if err != nil {
		return nil, false, err
	}
	if !slices.ContainsFunc(slices.Collect(maps.Values(m)), func(cs *ownwords.Consent) bool { return !cs.AllowsAnalysis() }) {
		return nil, false, nil
	}
	ivs, err := g.store.Interviews(ctx, ownwords.InterviewFilter{StudyID: g.studyID})
	if err != nil {
		return nil, false, err
	}
	ids := []string{}
	for _, iv := range ivs {
		if cs := m[iv.ParticipantID]; cs == nil || cs.AllowsAnalysis() {
			ids = append(ids, iv.ID)
		}
	}
	return ids, true, nil
}
