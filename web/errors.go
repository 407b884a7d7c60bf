package web

import (
	"encoding/json"
	"net/http"

	"ownwords"
)

// statusOf is the one table from domain error codes to HTTP statuses.
var statusOf = map[string]int{
	ownwords.EINVALID:        http.StatusBadRequest,
	ownwords.ENOTFOUND:       http.StatusNotFound,
	ownwords.ECONFLICT:       http.StatusConflict,
	ownwords.EUNAUTHORIZED:   http.StatusUnauthorized,
	ownwords.EFORBIDDEN:      http.StatusForbidden,
	ownwords.ENOTIMPLEMENTED: http.StatusNotImplemented,
	ownwords.EINTERNAL:       http.StatusInternalServerError,
}

// errorView is the data of the error page.
type errorView struct {
	Status  int
	Message string
}

// fail answers with err's status and user-safe message, as JSON when the
// client asked for it and as the error page otherwise. Internal errors are
// logged and shown only as "internal error".
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := ownwords.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status == http.StatusInternalServerError {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	msg := ownwords.ErrorMessage(err)
	if wantsJSON(r) {
		writeJSON(w, status, map[string]string{"error": msg, "code": code})
		return
	}
	s.render(w, r, status, "error", "Error", errorView{Status: status, Message: msg})
}

// writeJSON writes v as a JSON response with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
