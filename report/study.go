package report

import (
	"context"
	"slices"

	"ownwords"
	"ownwords/analysis"
	"ownwords/reliability"
	"ownwords/text"
)

// StudyOptions say which report of a stored study to build and for whom.
type StudyOptions struct {
	Options
	// Plan names a stored analysis plan; "" takes the study's only plan,
	// or the one named "reference".
	Plan string
	// WithQuotes reads quotes from transcripts. Callers set it only for
	// readers who may see text (owners and coders, or a passphrase holder
	// exporting a public report); analysts' reports carry none.
	WithQuotes bool
}

// PlanSource holds a study's analysis plans, for ForStudy and
// MatrixForStudy to pick from (see StudyOptions.Plan).
type PlanSource interface {
	Plans(ctx context.Context, studyID string) ([]*ownwords.Plan, error)
}

// AnalysisSource is what Analyse reads: the plans and the analysis input.
type AnalysisSource interface {
	PlanSource
	analysis.Source
}

// InterviewSource gives an interview with its text, for quotes.
type InterviewSource interface {
	Interview(ctx context.Context, id string) (*ownwords.Interview, error)
}

// StudySource is what ForStudy reads: the plans, the analysis input and
// events (analysis.TimelineSource), the reliability input
// (reliability.Source) and, for quotes, each interview with its text. An
// ownwords.Services (a store) is one; tests may hold a study in memory.
type StudySource interface {
	PlanSource
	analysis.TimelineSource
	reliability.Source
	InterviewSource
}

// ForStudy builds the report of a stored study: it loads the plan and the
// analysis input through svc, runs the analysis and builds the report. It
// also returns the analysis result for drill-down (provenance).
func ForStudy(ctx context.Context, svc StudySource, studyID string, opt StudyOptions) (*Report, *analysis.Result, error) {
	in, res, err := Analyse(ctx, svc, studyID, opt.Plan)
	if err != nil {
		return nil, nil, err
	}
	rep, err := ForAnalysis(ctx, svc, in, res, opt)
	return rep, res, err
}

// ForAnalysis builds the report of the analysis res of in (Analyse's
// result, which it only reads), reading reliability, events and quotes
// through svc: ForStudy for a caller that keeps analyses.
func ForAnalysis(ctx context.Context, svc StudySource, in *analysis.Input, res *analysis.Result, opt StudyOptions) (*Report, error) {
	plan := res.Plan
	if opt.WithQuotes && opt.Quotes == nil {
		opt.Quotes = TranscriptQuotes(ctx, svc)
		if ts, ok := svc.(TextSource); ok && opt.Aligned == nil {
			opt.Aligned = AlignedQuotes(ctx, ts)
		}
	}
	if opt.Quotes != nil && opt.Attribution == nil {
		attr, err := StudyAttribution(in, res)
		if err != nil {
			return nil, err
		}
		opt.Attribution = attr.Of
	}
	rep, err := Build(res, opt.Options)
	if err != nil {
		return rep, err
	}
	if rep.Reliability, err = studyReliability(ctx, svc, in.Study, in.Codebook, rep); err != nil {
		return nil, err
	}
	if len(plan.Survival) == 0 {
		return rep, nil
	}
	rep.Timeline, err = timelineCharts(ctx, svc, in, res, plan, rep)
	return rep, err
}

// timelineCharts draws the plan's survival curves, the swimlane and the
// histogram from the study's events, for the report's audience (public:
// no group smaller than k, dates in years, and curves and lanes by group
// only where rep prints every group's size, see PublicSurvival and
// swPublic).
func timelineCharts(ctx context.Context, svc analysis.TimelineSource, in *analysis.Input, res *analysis.Result, plan *analysis.Plan, rep *Report) (*TimelineCharts, error) {
	events, err := svc.Events(ctx, ownwords.EventFilter{StudyID: in.Study.ID})
	if err != nil || len(events) == 0 {
		return nil, err
	}
	// The curves describe the analysis sample, like every other figure.
	sample := *in
	sample.Participants = res.Sample()
	inSample := make(map[string]bool, len(sample.Participants))
	for _, p := range sample.Participants {
		inSample[p.ID] = true
	}
	events = slices.DeleteFunc(events, func(e *ownwords.Event) bool { return !inSample[e.ParticipantID] })
	tl, err := analysis.NewTimelines(&analysis.TimelineInput{Input: &sample, Events: events})
	if err != nil {
		return nil, err
	}
	return BuildTimelineCharts(tl, plan.Survival, TimelineOptions{Audience: rep.Audience, K: rep.K, SortBy: plan.Survival[0].By, Report: rep})
}

