package reliability

import (
	"context"
	"unicode/utf8"

	"ownwords"
)

// Source is what LoadInput reads: interviews with their text (for their
// lengths), coder-layer segments, the codebook and the user names. An
// ownwords.Services (a store) is one.
type Source interface {
	Interviews(ctx context.Context, f ownwords.InterviewFilter) ([]*ownwords.Interview, error)
	Segments(ctx context.Context, f ownwords.SegmentFilter) ([]*ownwords.Segment, error)
	Codebook(ctx context.Context, studyID string) (*ownwords.Codebook, error)
	Users(ctx context.Context) ([]*ownwords.User, error)
}

// LoadInput reads what Compute needs from a study: transcript lengths,
// coder-layer segments, code paths and user names.
func LoadInput(ctx context.Context, svc Source, studyID string) (Input, error) {
	in := Input{Lengths: map[string]int{}, CodeNames: map[string]string{}, CoderNames: map[string]string{}}
	// The lengths only: a study's transcripts all at once do not fit in
	// memory at 20,000 interviews (the store's sort of them ran out of it).
	ivs, err := svc.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID, WithLength: true})
	if err != nil {
		return in, err
	}
	for _, iv := range ivs {
		n := iv.Length
		if n == 0 && iv.Transcript != "" { // a source that does not know WithLength
			n = utf8.RuneCountInString(iv.Transcript)
		}
		in.Lengths[iv.ID] = n
	}
	if in.Segments, err = svc.Segments(ctx, ownwords.SegmentFilter{StudyID: studyID, Layer: ownwords.LayerCoder}); err != nil {
		return in, err
	}
	cb, err := svc.Codebook(ctx, studyID)
	if err != nil {
		return in, err
	}
	for _, c := range cb.Codes {
		in.CodeNames[c.ID] = cb.Path(c)
	}
	users, err := svc.Users(ctx)
	if err != nil {
		return in, err
	}
	// Only the names of the study's coders: a name is known here because it
	// coded in this study, so asking for another account tells nothing of
	// the store's other studies.
	coded := map[string]bool{}
	for _, seg := range in.Segments {
		coded[seg.CoderID] = true
	}
	for _, u := range users {
		if coded[u.ID] {
			in.CoderNames[u.ID] = u.Name
		}
	}
	return in, nil
}

// Options returns the options that compare the coders and codes named
// (user names, code paths "section/slug"; either empty for all). A name not
// in the input is EINVALID.
func (in Input) Options(coders, codes []string) (Options, error) {
	var opt Options
	var err error
	if opt.Coders, err = idsOf(in.CoderNames, coders, "no coder named %q in this study"); err != nil {
		return opt, err
	}
	if opt.Codes, err = idsOf(in.CodeNames, codes, "no code %q in the codebook"); err != nil {
		return opt, err
	}
	return opt, nil
}

// idsOf returns the IDs of the wanted names, given names by ID; EINVALID
// (with missing, a format of one %q) for a name not there.
func idsOf(names map[string]string, wanted []string, missing string) ([]string, error) {
	byName := make(map[string]string, len(names))
	for id, name := range names {
		byName[name] = id
	}
	var out []string
	for _, name := range wanted {
		id, ok := byName[name]
		if !ok {
			return nil, ownwords.Errorf(ownwords.EINVALID, "reliability: "+missing, name)
		}
		out = append(out, id)
	}
	return out, nil
}
