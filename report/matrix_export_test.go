package report

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/analysis"
)

// seeded returns a generator from a fixed seed, for reproducible
// pseudonyms in tests.
func seeded(n uint64) *rand.Rand {
	var seed [32]byte
	binary.LittleEndian.PutUint64(seed[:], n)
	return rand.New(rand.NewChaCha8(seed))
}

// taggedFixture is the fixture study with country and interview_date
// tagged as quasi-identifiers, plus an identifier and a free-text
// attribute that public exports must withhold.
func taggedFixture(tb testing.TB) *analysis.Input {
	tb.Helper()
	in := fixtureInput(tb)
	for _, a := range in.Attributes {
		if a.Slug == "country" || a.Slug == "interview_date" {
			a.Tag = ownwords.TagQuasiIdentifier
		}
	}
	in.Attributes = append(in.Attributes,
		&ownwords.Attribute{Slug: "nickname", Type: ownwords.AttrCategory, Tag: ownwords.TagIdentifier},
		&ownwords.Attribute{Slug: "remarks", Type: ownwords.AttrText})
	for i, p := range in.Participants {
		p.Values["nickname"] = mustValue(tb, ownwords.AttrCategory, "Abu "+p.Code)
		if i%2 == 0 {
			p.Values["remarks"] = mustValue(tb, ownwords.AttrText, "=HYPERLINK(\"http://evil.example\")")
		}
	}
	return in
}

// mustMatrix builds a matrix export or fails the test.
func mustMatrix(tb testing.TB, in *analysis.Input, opt MatrixOptions) *Matrix {
	tb.Helper()
	m, err := NewMatrix(in, mustResultFrom(tb, in), opt)
	if err != nil {
		tb.Fatalf("NewMatrix: %v", err)
	}
	return m
}

// column returns the cells of the variable from source, or nil.
func (m *Matrix) column(source string) []string {
	i := slices.IndexFunc(m.Variables, func(v Variable) bool { return v.Source == source })
	if i < 0 {
		return nil
	}
	out := make([]string, len(m.Rows))
	for r, row := range m.Rows {
		out[r] = row[i]
	}
	return out
}

func TestNewMatrixRefusals(t *testing.T) {
	tests := []struct {
		name string
		k    int
		opt  MatrixOptions
		code string
		want string
	}{
		{"ErrKeptQuasiSinglesOut", 3, MatrixOptions{KeepQuasi: []string{"country"}}, ownwords.EFORBIDDEN, "fewer than k = 3"},
		{"ErrKeepNotQuasi", 3, MatrixOptions{KeepQuasi: []string{"gender"}}, ownwords.EINVALID, "not a quasi-identifier"},
		{"ErrSampleSmallerThanK", 20, MatrixOptions{}, ownwords.EFORBIDDEN, "fewer than the disclosure threshold k = 20"},
		{"ErrTeamKeepQuasi", 3, MatrixOptions{Audience: AudienceTeam, KeepQuasi: []string{"country"}}, ownwords.EINVALID, "public audience only"},
		{"ErrUnknownAudience", 3, MatrixOptions{Audience: "press"}, ownwords.EINVALID, "public or team"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := taggedFixture(t)
			in.Study.Settings.DisclosureK = tt.k
			_, err := NewMatrix(in, mustResultFrom(t, in), tt.opt)
			if ownwords.ErrorCode(err) != tt.code || !strings.Contains(ownwords.ErrorMessage(err), tt.want) {
				t.Fatalf("err = %v; want %s containing %q", err, tt.code, tt.want)
			}
		})
	}
}

func TestNewMatrixPublicWithholdsAndCoarsens(t *testing.T) {
	in := taggedFixture(t)
	m := mustMatrix(t, in, MatrixOptions{Rand: seeded(1)})
	want := []Withheld{{"nickname", WithheldIdentifier}, {"remarks", WithheldText}, {"country", WithheldKAnonymity}}
	if !slices.Equal(m.Withheld, want) {
		t.Fatalf("withheld %v, want %v", m.Withheld, want)
	}
	for _, src := range []string{"nickname", "remarks", "country"} {
		if m.column(src) != nil {
			t.Errorf("public matrix has a %s column", src)
		}
	}
	if got := m.column("interview_date"); len(got) != 14 || slices.ContainsFunc(got, func(s string) bool { return s != "2016" }) {
		t.Errorf("interview_date not coarsened to the year: %v", got)
	}
	codes := map[string]bool{}
	for _, p := range in.Participants {
		codes[p.Code] = true
	}
	for _, row := range m.Rows {
		if codes[row[0]] || !strings.HasPrefix(row[0], "R-") {
			t.Fatalf("row id %q is not a pseudonym", row[0])
		}
	}
	if m.Variables[0].Name != "pseudonym" {
		t.Errorf("first variable %q", m.Variables[0].Name)
	}
}