// Analyse runs the analysis of a stored study under the plan named plan
// (picked as every output does, see ownwords.PickPlan): what the report,
// the quote bank and retrieval's attributions rest on.
func Analyse(ctx context.Context, svc AnalysisSource, studyID, plan string) (*analysis.Input, *analysis.Result, error) {
	p, err := parsedPlan(ctx, svc, studyID, plan)
	if err != nil {
		return nil, nil, err
	}
	in, err := analysis.Load(ctx, svc, studyID)
	if err != nil {
		return nil, nil, err
	}
	res, err := run(in, p)
	return in, res, err
}

// AnalyseInput is Analyse of an input already loaded (analysis.Load),
// which it only reads: for callers that keep inputs.
func AnalyseInput(ctx context.Context, svc PlanSource, in *analysis.Input, plan string) (*analysis.Result, error) {
	p, err := parsedPlan(ctx, svc, in.Study.ID, plan)
	if err != nil {
		return nil, err
	}
	return run(in, p)
}

// parsedPlan picks the plan named (findPlan) and parses it.
func parsedPlan(ctx context.Context, svc PlanSource, studyID, name string) (*analysis.Plan, error) {
	stored, err := findPlan(ctx, svc, studyID, name)
	if err != nil {
		return nil, err
	}
	return analysis.ParsePlan(stored.Body)
}

// run validates p against in and runs it.
func run(in *analysis.Input, p *analysis.Plan) (*analysis.Result, error) {
	if err := p.Validate(in.Codebook, in.Attributes); err != nil {
		return nil, err
	}
	return analysis.Run(in, p)
}

// findPlan picks the plan as every output does (ownwords.PickPlan).
func findPlan(ctx context.Context, svc PlanSource, studyID, name string) (*ownwords.Plan, error) {
	plans, err := svc.Plans(ctx, studyID)
	if err != nil {
		return nil, err
	}
	return ownwords.PickPlan(plans, name)
}

// TranscriptQuotes returns a QuoteSource that slices segments out of their
// transcripts, reading each transcript once.
func TranscriptQuotes(ctx context.Context, svc InterviewSource) QuoteSource {
	cache := map[string]string{}
	return func(seg *ownwords.Segment) (string, error) {
		text, ok := cache[seg.InterviewID]
		if !ok {
			iv, err := svc.Interview(ctx, seg.InterviewID)
			if err != nil {
				return "", err
			}
			text = iv.Transcript
			cache[seg.InterviewID] = text
		}
		quote, ok := ownwords.Slice(text, seg.Start, seg.End)
		if !ok {
			return "", ownwords.Errorf(ownwords.EINVALID, "segment %s lies outside its transcript", seg.ID)
		}
		return quote, nil
	}
}

// TextSource is what AlignedQuotes reads besides interviews: their other
// texts (an ownwords.Services is one).
type TextSource interface {
	InterviewSource
	InterviewTexts(ctx context.Context, interviewID string) ([]*ownwords.InterviewText, error)
}

// AlignedQuotes returns an AlignedSource that gives a segment the aligned
// passage of the first other text of its interview (originals first)
// that aligns with the transcript, turn by turn or by hand
// (InterviewText.Alignment), reading each interview and its texts once.
// The passage is the segment's projection (text.Projection): its own
// sentences where sentence alignment is certain, else its whole turns (or
// groups of turns aligned by hand), so that no more of the participant's
// words stand beside a quote than must. A text that does not align
// (InterviewText.Unaligned: the same turn number would be other words)
// gives none.
func AlignedQuotes(ctx context.Context, svc TextSource) AlignedSource {
	type pair struct {
		iv    *ownwords.Interview
		other *ownwords.InterviewText
		proj  *text.Projection
	}
	cache := map[string]*pair{}
	return func(seg *ownwords.Segment) (*AlignedPassage, error) {
		p, ok := cache[seg.InterviewID]
		if !ok {
			texts, err := svc.InterviewTexts(ctx, seg.InterviewID)
			if err != nil {
				return nil, err
			}
			if len(texts) > 0 {
				iv, err := svc.Interview(ctx, seg.InterviewID)
				if err != nil {
					return nil, err
				}
				for _, t := range texts {
					if proj, err := text.NewProjectionMap(iv.Transcript, t.Text, t.Alignment); err == nil {
						p = &pair{iv: iv, other: t, proj: proj}
						break
					}
				}
			}
			cache[seg.InterviewID] = p
		}
		if p == nil {
			return nil, nil
		}
		s, e, ok := p.proj.AToB(seg.Start, seg.End)
		if !ok {
			return nil, nil
		}
		passage, ok := ownwords.Slice(p.other.Text, s, e)
		if !ok {
			return nil, nil
		}
		return &AlignedPassage{Role: p.other.Role, Language: p.other.Language, Text: passage, QuoteLanguage: p.iv.Language}, nil
	}
}
