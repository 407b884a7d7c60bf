package sqldb_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// wantAudited checks that the log grew by exactly the given actions since
// head, in order.
func wantAudited(t *testing.T, st ownwords.Store, head ownwords.AuditHead, actions ...string) {
	t.Helper()
	var got []string
	must(t, st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
		if e.Seq > head.Seq {
			got = append(got, e.Action)
		}
		return true
	}))
	if !slices.Equal(got, actions) {
		t.Fatalf("audited %v, want %v", got, actions)
	}
}

func mustHead(t *testing.T, st ownwords.Store) ownwords.AuditHead {
	t.Helper()
	h, err := st.AuditHead(t.Context())
	must(t, err)
	return h
}

func TestPublicationRequests(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		study := sqldbtest.MustStudy(t, st, "Publish")
		other := sqldbtest.MustStudy(t, st, "Other")
		ann, bob := ownwords.WithActor(t.Context(), "ann"), ownwords.WithActor(t.Context(), "bob")
		sha := strings.Repeat("ab", 32)
		newRequest := func(id, studyID string) *ownwords.PublicationRequest {
			return &ownwords.PublicationRequest{ID: id, StudyID: studyID, Item: "vulnerabilities/poverty", Group: "women",
				SHA256: sha, Quotes: 4, RequesterID: "u-ann"}
		}
		t.Run("OK", func(t *testing.T) {
			head := mustHead(t, st)
			req := newRequest("qp-1", study.ID)
			must(t, st.CreatePublicationRequest(ann, req))
			if req.RequestedBy != "ann" || req.RequestedAt.IsZero() {
				t.Fatalf("created %+v, want the actor and a time", req)
			}
			a := &ownwords.PublicationApproval{UserID: "u-bob", SHA256: sha}
			must(t, st.AddPublicationApproval(bob, study.ID, "qp-1", a))
			got, err := st.PublicationRequest(t.Context(), study.ID, "qp-1")
			must(t, err)
			if got.Item != req.Item || got.Group != "women" || got.SHA256 != sha || got.Quotes != 4 || got.RequesterID != "u-ann" ||
				got.RequestedBy != "ann" || !got.RequestedAt.Equal(req.RequestedAt) {
				t.Errorf("request %+v, want %+v", got, req)
			}
			if len(got.Approvals) != 1 || got.Approvals[0] != *a || a.By != "bob" {
				t.Errorf("approvals %+v, want [%+v]", got.Approvals, *a)
			}
			wantAudited(t, st, head, ownwords.ActionPublishRequested, ownwords.ActionPublishApproved)
		})
		for _, tc := range []struct {
			name, code string
			step       func() error
		}{
			{"ErrHashRequired", ownwords.EINVALID, func() error {
				r := newRequest("qp-2", study.ID)
				r.SHA256 = ""
				return st.CreatePublicationRequest(ann, r)
			}},
			{"ErrIDTaken", ownwords.ECONFLICT, func() error { return st.CreatePublicationRequest(ann, newRequest("qp-1", other.ID)) }},
			{"ErrApproveUnknownRequest", ownwords.ENOTFOUND, func() error {
				return st.AddPublicationApproval(bob, study.ID, "qp-none", &ownwords.PublicationApproval{UserID: "u-bob", SHA256: sha})
			}},
			{"ErrApproveOtherStudysRequest", ownwords.ENOTFOUND, func() error {
				return st.AddPublicationApproval(bob, other.ID, "qp-1", &ownwords.PublicationApproval{UserID: "u-bob", SHA256: sha})
			}},
			{"ErrApproveTwice", ownwords.ECONFLICT, func() error {
				return st.AddPublicationApproval(bob, study.ID, "qp-1", &ownwords.PublicationApproval{UserID: "u-bob", SHA256: sha})
			}},
			{"ErrApprovalAccountRequired", ownwords.EINVALID, func() error {
				return st.AddPublicationApproval(bob, study.ID, "qp-1", &ownwords.PublicationApproval{SHA256: sha})
			}},
			{"ErrOtherStudysRequestNotFound", ownwords.ENOTFOUND, func() error {
				_, err := st.PublicationRequest(t.Context(), other.ID, "qp-1")
				return err
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				head := mustHead(t, st)
				wantCode(t, tc.step(), tc.code)
				wantAudited(t, st, head)
			})
		}
	})
}

