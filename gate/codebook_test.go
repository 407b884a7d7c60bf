package gate

import (
	"slices"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestCodebookShowsWhatTheRoleMayHave: examples, which often quote
// transcripts, reach only the roles that read text (in the tree and in the
// history); a coder's segment counts leave out what blind coding hides
// from them, while owners and analysts count every layer.
func TestCodebookShowsWhatTheRoleMayHave(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		for _, tt := range []struct {
			who            string
			example        bool
			family, online int
		}{
			{asOwner, true, 2, 1},
			{asCoder, true, 1, 0}, // coder2's online segment and the consensus are hidden
			{asAnalyst, false, 2, 1},
		} {
			t.Run(tt.who, func(t *testing.T) {
				p, err := f.g.Codebook(t.Context(), f.as(tt.who))
				mustOK(t, err)
				family := p.Codebook.ByID(f.family.ID)
				if (family.Example != "") != tt.example {
					t.Errorf("example %q", family.Example)
				}
				for _, ch := range p.Changes {
					if ch.After != nil && ch.After.Example != "" && !tt.example {
						t.Errorf("the history shows example %q", ch.After.Example)
					}
				}
				if p.Segments[f.family.ID] != tt.family || p.Segments[f.online.ID] != tt.online {
					t.Errorf("counts family %d, online %d; want %d, %d", p.Segments[f.family.ID], p.Segments[f.online.ID], tt.family, tt.online)
				}
				if len(p.Changes) == 0 || p.Changes[0].Version < p.Changes[len(p.Changes)-1].Version {
					t.Error("the history is not newest first")
				}
			})
		}
	})
}

// TestCodebookEdits: the owner's edits land in the study and are audited
// with the owner; codes of another study are not found; a deprecated code
// keeps its segments but can no longer be applied.
func TestCodebookEdits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		ctx, owner := t.Context(), f.as(asOwner)
		other := sqldbtest.MustStudy(t, st, "Other")
		foreign := &ownwords.Code{StudyID: other.ID, Slug: "foreign"}
		mustOK(t, st.CreateCode(ctx, foreign))
		peers, err := f.g.CreateCode(ctx, owner, CodeDraft{ParentID: f.section.ID, Slug: "peers", Label: "Peers"})
		mustOK(t, err)
		_, err = f.g.CreateCode(ctx, owner, CodeDraft{ParentID: foreign.ID, Slug: "x"})
		wantCode(t, "under another study's code", err, missing)
		_, err = f.g.CreateCode(ctx, owner, CodeDraft{ParentID: f.section.ID, Slug: "peers"})
		wantCode(t, "a taken slug", err, conflict)
		_, err = f.g.UpdateCode(ctx, owner, f.family.ID, CodeDraft{Slug: "family", Deprecated: true})
		mustOK(t, err)
		_, err = f.g.CreateSegment(ctx, f.as(asCoder), f.newSegment(t, f.iv2, f.family, "Alpha", ""))
		wantCode(t, "applying the deprecated code", err, invalid)
		_, err = f.g.MoveCode(ctx, owner, foreign.ID, "")
		wantCode(t, "moving another study's code", err, missing)
		_, err = f.g.MergeCodes(ctx, owner, f.online.ID, foreign.ID)
		wantCode(t, "merging into another study's code", err, missing)
		into, err := f.g.MergeCodes(ctx, owner, f.family.ID, peers.ID)
		mustOK(t, err)
		segs, err := st.Segments(ctx, ownwords.SegmentFilter{StudyID: f.study.ID, CodeIDs: []string{peers.ID}})
		mustOK(t, err)
		if into.ID != peers.ID || len(segs) != 2 {
			t.Errorf("merge kept %d of family's 2 segments on %s", len(segs), into.Slug)
		}
		log := f.auditLog(t)
		for _, want := range []string{"code.create " + peers.ID, "code.deprecate " + f.family.ID, "code.merge " + f.family.ID} {
			if !slices.Contains(log, asOwner+" "+want) {
				t.Errorf("audit log lacks %q", asOwner+" "+want)
			}
		}
	})
}
