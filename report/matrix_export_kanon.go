package report

import (
	"slices"
	"strings"

	"ownwords"
)

// anonymize makes the quasi-identifier columns of a public export
// k-anonymous: every combination of their values (missing counting as a
// value) must be shared by at least k participants. While some combination
// is rarer, it drops the quasi-identifier whose removal leaves the fewest
// participants in rare combinations (on a tie, the later column), never one
// named in keep. Dropped attributes are added to m.Withheld. EINVALID when
// keep names no quasi-identifier; EFORBIDDEN when the sample is smaller
// than k or the kept quasi-identifiers alone single people out.
func (m *Matrix) anonymize(cols []column, keep []string, attrs []*ownwords.Attribute, n int) ([]column, error) {
	var quasi []string
	for _, a := range attrs {
		if a.Tag == ownwords.TagQuasiIdentifier {
			quasi = append(quasi, a.Slug)
		}
	}
	for _, s := range keep {
		if !slices.Contains(quasi, s) {
			return nil, ownwords.Errorf(ownwords.EINVALID, "%q is not a quasi-identifier attribute of the study (its quasi-identifiers: %s)", s, strings.Join(quasi, ", "))
		}
	}
	if n < m.K {
		return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "the analysis sample has %d participants, fewer than the disclosure threshold k = %d: a public row-level export would single them out", n, m.K)
	}
	var active []int // indexes of the quasi-identifier columns still in
	for i, c := range cols {
		if c.quasi {
			active = append(active, i)
		}
	}
	dropped := map[int]bool{}
	for rare := rareCount(cols, active, m.K); rare > 0; rare = rareCount(cols, active, m.K) {
		best, bestRare := -1, n+1
		for j := len(active) - 1; j >= 0; j-- {
			if slices.Contains(keep, cols[active[j]].v.Source) {
				continue
			}
			if r := rareCount(cols, slices.Delete(slices.Clone(active), j, j+1), m.K); r < bestRare {
				best, bestRare = j, r
			}
		}
		if best < 0 {
			return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "a public export would single people out: %d participants have a combination of the quasi-identifiers kept (%s) that fewer than k = %d participants share; keep fewer quasi-identifiers, or export for the team", rare, strings.Join(keep, ", "), m.K)
		}
		dropped[active[best]] = true
		m.Withheld = append(m.Withheld, Withheld{cols[active[best]].v.Source, WithheldKAnonymity})
		active = slices.Delete(active, best, best+1)
	}
	out := cols[:0:0]
	for i, c := range cols {
		if !dropped[i] {
			out = append(out, c)
		}
	}
	return out, nil
}

// rareCount returns how many participants share their combination of the
// values of the columns at idx with fewer than k participants (themselves
// included).
func rareCount(cols []column, idx []int, k int) int {
	if len(cols) == 0 {
		return 0
	}
	n := len(cols[0].cells)
	keys := make([]string, n)
	size := map[string]int{}
	var b strings.Builder
	for i := range n {
		b.Reset()
		for _, c := range idx {
			b.WriteString(cols[c].cells[i])
			b.WriteByte(0)
		}
		keys[i] = b.String()
		size[keys[i]]++
	}
	rare := 0
	for _, key := range keys {
		if size[key] < k {
			rare++
		}
	}
	return rare
}