func TestDecisions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustFixture(t, st)
		other := sqldbtest.MustStudy(t, st, "Other")
		owner := ownwords.WithActor(t.Context(), "owner")
		decision := func(studyID, passage string) *ownwords.Decision {
			return &ownwords.Decision{StudyID: studyID, InterviewID: f.iv.ID, Passage: passage, Choice: "left",
				Left: "seg-l", Right: "seg-r", Note: "The left coder read the whole sentence.", Segments: []string{"seg-c"}}
		}
		t.Run("OK", func(t *testing.T) {
			head := mustHead(t, st)
			d := decision(f.study.ID, "seg-l.seg-r")
			must(t, st.CreateDecision(owner, d))
			got, err := st.Decisions(t.Context(), f.study.ID, f.iv.ID)
			must(t, err)
			if len(got) != 1 || got[0].ID != d.ID || got[0].Passage != d.Passage || got[0].Note != d.Note || got[0].Left != "seg-l" ||
				!slices.Equal(got[0].Segments, []string{"seg-c"}) || got[0].DecidedBy != "owner" || !got[0].DecidedAt.Equal(d.DecidedAt) {
				t.Fatalf("decisions %+v, want [%+v]", got, d)
			}
			wantAudited(t, st, head, ownwords.ActionDecide)
		})
		t.Run("RolledBackWithItsTransaction", func(t *testing.T) {
			head := mustHead(t, st)
			errStop := errors.New("stop")
			err := st.Update(t.Context(), func(tx ownwords.Services) error {
				must(t, tx.CreateDecision(owner, decision(f.study.ID, "seg-x.none")))
				return errStop
			})
			if !errors.Is(err, errStop) {
				t.Fatalf("update: %v", err)
			}
			got, err := st.Decisions(t.Context(), f.study.ID, f.iv.ID)
			must(t, err)
			if len(got) != 1 {
				t.Errorf("%d decisions after a rollback, want 1", len(got))
			}
			wantAudited(t, st, head)
		})
		for _, tc := range []struct {
			name, code string
			d          *ownwords.Decision
		}{
			{"ErrPassageDecided", ownwords.ECONFLICT, decision(f.study.ID, "seg-l.seg-r")},
			{"ErrInterviewOfOtherStudy", ownwords.ENOTFOUND, decision(other.ID, "seg-a.seg-b")},
			{"ErrNoteRequired", ownwords.EINVALID, func() *ownwords.Decision {
				d := decision(f.study.ID, "seg-c.seg-d")
				d.Note = ""
				return d
			}()},
			{"ErrSegmentRequired", ownwords.EINVALID, func() *ownwords.Decision {
				d := decision(f.study.ID, "none.none")
				d.Left, d.Right = "", ""
				return d
			}()},
		} {
			t.Run(tc.name, func(t *testing.T) {
				head := mustHead(t, st)
				wantCode(t, st.CreateDecision(owner, tc.d), tc.code)
				wantAudited(t, st, head)
			})
		}
	})
}

func TestRecordRefusesStateActions(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	study := sqldbtest.MustStudy(t, st, "Study")
	for _, action := range []string{ownwords.ActionDecide, ownwords.ActionPublishRequested, ownwords.ActionPublishApproved} {
		wantCode(t, st.Record(t.Context(), study.ID, action, "x", `{"sha256": "00"}`), ownwords.EINVALID)
	}
}

func TestRecentAuditEntries(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		a, b := sqldbtest.MustStudy(t, st, "A"), sqldbtest.MustStudy(t, st, "B")
		for i := range 12 {
			action := []string{"work.one", "work.two", "work.view"}[i%3]
			must(t, st.Record(ctx, a.ID, action, fmt.Sprint("a", i), ""))
			must(t, st.Record(ctx, b.ID, "work.one", fmt.Sprint("b", i), ""))
		}
		actions := []string{"work.one", "work.two", "work.one"}
		var all []string // every entry wanted, newest first
		must(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			if e.StudyID == a.ID && slices.Contains(actions, e.Action) {
				all = append([]string{e.Object}, all...)
			}
			return true
		}))
		for _, limit := range []int{1, 5, 100} {
			t.Run(fmt.Sprint("Newest", limit), func(t *testing.T) {
				got, err := st.RecentAuditEntries(ctx, a.ID, "", actions, limit)
				must(t, err)
				var objects []string
				for _, e := range got {
					objects = append(objects, e.Object)
				}
				if want := all[:min(limit, len(all))]; !slices.Equal(objects, want) {
					t.Errorf("objects %v, want %v", objects, want)
				}
			})
		}
		t.Run("OneActor", func(t *testing.T) {
			// Entries by another account in between never shorten the list.
			for i := range 3 {
				must(t, st.Record(ownwords.WithActor(ctx, "coder"), a.ID, "work.one", fmt.Sprint("mine", i), ""))
				for j := range 4 {
					must(t, st.Record(ownwords.WithActor(ctx, "other"), a.ID, "work.one", fmt.Sprint("theirs", i, j), ""))
				}
			}
			got, err := st.RecentAuditEntries(ctx, a.ID, "coder", actions, 3)
			must(t, err)
			var objects []string
			for _, e := range got {
				objects = append(objects, e.Actor+":"+e.Object)
			}
			if want := []string{"coder:mine2", "coder:mine1", "coder:mine0"}; !slices.Equal(objects, want) {
				t.Errorf("entries %v, want %v", objects, want)
			}
		})
		many := make([]string, ownwords.MaxActivityActions+1)
		for i := range many {
			many[i] = fmt.Sprint("action.", i)
		}
		for _, tc := range []struct {
			name    string
			actions []string
			limit   int
		}{
			{"ErrLimitZero", actions, 0},
			{"ErrLimitTooLarge", actions, 101},
			{"ErrNoActions", nil, 10},
			{"ErrTooManyActions", many, 10},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := st.RecentAuditEntries(ctx, a.ID, "", tc.actions, tc.limit)
				wantCode(t, err, ownwords.EINVALID)
			})
		}
	})
}
