package gate

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"ownwords"
)

// advAttr is a category attribute of an adversary study: its slug and
// declared values (the domain, which the public knows).
type advAttr struct {
	slug   string
	values []string
	// missing says some participants may lack a value.
	missing bool
}

// advPerson is one participant as the test knows it: an index into each
// attribute's values (-1 for missing) and the items endorsed.
type advPerson struct {
	vals  []int
	items []bool
}

// advStudy is a small random study in a real store, with the truth the
// adversary checks its findings against.
type advStudy struct {
	g      *Gate
	k      int
	attrs  []advAttr
	items  []string // "section/slug", in codebook order
	people []advPerson
	// groups are the plan's groups: name -> filter.
	groups map[string]map[string]string
}

// newAdvStudy builds a seeded random study: 15–60 participants, two or
// three yes-and-no attributes (the last possibly missing), three or four
// items in two sections with random (often rare) endorsement, a plan with
// groups all, men, women, local, foreign (sometimes local_women), every
// attribute and section tabulated and two plan crosstabs. k is 3 or 5.
func newAdvStudy(tb testing.TB, st ownwords.Store, seed uint64) *advStudy {
	tb.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 14))
	s := &advStudy{k: []int{3, 5}[rng.IntN(2)]}
	s.attrs = []advAttr{{slug: "gender", values: []string{"man", "woman"}}, {slug: "origin", values: []string{"foreign", "local"}}}
	s.items = []string{"push/poverty", "push/grievance", "pull/belonging", "pull/adventure"}
	if rng.IntN(2) == 0 {
		s.attrs = append(s.attrs, advAttr{slug: "status", values: []string{"defector", "returnee"}})
		s.items = s.items[:3]
	}
	s.attrs[len(s.attrs)-1].missing = rng.IntN(2) == 0
	study := &ownwords.Study{Name: fmt.Sprintf("Adversary %d", seed), Settings: ownwords.StudySettings{DisclosureK: s.k, Languages: []string{"en"}}}
	fatalIf(tb, st.CreateStudy(ctx, study))
	s.g = New(st, study.ID)
	owner := &ownwords.User{Name: fmt.Sprintf("owner%d", seed), PasswordHash: "unused"}
	fatalIf(tb, st.CreateUser(ctx, owner))
	fatalIf(tb, st.SetRole(ctx, study.ID, owner.ID, ownwords.RoleOwner))
	for i, a := range s.attrs {
		fatalIf(tb, st.CreateAttribute(ctx, &ownwords.Attribute{StudyID: study.ID, Slug: a.slug, Type: ownwords.AttrCategory, Values: a.values, Position: i}))
	}
	codes := s.codebook(tb, st, study.ID)
	s.people = s.randomPeople(rng)
	for pi, p := range s.people {
		s.store(tb, st, study.ID, owner.ID, pi, p, codes)
	}
	s.groups = map[string]map[string]string{"all": {}, "men": {"gender": "man"}, "women": {"gender": "woman"},
		"local": {"origin": "local"}, "foreign": {"origin": "foreign"}}
	groups := `{"name": "all", "filter": {}}, {"name": "men", "filter": {"gender": "man"}}, {"name": "women", "filter": {"gender": "woman"}},
		{"name": "local", "filter": {"origin": "local"}}, {"name": "foreign", "filter": {"origin": "foreign"}}`
	if rng.IntN(2) == 0 {
		s.groups["local_women"] = map[string]string{"origin": "local", "gender": "woman"}
		groups += `, {"name": "local_women", "filter": {"origin": "local", "gender": "woman"}}`
	}
	var slugs []string
	for _, a := range s.attrs {
		slugs = append(slugs, fmt.Sprintf("%q", a.slug))
	}
	plan := fmt.Sprintf(`{"name": "reference", "groups": [%s], "attributes": [%s],
		"crosstabs": [{"rows": "origin", "cols": "push/poverty"}, {"rows": "gender", "cols": "pull/belonging"}]}`, groups, strings.Join(slugs, ", "))
	fatalIf(tb, st.SavePlan(ctx, &ownwords.Plan{StudyID: study.ID, Name: "reference", Body: []byte(plan)}))
	return s
}

