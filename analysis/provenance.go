package analysis

import (
	"cmp"
	"slices"
	"strings"

	"ownwords"
)

// Evidence is one consensus segment behind a figure, with the participant
// whose interview it codes.
type Evidence struct {
	Segment     *ownwords.Segment
	Participant *ownwords.Participant
}

// Provenance returns the participants (IDs, in sample order) and the
// consensus segments (IDs, by participant then interview position) behind
// the figure (section, item, group). section is a codebook section slug
// with item a code slug, "attributes.<slug>" with item a value ("" for
// missing; no segments), or "sample" with item "participants". group is a
// plan group name, or "" for the whole analysis sample. Unknown names give
// nil slices.
func (r *Result) Provenance(section, item, group string) (participantIDs, segmentIDs []string) {
	set := r.figureSet(section, item, group)
	if set == nil {
		return nil, nil
	}
	participantIDs = []string{}
	for i := range set.Members() {
		participantIDs = append(participantIDs, r.m.sample[i].ID)
	}
	segmentIDs = []string{}
	for _, e := range r.Evidence(section, item, group) {
		segmentIDs = append(segmentIDs, e.Segment.ID)
	}
	return participantIDs, segmentIDs
}

// Evidence returns the consensus segments behind an item figure with their
// participants, ordered like Provenance. It is empty for attribute and
// sample figures, which rest on no segment.
func (r *Result) Evidence(section, item, group string) []Evidence {
	idx, ok := r.m.byPath[section+"/"+item]
	set := r.groupOrSample(group)
	if !ok || set == nil {
		return nil
	}
	var out []Evidence
	for _, s := range r.m.evidence(idx, And(r.m.items[idx].set, set)) {
		out = append(out, Evidence{r.m.segments[s], r.m.sample[r.m.segPart[s]]})
	}
	return out
}

// figureSet returns the members counted by a figure, or nil.
func (r *Result) figureSet(section, item, group string) Bitset {
	g := r.groupOrSample(group)
	if g == nil {
		return nil
	}
	if section == "sample" && item == "participants" {
		return g
	}
	if slug, ok := strings.CutPrefix(section, "attributes."); ok {
		if vs := r.valueSet[slug][item]; vs != nil {
			return And(vs, g)
		}
		return nil
	}
	if idx, ok := r.m.byPath[section+"/"+item]; ok {
		return And(r.m.items[idx].set, g)
	}
	return nil
}

// groupOrSample returns a group's members, every sample member for "", or
// nil for an unknown group.
func (r *Result) groupOrSample(group string) Bitset {
	if group != "" {
		return r.groupSet[group]
	}
	all := NewBitset(r.SampleSize)
	for i := range r.SampleSize {
		all.Set(i)
	}
	return all
}

// sortSegments orders segment indexes by participant, then input order.
func sortSegments(segs []int32, segPart []int32) {
	slices.SortFunc(segs, func(a, b int32) int {
		if c := cmp.Compare(segPart[a], segPart[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
}

// Sample returns the participants of the analysis sample, in sample order.
func (r *Result) Sample() []*ownwords.Participant { return r.m.sample }
