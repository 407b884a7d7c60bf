// Package demo builds the synthetic demo study: 239 invented participants of
// a study of former members of ISIS (returnees, defectors and prisoners),
// with attributes, transcripts, coder and consensus codings, events, users
// and the reference analysis plan. The study is consistent with every check
// the reference study published (published.json, see PublishedChecks).
// Nothing in it describes a real person: codes, dates, places of interview
// and every word of every transcript are generated from a seed.
package demo

import (
	"math/rand/v2"
	"slices"
	"strings"

	"ownwords"
)

// DefaultSeed is the seed the demo command uses; every seed yields a study
// that satisfies the published checks, this one is simply the fixed choice.
const DefaultSeed uint64 = 20150101

// Sizes of the study: the reference study analysed the first SampleSize of
// the Interviewed participants by interview date.
const (
	SampleSize  = 220
	Interviewed = 239
)

// Study is a generated demo study, held in memory. Its IDs are local keys,
// not store IDs: codes are keyed by their path ("roles/fighter"),
// participants by their code ("P-0042"), interviews by "<code>/1", segments
// by "S00001" and users by name. Load maps them onto the IDs the store
// assigns.
type Study struct {
	Info         ownwords.Study
	Attributes   []*ownwords.Attribute
	Codes        []*ownwords.Code // sections first, then items, then derived items
	Participants []*ownwords.Participant
	Interviews   []*ownwords.Interview
	// Texts are other texts of some interviews (texts.go): English
	// translations of the Arabic and French transcripts, the Arabic
	// originals of a few English ones; InterviewID is the local ID.
	Texts    []*ownwords.InterviewText
	Segments []*ownwords.Segment
	Events   []*ownwords.Event
	Users    []User
	// Plan is the reference analysis plan (demo/reference-plan.json).
	Plan ownwords.Plan
	// Consents are every participant's consent (see consents), keyed by
	// the participant's local ID.
	Consents []*ownwords.Consent

	planted []Passage
}

// User is a demo account with its role and plaintext demo password: the
// passwords are public (the CLI prints them), so the demo must never be a
// real study's store.
type User struct {
	Name     string
	Role     ownwords.Role
	Password string
}

// Passage locates one occurrence of a planted phrase: the interview (local
// ID), the participant code, the code-point range [Start, End) of the
// occurrence in the transcript, and the text found there.
type Passage struct {
	Interview   string
	Participant string
	Start, End  int
	Text        string
}

// PlantedPhrases are the distinctive words planted in the transcripts for
// search demos and tests, each found case-insensitively as a whole word: the
// English "hisbah" in several forms (the hisbah, Hisbah, al-Hisbah), the
// Turkish place name "Şanlıurfa", the French "frontière" (a diacritics test)
// and the Arabic "الحسبة".
var PlantedPhrases = []string{"hisbah", "Şanlıurfa", "frontière", "الحسبة"}

// Generate builds the demo study from seed with math/rand/v2's PCG: the same
// seed always yields the same study.
func Generate(seed uint64) *Study {
	g := &gen{rng: rand.New(rand.NewPCG(seed, 0x6f776e776f726473))}
	g.people()
	g.timelines()
	g.assignMatrix()
	g.deriveAttributes()
	s := &Study{
		Info: ownwords.Study{
			Name: "Demo: former members of ISIS (synthetic)",
			Settings: ownwords.StudySettings{
				DisclosureK: ownwords.DefaultDisclosureK,
				Languages:   []string{"en", "fr", "ar"},
			},
		},
		Attributes: newAttributes(),
		Codes:      newCodes(),
		Users:      demoUsers(),
		Plan:       ownwords.Plan{Name: "reference", Body: ReferencePlan()},
	}
	g.build(s)
	s.consents(seed)
	s.texts(seed, g.pending)
	s.Info.Settings.Redactions = slices.Clone(Redactions)
	s.plantNames()
	return s
}

// demoUsers returns the demo accounts: the owner adjudicates (its segments
// are the consensus layer), two coders code independently, the analyst sees
// aggregates only.
func demoUsers() []User {
	return []User{
		{Name: "owner", Role: ownwords.RoleOwner, Password: "owner-demo-password"},
		{Name: "coder-a", Role: ownwords.RoleCoder, Password: "coder-a-demo-password"},
		{Name: "coder-b", Role: ownwords.RoleCoder, Password: "coder-b-demo-password"},
		{Name: "analyst", Role: ownwords.RoleAnalyst, Password: "analyst-demo-password"},
	}
}

// Codebook returns the study's code tree, keyed by the local code IDs.
func (s *Study) Codebook() *ownwords.Codebook {
	return ownwords.NewCodebook("", 1, s.Codes)
}

// Planted returns every occurrence of a planted phrase (one of
// PlantedPhrases) in the transcripts, ordered by interview then offset; nil
// for a phrase that was not planted.
func (s *Study) Planted(phrase string) []Passage {
	var out []Passage
	for _, p := range s.planted {
		if samePhrase(p.Text, phrase) {
			out = append(out, p)
		}
	}
	return out
}

// Sample returns the analysis sample: the first SampleSize participants by
// interview date, ties broken by participant code.
func (s *Study) Sample() []*ownwords.Participant {
	ps := slices.Clone(s.Participants)
	slices.SortStableFunc(ps, func(a, b *ownwords.Participant) int {
		da, db := a.Values["interview_date"].Date, b.Values["interview_date"].Date
		if c := da.Earliest().Compare(db.Earliest()); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	return ps[:min(SampleSize, len(ps))]
}

// samePhrase compares planted text with a phrase, ignoring case.
func samePhrase(text, phrase string) bool { return strings.EqualFold(text, phrase) }
