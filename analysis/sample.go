package analysis

import (
	"cmp"
	"slices"

	"ownwords"
)

// drawSample returns the analysis sample in plan order: by the order_by
// attribute (participants missing it are left out), ties and the no-order
// case by participant code, cut to the first s.First.
func drawSample(in *Input, attrs map[string]*ownwords.Attribute, s Sample) []*ownwords.Participant {
	type keyed struct {
		p   *ownwords.Participant
		key float64
	}
	var ks []keyed
	for _, p := range in.Participants {
		k := keyed{p: p}
		if s.OrderBy != "" {
			v := valueOf(p, s.OrderBy)
			if v.Missing {
				continue
			}
			k.key = orderKey(attrs[s.OrderBy].Type, v)
		}
		ks = append(ks, k)
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.p.Code, b.p.Code)
	})
	if s.First > 0 && len(ks) > s.First {
		ks = ks[:s.First]
	}
	out := make([]*ownwords.Participant, len(ks))
	for i, k := range ks {
		out[i] = k.p
	}
	return out
}

// orderKey maps a date, integer or number to a sortable float. A date sorts
// by the first day it may stand for (seconds fit a float64 exactly).
func orderKey(t ownwords.AttrType, v ownwords.Value) float64 {
	switch t {
	case ownwords.AttrDate:
		return float64(v.Date.Earliest().Unix())
	case ownwords.AttrInteger:
		return float64(v.Int)
	}
	return v.Num
}

// valueOf returns p's value of an attribute; an absent value is missing.
func valueOf(p *ownwords.Participant, slug string) ownwords.Value {
	v, ok := p.Values[slug]
	if !ok {
		return ownwords.Value{Missing: true}
	}
	if v.Type == "" {
		v.Missing = true // a zero Value carries no type: nothing was recorded
	}
	return v
}

// columns returns, per attribute slug, the canonical value text of every
// sample member ("" when missing): read once, the figures scan slices.
func columns(sample []*ownwords.Participant, slugs []string) map[string][]string {
	out := map[string][]string{}
	for _, slug := range slugs {
		if out[slug] != nil {
			continue
		}
		col := make([]string, len(sample))
		for i, p := range sample {
			col[i] = valueOf(p, slug).String()
		}
		out[slug] = col
	}
	return out
}

// groupSets returns, for each plan group, the sample members it holds.
func groupSets(n int, cols map[string][]string, attrs map[string]*ownwords.Attribute, groups []Group) []Bitset {
	out := make([]Bitset, len(groups))
	for gi, g := range groups {
		set := NewBitset(n)
		for i := range n {
			set.Set(i)
		}
		for slug, s := range g.Filter {
			// Validate has checked that s parses; compare canonical forms.
			v, _ := ownwords.ParseValue(attrs[slug].Type, s)
			want, col := v.String(), cols[slug]
			for i := range n {
				if col[i] != want {
					set[i>>6] &^= 1 << (uint(i) & 63)
				}
			}
		}
		out[gi] = set
	}
	return out
}

// SampleOf returns the analysis sample plan draws from in, in plan order:
// the participants every figure of a report built from plan describes.
// EINVALID when plan's order_by names no attribute of in.
func SampleOf(in *Input, plan *Plan) ([]*ownwords.Participant, error) {
	attrs := map[string]*ownwords.Attribute{}
	for _, a := range in.Attributes {
		attrs[a.Slug] = a
	}
	if s := plan.Sample.OrderBy; s != "" && attrs[s] == nil {
		return nil, invalid("analysis: plan %s: sample order_by %q is not an attribute of the study", plan.Name, s)
	}
	return drawSample(in, attrs, plan.Sample), nil
}
