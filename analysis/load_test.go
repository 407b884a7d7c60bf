package analysis

import (
	"context"
	"errors"
	"slices"
	"testing"

	"ownwords"
)

// A store serves analysis: the interfaces ask nothing Services lacks.
var _ TimelineSource = ownwords.Services(nil)

// fakeSource holds a fixture study in memory (no store), serves it as a
// TimelineSource and records the filters Load and LoadTimeline pass.
type fakeSource struct {
	in          *Input
	events      []*ownwords.Event
	ivFilter    ownwords.InterviewFilter
	segFilter   ownwords.SegmentFilter
	eventFilter ownwords.EventFilter
	failOnCode  bool
	consents    map[string]*ownwords.Consent
}

func (f *fakeSource) Consents(context.Context, string) (map[string]*ownwords.Consent, error) {
	return f.consents, nil
}

func (f *fakeSource) Study(_ context.Context, id string) (*ownwords.Study, error) {
	if id != f.in.Study.ID {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "study not found")
	}
	return f.in.Study, nil
}

func (f *fakeSource) Attributes(context.Context, string) ([]*ownwords.Attribute, error) {
	return f.in.Attributes, nil
}

func (f *fakeSource) Participants(context.Context, ownwords.ParticipantFilter) ([]*ownwords.Participant, error) {
	return f.in.Participants, nil
}

func (f *fakeSource) Interviews(_ context.Context, flt ownwords.InterviewFilter) ([]*ownwords.Interview, error) {
	f.ivFilter = flt
	out := []*ownwords.Interview{}
	for _, iv := range f.in.Interviews {
		c := *iv
		c.Transcript = "text a store would only return WithText" // Load must drop it either way
		out = append(out, &c)
	}
	return out, nil
}

func (f *fakeSource) Codebook(context.Context, string) (*ownwords.Codebook, error) {
	if f.failOnCode {
		return nil, errors.New("disk on fire")
	}
	return f.in.Codebook, nil
}

func (f *fakeSource) Segments(_ context.Context, flt ownwords.SegmentFilter) ([]*ownwords.Segment, error) {
	f.segFilter = flt
	var out []*ownwords.Segment
	for _, s := range f.in.Segments {
		if flt.Layer == "" || s.Layer == flt.Layer {
			out = append(out, s)
		}
	}
	return out, nil
}

func (f *fakeSource) Events(_ context.Context, flt ownwords.EventFilter) ([]*ownwords.Event, error) {
	f.eventFilter = flt
	return f.events, nil
}

func mustLoad(t *testing.T, f *fakeSource) *Input {
	t.Helper()
	in, err := Load(t.Context(), f, "st")
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func TestLoad(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		fake := &fakeSource{in: fixtureInput(t)}
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
	t.Run("Consent", func(t *testing.T) {
		before := mustRun(t, mustLoad(t, &fakeSource{in: fixtureInput(t)}), mustPlan(t, fixturePlanJSON))
		behind, _ := before.Provenance("vulnerabilities", "poverty", "all")
		if len(behind) < 2 {
			t.Fatalf("poverty behind %v: the fixture needs two", behind)
		}
		withdrawn, refused := behind[0], behind[1]
		fake := &fakeSource{in: fixtureInput(t), consents: map[string]*ownwords.Consent{
			withdrawn: {StudyID: "st", ParticipantID: withdrawn, Withdrawn: ownwords.Date{Year: 2024, Month: 5, Day: 1}},
			refused:   {StudyID: "st", ParticipantID: refused, Analysis: ownwords.ConsentAnswer{Answer: ownwords.ConsentNo}},
		}}
		in := mustLoad(t, fake)
		if len(in.Participants) != 6 {
			t.Fatalf("%d participants loaded, want 8 less the two without consent", len(in.Participants))
		}
		for _, p := range in.Participants {
			if p.ID == withdrawn || p.ID == refused || p.Consent == nil || !p.Consent.AllowsQuotes() {
				t.Errorf("participant %s loaded with consent %v", p.ID, p.Consent)
			}
		}
		for _, iv := range in.Interviews {
			if iv.ParticipantID == withdrawn || iv.ParticipantID == refused {
				t.Errorf("interview %s of a participant without consent loaded", iv.ID)
			}
		}
		for _, s := range in.Segments {
			if s.InterviewID == "iv-"+withdrawn[len("id-"):] || s.InterviewID == "iv-"+refused[len("id-"):] {
				t.Errorf("segment %s of a participant without consent loaded", s.ID)
			}
		}
		after := mustRun(t, in, mustPlan(t, fixturePlanJSON))
		now, _ := after.Provenance("vulnerabilities", "poverty", "all")
		// The plan's sample (the first by interview date) may now take in
		// someone else; the two are gone.
		if slices.Contains(now, withdrawn) || slices.Contains(now, refused) {
			t.Errorf("poverty behind %v after consent, was %v", now, behind)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := Load(t.Context(), &fakeSource{in: fixtureInput(t)}, "other")
		if ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
			t.Errorf("Load error = %v, want %s", err, ownwords.ENOTFOUND)
		}
	})
	t.Run("ErrInternalWrapped", func(t *testing.T) {
		_, err := Load(t.Context(), &fakeSource{in: fixtureInput(t), failOnCode: true}, "st")
		if err == nil || err.Error() != "analysis: load codebook: disk on fire" || ownwords.ErrorCode(err) != ownwords.EINTERNAL {
			t.Errorf("Load error = %v, want wrapped internal error", err)
		}
	})
}

func TestLoadTimeline(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		in := fixtureInput(t)
		p := in.Participants[0]
		fake := &fakeSource{in: in, events: []*ownwords.Event{
			{ID: "e2", StudyID: "st", ParticipantID: p.ID, Kind: ownwords.EventLeft, Date: mustPeriod(t, "2015-06")},
			{ID: "e1", StudyID: "st", ParticipantID: p.ID, Kind: ownwords.EventJoined, Date: mustPeriod(t, "2014")},
		}}
		tin, err := LoadTimeline(t.Context(), fake, "st")
		if err != nil {
			t.Fatal(err)
		}
		if fake.eventFilter != (ownwords.EventFilter{StudyID: "st"}) {
			t.Errorf("event filter %+v, want the study's events", fake.eventFilter)
		}
		if len(tin.Events) != 2 || len(tin.Participants) != 8 || fake.segFilter.Layer != ownwords.LayerConsensus {
			t.Fatalf("loaded %d events, %d participants, segments of layer %q; want 2, 8, consensus",
				len(tin.Events), len(tin.Participants), fake.segFilter.Layer)
		}
		tl, err := NewTimelines(tin)
		if err != nil {
			t.Fatal(err)
		}
		if steps := tl.Steps(p.ID); len(steps) != 2 || steps[0].Event.ID != "e1" {
			t.Errorf("%s's trajectory %v, want joined then left", p.Code, steps)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		fake := &fakeSource{in: fixtureInput(t)}
		if _, err := LoadTimeline(t.Context(), fake, "other"); ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
			t.Errorf("LoadTimeline error = %v, want %s", err, ownwords.ENOTFOUND)
		}
		if fake.eventFilter != (ownwords.EventFilter{}) {
			t.Error("events were read for a study that does not exist")
		}
	})
}
