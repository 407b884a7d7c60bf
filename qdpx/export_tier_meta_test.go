package qdpx_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"archive/zip"

	"ownwords"
	"ownwords/qdpx"
)

// TestExportTierMetaBlock exports a project and its codebook at each tier
// that allows them and looks for forbidden values anywhere in the archive
// (project.qde with ownwords' data block, and the sources): an identifier
// attribute (its slug, label, description, categories and values) never
// appears below the full tier, and the de-identified codebook carries
// nothing of participants, interviews, memos or code examples.
func TestExportTierMetaBlock(t *testing.T) {
	const (
		idSlug     = "birthname"
		idLabel    = "Birth name of record"
		idDesc     = "the name on the identity card"
		idCategory = "Zorbanek Hlutvar"
		idValue    = "Zorbanek Hlutvar"
		textValue  = "lives behind the Qelmira bakery"
		place      = "Qarnabad safe house"
		interp     = "Interpreter Yusrelda Moon"
		transl     = "translation: Vrenholt said the convoy left at dawn"
		example    = "example: we hid in the Sturnwell cellar"
		codeMemo   = "memo on code: recalls Pellucid Ravine"
		anchorMemo = "anchored memo: names the Oskvar checkpoint"
	)
	st, study, _ := mustImport(t, "qc.qdpx", mustReadFile(t, fixture("qc-1.3.2-demo.qdpx")))
	ctx := t.Context()
	p, code := mustTierValues(t, st, study, example, []*ownwords.Attribute{
		{StudyID: study.ID, Slug: idSlug, Label: idLabel, Description: idDesc, Type: ownwords.AttrCategory, Values: []string{idCategory}, Tag: ownwords.TagIdentifier},
		{StudyID: study.ID, Slug: "whereabouts", Type: ownwords.AttrText},
	}, map[string]ownwords.Value{
		idSlug:        {Type: ownwords.AttrCategory, Str: idValue},
		"whereabouts": {Type: ownwords.AttrText, Str: textValue},
	})
	ivs, err := st.Interviews(ctx, ownwords.InterviewFilter{StudyID: study.ID})
	if err != nil || len(ivs) == 0 {
		t.Fatalf("interviews: %d, %v", len(ivs), err)
	}
	iv, err := st.Interview(ctx, ivs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	iv.Place, iv.Interpreter, iv.Translation = place, interp, transl
	if iv.Date, err = ownwords.ParseDate("2019-03-14"); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateInterview(ctx, iv); err != nil {
		t.Fatal(err)
	}
	for _, m := range []*ownwords.Memo{
		{StudyID: study.ID, TargetType: ownwords.MemoCode, TargetID: code.ID, Body: codeMemo},
		{StudyID: study.ID, TargetType: ownwords.MemoInterview, TargetID: iv.ID, Body: anchorMemo, Anchor: &ownwords.MemoAnchor{Start: 0, End: 5}},
	} {
		if err := st.CreateMemo(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	identifier := []string{idSlug, idLabel, idDesc, idValue, idCategory}
	people := []string{textValue, place, interp, transl, example, codeMemo, anchorMemo, p.Code, "2019-03-14"}
	tests := []struct {
		name      string
		tier      ownwords.ExportTier
		codebook  bool
		forbidden []string
		present   []string // shows the test could see a leak
	}{
		{"Project/full", ownwords.TierFull, false, nil, append(append([]string{}, identifier...), people...)},
		{"Project/limited", ownwords.TierLimited, false, identifier, people},
		{"Codebook/full", ownwords.TierFull, true, append(append([]string{}, identifier...), textValue, place, interp, transl, codeMemo, anchorMemo, p.Code, "2019-03-14"), []string{example}},
		{"Codebook/limited", ownwords.TierLimited, true, append(append([]string{}, identifier...), textValue, place, interp, transl, codeMemo, anchorMemo, p.Code, "2019-03-14"), []string{example}},
		{"Codebook/deidentified", ownwords.TierDeidentified, true, append(append([]string{}, identifier...), people...), []string{code.Slug}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			opt := qdpx.ExportOptions{Tier: tt.tier}
			if tt.codebook {
				err = qdpx.ExportCodebookWith(ctx, st, study.ID, &out, opt)
			} else {
				err = qdpx.ExportWith(ctx, st, study.ID, &out, opt)
			}
			if err != nil {
				t.Fatal(err)
			}
			all := out.String()
			if !tt.codebook {
				all = archiveText(t, out.Bytes())
			}
			for _, s := range tt.forbidden {
				if strings.Contains(all, s) || strings.Contains(all, xmlEscape(s)) {
					t.Errorf("the %s export carries %q", tt.tier, s)
				}
			}
			for _, s := range tt.present {
				if !strings.Contains(all, s) && !strings.Contains(all, xmlEscape(s)) {
					t.Errorf("the %s export lacks %q (the test cannot see it)", tt.tier, s)
				}
			}
		})
	}
}

// archiveText is every entry of a .qdpx archive, concatenated.
func archiveText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		sb.Write(data)
		sb.WriteByte('\n')
	}
	return sb.String()
}

// xmlEscape is s as XML character data or JSON inside it may spell it.
func xmlEscape(s string) string {
	return strings.NewReplacer(`"`, "&#34;", "'", "&#39;", "&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
