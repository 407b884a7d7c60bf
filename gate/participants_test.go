package gate

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// recordsFixture is a study with two participants carrying an identifier,
// a free-text and a date attribute, dated interviews whose titles name the
// participant, events with notes, a memo, coder and consensus segments, a
// plan, and a member of every role.
type recordsFixture struct {
	st      ownwords.Store
	g       *Gate
	study   *ownwords.Study
	users   map[ownwords.Role]*ownwords.User
	coder2  *ownwords.User
	p1, p2  *ownwords.Participant
	iv1     *ownwords.Interview
	codeID  string
	callers map[string]Caller
}

// Markers of what only some roles may see.
const (
	aliasMarker = "ALIAS-MARKER"
	storyMarker = "STORY-MARKER"
	noteMarker  = "NOTE-MARKER"
	memoMarker  = "MEMO-MARKER"
	transcript  = "Interviewer: How did it start? Participant: My cousin sent videos."
)

// secrets are the strings an analyst's records must not contain: codes,
// titles, identifier and text attributes, free text and exact dates.
func (f *recordsFixture) secrets() []string {
	return []string{"P-0001", "P-0002", f.p1.ID, f.p2.ID, f.iv1.ID, "Interview of P-0001", aliasMarker, storyMarker,
		noteMarker, memoMarker, "1990-05", "2017-03", "2014-06", "Ankara"}
}

func newRecordsFixture(t *testing.T, st ownwords.Store) *recordsFixture {
	t.Helper()
	ctx := context.Background()
	f := &recordsFixture{st: st, users: map[ownwords.Role]*ownwords.User{}, callers: map[string]Caller{"public": Public()}}
	f.study = sqldbtest.MustStudy(t, st, "Records")
	f.g = New(st, f.study.ID)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []ownwords.Role{ownwords.RoleOwner, ownwords.RoleCoder, ownwords.RoleAnalyst, ownwords.RoleViewer} {
		u := &ownwords.User{Name: string(r), PasswordHash: "x"}
		must(st.CreateUser(ctx, u))
		must(st.SetRole(ctx, f.study.ID, u.ID, r))
		f.users[r] = u
		f.callers[string(r)] = Member(u, r).WithSessionKey([]byte("session of " + u.Name))
	}
	f.coder2 = &ownwords.User{Name: "coder2", PasswordHash: "x"}
	must(st.CreateUser(ctx, f.coder2))
	must(st.SetRole(ctx, f.study.ID, f.coder2.ID, ownwords.RoleCoder))
	for i, a := range []*ownwords.Attribute{
		{Slug: "gender", Type: ownwords.AttrCategory, Values: []string{"man", "woman"}},
		{Slug: "alias", Type: ownwords.AttrCategory, Tag: ownwords.TagIdentifier},
		{Slug: "story", Type: ownwords.AttrText},
		{Slug: "born", Label: "Born", Type: ownwords.AttrDate, Tag: ownwords.TagQuasiIdentifier},
	} {
		a.StudyID, a.Position = f.study.ID, i
		must(st.CreateAttribute(ctx, a))
	}
	person := func(code, gender, born string) *ownwords.Participant {
		d, err := ownwords.ParseDate(born)
		must(err)
		p := &ownwords.Participant{StudyID: f.study.ID, Code: code, Values: map[string]ownwords.Value{
			"gender": {Type: ownwords.AttrCategory, Str: gender},
			"alias":  {Type: ownwords.AttrCategory, Str: aliasMarker + code},
			"story":  {Type: ownwords.AttrText, Str: storyMarker + " grew up in Ankara"},
			"born":   {Type: ownwords.AttrDate, Date: d},
		}}
		must(st.CreateParticipant(ctx, p))
		return p
	}
	f.p1, f.p2 = person("P-0001", "woman", "1990-05-01"), person("P-0002", "man", "1988")
	f.iv1 = &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.p1.ID, Title: "Interview of P-0001", Date: ownwords.Date{Year: 2017, Month: 3, Day: 12},
		Place: "Ankara", Language: "tr", Transcript: transcript}
	iv2 := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.p2.ID, Title: "Interview of P-0002", Date: ownwords.Date{Year: 2018}, Language: "ar", Transcript: transcript}
	must(st.CreateInterview(ctx, f.iv1))
	must(st.CreateInterview(ctx, iv2))
	section := &ownwords.Code{StudyID: f.study.ID, Slug: "influences", Label: "Influences"}
	must(st.CreateCode(ctx, section))
	family := &ownwords.Code{StudyID: f.study.ID, ParentID: section.ID, Slug: "family", Label: "Family"}
	must(st.CreateCode(ctx, family))
	f.codeID = family.ID
	quote := "My cousin"
	start := len([]rune(transcript[:strings.Index(transcript, quote)]))
	for _, s := range []struct {
		coder *ownwords.User
		layer string
	}{{f.users[ownwords.RoleCoder], ownwords.LayerCoder}, {f.coder2, ownwords.LayerCoder}, {f.users[ownwords.RoleOwner], ownwords.LayerConsensus}} {
		must(st.CreateSegment(ctx, &ownwords.Segment{StudyID: f.study.ID, InterviewID: f.iv1.ID, CodeID: family.ID, CoderID: s.coder.ID,
			Layer: s.layer, Start: start, End: start + len([]rune(quote)), TextHash: ownwords.HashText(quote)}))
	}
	period, err := ownwords.ParsePeriod("2014-06")
	must(err)
	must(st.CreateEvent(ctx, &ownwords.Event{StudyID: f.study.ID, ParticipantID: f.p1.ID, Kind: ownwords.EventTravelled, Date: period, Note: noteMarker}))
	must(st.CreateMemo(ctx, &ownwords.Memo{StudyID: f.study.ID, TargetType: ownwords.MemoParticipant, TargetID: f.p1.ID, Body: memoMarker}))
	plan := `{"name": "reference", "groups": [{"name": "all", "filter": {}}, {"name": "women", "filter": {"gender": "woman"}}],
		"sections": ["influences"], "attributes": ["gender"]}`
	must(st.SavePlan(ctx, &ownwords.Plan{StudyID: f.study.ID, Name: "reference", Body: []byte(plan)}))
	return f
}

