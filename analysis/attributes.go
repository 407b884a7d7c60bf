package analysis

import (
	"slices"

	"ownwords"
)

// tabulate builds, for each attribute, its reported values and one bitset
// per value over the sample ("" holds the members whose value is missing).
func tabulate(attrs map[string]*ownwords.Attribute, slugs []string, n int, cols map[string][]string) ([]AttributeInfo, map[string]map[string]Bitset) {
	var infos []AttributeInfo
	sets := map[string]map[string]Bitset{}
	for _, slug := range slugs {
		a := attrs[slug]
		byValue := map[string]Bitset{"": NewBitset(n)}
		for i, v := range cols[slug] {
			if byValue[v] == nil {
				byValue[v] = NewBitset(n)
			}
			byValue[v].Set(i)
		}
		info := AttributeInfo{Slug: slug, Label: a.Label, Type: a.Type, Values: valueOrder(a, byValue)}
		for _, v := range info.Values {
			if byValue[v] == nil {
				byValue[v] = NewBitset(n)
			}
		}
		infos = append(infos, info)
		sets[slug] = byValue
	}
	return infos, sets
}

// valueOrder lists the defined values in definition order (booleans true,
// false), then the other values seen, sorted; never the missing value "".
func valueOrder[T any](a *ownwords.Attribute, seen map[string]T) []string {
	var defined []string
	if a.Type == ownwords.AttrBoolean {
		defined = []string{"true", "false"}
	} else {
		defined = slices.Clone(a.Values)
	}
	var extra []string
	for v := range seen {
		if v != "" && !slices.Contains(defined, v) {
			extra = append(extra, v)
		}
	}
	slices.Sort(extra)
	return append(defined, extra...)
}

// valueCounts counts the non-missing values of an attribute among the
// members of set: from the value sets of tabulated attributes, by a scan
// for the others (whose values may be too many for a bitset each).
func (r *Result) valueCounts(slug string, set Bitset) map[string]int {
	out := map[string]int{}
	if byValue, ok := r.valueSet[slug]; ok {
		for v, vs := range byValue {
			if n := AndCount(vs, set); v != "" && n > 0 {
				out[v] = n
			}
		}
		return out
	}
	col := r.cols[slug]
	for i := range set.Members() {
		if v := col[i]; v != "" {
			out[v]++
		}
	}
	return out
}

// strictMode returns the single most frequent value, or "" on a tie.
func strictMode(slug string, counts map[string]int) Mode {
	m := Mode{Attribute: slug}
	for v, n := range counts {
		switch {
		case n > m.N:
			m.Value, m.N, m.Tie = v, n, false
		case n == m.N:
			m.Tie = true
		}
	}
	if m.Tie {
		m.Value = ""
	}
	return m
}
