package web

import (
	"context"
	"net/http"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

func TestCodebookScenarios(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := newFixture(t, st, Options{})
		codeURL := func(suffix string) func(*fixture) string {
			return func(f *fixture) string { return "/codebook/codes/" + f.code2.ID + suffix }
		}
		run(t, f, []scenario{
			{name: "Add", who: asOwner, method: "POST", path: func(*fixture) string { return "/codebook/codes" },
				body: func(f *fixture) any {
					return form("parent_id", f.section.ID, "slug", "peers", "label", "Peers", "description", "friends pulled them in", "color", "#00AA00")
				}, status: 303, audit: []string{"owner code.create"}},
			{name: "ErrAddBadSlug", who: asOwner, method: "POST", path: func(*fixture) string { return "/codebook/codes" },
				body: func(f *fixture) any { return form("slug", "Not A Slug") }, status: 400, contains: []string{"slug"}},
			{name: "ErrAddUnderOtherStudy", who: asOwner, method: "POST", path: func(*fixture) string { return "/codebook/codes" },
				body: func(f *fixture) any { return form("slug", "x", "parent_id", f.otherCode.ID) }, status: 404},
			{name: "ErrAddTakenSlug", who: asOwner, method: "POST", path: func(*fixture) string { return "/codebook/codes" },
				body: func(f *fixture) any { return form("slug", "family", "parent_id", f.section.ID) }, status: 409},
			{name: "Rename", who: asOwner, method: "POST", path: codeURL(""),
				body: func(*fixture) any { return form("slug", "online_media", "label", "Online media and chat") }, status: 303,
				audit: []string{"owner code.update"}},
			{name: "ShowsRename", who: asAnalyst, method: "GET", path: func(*fixture) string { return "/codebook" }, status: 200,
				contains: []string{"Online media and chat", "influences/online_media", "influences/peers", "friends pulled them in"},
				excludes: []string{"EXAMPLE-MARKER"}},
			{name: "ErrMoveUnderDerived", who: asOwner, method: "POST", path: fixed("/codebook/move"),
				body: func(f *fixture) any { return form("code_id", f.code2.ID, "parent_id", f.dcode.ID) }, status: 400},
			{name: "ErrMoveOtherStudysCode", who: asOwner, method: "POST", path: fixed("/codebook/move"),
				body: func(f *fixture) any { return form("code_id", f.otherCode.ID, "parent_id", "") }, status: 404},
			{name: "ErrMergeIntoOtherStudy", who: asOwner, method: "POST", path: fixed("/codebook/merge"),
				body: func(f *fixture) any { return form("code_id", f.code2.ID, "into", f.otherCode.ID) }, status: 404},
			{name: "ErrMergeOtherStudysCode", who: asOwner, method: "POST", path: fixed("/codebook/merge"),
				body: func(f *fixture) any { return form("code_id", f.otherCode.ID, "into", f.code2.ID) }, status: 404},
			{name: "Deprecate", who: asOwner, method: "POST", path: func(f *fixture) string { return "/codebook/codes/" + f.code.ID },
				body: func(*fixture) any { return form("slug", "family", "label", "Family", "deprecated", "on") }, status: 303,
				audit: []string{"owner code.deprecate"}},
			{name: "ErrApplyDeprecated", who: asCoder, method: "POST", path: func(f *fixture) string { return "/interviews/" + f.iv.ID + "/segments" },
				header: jsonHeader, body: func(f *fixture) any { return segJSON(f, f.code.ID, "Later", "") }, status: 400, contains: []string{"deprecated"}},
			{name: "MoveToTop", who: asOwner, method: "POST", path: fixed("/codebook/move"),
				body: func(f *fixture) any { return form("code_id", f.code2.ID, "parent_id", "") }, status: 303, audit: []string{"owner code.move"}},
			{name: "ErrCoderEdits", who: asCoder, method: "POST", path: codeURL(""),
				body: func(*fixture) any { return form("slug", "hacked") }, status: 403},
		})
		// Merging keeps every segment: family's segments move to the merged-into code.
		ctx := context.Background()
		before := len(mustSegments(t, f))
		rec := f.do(http.MethodPost, "/codebook/merge", asOwner, form("code_id", f.code.ID, "into", f.code2.ID), nil)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("merge: status %d: %s", rec.Code, rec.Body)
		}
		segs := mustSegments(t, f)
		if len(segs) != before {
			t.Errorf("merge lost segments: %d before, %d after", before, len(segs))
		}
		for _, s := range segs {
			if s.StudyID == f.study.ID && s.CodeID == f.code.ID {
				t.Errorf("segment %s still carries the merged code", s.ID)
			}
		}
		cb, err := f.store.Codebook(ctx, f.study.ID)
		must(t, err)
		if cb.ByID(f.code.ID) != nil {
			t.Error("the merged code is still in the codebook")
		}
	})
}

func fixed(p string) func(*fixture) string { return func(*fixture) string { return p } }
