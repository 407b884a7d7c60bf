package sqldb_test

import (
	"errors"
	"reflect"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

func TestCodebook(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		sid := f.study.ID
		t.Run("TreeAndPaths", func(t *testing.T) {
			cb, err := st.Codebook(ctx, sid)
			must(t, err)
			if cb.Version != 4 || len(cb.Codes) != 4 {
				t.Fatalf("version %d, %d codes", cb.Version, len(cb.Codes))
			}
			if got := cb.Path(cb.ByID(f.a.ID)); got != "disillusionment/lack_of_food" {
				t.Fatalf("path = %s", got)
			}
			d := cb.ByPath("disillusionment/economic")
			if d == nil || d.Derived == nil || d.Derived.Op != ownwords.DeriveAnyOf {
				t.Fatalf("derived = %+v", d)
			}
		})
		t.Run("ErrSiblingSlugTaken", func(t *testing.T) {
			wantCode(t, st.CreateCode(ctx, &ownwords.Code{StudyID: sid, ParentID: f.section.ID, Slug: "prices"}), ownwords.ECONFLICT)
		})
		t.Run("SameSlugUnderOtherParentOK", func(t *testing.T) {
			other := &ownwords.Code{StudyID: sid, Slug: "committed"}
			must(t, st.CreateCode(ctx, other))
			must(t, st.CreateCode(ctx, &ownwords.Code{StudyID: sid, ParentID: other.ID, Slug: "prices"}))
			wantCode(t, st.CreateCode(ctx, &ownwords.Code{StudyID: sid, Slug: "committed"}), ownwords.ECONFLICT)
		})
		t.Run("ErrDerivedNamesUnknownItem", func(t *testing.T) {
			c := &ownwords.Code{StudyID: sid, ParentID: f.section.ID, Slug: "bad_derived",
				Derived: &ownwords.Derivation{Op: ownwords.DeriveAllOf, Items: []string{"nope"}}}
			wantCode(t, st.CreateCode(ctx, c), ownwords.EINVALID)
		})
		t.Run("ErrMoveUnderItself", func(t *testing.T) {
			child := &ownwords.Code{StudyID: sid, ParentID: f.b.ID, Slug: "bread"}
			must(t, st.CreateCode(ctx, child))
			wantCode(t, st.MoveCode(ctx, f.b.ID, child.ID), ownwords.EINVALID)
		})
		t.Run("ErrMoveItemUsedByDerived", func(t *testing.T) {
			wantCode(t, st.MoveCode(ctx, f.a.ID, ""), ownwords.EINVALID)
		})
		t.Run("UpdateIsVersioned", func(t *testing.T) {
			cb, err := st.Codebook(ctx, sid)
			must(t, err)
			c := *cb.ByID(f.a.ID)
			c.Description = "Participant reports hunger or rationing."
			c.Inclusion = "hunger, rationing"
			must(t, st.UpdateCode(ctx, &c))
			changes, err := st.CodeChanges(ctx, sid)
			must(t, err)
			last := changes[len(changes)-1]
			if last.Action != "update" || last.Before.Description != "" || last.After.Inclusion != "hunger, rationing" {
				t.Fatalf("last change = %+v", last)
			}
			cb2, err := st.Codebook(ctx, sid)
			must(t, err)
			if cb2.Version != last.Version {
				t.Fatalf("codebook version %d, last change %d", cb2.Version, last.Version)
			}
		})
		t.Run("MergeKeepsSegments", func(t *testing.T) {
			from := &ownwords.Code{StudyID: sid, ParentID: f.section.ID, Slug: "hunger"}
			must(t, st.CreateCode(ctx, from))
			seg := segmentOn(t, f, from, "We had no food.")
			must(t, st.CreateSegment(ctx, seg))
			must(t, st.MergeCodes(ctx, from.ID, f.a.ID))
			got, err := st.Segment(ctx, seg.ID)
			must(t, err)
			if got.CodeID != f.a.ID {
				t.Fatalf("segment code = %s, want %s", got.CodeID, f.a.ID)
			}
			cb, err := st.Codebook(ctx, sid)
			must(t, err)
			if cb.ByID(from.ID) != nil {
				t.Fatal("merged code still exists")
			}
		})
		t.Run("ErrMergeDerived", func(t *testing.T) {
			wantCode(t, st.MergeCodes(ctx, f.d.ID, f.a.ID), ownwords.EINVALID)
		})
	})
}

