package web

import (
	"net/http"
	"strings"

	"ownwords"
)

// The codebook editor's actions (owner only: by policy, and again by the
// application layer). The store versions and audits every change; these
// handlers parse the form, call gate, and redirect back to the codebook.

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
	d, err := parseCodeForm(r.PostForm)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	c, err := s.gate.CreateCode(ctx, accountFrom(ctx).caller(), d)
	s.codebookChanged(w, r, c, err)
}

// updateCode renames a code, changes its definitions or colour, or
// deprecates it (deprecated codes stay, with their segments, but can no
// longer be applied).
func (s *Server) updateCode(w http.ResponseWriter, r *http.Request) {
	if err := parsedForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := parseCodeForm(r.PostForm)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	c, err := s.gate.UpdateCode(ctx, accountFrom(ctx).caller(), r.PathValue("id"), d)
	s.codebookChanged(w, r, c, err)
}

// moveCode re-parents the code of the form's "code_id" under "parent_id"
// ("" makes it a section).
func (s *Server) moveCode(w http.ResponseWriter, r *http.Request) {
	if err := parsedForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	c, err := s.gate.MoveCode(ctx, accountFrom(ctx).caller(), strings.TrimSpace(r.PostForm.Get("code_id")), strings.TrimSpace(r.PostForm.Get("parent_id")))
	s.codebookChanged(w, r, c, err)
}

// mergeCodes merges the form's "code_id" into "into": its segments and
// children move to the target, so no coding is lost, and the code is
// removed.
func (s *Server) mergeCodes(w http.ResponseWriter, r *http.Request) {
	if err := parsedForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	into, err := s.gate.MergeCodes(ctx, accountFrom(ctx).caller(), strings.TrimSpace(r.PostForm.Get("code_id")), strings.TrimSpace(r.PostForm.Get("into")))
	s.codebookChanged(w, r, into, err)
}

// codebookChanged answers an edit: err, or back to the codebook at code c.
func (s *Server) codebookChanged(w http.ResponseWriter, r *http.Request, c *ownwords.Code, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/codebook#code-"+c.ID, http.StatusSeeOther)
}
