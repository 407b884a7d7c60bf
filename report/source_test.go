package report

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"ownwords"
	"ownwords/analysis"
)

// A store serves reports: the interfaces ask nothing Services lacks.
var (
	_ StudySource     = ownwords.Services(nil)
	_ MatrixSource    = ownwords.Services(nil)
	_ AttributeSource = ownwords.Services(nil)
)

// fakeStudy holds the fixture study in memory (no store) and serves it as
// a StudySource. Each interview's transcript is ten-rune blocks "P-01#0",
// "P-01#1", ..., so that the fixture's segments (j*10 to j*10+9) quote
// their own block.
type fakeStudy struct {
	in          *analysis.Input
	plans       []*ownwords.Plan
	transcripts map[string]string // by interview ID
	textReads   int               // Interview calls
	consents    map[string]*ownwords.Consent
}

// newFakeStudy serves fixtureInput with plans named by names, each the
// fixture plan under that name.
func newFakeStudy(tb testing.TB, names ...string) *fakeStudy {
	tb.Helper()
	f := &fakeStudy{in: fixtureInput(tb), transcripts: map[string]string{}}
	for _, name := range names {
		body := strings.Replace(fixturePlan, `"name": "fixture"`, fmt.Sprintf("%q: %q", "name", name), 1)
		f.plans = append(f.plans, &ownwords.Plan{StudyID: "st", Name: name, Body: []byte(body)})
	}
	for _, iv := range f.in.Interviews {
		var b strings.Builder
		for j := range 6 {
			fmt.Fprintf(&b, "%-10s", fmt.Sprintf("%s#%d", iv.Title, j))
		}
		f.transcripts[iv.ID] = b.String()
	}
	return f
}

func (f *fakeStudy) Plan(_ context.Context, _, name string) (*ownwords.Plan, error) {
	for _, p := range f.plans {
		if p.Name == name {
			return p, nil
		}
	}
	return nil, ownwords.Errorf(ownwords.ENOTFOUND, "no plan %q", name)
}

func (f *fakeStudy) Plans(context.Context, string) ([]*ownwords.Plan, error) { return f.plans, nil }

func (f *fakeStudy) Study(_ context.Context, id string) (*ownwords.Study, error) {
	if id != f.in.Study.ID {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "study not found")
	}
	return f.in.Study, nil
}

func (f *fakeStudy) Attributes(context.Context, string) ([]*ownwords.Attribute, error) {
	return f.in.Attributes, nil
}

func (f *fakeStudy) Consents(context.Context, string) (map[string]*ownwords.Consent, error) {
	return f.consents, nil
}

func (f *fakeStudy) Participants(context.Context, ownwords.ParticipantFilter) ([]*ownwords.Participant, error) {
	return f.in.Participants, nil
}

// Interviews returns copies, with their text only when asked for it.
func (f *fakeStudy) Interviews(_ context.Context, flt ownwords.InterviewFilter) ([]*ownwords.Interview, error) {
	var out []*ownwords.Interview
	for _, iv := range f.in.Interviews {
		c := *iv
		if flt.WithText {
			c.Transcript = f.transcripts[iv.ID]
		}
		out = append(out, &c)
	}
	return out, nil
}

func (f *fakeStudy) Interview(_ context.Context, id string) (*ownwords.Interview, error) {
	f.textReads++
	for _, iv := range f.in.Interviews {
		if iv.ID == id {
			c := *iv
			c.Transcript = f.transcripts[id]
			return &c, nil
		}
	}
	return nil, ownwords.Errorf(ownwords.ENOTFOUND, "interview not found")
}

func (f *fakeStudy) Codebook(context.Context, string) (*ownwords.Codebook, error) {
	return f.in.Codebook, nil
}

func (f *fakeStudy) Segments(_ context.Context, flt ownwords.SegmentFilter) ([]*ownwords.Segment, error) {
	var out []*ownwords.Segment
	for _, s := range f.in.Segments {
		if flt.Layer == "" || s.Layer == flt.Layer {
			out = append(out, s)
		}
	}
	return out, nil
}

