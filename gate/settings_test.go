package gate

import (
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/sqldb/sqldbtest"
)

// TestSettingsRelyOnTheDomain: the owner's change is validated by the
// domain (k from 2 to 100, no tier above a role's maximum), lands with one
// audit entry saying what changed without any redaction term, and showing
// the terms is audited too.
func TestSettingsRelyOnTheDomain(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, st ownwords.Store) {
		f := mustCodingFixture(t, st)
		ctx, owner := t.Context(), f.as(asOwner)
		for _, tt := range []struct {
			name string
			ch   SettingsChange
			want string
		}{
			{"ErrKOne", SettingsChange{K: 1}, invalid},
			{"ErrKNegative", SettingsChange{K: -2}, invalid},
			{"ErrKAboveHundred", SettingsChange{K: 101}, invalid},
			{"ErrTierAboveMaximum", SettingsChange{Tiers: []TierChange{{ownwords.RoleAnalyst, "full"}}}, invalid},
			{"ErrUnknownTier", SettingsChange{Tiers: []TierChange{{ownwords.RoleAnalyst, "most"}}}, invalid},
			{"ErrUnknownRole", SettingsChange{Tiers: []TierChange{{"boss", "none"}}}, invalid},
			{"ErrSearchCountsNegative", SettingsChange{SearchCountsPerDay: -1}, invalid},
			{"ErrSearchCountsAboveMaximum", SettingsChange{SearchCountsPerDay: ownwords.MaxSearchCountsPerDay + 1}, invalid},
			{"OKKTwo", SettingsChange{K: 2, Redact: []string{"Zorvath Quillby", "zorvath quillby"}}, ok},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.g.Settings(ctx, owner, tt.ch)
				wantCode(t, tt.name, err, tt.want)
			})
		}
		set, err := f.g.Settings(ctx, owner, SettingsChange{ShowRedactions: true, Tiers: []TierChange{{ownwords.RoleCoder, "none"}}})
		mustOK(t, err)
		if set.DisclosureK != 2 || set.RedactionCount != 1 || !slices.Equal(set.Redactions, []string{"Zorvath Quillby"}) ||
			set.ExportTiers[ownwords.RoleCoder] != ownwords.TierNone {
			t.Errorf("settings %+v", set)
		}
		var details []string
		mustOK(t, st.AuditEntries(ctx, func(e *ownwords.AuditEntry) bool {
			if e.Action == "study.settings" || e.Action == "study.redactions_shown" {
				details = append(details, e.Actor+": "+e.Detail)
			}
			return true
		}))
		want := "owner: k 5 → 2; 1 redaction term added|owner: export tier of coder → none|owner: 1 terms"
		if got := strings.Join(details, "|"); got != want {
			t.Errorf("audit %q, want %q", got, want)
		}
	})
}
