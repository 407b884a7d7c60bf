package web

import (
	"net/http"
	"strconv"

	"ownwords"
)

// deleteSegment removes a segment at the version the user saw (409 if it
// changed since).
func (s *Server) deleteSegment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	version, err := parseVersion(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	seg, err := s.gate.DeleteSegment(ctx, accountFrom(ctx).caller(), r.PathValue("id"), version)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, map[string]string{"deleted": seg.ID})
		return
	}
	http.Redirect(w, r, "/interviews/"+seg.InterviewID+textParam(r, "?"), http.StatusSeeOther)
}

// parseVersion reads the required "version" field of a form or query.
func parseVersion(r *http.Request) (int, error) {
	if err := r.ParseForm(); err != nil {
		return 0, ownwords.Errorf(ownwords.EINVALID, "unreadable form")
	}
	n, err := strconv.Atoi(r.Form.Get("version"))
	if err != nil || n < 1 {
		return 0, ownwords.Errorf(ownwords.EINVALID, "version: a positive whole number is required")
	}
	return n, nil
}
