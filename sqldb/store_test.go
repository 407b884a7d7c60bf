package sqldb_test

import (
	"errors"
	"slices"
	"testing"
	"unicode/utf8"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// fixture is a small study: attributes, two participants, one interview,
// a section with two codes and a derived item.
type fixture struct {
	study            *ownwords.Study
	p1, p2           *ownwords.Participant
	iv               *ownwords.Interview
	section, a, b, d *ownwords.Code
	coder            *ownwords.User
}

const transcript = "Interviewer: Why did you go?\nP-0001: We had no food. Prices rose every week in İstanbul.\n"

func mustFixture(t *testing.T, st ownwords.Store) *fixture {
	t.Helper()
	ctx := t.Context()
	f := &fixture{study: sqldbtest.MustStudy(t, st, "Test study")}
	sid := f.study.ID
	for _, a := range []*ownwords.Attribute{
		{StudyID: sid, Slug: "gender", Type: ownwords.AttrCategory, Values: []string{"man", "woman"}},
		{StudyID: sid, Slug: "travelled", Type: ownwords.AttrBoolean},
		{StudyID: sid, Slug: "birth_year", Type: ownwords.AttrInteger},
		{StudyID: sid, Slug: "joined_date", Type: ownwords.AttrDate},
		{StudyID: sid, Slug: "score", Type: ownwords.AttrNumber},
		{StudyID: sid, Slug: "note", Type: ownwords.AttrText},
	} {
		must(t, st.CreateAttribute(ctx, a))
	}
	f.p1 = &ownwords.Participant{StudyID: sid, Code: "P-0001", Values: map[string]ownwords.Value{
		"gender":      {Type: ownwords.AttrCategory, Str: "woman"},
		"travelled":   {Type: ownwords.AttrBoolean, Bool: true},
		"birth_year":  {Type: ownwords.AttrInteger, Int: 1994},
		"joined_date": {Type: ownwords.AttrDate, Date: ownwords.Date{Year: 2014, Month: 6}},
		"score":       {Type: ownwords.AttrNumber, Num: 2.5},
		"note":        {Type: ownwords.AttrText, Str: "synthetic"},
	}}
	must(t, st.CreateParticipant(ctx, f.p1))
	f.p2 = &ownwords.Participant{StudyID: sid, Code: "P-0002", Values: map[string]ownwords.Value{
		"gender": {Type: ownwords.AttrCategory, Str: "man"},
	}}
	must(t, st.CreateParticipant(ctx, f.p2))
	f.iv = &ownwords.Interview{StudyID: sid, ParticipantID: f.p1.ID, Title: "P-0001 interview 1",
		Date: ownwords.Date{Year: 2016, Month: 3, Day: 2}, Language: "en", Transcript: transcript}
	must(t, st.CreateInterview(ctx, f.iv))
	f.section = &ownwords.Code{StudyID: sid, Slug: "disillusionment", Label: "Disillusionment"}
	must(t, st.CreateCode(ctx, f.section))
	f.a = &ownwords.Code{StudyID: sid, ParentID: f.section.ID, Slug: "lack_of_food", Color: "#aa0000"}
	must(t, st.CreateCode(ctx, f.a))
	f.b = &ownwords.Code{StudyID: sid, ParentID: f.section.ID, Slug: "prices"}
	must(t, st.CreateCode(ctx, f.b))
	f.d = &ownwords.Code{StudyID: sid, ParentID: f.section.ID, Slug: "economic",
		Derived: &ownwords.Derivation{Op: ownwords.DeriveAnyOf, Items: []string{"lack_of_food", "prices"}}}
	must(t, st.CreateCode(ctx, f.d))
	f.coder = &ownwords.User{Name: "coder-a"}
	must(t, st.CreateUser(ctx, f.coder))
	must(t, st.SetRole(ctx, sid, f.coder.ID, ownwords.RoleCoder))
	return f
}

// segmentOn builds a segment over the first occurrence of quote.
func segmentOn(t *testing.T, f *fixture, code *ownwords.Code, quote string) *ownwords.Segment {
	t.Helper()
	start, end := codePointRange(t, f.iv.Transcript, quote)
	return &ownwords.Segment{StudyID: f.study.ID, InterviewID: f.iv.ID, CodeID: code.ID, CoderID: f.coder.ID,
		Layer: ownwords.LayerCoder, Start: start, End: end, TextHash: ownwords.HashText(quote)}
}

func codePointRange(t *testing.T, s, quote string) (int, int) {
	t.Helper()
	rs, qs := []rune(s), []rune(quote)
	for i := 0; i+len(qs) <= len(rs); i++ {
		if string(rs[i:i+len(qs)]) == quote {
			return i, i + len(qs)
		}
	}
	t.Fatalf("%q not in transcript", quote)
	return 0, 0
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := ownwords.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func TestStudies(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		t.Run("OK", func(t *testing.T) {
			s := sqldbtest.MustStudy(t, st, "One")
			got, err := st.Study(ctx, s.ID)
			must(t, err)
			if got.Name != "One" || got.Settings.DisclosureK != ownwords.DefaultDisclosureK {
				t.Fatalf("study = %+v", got)
			}
			got.Settings.Redactions = []string{"Raqqa"}
			must(t, st.UpdateStudy(ctx, got))
			again, err := st.Study(ctx, s.ID)
			must(t, err)
			if len(again.Settings.Redactions) != 1 {
				t.Fatalf("settings not saved: %+v", again.Settings)
			}
		})
		t.Run("ErrNameRequired", func(t *testing.T) {
			wantCode(t, st.CreateStudy(ctx, &ownwords.Study{}), ownwords.EINVALID)
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			_, err := st.Study(ctx, "nope")
			wantCode(t, err, ownwords.ENOTFOUND)
		})
	})
}

