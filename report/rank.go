package report

import (
	"cmp"
	"slices"
)

// rankings ranks each section's coded items per group from the section's
// (suppressed) table. In a public report, items whose count is suppressed
// follow the items with a count shown, unranked and in codebook order (the
// order of the section's rows: their order among themselves would tell
// which hidden count is larger), and when there are any, items counted 0
// come last, unranked and in codebook order too, since a suppressed count
// may lie above them. Hidden groups get no ranking.
func (b *builder) rankings(rep *Report) {
	for si := range rep.Sections {
		sec := &rep.Sections[si]
		for gi, g := range b.res.Groups {
			if b.hidden[gi] {
				continue
			}
			var shown, hidden, zero []RankEntry
			// place gives an entry's place in the codebook.
			place := map[string]int{}
			for _, r := range g.Rankings[si] {
				ri := slices.IndexFunc(sec.Table.Rows, func(row Row) bool { return row.Key == Clean(r.Item) })
				row := sec.Table.Rows[ri]
				e := RankEntry{Item: row.Key, Label: row.Label, N: row.Cells[gi]}
				place[e.Item] = ri
				switch {
				case e.N.Suppressed:
					hidden = append(hidden, e)
				case e.N.N == 0:
					zero = append(zero, e)
				default:
					shown = append(shown, e)
				}
			}
			// The analysis order puts larger counts first: hidden and zero
			// entries are put back in codebook order.
			byPlace := func(a, b RankEntry) int { return cmp.Compare(place[a.Item], place[b.Item]) }
			slices.SortFunc(hidden, byPlace)
			slices.SortFunc(zero, byPlace)
			if len(hidden) == 0 {
				shown, zero = append(shown, zero...), nil
			}
			// The analysis order is by N descending, ties in codebook
			// order; suppression only removes entries, so ranks are
			// recomputed over the entries shown.
			for i := range shown {
				if i > 0 && shown[i].N.N == shown[i-1].N.N {
					shown[i].Rank = shown[i-1].Rank
					shown[i].Tied, shown[i-1].Tied = true, true
				} else {
					shown[i].Rank = i + 1
				}
			}
			entries := slices.Concat(shown, hidden, zero)
			sec.Rankings = append(sec.Rankings, Ranking{Group: rep.Groups[gi].Name, Entries: entries})
		}
	}
}

// modes reports each attribute's strict mode per group. A public report
// hides the mode of a hidden group, any mode whose count is 1..k-1, and the
// mode of a group whose column of the attribute's table hides a count:
// "a tie at 3" or "X, more than any other" would bound or give away the
// hidden counts.
func (b *builder) modes(rep *Report) []ModeRow {
	var out []ModeRow
	for mi, slug := range b.res.Modes {
		row := ModeRow{Attribute: Clean(slug), Label: b.attrLabel(slug)}
		ti := slices.IndexFunc(rep.Attributes, func(t *Table) bool { return t.ID == Clean("attributes."+slug) })
		for gi, g := range b.res.Groups {
			m := g.Modes[mi]
			mode := Mode{Value: Clean(m.Value), N: Cell{N: m.N, Denominator: g.Size.N}}
			if m.Value != "" {
				mode.Label = b.attrValueLabel(slug, m.Value)
			}
			switch {
			case b.public && b.hidden[gi]:
				mode = Mode{N: Cell{Suppressed: true, DenominatorSuppressed: true}}
			case b.public && ti >= 0 && columnHides(rep.Attributes[ti], gi):
				mode = Mode{N: Cell{Suppressed: true, Denominator: g.Size.N}}
			case b.public && m.N >= 1 && m.N < b.opt.K:
				mode = Mode{N: Cell{Suppressed: true, Below: true, Denominator: g.Size.N}}
			}
			row.Modes = append(row.Modes, mode)
		}
		out = append(out, row)
	}
	return out
}

// columnHides reports whether a column of a table hides a count.
func columnHides(t *Table, col int) bool {
	for _, r := range t.Rows {
		if r.Cells[col].Suppressed {
			return true
		}
	}
	return false
}
