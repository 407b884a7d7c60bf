package analysis

import (
	"maps"

	"ownwords"
)

// Run computes every figure of plan on in: it validates the plan, draws the
// analysis sample, builds the participant × item matrix and fills one
// GroupResult per plan group. Errors are EINVALID and name the plan field or
// codebook item at fault.
func Run(in *Input, plan *Plan) (*Result, error) {
	attrs, sample, m, err := prepare(in, plan)
	if err != nil {
		return nil, err
	}
	r := &Result{
		Plan:        plan,
		SampleSize:  len(sample),
		DisclosureK: ownwords.DefaultDisclosureK,
		Sections:    sections(in.Codebook, plan.Sections),
		Distinct:    plan.Distinct,
		Modes:       unique(plan.Attributes, plan.Distinct),
		m:           m,
		groupSet:    map[string]Bitset{},
	}
	if in.Study != nil {
		r.StudyID, r.StudyName = in.Study.ID, in.Study.Name
		r.Redactions = in.Study.Settings.Redactions
		if k := in.Study.Settings.DisclosureK; k > 0 {
			r.DisclosureK = k
		}
	}
	tab := tabulatedAttributes(plan)
	r.cols = columns(sample, unique(tab, plan.Distinct, filterAttributes(plan.Groups)))
	infos, sets := tabulate(attrs, tab, len(sample), r.cols)
	r.valueSet = sets
	r.attrInfo = map[string]AttributeInfo{}
	for _, a := range infos {
		r.attrInfo[a.Slug] = a
	}
	// tabulatedAttributes lists the plan's own attributes first.
	r.Attributes = infos[:len(plan.Attributes)]
	r.Pairs = pairs(plan.Cooccurrence, r.Sections)
	for i, set := range groupSets(len(sample), r.cols, attrs, plan.Groups) {
		g := plan.Groups[i]
		r.groupSet[g.Name] = set
		r.Groups = append(r.Groups, r.groupFigures(g, set))
	}
	if r.Crosstabs, err = r.crosstabs(plan.Crosstabs); err != nil {
		return nil, err
	}
	return r, nil
}

// prepare validates plan against in, and draws its analysis sample and
// the participant × item matrix over it: what every figure starts from.
func prepare(in *Input, plan *Plan) (map[string]*ownwords.Attribute, []*ownwords.Participant, *matrix, error) {
	if in == nil || in.Codebook == nil || plan == nil {
		return nil, nil, nil, invalid("analysis: input with a codebook and a plan required")
	}
	if err := plan.Validate(in.Codebook, in.Attributes); err != nil {
		return nil, nil, nil, err
	}
	attrs := map[string]*ownwords.Attribute{}
	for _, a := range in.Attributes {
		attrs[a.Slug] = a
	}
	sample := drawSample(in, attrs, plan.Sample)
	m, err := buildMatrix(in, sample)
	if err != nil {
		return nil, nil, nil, err
	}
	return attrs, sample, m, nil
}

// sections resolves the plan's section slugs (all sections when empty) to
// sections with their items in codebook order.
func sections(cb *ownwords.Codebook, slugs []string) []Section {
	var out []Section
	tops := cb.Children("")
	if len(slugs) == 0 {
		for _, c := range tops {
			slugs = append(slugs, c.Slug)
		}
	}
	for _, slug := range slugs {
		for _, sec := range tops {
			if sec.Slug != slug {
				continue
			}
			s := Section{Slug: sec.Slug, Label: sec.Label}
			for _, c := range cb.Children(sec.ID) {
				s.Items = append(s.Items, Item{
					Slug: c.Slug, Label: c.Label, Description: c.Description,
					Derived: c.Derived != nil, Published: c.Published,
				})
			}
			out = append(out, s)
			break
		}
	}
	return out
}

// tabulatedAttributes lists the plan's attributes, then the crosstabs'
// attributes not among them: all need value sets.
func tabulatedAttributes(p *Plan) []string {
	var extra []string
	for _, x := range p.Crosstabs {
		for _, s := range []string{x.Rows, x.Cols} {
			if !isItemName(s) {
				extra = append(extra, s)
			}
		}
	}
	return unique(p.Attributes, extra)
}

// filterAttributes lists the attributes the groups filter on.
func filterAttributes(groups []Group) []string {
	var out []string
	for _, g := range groups {
		out = append(out, sortedKeys(g.Filter)...)
	}
	return out
}

// unique concatenates lists, keeping the first of each string.
func unique(lists ...[]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range lists {
		for _, s := range l {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// groupFigures computes one group's figures.
func (r *Result) groupFigures(g Group, set Bitset) *GroupResult {
	size := set.Count()
	gr := &GroupResult{Name: g.Name, Filter: maps.Clone(g.Filter), Size: Count{size, r.SampleSize}}
	if gr.Filter == nil {
		gr.Filter = map[string]string{}
	}
	for _, s := range r.Sections {
		counts := make([]Count, len(s.Items))
		for i, it := range s.Items {
			row := r.m.items[r.m.byPath[s.Slug+"/"+it.Slug]]
			counts[i] = Count{AndCount(row.set, set), size}
		}
		gr.Items = append(gr.Items, counts)
		gr.Rankings = append(gr.Rankings, rank(s.Items, counts))
	}
	for _, a := range r.Attributes {
		counts := make([]Count, len(a.Values))
		for i, v := range a.Values {
			counts[i] = Count{AndCount(r.valueSet[a.Slug][v], set), size}
		}
		gr.Attributes = append(gr.Attributes, counts)
		gr.Missing = append(gr.Missing, Count{AndCount(r.valueSet[a.Slug][""], set), size})
	}
	for _, slug := range r.Distinct {
		gr.Distinct = append(gr.Distinct, len(r.valueCounts(slug, set)))
	}
	for _, slug := range r.Modes {
		gr.Modes = append(gr.Modes, strictMode(slug, r.valueCounts(slug, set)))
	}
	gr.Cooccurrence = r.cooccurrence(set, size)
	return gr
}
