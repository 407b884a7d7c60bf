package demo_test

import (
	"fmt"
	"io"
	"testing"

	"ownwords"
	"ownwords/analysis"
	"ownwords/demo"
	"ownwords/report"
)

// inputFromStudy builds the analysis input straight from a generated study
// (no store), repeating its participants copies times under new codes, so
// that a 20,000-participant study keeps the demo's distributions.
func inputFromStudy(s *demo.Study, copies int) *analysis.Input {
	in := &analysis.Input{Study: &s.Info, Attributes: s.Attributes, Codebook: s.Codebook()}
	ivOf := map[string][]*ownwords.Interview{}
	for _, iv := range s.Interviews {
		ivOf[iv.ParticipantID] = append(ivOf[iv.ParticipantID], iv)
	}
	segsOf := map[string][]*ownwords.Segment{}
	for _, seg := range s.Segments {
		if seg.Layer == ownwords.LayerConsensus {
			segsOf[seg.InterviewID] = append(segsOf[seg.InterviewID], seg)
		}
	}
	for c := range copies {
		for _, p := range s.Participants {
			cp := *p
			cp.ID, cp.Code = fmt.Sprintf("%s#%d", p.ID, c), fmt.Sprintf("%s-%d", p.Code, c)
			in.Participants = append(in.Participants, &cp)
			for _, iv := range ivOf[p.ID] {
				civ := *iv
				civ.ID, civ.ParticipantID, civ.Transcript = fmt.Sprintf("%s#%d", iv.ID, c), cp.ID, ""
				in.Interviews = append(in.Interviews, &civ)
				for _, seg := range segsOf[iv.ID] {
					cs := *seg
					cs.ID, cs.InterviewID = fmt.Sprintf("%s#%d", seg.ID, c), civ.ID
					in.Segments = append(in.Segments, &cs)
				}
			}
		}
	}
	return in
}

// BenchmarkReport measures the participant × item matrix and the full
// report (analysis.Run, report.Build, JSON and HTML rendering) for the
// demo study (239 participants, sample 220) and for 20,000 participants.
func BenchmarkReport(b *testing.B) {
	s := demo.Generate(demo.DefaultSeed)
	for _, size := range []struct {
		name   string
		copies int
		first  int
	}{{"demo", 1, demo.SampleSize}, {"20000", 84, 20000}} {
		in := inputFromStudy(s, size.copies)
		plan, err := analysis.ParsePlan(demo.ReferencePlan())
		if err != nil {
			b.Fatal(err)
		}
		plan.Sample.First = size.first
		b.Run(size.name+"/matrix", func(b *testing.B) {
			for b.Loop() {
				if _, err := analysis.Run(in, plan); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(size.name+"/report", func(b *testing.B) {
			for b.Loop() {
				res, err := analysis.Run(in, plan)
				if err != nil {
					b.Fatal(err)
				}
				rep, err := report.Build(res, report.Options{Audience: report.AudiencePublic})
				if err != nil {
					b.Fatal(err)
				}
				if err := report.WriteJSON(io.Discard, rep); err != nil {
					b.Fatal(err)
				}
				if err := report.WriteHTML(io.Discard, rep); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