func TestParticipants(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		t.Run("TypedValuesRoundTrip", func(t *testing.T) {
			got, err := st.Participant(ctx, f.p1.ID)
			must(t, err)
			for slug, want := range f.p1.Values {
				if got.Values[slug] != want {
					t.Errorf("%s = %+v, want %+v", slug, got.Values[slug], want)
				}
			}
		})
		t.Run("ListByCode", func(t *testing.T) {
			ps, err := st.Participants(ctx, ownwords.ParticipantFilter{StudyID: f.study.ID})
			must(t, err)
			if len(ps) != 2 || ps[0].Code != "P-0001" || ps[1].Values["gender"].Str != "man" {
				t.Fatalf("participants = %+v", ps)
			}
		})
		t.Run("ErrCodeTaken", func(t *testing.T) {
			wantCode(t, st.CreateParticipant(ctx, &ownwords.Participant{StudyID: f.study.ID, Code: "P-0001"}), ownwords.ECONFLICT)
		})
		t.Run("ErrCategoryNotAllowed", func(t *testing.T) {
			p := &ownwords.Participant{StudyID: f.study.ID, Code: "P-0003", Values: map[string]ownwords.Value{
				"gender": {Type: ownwords.AttrCategory, Str: "other"}}}
			wantCode(t, st.CreateParticipant(ctx, p), ownwords.EINVALID)
			_, err := st.Participants(ctx, ownwords.ParticipantFilter{StudyID: f.study.ID, Code: "P-0003"})
			must(t, err)
		})
		t.Run("ErrUnknownAttribute", func(t *testing.T) {
			p := &ownwords.Participant{StudyID: f.study.ID, Code: "P-0004", Values: map[string]ownwords.Value{
				"nope": {Type: ownwords.AttrText, Str: "x"}}}
			wantCode(t, st.CreateParticipant(ctx, p), ownwords.EINVALID)
		})
		t.Run("UpdateReplacesValues", func(t *testing.T) {
			p, err := st.Participant(ctx, f.p2.ID)
			must(t, err)
			p.Values["birth_year"] = ownwords.Value{Type: ownwords.AttrInteger, Int: 1990}
			delete(p.Values, "gender")
			must(t, st.UpdateParticipant(ctx, p))
			got, err := st.Participant(ctx, f.p2.ID)
			must(t, err)
			if _, ok := got.Values["gender"]; ok || got.Values["birth_year"].Int != 1990 {
				t.Fatalf("values = %+v", got.Values)
			}
		})
		t.Run("ErrAttributeSlugTaken", func(t *testing.T) {
			wantCode(t, st.CreateAttribute(ctx, &ownwords.Attribute{StudyID: f.study.ID, Slug: "gender", Type: ownwords.AttrText}), ownwords.ECONFLICT)
		})
		t.Run("DeleteCascades", func(t *testing.T) {
			must(t, st.DeleteParticipant(ctx, f.p1.ID))
			_, err := st.Interview(ctx, f.iv.ID)
			wantCode(t, err, ownwords.ENOTFOUND)
		})
	})
}

