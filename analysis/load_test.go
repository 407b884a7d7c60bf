package analysis

import (
	"context"
	"errors"
	"testing"

	"ownwords"
)

// fakeServices serves a fixture through the domain interfaces and records
// the filters Load passes. Methods Load must not call are left to the nil
// embedded interface, so calling one panics.
type fakeServices struct {
	ownwords.Services
	in         *Input
	ivFilter   ownwords.InterviewFilter
	segFilter  ownwords.SegmentFilter
	failOnCode bool
}

func (f *fakeServices) Study(_ context.Context, id string) (*ownwords.Study, error) {
	if id != f.in.Study.ID {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "study not found")
	}
	return f.in.Study, nil
}

func (f *fakeServices) Attributes(context.Context, string) ([]*ownwords.Attribute, error) {
	return f.in.Attributes, nil
}

func (f *fakeServices) Participants(context.Context, ownwords.ParticipantFilter) ([]*ownwords.Participant, error) {
	return f.in.Participants, nil
}

func (f *fakeServices) Interviews(_ context.Context, flt ownwords.InterviewFilter) ([]*ownwords.Interview, error) {
	f.ivFilter = flt
	out := []*ownwords.Interview{}
	for _, iv := range f.in.Interviews {
		c := *iv
		c.Transcript = "text a store would only return WithText" // Load must drop it either way
		out = append(out, &c)
	}
	return out, nil
}

func (f *fakeServices) Codebook(context.Context, string) (*ownwords.Codebook, error) {
	if f.failOnCode {
		return nil, errors.New("disk on fire")
	}
	return f.in.Codebook, nil
}

func (f *fakeServices) Segments(_ context.Context, flt ownwords.SegmentFilter) ([]*ownwords.Segment, error) {
	f.segFilter = flt
	var out []*ownwords.Segment
	for _, s := range f.in.Segments {
		if flt.Layer == "" || s.Layer == flt.Layer {
			out = append(out, s)
		}
	}
	return out, nil
}

func TestLoad(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		fake := &fakeServices{in: fixtureInput(t)}
		in, err := Load(t.Context(), fake, "st")
		if err != nil {
			t.Fatal(err)
		}
		if fake.ivFilter != (ownwords.InterviewFilter{StudyID: "st"}) {
			t.Errorf("interview filter %+v, want study only, without text", fake.ivFilter)
		}
		if fake.segFilter.StudyID != "st" || fake.segFilter.Layer != ownwords.LayerConsensus {
			t.Errorf("segment filter %+v, want study st, consensus layer", fake.segFilter)
		}
		for _, iv := range in.Interviews {
			if iv.Transcript != "" || iv.Translation != "" {
				t.Fatalf("interview %s holds text after Load", iv.ID)
			}
		}
		if len(in.Segments) != 13 || len(in.Participants) != 8 || in.Study.Name != "Fixture study" {
			t.Errorf("loaded %d segments, %d participants, study %q; want 13, 8, Fixture study",
				len(in.Segments), len(in.Participants), in.Study.Name)
		}
		r := mustRun(t, in, mustPlan(t, fixturePlanJSON))
		if c, _ := r.Lookup("vulnerabilities", "poverty", "all"); c != (Count{3, 6}) {
			t.Errorf("poverty after Load = %+v, want 3 of 6", c)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := Load(t.Context(), &fakeServices{in: fixtureInput(t)}, "other")
		if ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
			t.Errorf("Load error = %v, want %s", err, ownwords.ENOTFOUND)
		}
	})
	t.Run("ErrInternalWrapped", func(t *testing.T) {
		_, err := Load(t.Context(), &fakeServices{in: fixtureInput(t), failOnCode: true}, "st")
		if err == nil || err.Error() != "analysis: load codebook: disk on fire" || ownwords.ErrorCode(err) != ownwords.EINTERNAL {
			t.Errorf("Load error = %v, want wrapped internal error", err)
		}
	})
}
