package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestRevocationTakesEffectAtOnce: a coder who has just coded is refused
// at their very next request once their session is revoked, their account
// disabled or deleted, or their role changed — whichever process of the
// team server (another store handle) made the change. The workbench reads
// session, account and role with one query per request; nothing of them
// may be kept between requests.
func TestRevocationTakesEffectAtOnce(t *testing.T) {
	tests := []struct {
		name   string
		change func(ctx context.Context, st ownwords.Store, f *fixture, u *ownwords.User) error
		want   int
	}{
		{"SessionRevoked", func(ctx context.Context, st ownwords.Store, _ *fixture, u *ownwords.User) error {
			return st.DeleteUserSessions(ctx, u.ID)
		}, http.StatusUnauthorized},
		{"AccountDisabled", func(ctx context.Context, st ownwords.Store, _ *fixture, u *ownwords.User) error {
			u.Disabled = true
			return st.UpdateUser(ctx, u)
		}, http.StatusUnauthorized},
		{"AccountDeleted", func(ctx context.Context, st ownwords.Store, _ *fixture, u *ownwords.User) error {
			return st.DeleteUser(ctx, u.ID)
		}, http.StatusUnauthorized},
		{"RoleNowAnalyst", func(ctx context.Context, st ownwords.Store, f *fixture, u *ownwords.User) error {
			return st.SetRole(ctx, f.study.ID, u.ID, ownwords.RoleAnalyst)
		}, http.StatusForbidden},
		{"RoleNowViewer", func(ctx context.Context, st ownwords.Store, f *fixture, u *ownwords.User) error {
			return st.SetRole(ctx, f.study.ID, u.ID, ownwords.RoleViewer)
		}, http.StatusForbidden},
		{"RoleInAnotherStudyOnly", func(ctx context.Context, st ownwords.Store, f *fixture, u *ownwords.User) error {
			// The session's user keeps a coder's role, but in the other
			// study only: the join of the membership must be this study's.
			if err := st.SetRole(ctx, f.other.ID, u.ID, ownwords.RoleCoder); err != nil {
				return err
			}
			return st.SetRole(ctx, f.study.ID, u.ID, ownwords.RoleViewer)
		}, http.StatusForbidden},
		// Last: the withdrawal holds for every later case on the interview.
		{"ParticipantWithdrew", func(ctx context.Context, st ownwords.Store, f *fixture, _ *ownwords.User) error {
			cs := ownwords.DefaultConsent(f.study.ID, f.iv.ParticipantID)
			cs.Withdrawn = ownwords.Date{Year: 2026, Month: 12, Day: 7}
			return st.SetConsent(ctx, cs)
		}, http.StatusNotFound},
	}
	sqldbtest.EachTwoHandles(t, func(t *testing.T, this, other sqldbtest.Handle) {
		f := newFixture(t, this.Store, Options{})
		ctx := context.Background()
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u := &ownwords.User{Name: "coder-" + strings.ToLower(tt.name), PasswordHash: mustCheapHash(t, "pw")}
				must(t, this.CreateUser(ctx, u))
				must(t, this.SetRole(ctx, f.study.ID, u.ID, ownwords.RoleCoder))
				cookie := f.login(u.Name, "pw")
				if cookie == nil {
					t.Fatal("login failed")
				}
				apply := func() int {
					req := newRequest(http.MethodPost, "/interviews/"+f.iv.ID+"/segments", strings.NewReader(segJSON(f, f.code2.ID, "Later I travelled", "")))
					req.Header.Set("Content-Type", "application/json")
					req.AddCookie(cookie)
					rec := newRecorder()
					f.h.ServeHTTP(rec, req)
					return rec.Code
				}
				if got := apply(); got != http.StatusCreated {
					t.Fatalf("before the change: status %d", got)
				}
				must(t, tt.change(ctx, other.Store, f, u))
				if got := apply(); got != tt.want {
					t.Errorf("the next request after the change: status %d, want %d", got, tt.want)
				}
			})
		}
	})
}