// asJSON is v as the JSON the workbench would send.
func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkMarkers fails for every marker of want missing from out and every
// marker of notWant present in it.
func checkMarkers(t *testing.T, what, out string, want, notWant []string) {
	t.Helper()
	for _, m := range want {
		if !strings.Contains(out, m) {
			t.Errorf("%s lacks %q", what, m)
		}
	}
	for _, m := range notWant {
		if strings.Contains(out, m) {
			t.Errorf("%s carries %q", what, m)
		}
	}
}

// TestParticipantRecordsFollowTheTier runs the participants list, a
// participant's page and the interviews list as every role: owners see
// everything, coders all but identifier attributes, analysts neither
// identifiers nor free text nor exact dates nor codes, viewers and the
// public nothing.
func TestParticipantRecordsFollowTheTier(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newRecordsFixture(t, st)
		ctx := context.Background()
		tests := []struct {
			who     string
			err     string
			want    []string
			notWant []string
		}{
			{"owner", "", []string{"P-0001", f.p1.ID, f.iv1.ID, aliasMarker, storyMarker, noteMarker, memoMarker, "1990-05-01", "2017-03-12", "2014-06", "Interview of P-0001"}, nil},
			{"coder", "", []string{"P-0001", f.p1.ID, f.iv1.ID, storyMarker, noteMarker, memoMarker, "1990-05-01", "2017-03-12", "2014-06", "Interview of P-0001"}, []string{aliasMarker}},
			{"analyst", "", []string{`"1990"`, `"2017"`, `"2014"`, `"travelled"`, `"X-`}, f.secrets()},
			{"viewer", ownwords.EFORBIDDEN, nil, nil},
			{"public", ownwords.EUNAUTHORIZED, nil, nil},
		}
		for _, tt := range tests {
			t.Run(tt.who, func(t *testing.T) {
				c := f.callers[tt.who]
				list, err := f.g.Participants(ctx, c, map[string]string{"gender": "woman"})
				ivs, ivErr := f.g.Interviews(ctx, c)
				if tt.err != "" {
					if ownwords.ErrorCode(err) != tt.err || ownwords.ErrorCode(ivErr) != tt.err {
						t.Fatalf("errors %v, %v; want %s", err, ivErr, tt.err)
					}
					if _, err := f.g.Participant(ctx, c, f.p1.ID); ownwords.ErrorCode(err) != tt.err {
						t.Fatalf("participant page: %v, want %s", err, tt.err)
					}
					return
				}
				if err != nil || ivErr != nil {
					t.Fatal(err, ivErr)
				}
				if len(list.Rows) != 1 {
					t.Fatalf("%d participants in the group gender = woman, want 1", len(list.Rows))
				}
				page, err := f.g.Participant(ctx, c, list.Rows[0].Ref)
				if err != nil {
					t.Fatal(err)
				}
				if page.Name != list.Rows[0].Name {
					t.Errorf("the page names %s, the list %s", page.Name, list.Rows[0].Name)
				}
				out := asJSON(t, list) + asJSON(t, page) + asJSON(t, ivs)
				checkMarkers(t, tt.who+"'s records", out, tt.want, tt.notWant)
			})
		}
	})
}

