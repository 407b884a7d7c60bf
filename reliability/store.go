package reliability

import (
	"context"
	"unicode/utf8"

	"ownwords"
)

// FromStore computes the reliability table of a study. coders lists user
// names and codes lists code paths ("section/slug"); either may be empty
// for all. The overlap threshold is the study's. Unknown names and paths
// are EINVALID errors; the errors of Compute pass through.
func FromStore(ctx context.Context, svc ownwords.Services, studyID string, coders, codes []string) (*Table, error) {
	study, err := svc.Study(ctx, studyID)
	if err != nil {
		return nil, err
	}
	in, err := LoadInput(ctx, svc, studyID)
	if err != nil {
		return nil, err
	}
	opt := Options{OverlapThreshold: study.Settings.OverlapThreshold}
	byName := make(map[string]string, len(in.CoderNames))
	for id, name := range in.CoderNames {
		byName[name] = id
	}
	for _, name := range coders {
		id, ok := byName[name]
		if !ok {
			return nil, ownwords.Errorf(ownwords.EINVALID, "reliability: no user named %q", name)
		}
		opt.Coders = append(opt.Coders, id)
	}
	byPath := make(map[string]string, len(in.CodeNames))
	for id, path := range in.CodeNames {
		byPath[path] = id
	}
	for _, path := range codes {
		id, ok := byPath[path]
		if !ok {
			return nil, ownwords.Errorf(ownwords.EINVALID, "reliability: no code %q in the codebook", path)
		}
		opt.Codes = append(opt.Codes, id)
	}
	return Compute(in, opt)
}

// LoadInput reads what Compute needs from a study: transcript lengths,
// coder-layer segments, code paths and user names.
func LoadInput(ctx context.Context, svc ownwords.Services, studyID string) (Input, error) {
	in := Input{Lengths: map[string]int{}, CodeNames: map[string]string{}, CoderNames: map[string]string{}}
	ivs, err := svc.Interviews(ctx, ownwords.InterviewFilter{StudyID: studyID, WithText: true})
	if err != nil {
		return in, err
	}
	for _, iv := range ivs {
		in.Lengths[iv.ID] = utf8.RuneCountInString(iv.Transcript)
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
	for _, u := range users {
		in.CoderNames[u.ID] = u.Name
	}
	return in, nil
}