func TestInterviews(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		t.Run("TextRoundTrip", func(t *testing.T) {
			got, err := st.Interview(ctx, f.iv.ID)
			must(t, err)
			if got.Transcript != transcript || got.Date != f.iv.Date || got.Version != 1 {
				t.Fatalf("interview = %+v", got)
			}
			list, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: f.study.ID})
			must(t, err)
			if len(list) != 1 || list[0].Transcript != "" {
				t.Fatalf("list should omit text: %+v", list)
			}
		})
		t.Run("ByID", func(t *testing.T) {
			other := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.p2.ID, Title: "second", Transcript: "Another text."}
			must(t, st.CreateInterview(ctx, other))
			for _, tc := range []struct {
				name string
				f    ownwords.InterviewFilter
				want []string
			}{
				{"one", ownwords.InterviewFilter{StudyID: f.study.ID, ID: other.ID}, []string{other.ID}},
				{"with text", ownwords.InterviewFilter{ID: f.iv.ID, WithText: true}, []string{f.iv.ID}},
				{"other study", ownwords.InterviewFilter{StudyID: sqldbtest.MustStudy(t, st, "Elsewhere").ID, ID: other.ID}, nil},
				{"missing", ownwords.InterviewFilter{StudyID: f.study.ID, ID: "missing"}, nil},
			} {
				list, err := st.Interviews(ctx, tc.f)
				must(t, err)
				var got []string
				for _, iv := range list {
					got = append(got, iv.ID)
					if (iv.Transcript != "") != tc.f.WithText {
						t.Errorf("%s: transcript %q with WithText %v", tc.name, iv.Transcript, tc.f.WithText)
					}
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("%s: interviews %v, want %v", tc.name, got, tc.want)
				}
			}
			must(t, st.DeleteInterview(ctx, other.ID))
		})
		t.Run("WithLength", func(t *testing.T) {
			// Code points, not bytes, on both stores, without the text.
			other := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.p2.ID, Title: "lengths", Transcript: "قال: «نعم» — é𝄞."}
			must(t, st.CreateInterview(ctx, other))
			defer func() { must(t, st.DeleteInterview(ctx, other.ID)) }()
			list, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: f.study.ID, WithLength: true})
			must(t, err)
			want := map[string]int{f.iv.ID: utf8.RuneCountInString(transcript), other.ID: utf8.RuneCountInString(other.Transcript)}
			for _, iv := range list {
				if iv.Transcript != "" || iv.Length != want[iv.ID] {
					t.Errorf("%s: length %d (transcript %q), want %d and no text", iv.Title, iv.Length, iv.Transcript, want[iv.ID])
				}
			}
			if len(list) != 2 || want[other.ID] == len(other.Transcript) {
				t.Fatalf("%d interviews; the test's text must differ in bytes and code points", len(list))
			}
		})
		t.Run("ErrNotNFC", func(t *testing.T) {
			iv := &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.p2.ID, Title: "nfd", Transcript: "E\u0301cole"}
			wantCode(t, st.CreateInterview(ctx, iv), ownwords.EINVALID)
		})
		t.Run("ErrParticipantOfOtherStudy", func(t *testing.T) {
			other := sqldbtest.MustStudy(t, st, "Other")
			iv := &ownwords.Interview{StudyID: other.ID, ParticipantID: f.p2.ID, Title: "x"}
			wantCode(t, st.CreateInterview(ctx, iv), ownwords.ENOTFOUND)
		})
		t.Run("ErrStaleVersion", func(t *testing.T) {
			a, err := st.Interview(ctx, f.iv.ID)
			must(t, err)
			b := *a
			a.Place = "Gaziantep"
			must(t, st.UpdateInterview(ctx, a))
			b.Place = "Erbil"
			wantCode(t, st.UpdateInterview(ctx, &b), ownwords.ECONFLICT)
			got, err := st.Interview(ctx, f.iv.ID)
			must(t, err)
			if got.Place != "Gaziantep" || got.Version != 2 {
				t.Fatalf("lost update: %+v", got)
			}
		})
		t.Run("ErrTranscriptChangeWithSegments", func(t *testing.T) {
			must(t, st.CreateSegment(ctx, segmentOn(t, f, f.a, "We had no food.")))
			iv, err := st.Interview(ctx, f.iv.ID)
			must(t, err)
			iv.Transcript = "something else"
			wantCode(t, st.UpdateInterview(ctx, iv), ownwords.ECONFLICT)
		})
	})
}

