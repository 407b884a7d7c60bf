package web

import (
	"net/http"
	"strings"

	"ownwords"
)

// The codebook editor's actions (owner only, by policy). The store versions
// and audits every change; these handlers check that every code named
// belongs to the served study and then redirect back to the codebook.

// parsedForm parses a POSTed form.
func parsedForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return ownwords.Errorf(ownwords.EINVALID, "unreadable form")
	}
	return nil
}

// createCode adds a code under a parent of the study ("" adds a section).
func (s *Server) createCode(w http.ResponseWriter, r *http.Request) {
	if err := parsedForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := parseCodeForm(r.PostForm)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cb, err := s.store.Codebook(r.Context(), s.studyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.ParentID != "" {
		if _, err := code(cb, f.ParentID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	c := &ownwords.Code{StudyID: s.studyID, ParentID: f.ParentID}
	f.apply(c)
	if err := s.store.CreateCode(r.Context(), c); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/codebook#code-"+c.ID, http.StatusSeeOther)
}

// updateCode renames a code, changes its definitions or colour, or
// deprecates it (deprecated codes stay, with their segments, but can no
// longer be applied).
func (s *Server) updateCode(w http.ResponseWriter, r *http.Request) {
	cb, err := s.store.Codebook(r.Context(), s.studyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := code(cb, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := parsedForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := parseCodeForm(r.PostForm)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.apply(c)
	if err := s.store.UpdateCode(r.Context(), c); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/codebook#code-"+c.ID, http.StatusSeeOther)
}

// moveCode re-parents the code of the form's "code_id" under "parent_id"
// ("" makes it a section).
func (s *Server) moveCode(w http.ResponseWriter, r *http.Request) {
	if err := parsedForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	cb, err := s.store.Codebook(r.Context(), s.studyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := code(cb, strings.TrimSpace(r.PostForm.Get("code_id")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	parent := strings.TrimSpace(r.PostForm.Get("parent_id"))
	if parent != "" {
		if _, err := code(cb, parent); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if err := s.store.MoveCode(r.Context(), c.ID, parent); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/codebook#code-"+c.ID, http.StatusSeeOther)
}

// mergeCodes merges the form's "code_id" into "into": its segments and
// children move to the target, so no coding is lost, and the code is
// removed.
func (s *Server) mergeCodes(w http.ResponseWriter, r *http.Request) {
	if err := parsedForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	cb, err := s.store.Codebook(r.Context(), s.studyID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	from, err := code(cb, strings.TrimSpace(r.PostForm.Get("code_id")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	into, err := code(cb, strings.TrimSpace(r.PostForm.Get("into")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.MergeCodes(r.Context(), from.ID, into.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/codebook#code-"+into.ID, http.StatusSeeOther)
}
