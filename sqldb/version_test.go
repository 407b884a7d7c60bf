package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"ownwords"
	"ownwords/sqldb"
	"ownwords/sqldb/sqldbtest"
)

// versionFixture is a study with one of everything a write can touch.
type versionFixture struct {
	study *ownwords.Study
	user  *ownwords.User
	attr  *ownwords.Attribute
	p     *ownwords.Participant
	iv    *ownwords.Interview
	code  *ownwords.Code
}

func newVersionFixture(t *testing.T, st ownwords.Store) *versionFixture {
	t.Helper()
	ctx := context.Background()
	f := &versionFixture{study: sqldbtest.MustStudy(t, st, "Versions")}
	f.user = &ownwords.User{Name: "ann", PasswordHash: "x"}
	must(t, st.CreateUser(ctx, f.user))
	must(t, st.SetRole(ctx, f.study.ID, f.user.ID, ownwords.RoleOwner))
	f.attr = &ownwords.Attribute{StudyID: f.study.ID, Slug: "gender", Type: ownwords.AttrCategory, Values: []string{"man", "woman"}}
	must(t, st.CreateAttribute(ctx, f.attr))
	f.p = &ownwords.Participant{StudyID: f.study.ID, Code: "P-0001"}
	must(t, st.CreateParticipant(ctx, f.p))
	f.iv = &ownwords.Interview{StudyID: f.study.ID, ParticipantID: f.p.ID, Title: "One", Transcript: "My cousin went first."}
	must(t, st.CreateInterview(ctx, f.iv))
	f.code = &ownwords.Code{StudyID: f.study.ID, Slug: "family", Label: "Family"}
	must(t, st.CreateCode(ctx, f.code))
	return f
}

// TestStudyVersionFollowsEveryWrite: every kind of write to the study (or
// to an account) gives the study a new version, made by this handle or by
// another one on the same database; events that are not writes (Record),
// sessions and writes to another study leave it as it was. The set-up
// version follows the writes to the set-up (attributes, participants,
// consent, codebook, settings, accounts) and not the coding work.
func TestStudyVersionFollowsEveryWrite(t *testing.T) {
	sqldbtest.EachTwoHandles(t, func(t *testing.T, this, other sqldbtest.Handle) {
		ctx := context.Background()
		st := this.Store
		f := newVersionFixture(t, st)
		elsewhere := sqldbtest.MustStudy(t, st, "Elsewhere")
		version := func(s ownwords.Store) ownwords.StudyVersion {
			t.Helper()
			v, err := s.(ownwords.VersionService).StudyVersion(ctx, f.study.ID)
			must(t, err)
			return v
		}
		setup := func(s ownwords.Store) ownwords.StudyVersion {
			t.Helper()
			v, err := s.(ownwords.VersionService).SetupVersion(ctx, f.study.ID)
			must(t, err)
			return v
		}
		tests := []struct {
			name    string
			changes bool
			// setup says whether the set-up version changes too.
			setup bool
			write func(ownwords.Store) error
		}{
			{"coding", true, false, func(s ownwords.Store) error {
				return s.CreateSegment(ctx, &ownwords.Segment{StudyID: f.study.ID, InterviewID: f.iv.ID, CodeID: f.code.ID,
					CoderID: f.user.ID, Layer: ownwords.LayerConsensus, Start: 0, End: 9, TextHash: ownwords.HashText("My cousin")})
			}},
			{"attribute change", true, true, func(s ownwords.Store) error {
				f.attr.Values = append(f.attr.Values, "other")
				return s.UpdateAttribute(ctx, f.attr)
			}},
			{"participant values", true, true, func(s ownwords.Store) error {
				f.p.Values = map[string]ownwords.Value{"gender": {Type: ownwords.AttrCategory, Str: "woman"}}
				return s.UpdateParticipant(ctx, f.p)
			}},
			{"plan save", true, false, func(s ownwords.Store) error {
				return s.SavePlan(ctx, &ownwords.Plan{StudyID: f.study.ID, Name: "reference", Body: []byte(`{"name": "reference"}`)})
			}},
			{"memo", true, false, func(s ownwords.Store) error {
				return s.CreateMemo(ctx, &ownwords.Memo{StudyID: f.study.ID, TargetType: ownwords.MemoParticipant, TargetID: f.p.ID, Body: "note"})
			}},
			{"codebook", true, true, func(s ownwords.Store) error {
				f.code.Label = "Family ties"
				return s.UpdateCode(ctx, f.code)
			}},
			{"settings", true, true, func(s ownwords.Store) error {
				f.study.Settings.DisclosureK = 7
				return s.UpdateStudy(ctx, f.study)
			}},
			{"consent", true, true, func(s ownwords.Store) error {
				return s.SetConsent(ctx, &ownwords.Consent{StudyID: f.study.ID, ParticipantID: f.p.ID, Analysis: ownwords.ConsentAnswer{Answer: ownwords.ConsentNo}})
			}},
			{"account name", true, true, func(s ownwords.Store) error {
				f.user.Name = "anne"
				return s.UpdateUser(ctx, f.user)
			}},
			{"event", true, false, func(s ownwords.Store) error {
				d, _ := ownwords.ParsePeriod("2014-06")
				return s.CreateEvent(ctx, &ownwords.Event{StudyID: f.study.ID, ParticipantID: f.p.ID, Kind: ownwords.EventTravelled, Date: d})
			}},
			{"a view (Record)", false, false, func(s ownwords.Store) error {
				return s.Record(ctx, f.study.ID, "report.view", "reference", "team")
			}},
			{"a session", false, false, func(s ownwords.Store) error {
				now := time.Now()
				return s.CreateSession(ctx, &ownwords.Session{TokenHash: ownwords.HashText(now.String()), UserID: f.user.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(time.Hour)})
			}},
			{"another study", false, false, func(s ownwords.Store) error {
				return s.SavePlan(ctx, &ownwords.Plan{StudyID: elsewhere.ID, Name: "reference", Body: []byte(`{"name": "reference"}`)})
			}},
		}
		for _, tt := range tests {
			for _, by := range []sqldbtest.Handle{this, other} {
				t.Run(tt.name+"/"+by.Name, func(t *testing.T) {
					before, setupBefore := version(st), setup(st)
					if before.Seq == 0 || before.Hash == "" {
						t.Fatalf("version %+v of a study with data", before)
					}
					must(t, tt.write(by.Store))
					after, seen := version(st), version(other.Store)
					if after != seen {
						t.Errorf("the two handles disagree: %+v and %+v", after, seen)
					}
					if changed := after != before; changed != tt.changes {
						t.Errorf("version %+v → %+v: changed %v, want %v", before, after, changed, tt.changes)
					}
					setupAfter, setupSeen := setup(st), setup(other.Store)
					if setupAfter != setupSeen {
						t.Errorf("the two handles disagree on the set-up: %+v and %+v", setupAfter, setupSeen)
					}
					if changed := setupAfter != setupBefore; changed != tt.setup {
						t.Errorf("set-up version %+v → %+v: changed %v, want %v", setupBefore, setupAfter, changed, tt.setup)
					}
				})
			}
		}
	})
}

