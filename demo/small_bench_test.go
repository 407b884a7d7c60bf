package demo_test

import (
	"context"
	"fmt"
	"testing"

	"ownwords/demo"
	"ownwords/report"
	"ownwords/sqldb/sqldbtest"
	"ownwords/vault"
)

// smallStudy is the demo study cut to its first n participants (their
// interviews, codings, events and consent): a small team's study.
func smallStudy(n int) *demo.Study {
	s := demo.Generate(demo.DefaultSeed)
	keep := map[string]bool{}
	for _, p := range s.Participants[:n] {
		keep[p.ID] = true
	}
	out := *s
	out.Participants = s.Participants[:n]
	out.Interviews, out.Segments, out.Events, out.Consents = nil, nil, nil, nil
	ivs := map[string]bool{}
	for _, iv := range s.Interviews {
		if keep[iv.ParticipantID] {
			out.Interviews = append(out.Interviews, iv)
			ivs[iv.ID] = true
		}
	}
	for _, sg := range s.Segments {
		if ivs[sg.InterviewID] {
			out.Segments = append(out.Segments, sg)
		}
	}
	for _, e := range s.Events {
		if keep[e.ParticipantID] {
			out.Events = append(out.Events, e)
		}
	}
	for _, c := range s.Consents {
		if keep[c.ParticipantID] {
			out.Consents = append(out.Consents, c)
		}
	}
	return &out
}

// BenchmarkPublicReportSmallStudy builds the public report of a small
// team's study: its joint complementary suppression, where small groups
// hide whole columns of the co-occurrence table, is the cost (more than 7
// minutes at 30 participants before rows alike were solved once).
func BenchmarkPublicReportSmallStudy(b *testing.B) {
	for _, n := range []int{30, 60} {
		b.Run(fmt.Sprintf("participants=%d", n), func(b *testing.B) {
			st, _ := sqldbtest.OpenSQLite(b)
			ctx := context.Background()
			id, err := demo.Load(ctx, st, smallStudy(n), vault.HashPassword, nil)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, _, err := report.ForStudy(ctx, st, id, report.StudyOptions{Options: report.Options{Audience: report.AudiencePublic}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A small team's study gets its public report: every table passes the
// report's fail-closed audit (report.Disclosure), in seconds, not the
// minutes the joint suppression took when it solved every alike row of
// the co-occurrence table.
func TestPublicReportSmallStudy(t *testing.T) {
	st, _ := sqldbtest.OpenSQLite(t)
	ctx := t.Context()
	id, err := demo.Load(ctx, st, smallStudy(30), vault.HashPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, _, err := report.ForStudy(ctx, st, id, report.StudyOptions{Options: report.Options{Audience: report.AudiencePublic}})
	if err != nil {
		t.Fatal(err)
	}
	// Everyone of the 30 whose consent allows analysis: a group of k or
	// more, shown.
	if all := rep.Sample.Rows[0].Cells[0]; all.Suppressed || all.N < 20 || all.N > 30 {
		t.Errorf("sample of the public report: %+v, want most of the 30 participants, shown", all)
	}
}