// TestAnalystPseudonymsChangeWithTheSession lists the participants as an
// analyst in two sessions: the pseudonyms and handles of one are stable
// within it, differ from the other's, do not open there, and the stable
// ID opens nothing.
func TestAnalystPseudonymsChangeWithTheSession(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newRecordsFixture(t, st)
		ctx := context.Background()
		u := f.users[ownwords.RoleAnalyst]
		one, two := Member(u, ownwords.RoleAnalyst).WithSessionKey([]byte("one")), Member(u, ownwords.RoleAnalyst).WithSessionKey([]byte("two"))
		list := func(c Caller) *ParticipantList {
			t.Helper()
			l, err := f.g.Participants(ctx, c, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Rows) != 2 || !l.Pseudonyms {
				t.Fatalf("%d rows, pseudonyms %v", len(l.Rows), l.Pseudonyms)
			}
			return l
		}
		a, again, b := list(one), list(one), list(two)
		if asJSON(t, a) != asJSON(t, again) {
			t.Error("one session named the participants twice differently")
		}
		if !slices.IsSortedFunc(a.Rows, func(x, y ParticipantRow) int { return strings.Compare(x.Name, y.Name) }) {
			t.Error("rows not in pseudonym order: their place would link sessions")
		}
		for _, x := range a.Rows {
			for _, y := range b.Rows {
				if x.Name == y.Name || x.Ref == y.Ref {
					t.Errorf("sessions share a pseudonym or handle: %+v, %+v", x, y)
				}
			}
			if _, err := f.g.Participant(ctx, two, x.Ref); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
				t.Errorf("another session's handle: %v, want ENOTFOUND", err)
			}
		}
		for _, ref := range []string{f.p1.ID, f.p1.Code, "", "AAAA", a.Rows[0].Ref[:len(a.Rows[0].Ref)-2] + "AA"} {
			if _, err := f.g.Participant(ctx, one, ref); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
				t.Errorf("analyst opening %q: %v, want ENOTFOUND", ref, err)
			}
		}
		keyless := Member(u, ownwords.RoleAnalyst)
		if asJSON(t, list(keyless)) == asJSON(t, list(keyless)) {
			t.Error("a caller without a session key got the same pseudonyms twice")
		}
	})
}

// TestInterviewsKeepBlindCoding lists the interviews as coders, owner and
// analyst: while coding is blind a coder counts only their own segments;
// once comparison opens, everyone's.
func TestInterviewsKeepBlindCoding(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newRecordsFixture(t, st)
		ctx := context.Background()
		type counts struct{ coders, coderSegs, consensus, coderTotals int }
		get := func(c Caller) counts {
			t.Helper()
			l, err := f.g.Interviews(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(l.Interviews, func(r InterviewRow) bool { return r.Number == 1 && r.Language == "tr" })
			r := l.Interviews[i]
			return counts{r.Coders, r.CoderSegments, r.ConsensusSegments, len(l.Coders)}
		}
		coder := f.callers["coder"]
		tests := []struct {
			name   string
			c      Caller
			opened bool
			want   counts
		}{
			{"CoderBlind", coder, false, counts{1, 1, 0, 1}},
			{"OwnerBlind", f.callers["owner"], false, counts{2, 2, 1, 2}},
			{"AnalystBlind", f.callers["analyst"], false, counts{2, 2, 1, 2}},
			{"CoderOpened", coder, true, counts{2, 2, 1, 2}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if tt.opened {
					if err := st.OpenComparison(ctx, f.iv1.ID); err != nil {
						t.Fatal(err)
					}
				}
				if got := get(tt.c); got != tt.want {
					t.Errorf("counts %+v, want %+v", got, tt.want)
				}
			})
		}
	})
}

