package web

import (
	"context"

	"ownwords"
)

// The loaders below return an object only if it belongs to the served
// study: another study's object in the same store is ENOTFOUND, exactly
// like a missing one, so its existence is not revealed either.

func notFound(what, id string) error {
	return ownwords.Errorf(ownwords.ENOTFOUND, "%s %s not found", what, id)
}

// interview loads an interview of the study, with its text.
func (s *Server) interview(ctx context.Context, id string) (*ownwords.Interview, error) {
	iv, err := s.store.Interview(ctx, id)
	if err != nil || iv.StudyID != s.studyID {
		return nil, notFoundOr(err, "interview", id)
	}
	return iv, nil
}

// participant loads a participant of the study.
func (s *Server) participant(ctx context.Context, id string) (*ownwords.Participant, error) {
	p, err := s.store.Participant(ctx, id)
	if err != nil || p.StudyID != s.studyID {
		return nil, notFoundOr(err, "participant", id)
	}
	return p, nil
}

// code returns a code of the study's codebook.
func code(cb *ownwords.Codebook, id string) (*ownwords.Code, error) {
	c := cb.ByID(id)
	if c == nil {
		return nil, notFound("code", id)
	}
	return c, nil
}

// notFoundOr passes on store errors other than "not found" and turns the
// rest (including "belongs to another study") into a uniform ENOTFOUND.
func notFoundOr(err error, what, id string) error {
	if err != nil && ownwords.ErrorCode(err) != ownwords.ENOTFOUND {
		return err
	}
	return notFound(what, id)
}
