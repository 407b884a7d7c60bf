package demo

import (
	"context"
	"fmt"
	"slices"

	"ownwords"
)

// Load writes s into st as a new study in one transaction (st.Update) and
// returns the study's ID: users (existing accounts of the same name are
// reused and keep their passwords) with their roles, attributes, codes
// (parents first), then participant by participant the participant, the
// interview, its other texts (the store checks their alignment), its
// segments and its events, and last the reference plan.
// hash turns each demo password into the stored hash (vault.HashPassword);
// it runs before the transaction, which should not wait on Argon2id.
// progress, if not nil, is called after each participant with the number
// of objects written so far and the total.
func Load(ctx context.Context, st ownwords.Store, s *Study, hash func([]byte) (string, error), progress func(done, total int)) (string, error) {
	return load(ctx, st, s, hash, progress, false)
}

// LoadBeforeWithdrawals is Load without the withdrawals of consent, which
// Withdraw records afterwards: the store accepts nothing new about a
// participant once they withdrew, so what the study held before they did
// — the demo's recordings, made when they were interviewed — goes in
// between.
func LoadBeforeWithdrawals(ctx context.Context, st ownwords.Store, s *Study, hash func([]byte) (string, error), progress func(done, total int)) (string, error) {
	return load(ctx, st, s, hash, progress, true)
}

// Withdraw records, in one transaction, the withdrawals of s's consents
// that the study studyID does not hold yet (participants matched by
// code): after LoadBeforeWithdrawals, and harmless on a study that has
// them all, so that a build interrupted before them is completed when the
// demo is opened again.
func Withdraw(ctx context.Context, st ownwords.Store, studyID string, s *Study) error {
	withdrawals := s.Withdrawals()
	return st.Update(ctx, func(svc ownwords.Services) error {
		ps, err := svc.Participants(ctx, ownwords.ParticipantFilter{StudyID: studyID})
		if err != nil {
			return err
		}
		stored, err := svc.Consents(ctx, studyID)
		if err != nil {
			return err
		}
		for _, p := range ps {
			d, ok := withdrawals[p.Code]
			if !ok {
				continue
			}
			cs := stored[p.ID]
			if cs == nil {
				cs = ownwords.DefaultConsent(studyID, p.ID)
			}
			if cs.IsWithdrawn() {
				continue
			}
			cs.Withdrawn = d
			if err := svc.SetConsent(ctx, cs); err != nil {
				return fmt.Errorf("demo: withdrawal of %s: %w", p.Code, err)
			}
		}
		return nil
	})
}

// Withdrawals are the dates of s's withdrawals of consent, by participant
// code.
func (s *Study) Withdrawals() map[string]ownwords.Date {
	code := map[string]string{} // local ID -> code
	for _, p := range s.Participants {
		code[p.ID] = p.Code
	}
	out := map[string]ownwords.Date{}
	for _, c := range s.Consents {
		if c.IsWithdrawn() {
			out[code[c.ParticipantID]] = c.Withdrawn
		}
	}
	return out
}

func load(ctx context.Context, st ownwords.Store, s *Study, hash func([]byte) (string, error), progress func(done, total int), deferWithdrawals bool) (string, error) {
	hashes := make([]string, len(s.Users))
	for i, u := range s.Users {
		h, err := hash([]byte(u.Password))
		if err != nil {
			return "", fmt.Errorf("demo: hash password of %s: %w", u.Name, err)
		}
		hashes[i] = h
	}
	var studyID string
	err := st.Update(ctx, func(svc ownwords.Services) error {
		l := &loader{ctx: ctx, svc: svc, s: s, progress: progress, ids: map[string]string{}, deferWithdrawals: deferWithdrawals}
		l.total = 2 + len(s.Users) + len(s.Attributes) + len(s.Codes) + len(s.Participants) +
			len(s.Interviews) + len(s.Texts) + len(s.Segments) + len(s.Events) + len(s.Consents)
		if err := l.load(hashes); err != nil {
			return err
		}
		studyID = l.studyID
		return nil
	})
	if err != nil {
		return "", err
	}
	return studyID, nil
}

// loader maps the Study's local IDs to store IDs while it writes.
type loader struct {
	ctx      context.Context
	svc      ownwords.Services
	s        *Study
	studyID  string
	ids      map[string]string // kind + ":" + local ID -> store ID
	done     int
	total    int
	progress func(done, total int)
	// compared counts the double-coded interviews loaded so far.
	compared int
	// deferWithdrawals writes consents without their withdrawal (for
	// Withdraw, later).
	deferWithdrawals bool
}

// awaitingEvery keeps every awaitingEvery-th double-coded interview in
// blind coding: the team compares and adjudicates as it goes, so a few of
// the latest are still waiting for the owner to open their comparison.
const awaitingEvery = 8

func (l *loader) id(kind, local string) string { return l.ids[kind+":"+local] }

