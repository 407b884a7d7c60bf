package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"ownwords"
	"ownwords/text"
)

// fakeStore records what Load writes and checks it the way a store would
// (validation, references, text hashes). Methods Load must not call are
// left to the nil embedded interfaces: calling one panics.
type fakeStore struct {
	ownwords.Store
	svc     *fakeServices
	updates int
}

func (f *fakeStore) Update(ctx context.Context, fn func(ownwords.Services) error) error {
	f.updates++
	return fn(f.svc)
}

type fakeServices struct {
	ownwords.Services
	next         int
	failSegments bool
	consents     []*ownwords.Consent
	studies      []*ownwords.Study
	users        map[string]*ownwords.User // by name
	roles        map[string]ownwords.Role  // by user ID
	attrs        map[string]*ownwords.Attribute
	codes        map[string]*ownwords.Code
	participants map[string]*ownwords.Participant
	interviews   map[string]*ownwords.Interview
	segments     map[string]*ownwords.Segment
	events       []*ownwords.Event
	plans        []*ownwords.Plan
	texts        []*ownwords.InterviewText
}

func newFakeStore() *fakeStore {
	return &fakeStore{svc: &fakeServices{
		users: map[string]*ownwords.User{}, roles: map[string]ownwords.Role{}, attrs: map[string]*ownwords.Attribute{},
		codes: map[string]*ownwords.Code{}, participants: map[string]*ownwords.Participant{},
		interviews: map[string]*ownwords.Interview{}, segments: map[string]*ownwords.Segment{},
	}}
}

func (f *fakeServices) id(kind string) string {
	f.next++
	return fmt.Sprintf("%s-%d", kind, f.next)
}

func (f *fakeServices) CreateStudy(_ context.Context, s *ownwords.Study) error {
	if err := s.Validate(); err != nil {
		return err
	}
	s.ID = f.id("study")
	f.studies = append(f.studies, s)
	return nil
}

func (f *fakeServices) CreateUser(_ context.Context, u *ownwords.User) error {
	if f.users[u.Name] != nil {
		return ownwords.Errorf(ownwords.ECONFLICT, "user %s exists", u.Name)
	}
	u.ID = f.id("user")
	f.users[u.Name] = u
	return u.Validate()
}

func (f *fakeServices) UserByName(_ context.Context, name string) (*ownwords.User, error) {
	if u := f.users[name]; u != nil {
		return u, nil
	}
	return nil, ownwords.Errorf(ownwords.ENOTFOUND, "no user %s", name)
}

func (f *fakeServices) SetRole(_ context.Context, studyID, userID string, r ownwords.Role) error {
	if studyID == "" || !r.Valid() {
		return ownwords.Errorf(ownwords.EINVALID, "bad role")
	}
	f.roles[userID] = r
	return nil
}

func (f *fakeServices) CreateAttribute(_ context.Context, a *ownwords.Attribute) error {
	if err := a.Validate(); err != nil {
		return err
	}
	a.ID = f.id("attr")
	f.attrs[a.Slug] = a
	return nil
}

func (f *fakeServices) CreateCode(_ context.Context, c *ownwords.Code) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if c.ParentID != "" && f.codes[c.ParentID] == nil {
		return ownwords.Errorf(ownwords.ENOTFOUND, "code %s: no parent %q", c.Slug, c.ParentID)
	}
	c.ID = f.id("code")
	f.codes[c.ID] = c
	return nil
}

func (f *fakeServices) CreateParticipant(_ context.Context, p *ownwords.Participant) error {
	if err := p.Validate(); err != nil {
		return err
	}
	for slug, v := range p.Values {
		a := f.attrs[slug]
		if a == nil {
			return ownwords.Errorf(ownwords.EINVALID, "no attribute %s", slug)
		}
		if err := a.Check(v); err != nil {
			return err
		}
	}
	p.ID = f.id("participant")
	f.participants[p.ID] = p
	return nil
}

func (f *fakeServices) CreateInterview(_ context.Context, iv *ownwords.Interview) error {
	if err := iv.Validate(); err != nil {
		return err
	}
	if f.participants[iv.ParticipantID] == nil {
		return ownwords.Errorf(ownwords.ENOTFOUND, "no participant %q", iv.ParticipantID)
	}
	iv.ID = f.id("interview")
	f.interviews[iv.ID] = iv
	return nil
}

// PutInterviewText checks the text as the store does: valid, of a stored
// interview, aligned with its transcript.
func (f *fakeServices) PutInterviewText(_ context.Context, t *ownwords.InterviewText) error {
	if err := t.Validate(); err != nil {
		return err
	}
	iv := f.interviews[t.InterviewID]
	if iv == nil || iv.StudyID != t.StudyID {
		return ownwords.Errorf(ownwords.ENOTFOUND, "no interview %q", t.InterviewID)
	}
	if _, err := text.Align(iv.Transcript, t.Text); err != nil {
		return ownwords.Errorf(ownwords.EINVALID, "%s: %v", iv.Title, err)
	}
	t.ID, t.Version = f.id("text"), 1
	f.texts = append(f.texts, t)
	return nil
}