// TestRecordsAtTierNone: an analyst whose study sets the tier none gets
// no participant records, and an interviews list without participants
// or dates.
func TestRecordsAtTierNone(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newRecordsFixture(t, st)
		ctx := context.Background()
		f.study.Settings.ExportTiers = map[ownwords.Role]ownwords.ExportTier{ownwords.RoleAnalyst: ownwords.TierNone}
		if err := st.UpdateStudy(ctx, f.study); err != nil {
			t.Fatal(err)
		}
		c := f.callers["analyst"]
		if _, err := f.g.Participants(ctx, c, nil); ownwords.ErrorCode(err) != ownwords.EFORBIDDEN {
			t.Errorf("participants: %v, want EFORBIDDEN", err)
		}
		l, err := f.g.Interviews(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range l.Interviews {
			if r.Participant != (ParticipantName{}) || r.Date != "" || r.Language != "" || r.ID != "" || r.Title != "" {
				t.Errorf("row %+v names more than counts", r)
			}
		}
	})
}

// TestParticipantFilterRefusesHiddenAttributes: a filter on an attribute
// the caller does not see is refused, so that it cannot tell who holds a
// value.
func TestParticipantFilterRefusesHiddenAttributes(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newRecordsFixture(t, st)
		ctx := context.Background()
		tests := []struct {
			who    string
			filter map[string]string
			err    string
		}{
			{"owner", map[string]string{"alias": aliasMarker + "P-0001"}, ""},
			{"coder", map[string]string{"alias": aliasMarker + "P-0001"}, ownwords.EINVALID},
			{"analyst", map[string]string{"alias": aliasMarker + "P-0001"}, ownwords.EINVALID},
			{"analyst", map[string]string{"story": "x"}, ownwords.EINVALID},
			{"analyst", map[string]string{"gender": "woman", "nope": "x"}, ownwords.EINVALID},
			{"analyst", map[string]string{"gender": "woman"}, ""},
		}
		for _, tt := range tests {
			_, err := f.g.Participants(ctx, f.callers[tt.who], tt.filter)
			if ownwords.ErrorCode(err) != tt.err && !(tt.err == "" && err == nil) {
				t.Errorf("%s filtering %v: %v, want %q", tt.who, tt.filter, err, tt.err)
			}
		}
	})
}

// TestHandles: a handle opens to its participant ID in its session only,
// and the session's pseudonyms are not keyed by the front end's key
// itself (it is hashed under a purpose first).
func TestHandles(t *testing.T) {
	var raw [32]byte
	copy(raw[:], "thirty-two bytes of session key!")
	u := &ownwords.User{Name: "a"}
	m := Member(u, ownwords.RoleAnalyst).WithSessionKey(raw[:]).masks(ownwords.DatesToYear)
	other := Member(u, ownwords.RoleAnalyst).WithSessionKey([]byte("other")).masks(ownwords.DatesToYear)
	h := m.handle("p-1")
	if id, ok := m.open(h); !ok || id != "p-1" {
		t.Errorf("handle round trip: %q %v", id, ok)
	}
	if h != m.handle("p-1") || h == m.handle("p-2") {
		t.Error("handles are not one per participant in a session")
	}
	if _, ok := other.open(h); ok {
		t.Error("another session opened the handle")
	}
	if m.deid.Pseudonym("p") == ownwords.NewKeyedDeidentifier(ownwords.DatesToYear, raw).Pseudonym("p") {
		t.Error("the pseudonyms are keyed by the front end's key itself")
	}
}
