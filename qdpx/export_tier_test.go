package qdpx_test

import (
	"bytes"
	"strings"
	"testing"

	"ownwords"
	"ownwords/qdpx"
)

// TestExportTiers exports a project and its codebook at each export tier:
// the limited project leaves the identifier attribute out of variables and
// cases but keeps the rest; projects below limited and codebooks below
// de-identified are refused; the de-identified codebook has no examples.
func TestExportTiers(t *testing.T) {
	const (
		nickname = "Quentavia Orlobrand"
		example  = "we ate grass for a week"
	)
	st, study, _ := mustImport(t, "qc.qdpx", mustReadFile(t, fixture("qc-1.3.2-demo.qdpx")))
	ctx := t.Context()
	mustTierValues(t, st, study, example, []*ownwords.Attribute{
		{StudyID: study.ID, Slug: "nickname", Type: ownwords.AttrCategory, Tag: ownwords.TagIdentifier},
		{StudyID: study.ID, Slug: "gender", Type: ownwords.AttrCategory},
	}, map[string]ownwords.Value{
		"nickname": {Type: ownwords.AttrCategory, Str: nickname},
		"gender":   {Type: ownwords.AttrCategory, Str: "woman"},
	})

	tests := []struct {
		tier               ownwords.ExportTier
		code               string // error code of the project export
		nickname, variable bool   // the identifier's value and variable appear
	}{
		{ownwords.TierFull, "", true, true},
		{ownwords.TierLimited, "", false, false},
		{ownwords.TierDeidentified, ownwords.EFORBIDDEN, false, false},
		{ownwords.TierNone, ownwords.EFORBIDDEN, false, false},
	}
	for _, tt := range tests {
		t.Run("Project/"+string(tt.tier), func(t *testing.T) {
			var out bytes.Buffer
			err := qdpx.ExportWith(ctx, st, study.ID, &out, qdpx.ExportOptions{Tier: tt.tier})
			if ownwords.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v, want code %q", err, tt.code)
			}
			if tt.code != "" {
				if out.Len() != 0 {
					t.Fatal("a refused export wrote bytes")
				}
				return
			}
			qde := string(mustUnzipEntry(t, out.Bytes(), "project.qde"))
			if strings.Contains(qde, nickname) != tt.nickname || strings.Contains(qde, `name="nickname"`) != tt.variable {
				t.Errorf("identifier value shown %v, variable shown %v; want %v, %v", strings.Contains(qde, nickname), strings.Contains(qde, `name="nickname"`), tt.nickname, tt.variable)
			}
			if !strings.Contains(qde, `name="gender"`) || !strings.Contains(qde, "woman") {
				t.Error("the plain attribute is missing")
			}
			back := mustRead(t, "out.qdpx", out.Bytes())
			if back.Sources == nil || len(back.Sources.Text) == 0 || back.Sources.Text[0].Text == "" {
				t.Error("the project lost its transcripts")
			}
		})
	}
	for _, tt := range []struct {
		tier    ownwords.ExportTier
		code    string
		example bool
	}{
		{ownwords.TierFull, "", true},
		{ownwords.TierLimited, "", true},
		{ownwords.TierDeidentified, "", false},
		{ownwords.TierNone, ownwords.EFORBIDDEN, false},
	} {
		t.Run("Codebook/"+string(tt.tier), func(t *testing.T) {
			var out bytes.Buffer
			err := qdpx.ExportCodebookWith(ctx, st, study.ID, &out, qdpx.ExportOptions{Tier: tt.tier})
			if ownwords.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v, want code %q", err, tt.code)
			}
			if strings.Contains(out.String(), example) != tt.example {
				t.Errorf("example shown = %v, want %v", !tt.example, tt.example)
			}
		})
	}
	t.Run("LimitedProjectIsValid", func(t *testing.T) {
		var out bytes.Buffer
		if err := qdpx.ExportWith(ctx, st, study.ID, &out, qdpx.ExportOptions{Tier: ownwords.TierLimited}); err != nil {
			t.Fatal(err)
		}
		mustValidate(t, out.Bytes(), "")
	})
}

// mustTierValues creates attrs in the study, gives its first participant
// values and its first code example, and returns both.
func mustTierValues(t *testing.T, st ownwords.Store, study *ownwords.Study, example string, attrs []*ownwords.Attribute, values map[string]ownwords.Value) (*ownwords.Participant, *ownwords.Code) {
	t.Helper()
	ctx := t.Context()
	for _, a := range attrs {
		if err := st.CreateAttribute(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	parts, err := st.Participants(ctx, ownwords.ParticipantFilter{StudyID: study.ID})
	if err != nil || len(parts) == 0 {
		t.Fatalf("participants: %d, %v", len(parts), err)
	}
	p := parts[0]
	p.Values = values
	if err := st.UpdateParticipant(ctx, p); err != nil {
		t.Fatal(err)
	}
	cb, err := st.Codebook(ctx, study.ID)
	if err != nil {
		t.Fatal(err)
	}
	code := cb.Codes[0]
	code.Example = example
	if err := st.UpdateCode(ctx, code); err != nil {
		t.Fatal(err)
	}
	return p, code
}