func TestUpdateIsTransactional(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		s := sqldbtest.MustStudy(t, st, "Tx")
		before, err := st.AuditHead(ctx)
		must(t, err)
		boom := errors.New("boom")
		err = st.Update(ctx, func(tx ownwords.Services) error {
			must(t, tx.CreateParticipant(ctx, &ownwords.Participant{StudyID: s.ID, Code: "P-1"}))
			if _, err := tx.Participants(ctx, ownwords.ParticipantFilter{StudyID: s.ID, Code: "P-1"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Update error = %v", err)
		}
		ps, err := st.Participants(ctx, ownwords.ParticipantFilter{StudyID: s.ID})
		must(t, err)
		after, err := st.AuditHead(ctx)
		must(t, err)
		if len(ps) != 0 || after != before {
			t.Fatalf("rolled-back Update left %d participants, audit head %v -> %v", len(ps), before, after)
		}
	})
}

func TestPlansAndMemos(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		must(t, st.SavePlan(ctx, &ownwords.Plan{StudyID: f.study.ID, Name: "reference", Body: []byte(`{"a":1}`)}))
		must(t, st.SavePlan(ctx, &ownwords.Plan{StudyID: f.study.ID, Name: "reference", Body: []byte(`{"a":2}`)}))
		p, err := st.Plan(ctx, f.study.ID, "reference")
		must(t, err)
		if string(p.Body) != `{"a":2}` {
			t.Fatalf("plan body = %s", p.Body)
		}
		wantCode(t, st.SavePlan(ctx, &ownwords.Plan{StudyID: f.study.ID, Name: "bad", Body: []byte(`{`)}), ownwords.EINVALID)

		m := &ownwords.Memo{StudyID: f.study.ID, TargetType: ownwords.MemoInterview, TargetID: f.iv.ID, Body: "Check the dates."}
		must(t, st.CreateMemo(ctx, m))
		m.Body = "Dates checked."
		must(t, st.UpdateMemo(ctx, m))
		ms, err := st.Memos(ctx, f.study.ID, ownwords.MemoInterview, f.iv.ID)
		must(t, err)
		if len(ms) != 1 || ms[0].Body != "Dates checked." {
			t.Fatalf("memos = %+v", ms)
		}
		must(t, st.DeleteMemo(ctx, m.ID))
		wantCode(t, st.DeleteMemo(ctx, m.ID), ownwords.ENOTFOUND)
	})
}

// TestAnchoredMemos: a memo on an interview keeps its span, which must
// lie in the transcript; other targets take none; a transcript with an
// anchored memo cannot change, as one with segments.
func TestAnchoredMemos(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		iv := func(a *ownwords.MemoAnchor) *ownwords.Memo {
			return &ownwords.Memo{StudyID: f.study.ID, TargetType: ownwords.MemoInterview, TargetID: f.iv.ID, Body: "Note.", Anchor: a}
		}
		runes := len([]rune(transcript))
		for _, tc := range []struct {
			name string
			m    *ownwords.Memo
			want string
		}{
			{"inverted", iv(&ownwords.MemoAnchor{Start: 9, End: 3}), ownwords.EINVALID},
			{"empty", iv(&ownwords.MemoAnchor{Start: 3, End: 3}), ownwords.EINVALID},
			{"negative", iv(&ownwords.MemoAnchor{Start: -1, End: 3}), ownwords.EINVALID},
			{"past the end", iv(&ownwords.MemoAnchor{Start: 3, End: runes + 1}), ownwords.EINVALID},
			{"not an interview", &ownwords.Memo{StudyID: f.study.ID, TargetType: ownwords.MemoParticipant, TargetID: f.p1.ID, Body: "x",
				Anchor: &ownwords.MemoAnchor{Start: 0, End: 2}}, ownwords.EINVALID},
			{"unknown interview", &ownwords.Memo{StudyID: f.study.ID, TargetType: ownwords.MemoInterview, TargetID: "nope", Body: "x",
				Anchor: &ownwords.MemoAnchor{Start: 0, End: 2}}, ownwords.ENOTFOUND},
		} {
			t.Run(tc.name, func(t *testing.T) { wantCode(t, st.CreateMemo(ctx, tc.m), tc.want) })
		}
		// "İstanbul" ends the transcript before ".\n": code points, not bytes.
		start := runes - len([]rune("İstanbul.\n"))
		m := iv(&ownwords.MemoAnchor{Start: start, End: start + len([]rune("İstanbul"))})
		must(t, st.CreateMemo(ctx, m))
		plain := iv(nil)
		must(t, st.CreateMemo(ctx, plain))
		ms, err := st.Memos(ctx, f.study.ID, ownwords.MemoInterview, f.iv.ID)
		must(t, err)
		if len(ms) != 2 || ms[0].Anchor == nil || *ms[0].Anchor != *m.Anchor || ms[1].Anchor != nil {
			t.Fatalf("memos = %+v, want the anchored one then the plain one", ms)
		}
		if q, ok := ms[0].Anchor.Quote(transcript); !ok || q != "İstanbul" {
			t.Errorf("anchored quote = %q, %v", q, ok)
		}
		m.Anchor = &ownwords.MemoAnchor{Start: 0, End: runes + 5}
		wantCode(t, st.UpdateMemo(ctx, m), ownwords.EINVALID)
		plain.Anchor = &ownwords.MemoAnchor{Start: 0, End: 11}
		must(t, st.UpdateMemo(ctx, plain))
		ms, err = st.Memos(ctx, f.study.ID, ownwords.MemoInterview, f.iv.ID)
		must(t, err)
		if ms[1].Anchor == nil || *ms[1].Anchor != (ownwords.MemoAnchor{Start: 0, End: 11}) {
			t.Errorf("updated anchor = %+v", ms[1].Anchor)
		}
		got, err := st.Interview(ctx, f.iv.ID)
		must(t, err)
		got.Transcript += "More.\n"
		wantCode(t, st.UpdateInterview(ctx, got), ownwords.ECONFLICT)
		must(t, st.DeleteMemo(ctx, m.ID))
		must(t, st.DeleteMemo(ctx, plain.ID))
		must(t, st.UpdateInterview(ctx, got))
	})
}

