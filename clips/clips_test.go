package clips

import (
	"testing"

	"ownwords"
)

func TestManifest(t *testing.T) {
	yes := ownwords.ConsentAnswer{Answer: ownwords.ConsentYes, Date: ownwords.Date{Year: 2024, Month: 3, Day: 1}}
	no := ownwords.ConsentAnswer{Answer: ownwords.ConsentNo}
	video := &ownwords.Recording{ID: "r1", MediaType: "video/mp4"}
	audio := &ownwords.Recording{ID: "r2", MediaType: "audio/wav"}
	anchors := []ownwords.TimeAnchor{{Offset: 0, Ms: 0}, {Offset: 10, Ms: 4000}, {Offset: 20, Ms: 9500}}
	tests := []struct {
		name     string
		consent  *ownwords.Consent
		rec      *ownwords.Recording
		anchors  []ownwords.TimeAnchor
		start    int
		end      int
		mode     string
		excluded string
		allowed  string
		span     [2]float64 // start, end (-1: open)
	}{
		{"video, voice and face", &ownwords.Consent{Voice: yes, Face: yes}, video, anchors, 10, 20, ModeVideo, "", "voice yes (2024-03-01), face yes (2024-03-01)", [2]float64{4, 9.5}},
		{"video without face: audio only", &ownwords.Consent{Voice: yes}, video, anchors, 10, 20, ModeAudio, "", "voice yes (2024-03-01)", [2]float64{4, 9.5}},
		{"video, face refused", &ownwords.Consent{Voice: yes, Face: no}, video, anchors, 10, 20, ModeAudio, "", "voice yes (2024-03-01)", [2]float64{4, 9.5}},
		{"audio, voice", &ownwords.Consent{Voice: yes, Face: yes}, audio, anchors, 0, 10, ModeAudio, "", "voice yes (2024-03-01)", [2]float64{0, 4}},
		// No anchor before the passage: the clip would play the
		// recording from its start, untranscribed talk before the
		// first timed words included.
		{"before the first anchor", &ownwords.Consent{Voice: yes}, audio, anchors[1:], 2, 8, "", beforeFirstReason, "", [2]float64{0, 4}},
		// No anchor after the passage: the recording after the last
		// transcribed words (talk off the record) would play unscanned.
		{"to the end of the recording", &ownwords.Consent{Voice: yes}, audio, anchors, 12, 25, "", openEndReason, "", [2]float64{4, -1}},
		{"no voice recorded", &ownwords.Consent{Face: yes}, video, anchors, 10, 20, "", "no consent recorded for voice in public material", "", [2]float64{4, 9.5}},
		{"default consent", nil, audio, anchors, 10, 20, "", "no consent recorded for voice in public material", "", [2]float64{4, 9.5}},
		{"voice refused", &ownwords.Consent{Voice: no, Face: yes}, video, anchors, 10, 20, "", "refused voice in public material", "", [2]float64{4, 9.5}},
		{"withdrawn", &ownwords.Consent{Voice: yes, Face: yes, Withdrawn: ownwords.Date{Year: 2025, Month: 1, Day: 2}}, video, anchors, 10, 20, "", "withdrew from the study on 2025-01-02", "", [2]float64{4, 9.5}},
		{"analysis refused", &ownwords.Consent{Voice: yes, Analysis: no}, audio, anchors, 10, 20, "", "refused analysis", "", [2]float64{4, 9.5}},
		{"quotes refused", &ownwords.Consent{Voice: yes, Quotes: no}, audio, anchors, 10, 20, "", "refused quotes (the subtitles quote the passage)", "", [2]float64{4, 9.5}},
		{"no recording", &ownwords.Consent{Voice: yes}, nil, anchors, 10, 20, "", "no recording of the interview", "", [2]float64{4, 9.5}},
		{"two recordings", &ownwords.Consent{Voice: yes}, audio, anchors, 10, 20, "", "the interview has 2 recordings, and its time anchors do not say which one they time: keep only the one the transcript is timed against", "", [2]float64{4, 9.5}},
		{"no anchors", &ownwords.Consent{Voice: yes}, audio, nil, 10, 20, "", "no time anchors in the transcript", "", [2]float64{-2, -2}},
		{"empty span", &ownwords.Consent{Voice: yes}, audio, []ownwords.TimeAnchor{{Offset: 0, Ms: 0}, {Offset: 10, Ms: 4000}, {Offset: 20, Ms: 4000}}, 10, 20, "", "the passage has no length in the recording (its anchors coincide)", "", [2]float64{4, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := 0
			if tt.rec != nil {
				recs = 1
			}
			if tt.name == "two recordings" {
				recs = 2
			}
			got := Manifest([]Passage{{Participant: "P1", Consent: tt.consent, Recording: tt.rec, Recordings: recs, Anchors: tt.anchors, Start: tt.start, End: tt.end}})
			if len(got) != 1 {
				t.Fatalf("%d clips", len(got))
			}
			c := got[0]
			if c.Mode != tt.mode || c.Excluded != tt.excluded || c.Allowed != tt.allowed {
				t.Errorf("mode %q excluded %q allowed %q, want %q %q %q", c.Mode, c.Excluded, c.Allowed, tt.mode, tt.excluded, tt.allowed)
			}
			if c.Included() != (tt.excluded == "") {
				t.Errorf("Included %v", c.Included())
			}
			switch {
			case tt.span[0] == -2:
				if c.Start != nil || c.End != nil {
					t.Errorf("a span without anchors")
				}
			case c.Start == nil || *c.Start != tt.span[0]:
				t.Errorf("start %v, want %v", c.Start, tt.span[0])
			case tt.span[1] == -1 && c.End != nil:
				t.Errorf("end %v, want open", *c.End)
			case tt.span[1] >= 0 && (c.End == nil || *c.End != tt.span[1]):
				t.Errorf("end %v, want %v", c.End, tt.span[1])
			}
			if d, ok := c.Duration(); ok != (c.Included() && c.End != nil) || (ok && d != *c.End-*c.Start) {
				t.Errorf("Duration %v %v", d, ok)
			}
			if c.Included() && c.RecordingID != tt.rec.ID {
				t.Errorf("recording %q", c.RecordingID)
			}
		})
	}
}

// TestManifestOrder keeps one entry per passage, in order, mixing
// included and excluded ones.
func TestManifestOrder(t *testing.T) {
	yes := ownwords.ConsentAnswer{Answer: ownwords.ConsentYes}
	rec := &ownwords.Recording{ID: "r", MediaType: "audio/ogg"}
	an := []ownwords.TimeAnchor{{Offset: 0, Ms: 0}, {Offset: 5, Ms: 1000}, {Offset: 6, Ms: 1500}}
	got := Manifest([]Passage{
		{SegmentID: "a", Consent: &ownwords.Consent{Voice: yes}, Recording: rec, Anchors: an, End: 5},
		{SegmentID: "b", Recording: rec, Anchors: an, End: 5},
		{SegmentID: "c", Consent: &ownwords.Consent{Voice: yes}, Recording: rec, Anchors: an, Start: 5, End: 6},
	})
	if len(got) != 3 || got[0].SegmentID != "a" || got[1].SegmentID != "b" || got[2].SegmentID != "c" {
		t.Fatalf("%+v", got)
	}
	if !got[0].Included() || got[1].Included() || !got[2].Included() {
		t.Errorf("included: %v %v %v", got[0].Included(), got[1].Included(), got[2].Included())
	}
}
