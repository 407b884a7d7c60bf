package ingest

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/text/unicode/norm"

	"ownwords"
	"ownwords/text"
)

// timecodes takes the times out of a transcript's text into its anchors.
// A WebVTT (.vtt) or SubRip (.srt) file becomes the text of its cues, a
// turn per change of speaker (text.ParseVTT, text.ParseSRT), with an
// anchor per cue. In any other transcript the timestamps that
// transcription tools write at turn starts ("[00:12:31]", "(12:31)",
// "00:12:31 Speaker:", "[1:02:03.5]") are removed from the text and kept
// as anchors (text.StripTimestamps), so that search, quotes and KWIC lines
// hold the words only; the comments of a document move with the text. A
// malformed timestamp, or one earlier than the one before it, is an
// EINVALID error naming the file and the line of its text.
func timecodes(name string, doc *Document) error {
	var (
		t       string
		anchors []text.Anchor
		err     error
	)
	switch strings.ToLower(filepath.Ext(name)) {
	case ".vtt":
		t, anchors, err = text.ParseVTT(doc.Text)
	case ".srt":
		t, anchors, err = text.ParseSRT(doc.Text)
	default:
		var removed []text.Removed
		t, anchors, removed, err = text.StripTimestamps(doc.Text)
		if err == nil && len(removed) > 0 {
			for i := range doc.Comments {
				if c := &doc.Comments[i]; c.Start >= 0 {
					c.Start, c.End = text.MapOffset(removed, c.Start), text.MapOffset(removed, c.End)
				}
			}
		}
	}
	if le := (*text.LineError)(nil); errors.As(err, &le) {
		return inputErrorf(name, fmt.Sprintf("line %d", le.Line), "%s", le.Msg)
	} else if err != nil {
		return inputErrorf(name, "", "%s", err)
	}
	if !norm.NFC.IsNormalString(t) {
		// Cue texts joined by a space before a combining mark: composing
		// would move the anchors.
		return inputErrorf(name, "", "a cue's text begins with a combining mark; fix the subtitle file")
	}
	doc.Text = t
	doc.Anchors = make([]ownwords.TimeAnchor, len(anchors))
	for i, a := range anchors {
		doc.Anchors[i] = ownwords.TimeAnchor{Offset: a.Offset, Ms: a.Ms}
	}
	if len(anchors) == 0 {
		doc.Anchors = nil
	}
	return nil
}