// TestStudyVersionReadsTheIndex: the version is one lookup per action at
// the end of its range of audit_log_study_action, not a walk over the log
// (which every view lengthens). PostgreSQL may still read an action as
// frequent as segment.create here (13% of the log) backward through the
// primary key, stopping at the first match: the test allows that, and
// forbids sequential scans and sorts.
func TestStudyVersionReadsTheIndex(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		db := st.(*sqldb.DB)
		study := sqldbtest.MustStudy(t, db, "Lookups")
		// 3,000 codings, then 20,000 views: the last write lies far from
		// the end of the log.
		if _, err := sqldb.RawForTest(db).ExecContext(t.Context(), `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 23000)
				INSERT INTO audit_log (seq, at, study_id, actor, action, object, prev_hash, hash)
				SELECT 1000000 + i, '2026-01-01T00:00:00.' || (100000000 + i) || 'Z', $1, 'ann', CASE WHEN i <= 3000 THEN 'segment.create' ELSE 'report.view' END, 'x', '', '' FROM n`, study.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := sqldb.RawForTest(db).ExecContext(t.Context(), `ANALYZE`); err != nil {
			t.Fatal(err)
		}
		v, err := db.StudyVersion(t.Context(), study.ID)
		must(t, err)
		if v.Seq != 1003000 {
			t.Errorf("version %d, want the last segment.create, 1003000", v.Seq)
		}
		q, args := sqldb.StudyVersionQueryForTest(db, study.ID)
		plan, err := sqldb.ExplainForTest(t.Context(), db, q, args...)
		must(t, err)
		text := strings.Join(plan, "\n")
		if bad := badLogPlan(plan); bad != "" {
			t.Errorf("plan has %q:\n%s", bad, text)
		}
		want := "audit_log_study_action_key"
		if !strings.Contains(text, want) {
			t.Errorf("plan does not use %s:\n%s", want, text)
		}
		if db.Dialect() != "postgres" {
			return
		}
		// One index lookup run per action (a loop over the actions passed
		// as arrays), not a UNION ALL of a lookup per action, which
		// PostgreSQL planned afresh on each run (~3 ms, twice a search
		// page).
		if n := strings.Count(text, want); n != 1 {
			t.Errorf("plan names %s %d times, want once (a loop over the actions):\n%s", want, n, text)
		}
		// The plan a team server's prepared statement gets after five
		// runs, made without the values, must not walk the log backward
		// through the primary key either (seconds per request at 878,000
		// entries): migration 00027.
		plan, err = sqldb.GenericPlanForTest(t.Context(), db, q, args...)
		must(t, err)
		if bad := badLogPlan(plan); bad != "" {
			t.Errorf("generic plan has %q:\n%s", bad, strings.Join(plan, "\n"))
		}
	})
}

// badLogPlan returns the first step of a plan of the version query that
// walks or sorts the audit log (a scan of it, a sort, a backward walk of
// its primary key), or "".
func badLogPlan(plan []string) string {
	for _, step := range plan {
		s := strings.TrimLeft(strings.TrimSpace(step), "->  ")
		for _, bad := range []string{"SCAN audit_log", "Seq Scan on audit_log", "TEMP B-TREE", "Sort  ", "Scan Backward using audit_log_pkey"} {
			if strings.HasPrefix(s, bad) || (bad != "Sort  " && strings.Contains(s, bad)) {
				return step
			}
		}
	}
	return ""
}
