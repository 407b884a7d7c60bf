package analysis

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"ownwords"
)

// TestRunMatchesBruteForce checks every item, attribute, distinct and
// co-occurrence figure of a generated study against a naive computation
// that walks each segment's code up to its item with maps and no bitsets.
func TestRunMatchesBruteForce(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("Seed", seed), func(t *testing.T) {
			in := genInput(t, 400, 4, 6, seed)
			r := mustRun(t, in, mustPlan(t, fmt.Sprintf(genPlanJSON, 300)))
			naive := bruteForce(in, r.Plan)
			if r.SampleSize != 300 {
				t.Fatalf("sample size %d, want 300", r.SampleSize)
			}
			for gi, g := range r.Groups {
				members := naive.groups[gi]
				if g.Size.N != len(members) {
					t.Errorf("%s: size %d, want %d", g.Name, g.Size.N, len(members))
				}
				for si, s := range r.Sections {
					for ii, it := range s.Items {
						want := naive.count(members, s.Slug+"/"+it.Slug)
						if got := g.Items[si][ii]; got != (Count{want, len(members)}) {
							t.Errorf("%s %s/%s = %+v, want %d of %d", g.Name, s.Slug, it.Slug, got, want, len(members))
						}
					}
				}
				for ai, a := range r.Attributes {
					for vi, v := range a.Values {
						want := naive.valueCount(members, a.Slug, v)
						if got := g.Attributes[ai][vi].N; got != want {
							t.Errorf("%s %s=%s: %d, want %d", g.Name, a.Slug, v, got, want)
						}
					}
					if got, want := g.Missing[ai].N, naive.valueCount(members, a.Slug, ""); got != want {
						t.Errorf("%s %s missing: %d, want %d", g.Name, a.Slug, got, want)
					}
				}
				if got, want := g.Distinct[0], naive.distinct(members, "country"); got != want {
					t.Errorf("%s distinct countries %d, want %d", g.Name, got, want)
				}
				for _, c := range g.Cooccurrence {
					both := naive.count(naive.endorsers(members, c.A), c.B)
					want := Cooccurrence{c.A, c.B, both, naive.count(members, c.A), naive.count(members, c.B), len(members)}
					if c != want {
						t.Errorf("%s cooccurrence %+v, want %+v", g.Name, c, want)
					}
				}
			}
		})
	}
}

// naiveStudy holds the brute-force view: the sample, each member's
// endorsed item paths, and each group's members.
type naiveStudy struct {
	sample   []*ownwords.Participant
	endorsed map[string]map[string]bool // participant ID -> item path
	groups   [][]*ownwords.Participant
}

func bruteForce(in *Input, p *Plan) *naiveStudy {
	n := &naiveStudy{endorsed: map[string]map[string]bool{}}
	for _, pt := range in.Participants {
		if d := pt.Values[p.Sample.OrderBy]; !d.Missing {
			n.sample = append(n.sample, pt)
		}
	}
	slices.SortFunc(n.sample, func(a, b *ownwords.Participant) int {
		da, db := a.Values[p.Sample.OrderBy].Date.Earliest(), b.Values[p.Sample.OrderBy].Date.Earliest()
		if c := da.Compare(db); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	n.sample = n.sample[:min(p.Sample.First, len(n.sample))]
	owner := map[string]string{}
	for _, iv := range in.Interviews {
		owner[iv.ID] = iv.ParticipantID
	}
	for _, s := range in.Segments {
		if s.Layer != ownwords.LayerConsensus {
			continue
		}
		parts := strings.Split(in.Codebook.Path(in.Codebook.ByID(s.CodeID)), "/")
		if len(parts) < 2 {
			continue
		}
		pid := owner[s.InterviewID]
		if n.endorsed[pid] == nil {
			n.endorsed[pid] = map[string]bool{}
		}
		n.endorsed[pid][parts[0]+"/"+parts[1]] = true
	}
	// Derived items of the generated codebook, by definition.
	for _, e := range n.endorsed {
		for _, c := range in.Codebook.Codes {
			if d := c.Derived; d != nil {
				sec := in.Codebook.Path(in.Codebook.ByID(c.ParentID)) + "/"
				a, b := e[sec+d.Items[0]], e[sec+d.Items[1]]
				e[sec+c.Slug] = d.Op == ownwords.DeriveAnyOf && (a || b) || d.Op == ownwords.DeriveAllOf && a && b
			}
		}
	}
	for _, g := range p.Groups {
		var members []*ownwords.Participant
	next:
		for _, pt := range n.sample {
			for slug, want := range g.Filter {
				if pt.Values[slug].String() != want {
					continue next
				}
			}
			members = append(members, pt)
		}
		n.groups = append(n.groups, members)
	}
	return n
}

func (n *naiveStudy) endorsers(ps []*ownwords.Participant, path string) []*ownwords.Participant {
	var out []*ownwords.Participant
	for _, p := range ps {
		if n.endorsed[p.ID][path] {
			out = append(out, p)
		}
	}
	return out
}

func (n *naiveStudy) count(ps []*ownwords.Participant, path string) int {
	return len(n.endorsers(ps, path))
}

func (n *naiveStudy) valueCount(ps []*ownwords.Participant, slug, v string) int {
	c := 0
	for _, p := range ps {
		if p.Values[slug].String() == v {
			c++
		}
	}
	return c
}

func (n *naiveStudy) distinct(ps []*ownwords.Participant, slug string) int {
	seen := map[string]bool{}
	for _, p := range ps {
		if v := p.Values[slug].String(); v != "" {
			seen[v] = true
		}
	}
	return len(seen)
}
