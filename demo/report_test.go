package demo

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"ownwords"
)

// This file is the tests' own small implementation of the analysis the
// report package performs (contracts.md): endorsement from consensus
// segments, the sample, group figures, modes, distinct counts and
// co-occurrence. It is independent of the generator: it sees only the
// Study as a store would hold it.

type testFigure struct {
	Section     string  `json:"section"`
	Item        string  `json:"item"`
	Group       string  `json:"group"`
	N           int     `json:"n"`
	Denominator int     `json:"denominator"`
	Percent     float64 `json:"percent"`
	Value       *string `json:"value,omitempty"`
}

type testCooc struct {
	Group string   `json:"group"`
	A     string   `json:"a"`
	B     string   `json:"b"`
	NAB   int      `json:"n_ab"`
	NA    int      `json:"n_a"`
	NB    int      `json:"n_b"`
	N     int      `json:"n"`
	Lift  *float64 `json:"lift"`
}

type testReport struct {
	Audience     string       `json:"audience"`
	Plan         string       `json:"plan"`
	Figures      []testFigure `json:"figures"`
	Cooccurrence []testCooc   `json:"cooccurrence"`
}

type testPlan struct {
	Sample struct {
		OrderBy string `json:"order_by"`
		First   int    `json:"first"`
	} `json:"sample"`
	Groups []struct {
		Name   string            `json:"name"`
		Filter map[string]string `json:"filter"`
	} `json:"groups"`
	Attributes   []string `json:"attributes"`
	Distinct     []string `json:"distinct"`
	Cooccurrence []struct {
		A string `json:"a"`
		B string `json:"b"`
	} `json:"cooccurrence"`
}

// pct rounds 100*n/d half-up to one decimal, on integers.
func pct(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64((2000*n+d)/(2*d)) / 10
}

// mustEndorsements returns each participant's endorsed items (paths), from
// consensus segments only, derived items included.
func mustEndorsements(tb testing.TB, s *Study) map[string]map[string]bool {
	tb.Helper()
	cb := s.Codebook()
	owner := map[string]string{}
	for _, iv := range s.Interviews {
		owner[iv.ID] = iv.ParticipantID
	}
	out := map[string]map[string]bool{}
	for _, p := range s.Participants {
		out[p.ID] = map[string]bool{}
	}
	for _, sg := range s.Segments {
		if sg.Layer != ownwords.LayerConsensus {
			continue
		}
		c := cb.ByID(sg.CodeID)
		if c == nil || c.Derived != nil {
			tb.Fatalf("segment %s carries code %q, which is unknown or derived", sg.ID, sg.CodeID)
		}
		for ; c != nil; c = cb.ByID(c.ParentID) {
			out[owner[sg.InterviewID]][cb.Path(c)] = true
		}
	}
	for _, c := range cb.Codes {
		if c.Derived == nil {
			continue
		}
		parent := cb.ByID(c.ParentID)
		for _, e := range out {
			anyOf, all := false, true
			for _, it := range c.Derived.Items {
				has := e[parent.Slug+"/"+it]
				anyOf, all = anyOf || has, all && has
			}
			e[cb.Path(c)] = c.Derived.Op == ownwords.DeriveAnyOf && anyOf || c.Derived.Op == ownwords.DeriveAllOf && all
		}
	}
	return out
}

// mustReport builds the team-audience report JSON of s under its plan.
func mustReport(tb testing.TB, s *Study) *testReport {
	tb.Helper()
	var plan testPlan
	if err := json.Unmarshal(s.Plan.Body, &plan); err != nil {
		tb.Fatal(err)
	}
	endorsed := mustEndorsements(tb, s)
	sample := slices.Clone(s.Participants)
	slices.SortFunc(sample, func(a, b *ownwords.Participant) int {
		da, db := a.Values[plan.Sample.OrderBy].Date, b.Values[plan.Sample.OrderBy].Date
		if c := da.Earliest().Compare(db.Earliest()); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	sample = sample[:plan.Sample.First]
	cb := s.Codebook()
	r := &testReport{Audience: "team", Plan: "reference"}
	for _, g := range plan.Groups {
		var ms []*ownwords.Participant
		for _, p := range sample {
			ok := true
			for attr, v := range g.Filter {
				ok = ok && p.Values[attr].String() == v
			}
			if ok {
				ms = append(ms, p)
			}
		}
		d := len(ms)
		add := func(section, item string, n int) {
			r.Figures = append(r.Figures, testFigure{section, item, g.Name, n, d, pct(n, d), nil})
		}
		add("sample", "participants", d)
		for _, c := range cb.Codes {
			if c.ParentID == "" {
				continue
			}
			n := 0
			for _, p := range ms {
				if endorsed[p.ID][cb.Path(c)] {
					n++
				}
			}
			add(c.ParentID, c.Slug, n)
		}
		for _, attr := range plan.Attributes {
			count := map[string]int{}
			for _, p := range ms {
				if v, ok := p.Values[attr]; ok && !v.Missing {
					count[v.String()]++
				}
			}
			keys := sortedKeys(count)
			for _, v := range keys {
				add("attributes."+attr, v, count[v])
			}
			mode, best, tie := "", 0, false
			for _, v := range keys {
				switch n := count[v]; {
				case n > best:
					mode, best, tie = v, n, false
				case n == best:
					tie = true
				}
			}
			if tie {
				mode = ""
			}
			r.Figures = append(r.Figures, testFigure{"mode", attr, g.Name, best, d, pct(best, d), &mode})
		}
		for _, attr := range plan.Distinct {
			seen := map[string]bool{}
			for _, p := range ms {
				seen[p.Values[attr].String()] = true
			}
			add("distinct", attr, len(seen))
		}
		for _, pair := range plan.Cooccurrence {
			c := testCooc{Group: g.Name, A: pair.A, B: pair.B, N: d}
			for _, p := range ms {
				a, b := endorsed[p.ID][pair.A], endorsed[p.ID][pair.B]
				c.NA += b2i(a)
				c.NB += b2i(b)
				c.NAB += b2i(a && b)
			}
			if c.NA > 0 && c.NB > 0 {
				lift := float64(c.NAB*c.N) / float64(c.NA*c.NB)
				c.Lift = &lift
			}
			r.Cooccurrence = append(r.Cooccurrence, c)
		}
	}
	return r
}

func sortedKeys(m map[string]int) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// figure returns a pointer to the report's figure, failing if absent.
func (r *testReport) figure(tb testing.TB, section, item, group string) *testFigure {
	tb.Helper()
	for i := range r.Figures {
		if f := &r.Figures[i]; f.Section == section && f.Item == item && f.Group == group {
			return f
		}
	}
	tb.Fatalf("no figure %s/%s [%s]", section, item, group)
	return nil
}