func TestUsersAndRoles(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		wantCode(t, st.CreateUser(ctx, &ownwords.User{Name: "coder-a"}), ownwords.ECONFLICT)
		wantCode(t, st.CreateUser(ctx, &ownwords.User{Name: "Bad Name"}), ownwords.EINVALID)
		r, err := st.RoleOf(ctx, f.study.ID, f.coder.ID)
		must(t, err)
		if r != ownwords.RoleCoder {
			t.Fatalf("role = %s", r)
		}
		must(t, st.SetRole(ctx, f.study.ID, f.coder.ID, ownwords.RoleAnalyst))
		ms, err := st.Memberships(ctx, f.study.ID)
		must(t, err)
		if len(ms) != 1 || ms[0].Role != ownwords.RoleAnalyst || ms[0].User != "coder-a" {
			t.Fatalf("memberships = %+v", ms[0])
		}
		wantCode(t, st.SetRole(ctx, f.study.ID, f.coder.ID, "admin"), ownwords.EINVALID)
		other := sqldbtest.MustStudy(t, st, "Other")
		_, err = st.RoleOf(ctx, other.ID, f.coder.ID)
		wantCode(t, err, ownwords.ENOTFOUND)
		must(t, st.DeleteUser(ctx, f.coder.ID))
		_, err = st.UserByName(ctx, "coder-a")
		wantCode(t, err, ownwords.ENOTFOUND)
	})
}

func TestEvents(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		seg := segmentOn(t, f, f.a, "We had no food.")
		must(t, st.CreateSegment(ctx, seg))
		joined := &ownwords.Event{StudyID: f.study.ID, ParticipantID: f.p1.ID, Kind: ownwords.EventJoined,
			Date: ownwords.Period{From: ownwords.Date{Year: 2014, Month: 6}}}
		must(t, st.CreateEvent(ctx, joined))
		doubts := &ownwords.Event{StudyID: f.study.ID, ParticipantID: f.p1.ID, Kind: ownwords.EventFirstDoubts,
			Date: ownwords.Period{From: ownwords.Date{Year: 2015}, To: ownwords.Date{Year: 2016}}, SegmentID: seg.ID}
		must(t, st.CreateEvent(ctx, doubts))
		evs, err := st.Events(ctx, ownwords.EventFilter{ParticipantID: f.p1.ID})
		must(t, err)
		if len(evs) != 2 || evs[0].Kind != ownwords.EventJoined || evs[1].Date.String() != "2015..2016" || evs[1].SegmentID != seg.ID {
			t.Fatalf("events = %+v %+v", evs[0], evs[1])
		}
		bad := &ownwords.Event{StudyID: f.study.ID, ParticipantID: f.p2.ID, Kind: "first_doubts",
			Date: ownwords.Period{From: ownwords.Date{Year: 2015}}, SegmentID: seg.ID}
		wantCode(t, st.CreateEvent(ctx, bad), ownwords.ENOTFOUND)
	})
}