func (f *fakeStudy) Events(context.Context, ownwords.EventFilter) ([]*ownwords.Event, error) {
	return nil, nil
}

func (f *fakeStudy) Users(context.Context) ([]*ownwords.User, error) { return nil, nil }

// TestForStudyPicksPlan checks which stored plan ForStudy runs: the named
// one, else the only one, else the one named "reference".
func TestForStudyPicksPlan(t *testing.T) {
	tests := []struct {
		name  string
		plans []string
		want  string // plan run, or "" for an error
		opt   string // StudyOptions.Plan
		code  string // the error's code (ownwords.PickPlan)
	}{
		{"OnlyPlan", []string{"fixture"}, "fixture", "", ""},
		{"ReferenceAmongMany", []string{"fixture", "reference", "other"}, "reference", "", ""},
		{"Named", []string{"fixture", "reference"}, "fixture", "fixture", ""},
		{"ErrNoPlan", nil, "", "", ownwords.ENOTFOUND},
		{"ErrNamedMissing", []string{"fixture"}, "", "other", ownwords.ENOTFOUND},
		{"ErrManyWithoutReference", []string{"fixture", "other"}, "", "", ownwords.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, _, err := ForStudy(t.Context(), newFakeStudy(t, tt.plans...), "st",
				StudyOptions{Options: Options{Audience: AudienceTeam}, Plan: tt.opt})
			if tt.want == "" {
				if ownwords.ErrorCode(err) != tt.code {
					t.Fatalf("err = %v, want %s", err, tt.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if rep.Plan != tt.want || rep.SampleSize != 14 {
				t.Errorf("ran plan %q on %d participants, want %q on 14", rep.Plan, rep.SampleSize, tt.want)
			}
		})
	}
}

// TestForStudyQuotesOnlyWithQuotes checks that ForStudy reads transcripts
// for quotes only when asked to, and then quotes the coded passages.
func TestForStudyQuotesOnlyWithQuotes(t *testing.T) {
	block := regexp.MustCompile(`^P-\d\d#\d$`)
	for _, with := range []bool{false, true} {
		t.Run(fmt.Sprint("WithQuotes=", with), func(t *testing.T) {
			f := newFakeStudy(t, "fixture")
			rep, _, err := ForStudy(t.Context(), f, "st", StudyOptions{Options: Options{Audience: AudienceTeam}, WithQuotes: with})
			if err != nil {
				t.Fatal(err)
			}
			var quotes []Quote
			for _, sec := range rep.Sections {
				quotes = append(quotes, sec.Quotes...)
			}
			if !with {
				if len(quotes) != 0 || f.textReads != 0 {
					t.Fatalf("%d quotes, %d transcripts read; want none", len(quotes), f.textReads)
				}
				return
			}
			if len(quotes) == 0 {
				t.Fatal("no quotes")
			}
			for _, q := range quotes {
				if !block.MatchString(strings.TrimSpace(q.Text)) {
					t.Errorf("quote %q is not a passage of its transcript", q.Text)
				}
			}
		})
	}
}

// TestMatrixForStudyReadsNoText checks that the team matrix of a study
// served from memory has a row per participant in the sample and that
// making it reads no transcript.
func TestMatrixForStudyReadsNoText(t *testing.T) {
	f := newFakeStudy(t, "fixture")
	m, err := MatrixForStudy(t.Context(), f, "st", MatrixOptions{Audience: AudienceTeam})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Rows) != 14 || m.Plan != "fixture" || f.textReads != 0 {
		t.Errorf("matrix of plan %q with %d rows after %d transcript reads; want fixture, 14, none", m.Plan, len(m.Rows), f.textReads)
	}
}

// attributeList is an AttributeSource held in memory.
type attributeList []*ownwords.Attribute

func (l attributeList) Attributes(context.Context, string) ([]*ownwords.Attribute, error) {
	return l, nil
}