func TestSegments(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		ctx := t.Context()
		f := mustFixture(t, st)
		t.Run("OK", func(t *testing.T) {
			seg := segmentOn(t, f, f.b, "Prices rose every week in İstanbul.")
			must(t, st.CreateSegment(ctx, seg))
			got, err := st.Segment(ctx, seg.ID)
			must(t, err)
			quote, _ := ownwords.Slice(f.iv.Transcript, got.Start, got.End)
			if quote != "Prices rose every week in İstanbul." || got.Version != 1 {
				t.Fatalf("segment = %+v quote %q", got, quote)
			}
		})
		t.Run("ErrHashMismatch", func(t *testing.T) {
			seg := segmentOn(t, f, f.a, "We had no food.")
			seg.TextHash = ownwords.HashText("We had no fool.")
			wantCode(t, st.CreateSegment(ctx, seg), ownwords.EINVALID)
		})
		t.Run("ErrOutsideTranscript", func(t *testing.T) {
			seg := segmentOn(t, f, f.a, "We had no food.")
			seg.Start, seg.End = 1000, 1010
			wantCode(t, st.CreateSegment(ctx, seg), ownwords.EINVALID)
		})
		t.Run("ErrDerivedCode", func(t *testing.T) {
			wantCode(t, st.CreateSegment(ctx, segmentOn(t, f, f.d, "We had no food.")), ownwords.EINVALID)
		})
		t.Run("ErrCodeOfOtherStudy", func(t *testing.T) {
			other := sqldbtest.MustStudy(t, st, "Other")
			c := &ownwords.Code{StudyID: other.ID, Slug: "x"}
			must(t, st.CreateCode(ctx, c))
			wantCode(t, st.CreateSegment(ctx, segmentOn(t, f, c, "We had no food.")), ownwords.ENOTFOUND)
		})
		t.Run("NoLostUpdate", func(t *testing.T) {
			seg := segmentOn(t, f, f.a, "We had no food.")
			must(t, st.CreateSegment(ctx, seg))
			mine, theirs := *seg, *seg
			mine.Memo = "mine"
			must(t, st.UpdateSegment(ctx, &mine))
			theirs.Memo = "theirs"
			wantCode(t, st.UpdateSegment(ctx, &theirs), ownwords.ECONFLICT)
			wantCode(t, st.DeleteSegment(ctx, seg.ID, 1), ownwords.ECONFLICT)
			got, err := st.Segment(ctx, seg.ID)
			must(t, err)
			if got.Memo != "mine" || got.Version != 2 {
				t.Fatalf("segment = %+v", got)
			}
			must(t, st.DeleteSegment(ctx, seg.ID, 2))
		})
		t.Run("FilterByLayerAndCode", func(t *testing.T) {
			cons := segmentOn(t, f, f.a, "We had no food.")
			cons.Layer = ownwords.LayerConsensus
			must(t, st.CreateSegment(ctx, cons))
			got, err := st.Segments(ctx, ownwords.SegmentFilter{StudyID: f.study.ID, Layer: ownwords.LayerConsensus, CodeIDs: []string{f.a.ID, f.b.ID}})
			must(t, err)
			if len(got) != 1 || got[0].ID != cons.ID {
				t.Fatalf("segments = %+v", got)
			}
		})
	})
}