// TestNewMatrixPublicCutsEveryDate checks that the public matrix cuts a
// date to the year even when it is not tagged a quasi-identifier, so that
// it never shows more than a de-identified export.
func TestNewMatrixPublicCutsEveryDate(t *testing.T) {
	in := fixtureInput(t)
	in.Study.Settings.DisclosureK = 2
	m := mustMatrix(t, in, MatrixOptions{Rand: seeded(1)})
	got := m.column("interview_date")
	if len(got) != 14 || slices.ContainsFunc(got, func(s string) bool { return s != "2016" }) {
		t.Fatalf("untagged interview_date in the public matrix: %v", got)
	}
	v := m.Variables[slices.IndexFunc(m.Variables, func(v Variable) bool { return v.Source == "interview_date" })]
	if !v.Numeric || !strings.HasPrefix(v.Note, "year only") {
		t.Errorf("interview_date variable %+v", v)
	}
}

func TestNewMatrixTeamKeepsEverything(t *testing.T) {
	in := taggedFixture(t)
	m := mustMatrix(t, in, MatrixOptions{Audience: AudienceTeam})
	res := mustResultFrom(t, in)
	if len(m.Withheld) != 0 || len(m.Variables) != 1+len(in.Attributes)+7 {
		t.Fatalf("withheld %v, %d variables", m.Withheld, len(m.Variables))
	}
	for i, p := range res.Sample() {
		if m.Rows[i][0] != p.Code {
			t.Fatalf("row %d is %q, want %s in sample order", i, m.Rows[i][0], p.Code)
		}
	}
	if got := m.column("interview_date")[0]; got != "2016-01" {
		t.Errorf("team date %q, want it exact", got)
	}
	// Country is coded: the defined values (none) then those seen, sorted,
	// labels cleaned of escapes.
	v := m.Variables[slices.IndexFunc(m.Variables, func(v Variable) bool { return v.Source == "country" })]
	if !v.Numeric || v.Values[1] != (ValueLabel{"2", "Belgium"}) || strings.ContainsAny(v.Values[0].Label, "\x1b\u202e") || v.Missing != "none" {
		t.Errorf("country variable %+v", v)
	}
	// The derived item is the OR of its parts in every row.
	fighter, ribat, either := m.column("roles/fighter"), m.column("roles/ribat"), m.column("roles/fighter_or_ribat")
	for i := range fighter {
		if want := map[bool]string{true: "1", false: "0"}[fighter[i] == "1" || ribat[i] == "1"]; either[i] != want {
			t.Errorf("row %d: fighter_or_ribat %s, want %s", i, either[i], want)
		}
	}
}

func TestWriteMatrixCSVDefusesFormulas(t *testing.T) {
	m := mustMatrix(t, taggedFixture(t), MatrixOptions{Audience: AudienceTeam})
	var data, dict bytes.Buffer
	if err := WriteMatrixCSV(&data, &dict, m); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(data.String(), ",\"=HYPERLINK") || !strings.Contains(data.String(), "'=HYPERLINK") {
		t.Errorf("formula not defused:\n%s", data.String())
	}
	if bytes.HasPrefix(data.Bytes(), []byte("\uFEFF")) || !strings.HasPrefix(data.String(), "participant,gender,origin,") {
		t.Errorf("data header %q", strings.SplitN(data.String(), "\n", 2)[0])
	}
	if !strings.HasPrefix(dict.String(), strings.Join(dictionaryHeader, ",")+"\n") {
		t.Errorf("dictionary header %q", strings.SplitN(dict.String(), "\n", 2)[0])
	}
}

func TestVariableNames(t *testing.T) {
	tests := []struct {
		name, section, slug, want string
	}{
		{"Short", "vulnerabilities", "poverty", "vulnerabilities_poverty"},
		{"SectionCutFirst", "disillusionment", "mistreatment_of_civilians", "disill_mistreatment_of_civilians"},
		{"SectionCutToFourThenWhole", "heard", "family_member_killed_battle_or_bombing", "hear_family_member_killed_battle"},
		{"Hyphens", "will-to-fight", "fight-regime", "will_to_fight_fight_regime"},
		{"LeadingDigit", "9lives", "x", "v_9lives_x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := itemName(tt.section, tt.slug); got != tt.want {
				t.Fatalf("itemName(%q, %q) = %q, want %q", tt.section, tt.slug, got, tt.want)
			}
		})
	}
	t.Run("ReservedAndDuplicates", func(t *testing.T) {
		vs := []Variable{{Name: attributeName("to")}, {Name: attributeName("in")}, {Name: "Age"}, {Name: "age"},
			{Name: strings.Repeat("a", 32)}, {Name: strings.Repeat("a", 32)}}
		nameVariables(vs)
		var got []string
		for _, v := range vs {
			got = append(got, v.Name)
			if len(v.Name) > maxVarName {
				t.Errorf("%q is longer than %d", v.Name, maxVarName)
			}
		}
		want := []string{"to_", "in_", "Age", "age_2", strings.Repeat("a", 32), strings.Repeat("a", 30) + "_2"}
		if !slices.Equal(got, want) {
			t.Fatalf("names %v, want %v", got, want)
		}
	})
}