// codebook creates the sections and items; it returns the item codes in
// the order of s.items.
func (s *advStudy) codebook(tb testing.TB, st ownwords.Store, studyID string) []*ownwords.Code {
	ctx := context.Background()
	sections := map[string]*ownwords.Code{}
	var out []*ownwords.Code
	for i, path := range s.items {
		sec, slug, _ := strings.Cut(path, "/")
		if sections[sec] == nil {
			sections[sec] = &ownwords.Code{StudyID: studyID, Slug: sec, Label: sec, Position: i}
			fatalIf(tb, st.CreateCode(ctx, sections[sec]))
		}
		c := &ownwords.Code{StudyID: studyID, ParentID: sections[sec].ID, Slug: slug, Label: slug, Position: i}
		fatalIf(tb, st.CreateCode(ctx, c))
		out = append(out, c)
	}
	return out
}

// randomPeople draws 15–60 participants: women and each rare item are
// rare enough that small cells come up often.
func (s *advStudy) randomPeople(rng *rand.Rand) []advPerson {
	n := 15 + rng.IntN(46)
	pItem := make([]float64, len(s.items))
	for i := range pItem {
		pItem[i] = []float64{0.04, 0.1, 0.3, 0.5}[rng.IntN(4)]
	}
	pWoman := 0.1 + 0.25*rng.Float64()
	out := make([]advPerson, n)
	for i := range out {
		p := advPerson{vals: make([]int, len(s.attrs)), items: make([]bool, len(s.items))}
		for a, attr := range s.attrs {
			switch {
			case attr.missing && rng.IntN(8) == 0:
				p.vals[a] = -1
			case a == 0:
				p.vals[a] = map[bool]int{false: 0, true: 1}[rng.Float64() < pWoman]
			default:
				p.vals[a] = rng.IntN(len(attr.values))
			}
		}
		for it := range s.items {
			// women endorse the first item more often: associations make
			// cells of the crossed tables small.
			boost := 1.0
			if it == 0 && p.vals[0] == 1 {
				boost = 2
			}
			p.items[it] = rng.Float64() < pItem[it]*boost
		}
		out[i] = p
	}
	return out
}

// store creates participant pi with one interview whose consensus codes
// the items p endorses.
func (s *advStudy) store(tb testing.TB, st ownwords.Store, studyID, ownerID string, pi int, p advPerson, codes []*ownwords.Code) {
	ctx := context.Background()
	part := &ownwords.Participant{StudyID: studyID, Code: fmt.Sprintf("P-%03d", pi+1), Values: map[string]ownwords.Value{}}
	for a, v := range p.vals {
		if v >= 0 {
			part.Values[s.attrs[a].slug] = ownwords.Value{Type: ownwords.AttrCategory, Str: s.attrs[a].values[v]}
		}
	}
	fatalIf(tb, st.CreateParticipant(ctx, part))
	words := make([]string, len(codes))
	for i, c := range codes {
		words[i] = fmt.Sprintf("word%s", c.Slug)
	}
	transcript := "P: " + strings.Join(words, " ") + "\n"
	iv := &ownwords.Interview{StudyID: studyID, ParticipantID: part.ID, Title: part.Code, Language: "en", Transcript: transcript}
	fatalIf(tb, st.CreateInterview(ctx, iv))
	for i, c := range codes {
		if !p.items[i] {
			continue
		}
		start := len([]rune(transcript[:strings.Index(transcript, words[i])]))
		seg := &ownwords.Segment{StudyID: studyID, InterviewID: iv.ID, CodeID: c.ID, CoderID: ownerID, Layer: ownwords.LayerConsensus,
			Start: start, End: start + len([]rune(words[i])), TextHash: ownwords.HashText(words[i])}
		fatalIf(tb, st.CreateSegment(ctx, seg))
	}
}

// mustJSON round-trips v through JSON into out: the adversary reads what
// is published, the JSON every front end prints.
func mustJSON(tb testing.TB, v, out any) {
	tb.Helper()
	b, err := json.Marshal(v)
	fatalIf(tb, err)
	fatalIf(tb, json.Unmarshal(b, out))
}