func (l *loader) load(hashes []string) error {
	study := l.s.Info
	if err := l.svc.CreateStudy(l.ctx, &study); err != nil {
		return fmt.Errorf("demo: create study: %w", err)
	}
	l.studyID, l.done = study.ID, 1
	if err := l.users(hashes); err != nil {
		return err
	}
	for _, a := range l.s.Attributes {
		at := *a
		at.ID, at.StudyID = "", l.studyID
		if err := l.svc.CreateAttribute(l.ctx, &at); err != nil {
			return fmt.Errorf("demo: create attribute %s: %w", a.Slug, err)
		}
		l.done++
	}
	for _, c := range l.s.Codes {
		code := *c
		code.ID, code.StudyID, code.ParentID = "", l.studyID, l.id("code", c.ParentID)
		if err := l.svc.CreateCode(l.ctx, &code); err != nil {
			return fmt.Errorf("demo: create code %s: %w", c.ID, err)
		}
		l.ids["code:"+c.ID] = code.ID
		l.done++
	}
	if err := l.participants(); err != nil {
		return err
	}
	for _, c := range l.s.Consents {
		cs := *c
		cs.StudyID, cs.ParticipantID = l.studyID, l.id("participant", c.ParticipantID)
		if l.deferWithdrawals {
			cs.Withdrawn = ownwords.Date{}
		}
		if err := l.svc.SetConsent(l.ctx, &cs); err != nil {
			return fmt.Errorf("demo: consent of %s: %w", c.ParticipantID, err)
		}
		l.done++
	}
	plan := ownwords.Plan{StudyID: l.studyID, Name: l.s.Plan.Name, Body: l.s.Plan.Body}
	if err := l.svc.SavePlan(l.ctx, &plan); err != nil {
		return fmt.Errorf("demo: save plan: %w", err)
	}
	l.done++
	l.report()
	return nil
}

func (l *loader) users(hashes []string) error {
	for i, u := range l.s.Users {
		user := &ownwords.User{Name: u.Name, PasswordHash: hashes[i]}
		err := l.svc.CreateUser(l.ctx, user)
		if ownwords.ErrorCode(err) == ownwords.ECONFLICT {
			user, err = l.svc.UserByName(l.ctx, u.Name)
		}
		if err != nil {
			return fmt.Errorf("demo: create user %s: %w", u.Name, err)
		}
		if err := l.svc.SetRole(l.ctx, l.studyID, user.ID, u.Role); err != nil {
			return fmt.Errorf("demo: give %s the role %s: %w", u.Name, u.Role, err)
		}
		l.ids["user:"+u.Name] = user.ID
		l.done++
	}
	return nil
}

// participants writes each participant with its interviews, their
// segments and the participant's events.
func (l *loader) participants() error {
	interviews := map[string][]*ownwords.Interview{}
	for _, iv := range l.s.Interviews {
		interviews[iv.ParticipantID] = append(interviews[iv.ParticipantID], iv)
	}
	segments := map[string][]*ownwords.Segment{}
	for _, sg := range l.s.Segments {
		segments[sg.InterviewID] = append(segments[sg.InterviewID], sg)
	}
	events := map[string][]*ownwords.Event{}
	for _, e := range l.s.Events {
		events[e.ParticipantID] = append(events[e.ParticipantID], e)
	}
	for _, p := range l.s.Participants {
		part := *p
		part.ID, part.StudyID = "", l.studyID
		if err := l.svc.CreateParticipant(l.ctx, &part); err != nil {
			return fmt.Errorf("demo: create participant %s: %w", p.Code, err)
		}
		l.ids["participant:"+p.ID] = part.ID
		l.done++
		for _, iv := range interviews[p.ID] {
			if err := l.interview(iv, segments[iv.ID]); err != nil {
				return err
			}
		}
		for _, e := range events[p.ID] {
			ev := *e
			ev.ID, ev.StudyID, ev.ParticipantID = "", l.studyID, part.ID
			ev.SegmentID = l.id("segment", e.SegmentID)
			if err := l.svc.CreateEvent(l.ctx, &ev); err != nil {
				return fmt.Errorf("demo: create %s event of %s: %w", e.Kind, p.Code, err)
			}
			l.done++
		}
		l.report()
	}
	return nil
}

func (l *loader) interview(iv *ownwords.Interview, segments []*ownwords.Segment) error {
	in := *iv
	in.ID, in.StudyID, in.ParticipantID = "", l.studyID, l.id("participant", iv.ParticipantID)
	if err := l.svc.CreateInterview(l.ctx, &in); err != nil {
		return fmt.Errorf("demo: create interview %s: %w", iv.Title, err)
	}
	l.ids["interview:"+iv.ID] = in.ID
	l.done++
	for _, t := range l.s.Texts {
		if t.InterviewID != iv.ID {
			continue
		}
		x := *t
		x.ID, x.StudyID, x.InterviewID = "", l.studyID, in.ID
		if err := l.svc.PutInterviewText(l.ctx, &x); err != nil {
			return fmt.Errorf("demo: the %s %s of %s: %w", t.Language, t.Role, iv.Title, err)
		}
		l.done++
	}
	for _, sg := range segments {
		seg := *sg
		seg.ID, seg.StudyID, seg.InterviewID = "", l.studyID, in.ID
		seg.CodeID, seg.CoderID = l.id("code", sg.CodeID), l.id("user", sg.CoderID)
		if err := l.svc.CreateSegment(l.ctx, &seg); err != nil {
			return fmt.Errorf("demo: create segment %s (%s in %s): %w", sg.ID, sg.CodeID, iv.Title, err)
		}
		l.ids["segment:"+sg.ID] = seg.ID
		l.done++
	}
	if !slices.ContainsFunc(segments, func(sg *ownwords.Segment) bool { return sg.CoderID == coderB }) {
		return nil
	}
	// Two coders coded it: the owner compared and adjudicated it, unless
	// it is one of those still waiting.
	if l.compared++; l.compared%awaitingEvery == 0 {
		return nil
	}
	if err := l.svc.OpenComparison(l.ctx, in.ID); err != nil {
		return fmt.Errorf("demo: open the comparison of %s: %w", iv.Title, err)
	}
	return nil
}

func (l *loader) report() {
	if l.progress != nil {
		l.progress(l.done, l.total)
	}
}
