package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"ownwords"
)

// maxMemoBytes bounds a segment memo.
const maxMemoBytes = 64 << 10

var hexHash = regexp.MustCompile(`^[0-9a-fA-F]{64}$`)

// segmentInput is a segment form or JSON body. Has* say which optional
// fields were sent, so an update changes only those.
type segmentInput struct {
	CodeID   string  `json:"code_id"`
	Start    *int    `json:"start"`
	End      *int    `json:"end"`
	TextHash string  `json:"text_hash"`
	Layer    string  `json:"layer"`
	Memo     *string `json:"memo"`
	Version  int     `json:"version"`
	// TStart and TEnd (seconds) code the passage spoken in that time
	// span of the recording, instead of start, end and text_hash (a new
	// segment only; see gate.NewSegment.Time).
	TStart *float64 `json:"t_start"`
	TEnd   *float64 `json:"t_end"`
	// TextID names another text of the interview in which start, end
	// and text_hash select the passage (side by side): the segment is
	// coded, or resized, on the transcript at the aligned span (see
	// gate.NewSegment.TextID, gate.SegmentChange.TextID).
	TextID string `json:"text_id"`
}

// parseSegmentInput reads a segment from a JSON body (the coding script)
// or a form (the segment panel), and checks each field on its own.
func parseSegmentInput(r *http.Request) (segmentInput, error) {
	var in segmentInput
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			return in, ownwords.Errorf(ownwords.EINVALID, "segment: unreadable JSON body")
		}
		in.normalize()
		return in, in.check()
	}
	if err := r.ParseForm(); err != nil {
		return in, ownwords.Errorf(ownwords.EINVALID, "segment: unreadable form")
	}
	in, err := segmentFromForm(r.PostForm)
	if err != nil {
		return in, err
	}
	in.normalize()
	return in, in.check()
}

// normalize puts a memo in NFC, as the store keeps text: browsers may send
// decomposed characters.
func (in *segmentInput) normalize() {
	if in.Memo != nil && utf8.ValidString(*in.Memo) {
		memo := norm.NFC.String(*in.Memo)
		in.Memo = &memo
	}
}

// segmentFromForm converts form fields; empty fields count as not sent.
func segmentFromForm(v url.Values) (segmentInput, error) {
	in := segmentInput{CodeID: v.Get("code_id"), TextHash: v.Get("text_hash"), Layer: v.Get("layer"), TextID: v.Get("text_id")}
	var err error
	if in.Start, err = formInt(v, "start"); err != nil {
		return in, err
	}
	if in.End, err = formInt(v, "end"); err != nil {
		return in, err
	}
	if v.Has("memo") {
		memo := strings.ReplaceAll(v.Get("memo"), "\r\n", "\n")
		in.Memo = &memo
	}
	if v.Get("version") != "" {
		n, err := formInt(v, "version")
		if err != nil {
			return in, err
		}
		in.Version = *n
	}
	return in, nil
}

// formInt parses an optional integer field.
func formInt(v url.Values, name string) (*int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return nil, ownwords.Errorf(ownwords.EINVALID, "%s: %q is not a whole number", name, s)
	}
	return &n, nil
}

// check validates the fields that can be checked without the store.
func (in segmentInput) check() error {
	switch {
	case (in.Start == nil) != (in.End == nil):
		return ownwords.Errorf(ownwords.EINVALID, "segment: give both start and end")
	case (in.TStart == nil) != (in.TEnd == nil):
		return ownwords.Errorf(ownwords.EINVALID, "segment: give both t_start and t_end")
	case in.TStart != nil && in.Start != nil:
		return ownwords.Errorf(ownwords.EINVALID, "segment: give a range (start, end) or a time span (t_start, t_end), not both")
	case in.Start != nil && (*in.Start < 0 || *in.End <= *in.Start):
		return ownwords.Errorf(ownwords.EINVALID, "segment: range %d..%d is empty or negative", *in.Start, *in.End)
	case in.TextID != "" && (in.Start == nil || in.TStart != nil):
		return ownwords.Errorf(ownwords.EINVALID, "segment: text_id needs the passage's start, end and text_hash in that text")
	case in.TextHash != "" && !hexHash.MatchString(in.TextHash):
		return ownwords.Errorf(ownwords.EINVALID, "segment: text_hash must be 64 hex digits (SHA-256)")
	case in.Layer != "" && in.Layer != ownwords.LayerCoder && in.Layer != ownwords.LayerConsensus:
		return ownwords.Errorf(ownwords.EINVALID, "segment: layer must be coder or consensus")
	case in.Version < 0:
		return ownwords.Errorf(ownwords.EINVALID, "segment: version must not be negative")
	}
	if in.Memo != nil {
		if len(*in.Memo) > maxMemoBytes {
			return ownwords.Errorf(ownwords.EINVALID, "segment: memo longer than %d KiB", maxMemoBytes>>10)
		}
		if err := ownwords.CheckText(*in.Memo); err != nil {
			return ownwords.Errorf(ownwords.EINVALID, "segment memo: %s", ownwords.ErrorMessage(err))
		}
	}
	return nil
}
