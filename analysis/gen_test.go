package analysis

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"ownwords"
)

// genInput generates a synthetic study: parts participants (a few without
// an interview date), sections × 7 coded items (items 0 and 3 with a child
// code, plus an any_of and an all_of derived item per section) and about
// segsPer segments per participant, one in ten on the coder layer.
func genInput(tb testing.TB, parts, sections, segsPer int, seed uint64) *Input {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	in := &Input{
		Study:      &ownwords.Study{ID: "st", Name: "Generated"},
		Attributes: fixtureAttrs,
	}
	var codes, leaves []*ownwords.Code
	add := func(id, parent, slug string) *ownwords.Code {
		c := &ownwords.Code{ID: id, StudyID: "st", ParentID: parent, Slug: slug}
		codes = append(codes, c)
		return c
	}
	for s := range sections {
		sid := fmt.Sprintf("s%d", s)
		add(sid, "", fmt.Sprintf("section%d", s))
		for i := range 7 {
			c := add(fmt.Sprintf("%s-i%d", sid, i), sid, fmt.Sprintf("item%d", i))
			leaves = append(leaves, c)
			if i == 0 || i == 3 {
				leaves = append(leaves, add(c.ID+"-sub", c.ID, "sub"))
			}
		}
		add(sid+"-any", sid, "any01").Derived = &ownwords.Derivation{Op: ownwords.DeriveAnyOf, Items: []string{"item0", "item1"}}
		add(sid+"-all", sid, "all12").Derived = &ownwords.Derivation{Op: ownwords.DeriveAllOf, Items: []string{"item1", "item2"}}
	}
	in.Codebook = ownwords.NewCodebook("st", 1, codes)
	pick := func(vals ...string) string { return vals[rng.IntN(len(vals))] }
	for i := range parts {
		date := fmt.Sprintf("%d-%02d-%02d", 2015+rng.IntN(5), 1+rng.IntN(12), 1+rng.IntN(28))
		if rng.IntN(50) == 0 {
			date = ""
		}
		p := &ownwords.Participant{ID: fmt.Sprintf("p%d", i), StudyID: "st", Code: fmt.Sprintf("P-%05d", i), Values: map[string]ownwords.Value{
			"interview_date": mustValue(tb, ownwords.AttrDate, date),
			"gender":         mustValue(tb, ownwords.AttrCategory, pick("man", "man", "man", "woman")),
			"origin":         mustValue(tb, ownwords.AttrCategory, pick("local", "foreign")),
			"region":         mustValue(tb, ownwords.AttrCategory, pick("Iraq", "Syria", "Western Europe", "Balkans")),
			"country":        mustValue(tb, ownwords.AttrCategory, fmt.Sprintf("country%02d", rng.IntN(40))),
			"ses":            mustValue(tb, ownwords.AttrCategory, pick("poor", "middle", "wealthy", "")),
			"travelled":      mustValue(tb, ownwords.AttrBoolean, pick("true", "false", "")),
		}}
		in.Participants = append(in.Participants, p)
		ivs := 1 + rng.IntN(2)
		for k := range ivs {
			iv := &ownwords.Interview{ID: fmt.Sprintf("iv%d-%d", i, k), StudyID: "st", ParticipantID: p.ID, Title: fmt.Sprintf("%d-%d", i, k)}
			in.Interviews = append(in.Interviews, iv)
			for s := range segsPer / ivs {
				layer := ownwords.LayerConsensus
				if rng.IntN(10) == 0 {
					layer = ownwords.LayerCoder
				}
				in.Segments = append(in.Segments, &ownwords.Segment{
					ID: fmt.Sprintf("seg%d-%d-%d", i, k, s), StudyID: "st", InterviewID: iv.ID,
					CodeID: leaves[rng.IntN(len(leaves))].ID, CoderID: "u", Layer: layer, Start: s, End: s + 1,
				})
			}
		}
	}
	return in
}

// genPlanJSON groups like the reference plan and names two cross-section pairs.
const genPlanJSON = `{
  "name": "generated",
  "sample": {"order_by": "interview_date", "first": %d},
  "groups": [
    {"name": "all", "filter": {}},
    {"name": "men", "filter": {"gender": "man"}},
    {"name": "women", "filter": {"gender": "woman"}},
    {"name": "local", "filter": {"origin": "local"}},
    {"name": "foreign", "filter": {"origin": "foreign"}},
    {"name": "local_men", "filter": {"gender": "man", "origin": "local"}},
    {"name": "foreign_men", "filter": {"gender": "man", "origin": "foreign"}},
    {"name": "local_women", "filter": {"gender": "woman", "origin": "local"}},
    {"name": "foreign_women", "filter": {"gender": "woman", "origin": "foreign"}},
    {"name": "european_women", "filter": {"gender": "woman", "region": "Western Europe"}}
  ],
  "attributes": ["gender", "origin", "region", "ses", "travelled"],
  "distinct": ["country"],
  "cooccurrence": [{"a": "section0/item0", "b": "section1/item5"}, {"a": "section0/any01", "b": "section1/all12"}],
  "crosstabs": [{"rows": "origin", "cols": "section0/item1"}],
  "quotes_per_item": 2
}`
