package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"ownwords"
	"ownwords/text"
)

// Extents a search hit may be widened to before it is coded.
const (
	extentSentence  = "sentence"
	extentMatch     = "match"
	extentParagraph = "paragraph"
	extentTurn      = "turn"
)

// hitInput is the "code this passage" form of the search page: the code,
// the hit as start:end:hash (the SHA-256 of the matched text the page
// showed), how far to widen it, and the search to return to (its token
// and page, and the interview whose hits are all listed: see
// savedSearches).
type hitInput struct {
	CodeID     string
	Start, End int
	TextHash   string
	Extent     string
	Back       url.Values
}

// parseHitForm reads and checks a "code this passage" form.
func parseHitForm(v url.Values) (hitInput, error) {
	in := hitInput{CodeID: strings.TrimSpace(v.Get("code_id")), Extent: v.Get("extent")}
	if in.CodeID == "" {
		return in, ownwords.Errorf(ownwords.EINVALID, "code this passage: choose a code first")
	}
	if in.Extent == "" {
		in.Extent = extentSentence
	}
	if !slices.Contains(extents, in.Extent) {
		return in, ownwords.Errorf(ownwords.EINVALID, "extent %q: want sentence, match, paragraph or turn", in.Extent)
	}
	parts := strings.Split(v.Get("hit"), ":")
	var errStart, errEnd error
	if len(parts) == 3 {
		in.Start, errStart = strconv.Atoi(parts[0])
		in.End, errEnd = strconv.Atoi(parts[1])
		in.TextHash = strings.ToLower(parts[2])
	}
	if len(parts) != 3 || errStart != nil || errEnd != nil || in.Start < 0 || in.End <= in.Start || !hexHash.MatchString(in.TextHash) {
		return in, ownwords.Errorf(ownwords.EINVALID, "hit %q: want start:end:sha256 of a search hit", v.Get("hit"))
	}
	back, err := url.ParseQuery(v.Get("back"))
	if err != nil {
		return in, ownwords.Errorf(ownwords.EINVALID, "back: not a search address")
	}
	// Only the kept search's token, page and expanded interview: a search
	// term posted here must not end up in the redirect's address.
	in.Back = url.Values{}
	for _, k := range []string{"s", "page", showAllParam} {
		if x := back.Get(k); x != "" {
			in.Back.Set(k, x)
		}
	}
	return in, nil
}

// widen returns the span [start, end) of transcript that coding the hit
// [start, end) with extent covers: the hit itself, or the sentence,
// paragraph or speaker turn around it. A hit that crosses the end of its
// span (a phrase over two sentences) takes the union of the spans of its
// first and last code points, as the store's suggestions do.
func widen(transcript string, start, end int, extent string) (int, int) {
	var span func(string, int) (int, int)
	switch extent {
	case extentSentence:
		span = text.Sentence
	case extentParagraph:
		span = text.Paragraph
	case extentTurn:
		span = text.Turn
	default:
		return start, end
	}
	from, to := span(transcript, start)
	if to < end {
		_, to = span(transcript, end-1)
	}
	return min(from, start), max(to, end)
}

// codeSearchHit codes a search hit, widened to its sentence (or paragraph,
// turn, or the hit alone), in the acting user's coder layer, then returns
// to the search with a confirmation. The hit's hash must still match the
// stored transcript: if the text changed since the search, nothing is
// coded (ECONFLICT). Coding the same span with the same code twice keeps
// the first segment.
func (s *Server) codeSearchHit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := accountFrom(ctx)
	iv, err := s.interview(ctx, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, ownwords.Errorf(ownwords.EINVALID, "code this passage: unreadable form"))
		return
	}
	in, err := parseHitForm(r.PostForm)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if match, ok := ownwords.Slice(iv.Transcript, in.Start, in.End); !ok || ownwords.HashText(match) != in.TextHash {
		s.fail(w, r, ownwords.Errorf(ownwords.ECONFLICT, "the transcript of %s changed since the search: search again", iv.Title))
		return
	}
	start, end := widen(iv.Transcript, in.Start, in.End, in.Extent)
	passage, _ := ownwords.Slice(iv.Transcript, start, end)
	// The application layer codes in the user's own coder layer, once: a
	// double click finds the first segment (gate.CodePassage).
	seg, created, err := s.gate.CodePassage(ctx, a.caller(), iv.ID, in.CodeID, start, end, ownwords.HashText(passage))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
	}
	done := url.Values{}
	if status == http.StatusOK {
		done.Set("already", "1")
	}
	if wantsJSON(r) {
		writeJSON(w, status, map[string]any{"segment": seg})
		return
	}
	done.Set("coded", seg.ID)
	done.Set("code", seg.CodeID)
	done.Set("extent", in.Extent)
	// The redirect is always to the search page: back only supplies the
	// kept search's token, page and expanded interview, never a search
	// term.
	back := expandedHref(in.Back.Get("s"), pageNumber(in.Back.Get("page")), in.Back.Get(showAllParam))
	http.Redirect(w, r, back+"&"+done.Encode()+"#"+hitAnchor(iv.ID, in.Start), http.StatusSeeOther)
}
