package disclosure

import (
	"testing"

	"ownwords"
)

// wordings are the attributions of the tests: gender as the noun, origin
// as an adjective, status after a comma.
var wordings = []Wording{
	{Attribute: "gender", Role: Noun, Words: map[string]string{"man": "man", "woman": "woman"}},
	{Attribute: "origin", Role: Adjective, Words: map[string]string{"local": "local", "foreign": "foreign"}},
	{Attribute: "status", Role: Apposition, Words: map[string]string{"returnee": "returnee", "detainee": "detainee"}},
}

// mustSample returns count copies of each combination of gender, origin
// and status.
func mustSample(tb testing.TB, combos map[[3]string]int) []map[string]string {
	tb.Helper()
	var out []map[string]string
	for c, n := range combos {
		for range n {
			out = append(out, map[string]string{"gender": c[0], "origin": c[1], "status": c[2]})
		}
	}
	return out
}

func TestAttribution(t *testing.T) {
	// 21 participants: women 11, men 10; foreign 13, local 8.
	sample := mustSample(t, map[[3]string]int{
		{"woman", "foreign", "returnee"}: 6,
		{"woman", "foreign", "detainee"}: 3,
		{"woman", "local", "returnee"}:   2,
		{"man", "local", "returnee"}:     5,
		{"man", "local", "detainee"}:     1,
		{"man", "foreign", "detainee"}:   4,
	})
	a, err := NewAttributor(5, wordings, sample)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		values map[string]string
		want   string
	}{
		{"FullDescriptionHeldBySix", map[string]string{"gender": "woman", "origin": "foreign", "status": "returnee"}, "a foreign woman, returnee"},
		{"StatusDroppedHeldByThree", map[string]string{"gender": "woman", "origin": "foreign", "status": "detainee"}, "a foreign woman"},
		{"OriginDroppedBeforeStatusAndGenderKept", map[string]string{"gender": "woman", "origin": "local", "status": "returnee"}, "a woman, returnee"},
		{"SoleLocalManDetaineeIsALocalMan", map[string]string{"gender": "man", "origin": "local", "status": "detainee"}, "a local man"},
		{"ForeignMenDetaineesAreFour", map[string]string{"gender": "man", "origin": "foreign", "status": "detainee"}, "a man, detainee"},
		{"UnnamedValueLeftOut", map[string]string{"gender": "nonbinary", "origin": "foreign", "status": "returnee"}, "a foreign participant, returnee"},
		{"NothingKnown", map[string]string{}, "a participant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := a.Attribution(tt.values); got != tt.want {
				t.Errorf("Attribution(%v) = %q, want %q", tt.values, got, tt.want)
			}
		})
	}
}

func TestAttributionFallsBackToAParticipant(t *testing.T) {
	// Three women and one man: no attribute is shared by five people.
	sample := mustSample(t, map[[3]string]int{
		{"woman", "foreign", "returnee"}: 3,
		{"man", "foreign", "returnee"}:   1,
	})
	a, err := NewAttributor(5, wordings, sample)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Attribution(map[string]string{"gender": "woman", "origin": "foreign", "status": "returnee"}); got != "a participant" {
		t.Errorf("Attribution = %q, want %q", got, "a participant")
	}
	// With k = 3 the three women may be described.
	a, err = NewAttributor(3, wordings, sample)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Attribution(map[string]string{"gender": "woman", "origin": "foreign", "status": "returnee"}); got != "a foreign woman, returnee" {
		t.Errorf("Attribution with k 3 = %q, want %q", got, "a foreign woman, returnee")
	}
}

func TestArticle(t *testing.T) {
	for phrase, want := range map[string]string{
		"woman": "a", "Iraqi woman": "an", "older man": "an", "European woman": "a",
		"unemployed man": "an", "university graduate": "a", "participant": "a", "": "a",
	} {
		if got := article(phrase); got != want {
			t.Errorf("article(%q) = %q, want %q", phrase, got, want)
		}
	}
}