// TestCodebookKept reads a codebook kept by one handle: what a caller
// changes in its copy is not kept, a change through another handle (another
// process) is read at once, and one rolled back is not.
func TestCodebookKept(t *testing.T) {
	sqldbtest.EachTwoHandles(t, func(t *testing.T, this, other sqldbtest.Handle) {
		ctx := t.Context()
		study := sqldbtest.MustStudy(t, this, "kept")
		code := &ownwords.Code{StudyID: study.ID, Slug: "food", Example: "bread"}
		must(t, this.CreateCode(ctx, code))
		derived := &ownwords.Code{StudyID: study.ID, Slug: "any", Derived: &ownwords.Derivation{Op: ownwords.DeriveAnyOf, Items: []string{"food"}}}
		must(t, this.CreateCode(ctx, derived))
		first, err := this.Codebook(ctx, study.ID)
		must(t, err)
		first.ByID(code.ID).Example = ""
		first.ByID(derived.ID).Derived.Items[0] = "changed"
		again, err := this.Codebook(ctx, study.ID)
		must(t, err)
		if again.ByID(code.ID).Example != "bread" || again.ByID(derived.ID).Derived.Items[0] != "food" {
			t.Fatalf("a caller's change to its codebook was kept: %+v %+v", again.ByID(code.ID), again.ByID(derived.ID).Derived)
		}
		boom := errors.New("boom")
		err = other.Update(ctx, func(tx ownwords.Services) error {
			c := *code
			c.Label = "rolled back"
			if err := tx.UpdateCode(ctx, &c); err != nil {
				return err
			}
			if cb, err := tx.Codebook(ctx, study.ID); err != nil || cb.ByID(code.ID).Label != "rolled back" {
				t.Errorf("codebook in the transaction: %v, %v", cb, err)
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("rolled back update: %v", err)
		}
		changed := *code
		changed.Label = "Food"
		must(t, other.UpdateCode(ctx, &changed))
		for _, h := range []sqldbtest.Handle{this, other} {
			cb, err := h.Codebook(ctx, study.ID)
			must(t, err)
			if got := cb.ByID(code.ID).Label; got != "Food" || cb.Version != again.Version+1 {
				t.Errorf("%s: label %q at version %d after the change, want Food at %d", h.Name, got, cb.Version, again.Version+1)
			}
		}
	})
}

// TestCodeOfOneStudy: the point read returns a code as the codebook holds
// it, as it is now, and ENOTFOUND for an unknown code or one of another
// study.
func TestCodeOfOneStudy(t *testing.T) {
	sqldbtest.EachTwoHandles(t, func(t *testing.T, this, other sqldbtest.Handle) {
		ctx := t.Context()
		f := mustFixture(t, this)
		otherStudy := sqldbtest.MustStudy(t, this, "Other study")
		tests := []struct {
			name, study, id string
			change          func() error
			code            string
		}{
			{"Plain", f.study.ID, f.a.ID, nil, ""},
			{"Section", f.study.ID, f.section.ID, nil, ""},
			{"Derived", f.study.ID, f.d.ID, nil, ""},
			{"DeprecatedElsewhere", f.study.ID, f.b.ID, func() error {
				cb, err := other.Codebook(ctx, f.study.ID)
				if err != nil {
					return err
				}
				b := *cb.ByID(f.b.ID)
				b.Deprecated = true
				return other.UpdateCode(ctx, &b)
			}, ""},
			{"ErrUnknown", f.study.ID, "no-such-code", nil, ownwords.ENOTFOUND},
			{"ErrOtherStudy", otherStudy.ID, f.a.ID, nil, ownwords.ENOTFOUND},
		}
		for _, tt := range tests {
			if tt.change != nil {
				must(t, tt.change())
			}
			got, err := this.Code(ctx, tt.study, tt.id)
			if tt.code != "" {
				wantCode(t, err, tt.code)
				continue
			}
			must(t, err)
			cb, err := this.Codebook(ctx, tt.study)
			must(t, err)
			if want := cb.ByID(tt.id); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %+v, the codebook holds %+v", tt.name, got, want)
			}
		}
		if got, _ := this.Code(ctx, f.study.ID, f.b.ID); got == nil || !got.Deprecated {
			t.Errorf("a deprecation through another handle is not read: %+v", got)
		}
	})
}
