package clips

import (
	"sort"
	"strings"

	"ownwords"
	"ownwords/report"
	"ownwords/text"
)

// Text is another text of a passage's interview (ownwords.InterviewText:
// its original or a translation) with the projection of the transcript
// onto it (text.NewProjection(transcript, Text)).
type Text struct {
	Language string
	// Role is ownwords.TextOriginal or ownwords.TextTranslation.
	Role       string
	Text       string
	Projection *text.Projection
}

// Cue is one timed piece of a clip's subtitle: Text shown from From to To,
// seconds in the recording; To is nil when the piece runs to the clip's
// end.
type Cue struct {
	From float64
	To   *float64
	Text string
}

// Subtitle is a clip's subtitle in one language.
type Subtitle struct {
	Language string
	Cues     []Cue
}

// sameLanguage reports whether the text's tag has is the language want
// asks for: equal, or want without a region ("ar") and has with one
// ("ar-SY").
func sameLanguage(has, want string) bool {
	has, want = strings.ToLower(has), strings.ToLower(want)
	return has == want || strings.HasPrefix(has, want+"-")
}

// subtitles returns the subtitles of the included clip c of p, one per
// language of langs that p's interview has a text in (its transcript, in
// p.Language, or one of p.Texts, the first of a language), in the order
// of langs. The transcript's timed cues are the pieces of the passage
// between the time anchors inside it: each is shown from its anchor's
// time to the next's (the first from the clip's start, the last to its
// end). In another text each piece is the span the transcript's piece
// projects to (text.Projection.AToB: the aligned sentence where the turns
// hold as many sentences, else the aligned turn); pieces that project to
// overlapping spans (a turn translated as a whole) become one cue over
// their times, and a piece that projects to nothing (only a speaker label)
// shows nothing.
func subtitles(p *Passage, c *Clip, langs []string) []Subtitle {
	if len(langs) == 0 || p.Transcript == "" {
		return nil
	}
	// The pieces: bounds in the transcript and their start times.
	bounds := []int{p.Start}
	from := []float64{*c.Start}
	i := sort.Search(len(p.Anchors), func(i int) bool { return p.Anchors[i].Offset > p.Start })
	for ; i < len(p.Anchors) && p.Anchors[i].Offset < p.End; i++ {
		bounds = append(bounds, p.Anchors[i].Offset)
		from = append(from, max(p.Anchors[i].Seconds(), *c.Start))
	}
	bounds = append(bounds, p.End)
	to := func(k int) *float64 {
		if k+1 < len(from) {
			t := from[k+1]
			return &t
		}
		return c.End
	}
	var out []Subtitle
	for _, lang := range langs {
		var cues []Cue
		switch other := p.textIn(lang); {
		case sameLanguage(cmpOr(p.Language, "und"), lang):
			for k := 0; k+1 < len(bounds); k++ {
				s, _ := ownwords.Slice(p.Transcript, bounds[k], bounds[k+1])
				if s = report.Clean(s); s != "" {
					cues = append(cues, Cue{From: from[k], To: to(k), Text: s})
				}
			}
		case other != nil:
			cues = projectedCues(other, bounds, from, to)
		default:
			continue
		}
		if len(cues) > 0 {
			out = append(out, Subtitle{Language: lang, Cues: cues})
		}
	}
	return out
}

// projectedCues returns the cues of the pieces [bounds[k], bounds[k+1])
// of the transcript in the other text t.
func projectedCues(t *Text, bounds []int, from []float64, to func(int) *float64) []Cue {
	var cues []Cue
	var spans [][2]int
	for k := 0; k+1 < len(bounds); k++ {
		s, e, ok := t.Projection.AToB(bounds[k], bounds[k+1])
		if !ok {
			continue
		}
		if n := len(spans); n > 0 && s < spans[n-1][1] {
			// The same (or an overlapping) span as the previous piece:
			// one cue over both pieces' times.
			spans[n-1] = [2]int{min(s, spans[n-1][0]), max(e, spans[n-1][1])}
			cues[n-1].To = to(k)
			continue
		}
		spans = append(spans, [2]int{s, e})
		cues = append(cues, Cue{From: from[k], To: to(k)})
	}
	var out []Cue
	for i := range cues {
		s, _ := ownwords.Slice(t.Text, spans[i][0], spans[i][1])
		if cues[i].Text = report.Clean(s); cues[i].Text != "" {
			out = append(out, cues[i])
		}
	}
	return out
}

// textIn returns p's first other text in lang, or nil.
func (p *Passage) textIn(lang string) *Text {
	for i := range p.Texts {
		if sameLanguage(p.Texts[i].Language, lang) {
			return &p.Texts[i]
		}
	}
	return nil
}

// AddSubtitles gives the included clips of cs (Manifest(ps), in the same
// order) their subtitles in langs, and returns the languages of the reel's
// subtitle tracks: langs, or by default (langs empty) the languages of the
// included clips' transcripts, then those of their other texts (originals
// and translations), each once, in the order of the clips. A transcript
// without a language counts as "und" (undetermined). Each clip lists the
// languages it has a subtitle in (Clip.Languages); a clip without a text
// in a track's language shows nothing in that track.
func AddSubtitles(ps []Passage, cs []Clip, langs []string) []string {
	if len(langs) == 0 {
		seen := map[string]bool{}
		add := func(l string) {
			if k := strings.ToLower(l); !seen[k] {
				seen[k] = true
				langs = append(langs, l)
			}
		}
		for i := range ps {
			if cs[i].Included() {
				add(cmpOr(ps[i].Language, "und"))
			}
		}
		for i := range ps {
			if cs[i].Included() {
				for _, t := range ps[i].Texts {
					add(t.Language)
				}
			}
		}
	}
	for i := range ps {
		if !cs[i].Included() {
			continue
		}
		cs[i].Subtitles = subtitles(&ps[i], &cs[i], langs)
		cs[i].Languages = nil
		for _, s := range cs[i].Subtitles {
			cs[i].Languages = append(cs[i].Languages, s.Language)
		}
	}
	return langs
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
