package gate

import (
	"sort"
	"strings"
	"unicode/utf8"

	"ownwords"
	"ownwords/clips"
	"ownwords/disclosure"
)

// redactedReason begins the reason a clip naming a term of the redaction
// list is left out with. The reason says where the term was found, never
// the term nor the words around it: the manifest is printed and kept.
const redactedReason = "names a term of the redaction list"

// unscannableReason leaves out a clip whose transcript span is in a script
// (or holds a letter of one, such as a Cyrillic а in a Latin name) that the
// redaction list has no term in: no scan could find a name in it, and the
// recording says every word of it.
const unscannableReason = "its transcript is in a script the redaction list has no term in, so no scan could find a name in what it plays; add the study's names and places in that script to the redaction list (settings --redact-file)"

// withholdNamed leaves out of the reel every included clip of cs
// (Manifest(ps), in the same order, with the texts clipTexts gave) that
// names a term of the study's redaction list (disclosure.Scan, as quote
// publication does): in the passage, in the words its recording plays
// (spokenSpan: the clip runs from the time anchor before the passage to
// the one after it), in the span of each of the interview's other texts
// those words project to, or in its attribution (the title card). Every
// other text is scanned whether or not its language is a subtitle track:
// the recording says the name regardless, and an original is the words as
// spoken. A clip whose transcript span has letters of a script a
// non-empty list has no term in (disclosure.Covers false) is left out as
// well: the transcript is the only scan of what the recording says, so a
// list of Latin names cannot clear an Arabic transcript, nor a Latin one
// whose name is spelt with a Cyrillic homoglyph. Subtitles are pieces of
// the passage and of its projections
// (clips.AddSubtitles), so they hold no word that was not scanned.
//
// It then takes out of each included clip's texts those whose scanned span
// is in a script the list has no term in (disclosure.Covers false: no scan
// could have found a name there), so that no subtitle comes from them, as
// a public quote leaves out such an original; the clip's note says so.
// It returns the languages (lower case) of the texts taken out.
func withholdNamed(ps []clips.Passage, cs []clips.Clip, redactions []string) map[string]bool {
	unscannable := map[string]bool{}
	named := func(s string) bool { return len(disclosure.Scan(s, redactions)) > 0 }
	for i := range ps {
		p, c := &ps[i], &cs[i]
		if !c.Included() {
			continue
		}
		s, e := spokenSpan(p)
		spoken, ok := ownwords.Slice(p.Transcript, s, e)
		switch {
		case !ok:
			withhold(c, "its time span lies outside its transcript, which cannot be scanned for the redaction list")
			continue
		case named(p.Text) || named(spoken):
			withhold(c, redactedReason+" (in the transcript of its time span)")
			continue
		case len(redactions) > 0 && (!disclosure.Covers(redactions, spoken) || !disclosure.Covers(redactions, p.Text)):
			withhold(c, unscannableReason)
			continue
		case named(p.Attribution):
			withhold(c, redactedReason+" (in its attribution)")
			c.Attribution = ""
			continue
		}
		var scanned []clips.Text
		var note []string
		for _, t := range p.Texts {
			ts, te, ok := t.Projection.AToB(s, e)
			if !ok {
				continue // nothing of the time span maps to this text: no subtitle from it
			}
			span, ok := ownwords.Slice(t.Text, ts, te)
			if !ok || named(span) {
				withhold(c, redactedReason+" (in the "+t.Language+" "+t.Role+" of its time span)")
				break
			}
			if !disclosure.Covers(redactions, span) {
				unscannable[strings.ToLower(t.Language)] = true
				note = append(note, "the "+t.Language+" "+t.Role+" is in a script the redaction list has no term in: no subtitles from it")
				continue
			}
			scanned = append(scanned, t)
		}
		if !c.Included() {
			continue
		}
		p.Texts = scanned
		if len(note) > 0 {
			c.Note = strings.TrimPrefix(c.Note+"; ", "; ") + strings.Join(note, "; ")
		}
	}
	return unscannable
}

// spokenSpan returns the span of p's transcript that its clip plays: from
// the time anchor at or before the passage to the first at or after its
// end, where ownwords.SpanOf cuts the recording, or from the transcript's
// start and to its end where there is none.
func spokenSpan(p *clips.Passage) (start, end int) {
	start, end = 0, utf8.RuneCountInString(p.Transcript)
	if i := sort.Search(len(p.Anchors), func(i int) bool { return p.Anchors[i].Offset > p.Start }); i > 0 {
		start = p.Anchors[i-1].Offset
	}
	if j := sort.Search(len(p.Anchors), func(i int) bool { return p.Anchors[i].Offset >= p.End }); j < len(p.Anchors) {
		end = p.Anchors[j].Offset
	}
	return start, end
}

// withhold leaves the included clip c out of the reel for reason: no mode,
// recording or text left to render.
func withhold(c *clips.Clip, reason string) {
	c.Mode, c.Allowed, c.Note, c.RecordingID, c.Text = "", "", "", "", ""
	c.Languages, c.Subtitles = nil, nil
	c.Excluded = reason
}
