package web

import (
	"io"
	"net/http"
	"strings"

	"ownwords"
)

// playRecording streams a recording to the player, decrypted chunk by
// chunk (memory holds one chunk per request, whatever the recording's
// size), with HTTP Range (206 and Content-Range; 416 for a range outside
// it; If-Range against the ETag; one range only) by http.ServeContent.
// Who may play is the gate's decision (Gate.Play); so is whether the browser may keep
// the bytes: when it may not, the response is no-store. The start of a
// playback (a request from byte 0) is audited, not every range a player
// fetches while seeking (the gate audits a range too when the caller has
// no playback of the recording audited recently).
func (s *Server) playRecording(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if strings.Contains(r.Header.Get("Range"), ",") {
		// Several ranges are answered with the whole recording, read once
		// in order (a server may ignore Range): as multipart/byteranges,
		// every range would decrypt a chunk, so a header of thousands of
		// small ranges alternating between chunks would cost gigabytes.
		// No player asks for more than one.
		r.Header.Del("Range")
	}
	rng := r.Header.Get("Range")
	fresh := rng == "" || strings.HasPrefix(strings.ReplaceAll(rng, " ", ""), "bytes=0-")
	pb, err := s.gate.Play(ctx, accountFrom(ctx).caller(), r.PathValue("id"), fresh)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer pb.Reader.Close()
	h := w.Header()
	h.Set("Content-Type", pb.Recording.MediaType)
	h.Set("ETag", `"`+pb.Recording.SHA256+`"`)
	h.Set("Content-Disposition", "inline")
	if pb.Keep {
		h.Set("Cache-Control", "private, no-cache")
	} else {
		h.Set("Cache-Control", "no-store")
	}
	src := &errReader{r: pb.Reader}
	http.ServeContent(w, r, "", pb.Recording.Created, src)
	if src.err != nil {
		// The headers are gone: the player sees a cut stream; the
		// operator sees why.
		s.log.Error("recording cannot be served", "recording", pb.Recording.ID, "error", ownwords.ErrorMessage(src.err))
	}
}

// errReader keeps the first read error other than EOF of a recording.
type errReader struct {
	r   ownwords.RecordingReader
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF && e.err == nil {
		e.err = err
	}
	return n, err
}

func (e *errReader) Seek(off int64, whence int) (int64, error) { return e.r.Seek(off, whence) }