func (f *fakeServices) OpenComparison(_ context.Context, id string) error {
	iv := f.interviews[id]
	if iv == nil {
		return ownwords.Errorf(ownwords.ENOTFOUND, "interview %s", id)
	}
	if iv.ComparisonOpenedAt.IsZero() {
		iv.ComparisonOpenedAt = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return nil
}

func (f *fakeServices) CreateSegment(_ context.Context, s *ownwords.Segment) error {
	if f.failSegments {
		return errors.New("disk full")
	}
	if err := s.Validate(); err != nil {
		return err
	}
	iv, code := f.interviews[s.InterviewID], f.codes[s.CodeID]
	if iv == nil || code == nil || code.Derived != nil || !f.hasUserID(s.CoderID) {
		return ownwords.Errorf(ownwords.ENOTFOUND, "segment: bad interview, code or coder")
	}
	if q, ok := ownwords.Slice(iv.Transcript, s.Start, s.End); !ok || ownwords.HashText(q) != s.TextHash {
		return ownwords.Errorf(ownwords.EINVALID, "segment: hash does not match the transcript")
	}
	s.ID = f.id("segment")
	f.segments[s.ID] = s
	return nil
}

func (f *fakeServices) hasUserID(id string) bool {
	for _, u := range f.users {
		if u.ID == id {
			return true
		}
	}
	return false
}

func (f *fakeServices) CreateEvent(_ context.Context, e *ownwords.Event) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if f.participants[e.ParticipantID] == nil || e.SegmentID != "" && f.segments[e.SegmentID] == nil {
		return ownwords.Errorf(ownwords.ENOTFOUND, "event: bad participant or segment")
	}
	f.events = append(f.events, e)
	return nil
}

func (f *fakeServices) SetConsent(_ context.Context, c *ownwords.Consent) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if f.participants[c.ParticipantID] == nil {
		return ownwords.Errorf(ownwords.ENOTFOUND, "consent: no participant %q", c.ParticipantID)
	}
	f.consents = append(f.consents, c)
	return nil
}

func (f *fakeServices) SavePlan(_ context.Context, p *ownwords.Plan) error {
	if p.StudyID == "" || p.Name == "" || !json.Valid(p.Body) {
		return ownwords.Errorf(ownwords.EINVALID, "plan: bad plan")
	}
	f.plans = append(f.plans, p)
	return nil
}

func fakeHash(pw []byte) (string, error) { return "hashed:" + string(pw), nil }

func TestLoadWritesTheWholeStudyInOneTransaction(t *testing.T) {
	s := Generate(DefaultSeed)
	st := newFakeStore()
	var last [2]int
	calls := 0
	id, err := Load(t.Context(), st, s, fakeHash, func(done, total int) { last = [2]int{done, total}; calls++ })
	if err != nil {
		t.Fatal(err)
	}
	f := st.svc
	if st.updates != 1 || len(f.studies) != 1 || id != f.studies[0].ID {
		t.Fatalf("%d transactions, %d studies, id %q", st.updates, len(f.studies), id)
	}
	if len(f.attrs) != len(s.Attributes) || len(f.codes) != len(s.Codes) || len(f.participants) != len(s.Participants) ||
		len(f.interviews) != len(s.Interviews) || len(f.segments) != len(s.Segments) || len(f.events) != len(s.Events) ||
		len(f.plans) != 1 || len(f.consents) != len(s.Consents) || len(f.texts) != len(s.Texts) || len(s.Texts) == 0 {
		t.Errorf("written %d/%d/%d/%d/%d/%d/%d objects", len(f.attrs), len(f.codes), len(f.participants),
			len(f.interviews), len(f.texts), len(f.segments), len(f.events))
	}
	if last[0] != last[1] || calls < len(s.Participants) {
		t.Errorf("progress ended at %v after %d calls", last, calls)
	}
	for _, u := range s.Users {
		got := f.users[u.Name]
		if got == nil || got.PasswordHash != "hashed:"+u.Password || f.roles[got.ID] != u.Role {
			t.Errorf("user %s not stored with its hash and role", u.Name)
		}
	}
	linked := 0
	for _, e := range f.events {
		if e.SegmentID != "" {
			linked++
		}
	}
	if linked == 0 {
		t.Error("no event kept its link to a passage")
	}
	if s.Participants[0].ID != "P-0001" || s.Codes[0].StudyID != "" {
		t.Error("Load changed the generated study")
	}
}

func TestLoadReusesExistingUsers(t *testing.T) {
	st := newFakeStore()
	st.svc.users["owner"] = &ownwords.User{ID: "user-0", Name: "owner", PasswordHash: "kept"}
	if _, err := Load(t.Context(), st, Generate(DefaultSeed), fakeHash, nil); err != nil {
		t.Fatal(err)
	}
	if u := st.svc.users["owner"]; u.PasswordHash != "kept" || st.svc.roles["user-0"] != ownwords.RoleOwner {
		t.Errorf("existing owner: hash %q, role %q", u.PasswordHash, st.svc.roles["user-0"])
	}
}

func TestLoadReportsErrors(t *testing.T) {
	t.Run("ErrStore", func(t *testing.T) {
		st := newFakeStore()
		st.svc.failSegments = true
		_, err := Load(t.Context(), st, Generate(DefaultSeed), fakeHash, nil)
		if err == nil || !strings.Contains(err.Error(), "demo: create segment") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("ErrHash", func(t *testing.T) {
		st := newFakeStore()
		_, err := Load(t.Context(), st, Generate(DefaultSeed), func([]byte) (string, error) { return "", errors.New("no entropy") }, nil)
		if err == nil || st.updates != 0 {
			t.Errorf("err = %v after %d transactions", err, st.updates)
		}
	})
}
