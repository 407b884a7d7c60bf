package media

import (
	"testing"

	"ownwords/internal/mediatest"
)

func TestSynthesize(t *testing.T) {
	ff := mediatest.FFmpeg(t)
	es := mediatest.ESpeak(t)
	lines := []Line{{"Why did you go?", "en-us+m3"}, {"We had no food at home, and my brother had gone already.", "en+f2"}}
	for _, video := range []bool{false, true} {
		s, err := Synthesize(t.Context(), es, ff, lines, video, "Interview 3")
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Starts) != 2 || s.Starts[0] != 0 || s.Starts[1] <= 500 || s.End <= s.Starts[1]+1000 {
			t.Errorf("times %v, end %d", s.Starts, s.End)
		}
		if d := mediatest.Duration(t, s.Data); d*1000 < float64(s.End)-300 || d*1000 > float64(s.End)+300 {
			t.Errorf("video %v: %.3f s encoded, %d ms spoken", video, d, s.End)
		}
		if (s.MediaType == "video/webm") != video {
			t.Errorf("media type %s", s.MediaType)
		}
	}
}
