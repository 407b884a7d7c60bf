package analysis

import (
	"slices"

	"ownwords"
)

// matrix is the participant × item matrix: one bitset per item over the
// analysis sample, with the consensus segments behind each coded item.
type matrix struct {
	sample   []*ownwords.Participant
	segments []*ownwords.Segment // consensus segments of sample participants
	segPart  []int32             // sample index of each segment's participant
	items    []*matrixItem
	byPath   map[string]int
}

// matrixItem is one row: a coded item (a direct child of a section,
// endorsed through itself or a descendant) or a derived one.
type matrixItem struct {
	path    string
	code    *ownwords.Code
	set     Bitset
	segs    []int32 // coded items: indexes into matrix.segments
	leaves  []int   // derived items: the coded items they rest on
	derived bool
}

// buildMatrix applies the endorsement rule: a participant endorses item C
// iff a consensus segment in one of their interviews carries C or a
// descendant of C. Derived items are then computed from their siblings.
func buildMatrix(in *Input, sample []*ownwords.Participant) (*matrix, error) {
	cb := in.Codebook
	m := &matrix{sample: sample, byPath: map[string]int{}}
	codeItem := map[string]int{}
	for _, sec := range cb.Children("") {
		for _, c := range cb.Children(sec.ID) {
			idx := len(m.items)
			it := &matrixItem{path: sec.Slug + "/" + c.Slug, code: c, set: NewBitset(len(sample)), derived: c.Derived != nil}
			m.items = append(m.items, it)
			m.byPath[it.path] = idx
			if it.derived {
				continue
			}
			for _, id := range cb.Descendants(c.ID) {
				if d := cb.ByID(id); d != nil && d.Derived == nil {
					codeItem[id] = idx
				}
			}
		}
	}
	m.fill(in, codeItem)
	if err := m.derive(); err != nil {
		return nil, err
	}
	return m, nil
}

// fill sets the bits of coded items from consensus segments.
func (m *matrix) fill(in *Input, codeItem map[string]int) {
	pidx := make(map[string]int32, len(m.sample))
	for i, p := range m.sample {
		pidx[p.ID] = int32(i)
	}
	ivPart := make(map[string]int32, len(in.Interviews))
	for _, iv := range in.Interviews {
		if i, ok := pidx[iv.ParticipantID]; ok {
			ivPart[iv.ID] = i
		}
	}
	m.segments = make([]*ownwords.Segment, 0, len(in.Segments))
	m.segPart = make([]int32, 0, len(in.Segments))
	for _, s := range in.Segments {
		if s.Layer != ownwords.LayerConsensus {
			continue
		}
		pi, ok := ivPart[s.InterviewID]
		if !ok {
			continue
		}
		idx, ok := codeItem[s.CodeID]
		if !ok {
			continue // a section code or a code outside the tree
		}
		it := m.items[idx]
		it.set.Set(int(pi))
		it.segs = append(it.segs, int32(len(m.segments)))
		m.segments = append(m.segments, s)
		m.segPart = append(m.segPart, pi)
	}
}

// derive computes derived items in dependency order; a derived item may
// rest on another derived sibling, but not on itself.
func (m *matrix) derive() error {
	const (
		todo = iota
		busy
		done
	)
	state := make([]int, len(m.items))
	var visit func(idx int) error
	visit = func(idx int) error {
		it := m.items[idx]
		switch {
		case !it.derived || state[idx] == done:
			return nil
		case state[idx] == busy:
			return ownwords.Errorf(ownwords.EINVALID, "codebook: derived item %s depends on itself", it.path)
		}
		state[idx] = busy
		section := it.path[:len(it.path)-len(it.code.Slug)]
		d := it.code.Derived
		if d.Op != ownwords.DeriveAnyOf && d.Op != ownwords.DeriveAllOf {
			return ownwords.Errorf(ownwords.EINVALID, "codebook: derived item %s: op must be any_of or all_of", it.path)
		}
		for i, slug := range d.Items {
			pi, ok := m.byPath[section+slug]
			if !ok {
				return ownwords.Errorf(ownwords.EINVALID, "codebook: derived item %s names unknown sibling %q", it.path, slug)
			}
			if err := visit(pi); err != nil {
				return err
			}
			part := m.items[pi]
			switch {
			case i == 0:
				copy(it.set, part.set)
			case d.Op == ownwords.DeriveAllOf:
				it.set = And(it.set, part.set)
			default:
				it.set = Or(it.set, part.set)
			}
			if part.derived {
				it.leaves = append(it.leaves, part.leaves...)
			} else {
				it.leaves = append(it.leaves, pi)
			}
		}
		slices.Sort(it.leaves)
		it.leaves = slices.Compact(it.leaves)
		state[idx] = done
		return nil
	}
	for i := range m.items {
		if err := visit(i); err != nil {
			return err
		}
	}
	return nil
}

// evidence returns the indexes of the segments behind item idx for the
// participants in set, ordered by participant then input order.
func (m *matrix) evidence(idx int, set Bitset) []int32 {
	it := m.items[idx]
	var out []int32
	collect := func(segs []int32) {
		for _, s := range segs {
			if set.Has(int(m.segPart[s])) {
				out = append(out, s)
			}
		}
	}
	if it.derived {
		for _, l := range it.leaves {
			collect(m.items[l].segs)
		}
	} else {
		collect(it.segs)
	}
	sortSegments(out, m.segPart)
	return out
}