func TestNewAttributorErrors(t *testing.T) {
	noun := func(attr string) Wording {
		return Wording{Attribute: attr, Role: Noun, Words: map[string]string{"x": "x"}}
	}
	nine := make([]Wording, 9)
	for i := range nine {
		nine[i] = Wording{Attribute: string(rune('a' + i)), Words: map[string]string{"x": "x"}}
	}
	tests := []struct {
		name  string
		k     int
		words []Wording
	}{
		{"ErrKZero", 0, wordings},
		{"ErrTwoNouns", 5, []Wording{noun("gender"), noun("status")}},
		{"ErrAttributeTwice", 5, []Wording{wordings[1], wordings[1]}},
		{"ErrEmptyWord", 5, []Wording{{Attribute: "origin", Words: map[string]string{"local": " "}}}},
		{"ErrUnknownRole", 5, []Wording{{Attribute: "origin", Role: 9}}},
		{"ErrTooManyAttributes", 5, nine},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewAttributor(tt.k, tt.words, nil); ownwords.ErrorCode(err) != ownwords.EINVALID {
				t.Errorf("NewAttributor: %v, want EINVALID", err)
			}
		})
	}
}

func TestParticipantValues(t *testing.T) {
	p := &ownwords.Participant{Values: map[string]ownwords.Value{
		"gender":   {Type: ownwords.AttrCategory, Str: "woman"},
		"returned": {Type: ownwords.AttrBoolean, Bool: true},
		"origin":   {Type: ownwords.AttrCategory, Missing: true},
	}}
	got := ParticipantValues(p)
	if len(got) != 2 || got["gender"] != "woman" || got["returned"] != "true" {
		t.Errorf("ParticipantValues = %v, want gender woman and returned true, origin left out", got)
	}
}

// TestAttributionWithYear: the year of the interview quoted follows the
// description only when at least k participants fit both; it is dropped
// before any attribute, and a participant interviewed in two years fits
// both.
func TestAttributionWithYear(t *testing.T) {
	type person struct {
		values map[string]string
		years  []string
	}
	wfr := map[string]string{"gender": "woman", "origin": "foreign", "status": "returnee"}
	wfd := map[string]string{"gender": "woman", "origin": "foreign", "status": "detainee"}
	mlr := map[string]string{"gender": "man", "origin": "local", "status": "returnee"}
	var people []person
	add := func(n int, values map[string]string, years ...string) {
		for range n {
			people = append(people, person{values, years})
		}
	}
	add(4, wfr, "2017")
	add(1, wfr, "2016", "2017")
	add(1, wfr, "2016")
	add(3, wfd, "2017")
	add(3, mlr, "2016")
	add(2, mlr, "2017")
	sample := make([]map[string]string, len(people))
	for i, p := range people {
		sample[i] = p.values
	}
	a, err := NewAttributor(5, wordings, sample)
	if err != nil {
		t.Fatal(err)
	}
	fits := func(year string) []bool {
		out := make([]bool, len(people))
		for i, p := range people {
			for _, y := range p.years {
				out[i] = out[i] || y == year
			}
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		values map[string]string
		year   string
		want   string
	}{
		{"five foreign returnee women in 2017", wfr, "2017", "a foreign woman, returnee, 2017"},
		{"two in 2016: the year is dropped", wfr, "2016", "a foreign woman, returnee"},
		{"eight foreign women in 2017", wfd, "2017", "a foreign woman, 2017"},
		{"three local returnee men in 2016", mlr, "2016", "a local man, returnee"},
		{"no year", wfr, "", "a foreign woman, returnee"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := a.AttributionWith(tc.values, tc.year, fits(tc.year)); got != tc.want {
				t.Errorf("AttributionWith(%v, %s) = %q, want %q", tc.values, tc.year, got, tc.want)
			}
		})
	}
	if got := a.AttributionWith(wfr, "2017", nil); got != "a foreign woman, returnee" {
		t.Errorf("without a fit per participant: %q", got)
	}
}