// TestNewMatrixTiers builds the team matrix at each export tier: limited
// withholds the identifier, de-identified also the free text, names rows
// by keyed pseudonyms and cuts or shifts dates; none is refused.
func TestNewMatrixTiers(t *testing.T) {
	toYear, shifted := ownwords.NewDeidentifier(ownwords.DatesToYear), ownwords.NewDeidentifier(ownwords.DatesShifted)
	exact := func(p *ownwords.Participant) string { return p.Values["interview_date"].String() }
	deidentified := []Withheld{{"nickname", WithheldIdentifier}, {"remarks", WithheldText}}
	tests := []struct {
		name     string
		opt      MatrixOptions
		code     string
		withheld []Withheld
		date     func(*ownwords.Participant) string // the expected interview_date cell
	}{
		{"Full", MatrixOptions{Tier: ownwords.TierFull}, "", nil, exact},
		{"DefaultIsFull", MatrixOptions{}, "", nil, exact},
		{"Limited", MatrixOptions{Tier: ownwords.TierLimited}, "", []Withheld{{"nickname", WithheldIdentifier}}, exact},
		{"Deidentified", MatrixOptions{Tier: ownwords.TierDeidentified, Deidentifier: toYear}, "", deidentified,
			func(p *ownwords.Participant) string { return "2016" }},
		{"DeidentifiedShifted", MatrixOptions{Tier: ownwords.TierDeidentified, Deidentifier: shifted}, "", deidentified,
			func(p *ownwords.Participant) string {
				return shifted.Date(p.ID, p.Values["interview_date"].Date).String()
			}},
		{"ErrNone", MatrixOptions{Tier: ownwords.TierNone}, ownwords.EFORBIDDEN, nil, nil},
		{"ErrUnknownTier", MatrixOptions{Tier: "most"}, ownwords.EINVALID, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := taggedFixture(t)
			tt.opt.Audience = AudienceTeam
			m, err := NewMatrix(in, mustResultFrom(t, in), tt.opt)
			if ownwords.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v, want code %q", err, tt.code)
			}
			if tt.code != "" {
				return
			}
			if !slices.Equal(m.Withheld, tt.withheld) {
				t.Errorf("withheld %v, want %v", m.Withheld, tt.withheld)
			}
			for _, w := range tt.withheld {
				if m.column(w.Attribute) != nil {
					t.Errorf("withheld %s has a column", w.Attribute)
				}
			}
			// Each row's id must be the participant's code, or at the
			// de-identified tier its pseudonym (rows in pseudonym order).
			byID := map[string]*ownwords.Participant{}
			for _, p := range in.Participants {
				if d := tt.opt.Deidentifier; d != nil {
					byID[d.Pseudonym(p.ID)] = p
				} else {
					byID[p.Code] = p
				}
			}
			var ids []string
			dates := m.column("interview_date")
			for i, row := range m.Rows {
				ids = append(ids, row[0])
				p := byID[row[0]]
				if p == nil {
					t.Fatalf("row %d: id %q is neither the code nor the pseudonym expected", i, row[0])
				}
				if want := tt.date(p); dates[i] != want {
					t.Errorf("row %d (%s): interview_date %q, want %q", i, p.Code, dates[i], want)
				}
				if tt.opt.Deidentifier == nil {
					continue
				}
				for _, cell := range row {
					if strings.Contains(cell, p.Code) || strings.Contains(cell, "Abu ") || strings.Contains(cell, "HYPERLINK") {
						t.Fatalf("code, identifier or free text in a de-identified row: %v", row)
					}
				}
			}
			if tt.opt.Deidentifier != nil && (m.Variables[0].Name != "pseudonym" || !slices.IsSorted(ids)) {
				t.Errorf("pseudonym column %q, ids %v", m.Variables[0].Name, ids)
			}
		})
	}
	t.Run("ErrPublicWithTier", func(t *testing.T) {
		in := taggedFixture(t)
		_, err := NewMatrix(in, mustResultFrom(t, in), MatrixOptions{Tier: ownwords.TierFull})
		if ownwords.ErrorCode(err) != ownwords.EINVALID {
			t.Fatalf("err = %v", err)
		}
	})
}
