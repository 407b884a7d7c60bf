package ownwords_test

import (
	"encoding/json"
	"strings"
	"testing"

	"ownwords"
)

func TestExportTierOf(t *testing.T) {
	tests := []struct {
		name      string
		overrides map[ownwords.Role]ownwords.ExportTier
		role      ownwords.Role
		want      ownwords.ExportTier
	}{
		{"OwnerDefaultFull", nil, ownwords.RoleOwner, ownwords.TierFull},
		{"CoderDefaultLimited", nil, ownwords.RoleCoder, ownwords.TierLimited},
		{"AnalystDefaultDeidentified", nil, ownwords.RoleAnalyst, ownwords.TierDeidentified},
		{"ViewerDefaultNone", nil, ownwords.RoleViewer, ownwords.TierNone},
		{"OwnerLowered", map[ownwords.Role]ownwords.ExportTier{ownwords.RoleOwner: ownwords.TierLimited}, ownwords.RoleOwner, ownwords.TierLimited},
		{"ViewerRaised", map[ownwords.Role]ownwords.ExportTier{ownwords.RoleViewer: ownwords.TierDeidentified}, ownwords.RoleViewer, ownwords.TierDeidentified},
		{"OtherRoleKeepsDefault", map[ownwords.Role]ownwords.ExportTier{ownwords.RoleCoder: ownwords.TierNone}, ownwords.RoleAnalyst, ownwords.TierDeidentified},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &ownwords.Study{Name: "s", Settings: ownwords.StudySettings{ExportTiers: tt.overrides}}
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
			if got := s.Settings.ExportTierOf(tt.role); got != tt.want {
				t.Fatalf("tier of %s = %s, want %s", tt.role, got, tt.want)
			}
		})
	}
}

func TestExportTiersValidate(t *testing.T) {
	tests := []struct {
		name      string
		overrides map[ownwords.Role]ownwords.ExportTier
		want      string
	}{
		{"ErrUnknownRole", map[ownwords.Role]ownwords.ExportTier{"admin": ownwords.TierFull}, `unknown role "admin"`},
		{"ErrUnknownTier", map[ownwords.Role]ownwords.ExportTier{ownwords.RoleCoder: "partial"}, `unknown tier "partial"`},
		{"ErrAnalystAboveDeidentified", map[ownwords.Role]ownwords.ExportTier{ownwords.RoleAnalyst: ownwords.TierLimited}, "analyst may have at most the deidentified tier"},
		{"ErrViewerFull", map[ownwords.Role]ownwords.ExportTier{ownwords.RoleViewer: ownwords.TierFull}, "viewer may have at most"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &ownwords.Study{Name: "s", Settings: ownwords.StudySettings{ExportTiers: tt.overrides}}
			err := s.Validate()
			if ownwords.ErrorCode(err) != ownwords.EINVALID || !strings.Contains(ownwords.ErrorMessage(err), tt.want) {
				t.Fatalf("err = %v, want EINVALID containing %q", err, tt.want)
			}
		})
	}
}

// TestExportTiersJSON checks that settings written before tiers existed
// still read, and that settings without overrides are written as before.
func TestExportTiersJSON(t *testing.T) {
	var old ownwords.StudySettings
	if err := json.Unmarshal([]byte(`{"disclosure_k": 5, "custodians": ["age1x"]}`), &old); err != nil {
		t.Fatal(err)
	}
	if old.ExportTierOf(ownwords.RoleCoder) != ownwords.TierLimited {
		t.Fatalf("old settings: coder tier %s", old.ExportTierOf(ownwords.RoleCoder))
	}
	b, _ := json.Marshal(old)
	if strings.Contains(string(b), "export_tiers") {
		t.Fatalf("settings without overrides written as %s", b)
	}
	old.ExportTiers = map[ownwords.Role]ownwords.ExportTier{ownwords.RoleAnalyst: ownwords.TierNone}
	b, _ = json.Marshal(old)
	var back ownwords.StudySettings
	if err := json.Unmarshal(b, &back); err != nil || back.ExportTierOf(ownwords.RoleAnalyst) != ownwords.TierNone {
		t.Fatalf("round trip of %s: %v, analyst %s", b, err, back.ExportTierOf(ownwords.RoleAnalyst))
	}
}

func TestExportTierKeepsAttribute(t *testing.T) {
	plain := &ownwords.Attribute{Slug: "gender", Type: ownwords.AttrCategory}
	quasi := &ownwords.Attribute{Slug: "birth_year", Type: ownwords.AttrInteger, Tag: ownwords.TagQuasiIdentifier}
	ident := &ownwords.Attribute{Slug: "nickname", Type: ownwords.AttrCategory, Tag: ownwords.TagIdentifier}
	text := &ownwords.Attribute{Slug: "remarks", Type: ownwords.AttrText}
	tests := []struct {
		tier                      ownwords.ExportTier
		plain, quasi, ident, text bool
		freeText                  bool
	}{
		{ownwords.TierFull, true, true, true, true, true},
		{ownwords.TierLimited, true, true, false, true, true},
		{ownwords.TierDeidentified, true, true, false, false, false},
		{ownwords.TierNone, false, false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.tier), func(t *testing.T) {
			got := [4]bool{tt.tier.KeepsAttribute(plain), tt.tier.KeepsAttribute(quasi), tt.tier.KeepsAttribute(ident), tt.tier.KeepsAttribute(text)}
			if want := [4]bool{tt.plain, tt.quasi, tt.ident, tt.text}; got != want {
				t.Errorf("keeps plain, quasi, identifier, text = %v, want %v", got, want)
			}
			if tt.tier.KeepsFreeText() != tt.freeText {
				t.Errorf("KeepsFreeText = %v", !tt.freeText)
			}
		})
	}
	order := []ownwords.ExportTier{ownwords.TierNone, ownwords.TierDeidentified, ownwords.TierLimited, ownwords.TierFull}
	for i, a := range order {
		for j, b := range order {
			if a.AtLeast(b) != (i >= j) {
				t.Errorf("%s.AtLeast(%s) = %v", a, b, a.AtLeast(b))
			}
		}
	}
	if _, err := ownwords.ParseExportTier("everything"); ownwords.ErrorCode(err) != ownwords.EINVALID {
		t.Errorf("ParseExportTier(everything): %v", err)
	}
}
