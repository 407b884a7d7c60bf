package gate

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"ownwords"
)

// SettingsChange is what an owner asks to change in the study's disclosure
// settings; its zero value changes nothing (and only shows them).
type SettingsChange struct {
	// K is the new disclosure threshold; 0 keeps it. The domain decides
	// what is allowed (ownwords.Study.Validate).
	K int
	// SearchCountsPerDay is the new budget of searches answered with
	// counts per account and day; 0 keeps it. The domain decides what is
	// allowed.
	SearchCountsPerDay int
	// Redact adds terms to the redaction list, Unredact removes terms from
	// it (case-insensitively); nil asks for nothing, an empty list for a
	// change of none.
	Redact, Unredact []string
	// Tiers set roles' export tiers, in order.
	Tiers []TierChange
	// ShowRedactions returns the redaction terms themselves (audited:
	// they are the names and places the study must never publish).
	ShowRedactions bool
}

// TierChange sets the export tier of a role: a tier name, or "default" to
// restore the role's default.
type TierChange struct {
	Role ownwords.Role
	Tier string
}

// Settings are a study's disclosure settings after a change.
type Settings struct {
	Study              string
	DisclosureK        int
	SearchCountsPerDay int
	RetentionDays      int
	Custodians         int
	RedactionCount     int
	// Redactions are the terms, only when asked for.
	Redactions  []string
	ExportTiers map[ownwords.Role]ownwords.ExportTier
	// Changes say what changed, without any redaction term.
	Changes []string
}

// Settings (owner) applies ch to the study's settings in one transaction —
// the store validates them (k from ownwords.MinDisclosureK to
// MaxDisclosureK, searches answered with counts per day from
// MinSearchCountsPerDay to MaxSearchCountsPerDay, no tier above a role's
// maximum) and audits
// "study.update"; the gate adds "study.settings" saying what changed
// without the redaction terms — and returns the settings. Showing the
// redaction terms is audited ("study.redactions_shown").
// EUNAUTHORIZED, EFORBIDDEN, EINVALID.
func (g *Gate) Settings(ctx context.Context, c Caller, ch SettingsChange) (*Settings, error) {
	if err := c.need("access to the study's settings", ownwords.RoleOwner); err != nil {
		return nil, err
	}
	ctx = c.Context(ctx)
	study, err := g.study(ctx)
	if err != nil {
		return nil, err
	}
	changes, err := applySettings(&study.Settings, ch)
	if err != nil {
		return nil, err
	}
	if len(changes) > 0 {
		err := g.store.Update(ctx, func(svc ownwords.Services) error {
			if err := svc.UpdateStudy(ctx, study); err != nil {
				return err
			}
			return svc.Record(ctx, study.ID, "study.settings", study.ID, strings.Join(changes, "; "))
		})
		if err != nil {
			return nil, err
		}
	}
	s := &study.Settings
	out := &Settings{Study: study.Name, DisclosureK: s.DisclosureK, SearchCountsPerDay: s.SearchCountsBudget(), RetentionDays: s.RetentionDays, Custodians: len(s.Custodians),
		RedactionCount: len(s.Redactions), ExportTiers: map[ownwords.Role]ownwords.ExportTier{}, Changes: changes}
	for _, r := range []ownwords.Role{ownwords.RoleOwner, ownwords.RoleCoder, ownwords.RoleAnalyst, ownwords.RoleViewer} {
		out.ExportTiers[r] = s.ExportTierOf(r)
	}
	if ch.ShowRedactions {
		out.Redactions = slices.Clone(s.Redactions)
		if err := g.store.Record(ctx, study.ID, "study.redactions_shown", study.ID, strconv.Itoa(len(s.Redactions))+" terms"); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// applySettings applies ch to s and says what changed. It leaves the
// range checks to the domain's validation when the study is saved.
func applySettings(s *ownwords.StudySettings, ch SettingsChange) ([]string, error) {
	var changes []string
	if ch.K != 0 && ch.K != s.DisclosureK {
		changes = append(changes, fmt.Sprintf("k %d → %d", s.DisclosureK, ch.K))
		s.DisclosureK = ch.K
	}
	if n := ch.SearchCountsPerDay; n != 0 && n != s.SearchCountsBudget() {
		changes = append(changes, fmt.Sprintf("search counts per day %d → %d", s.SearchCountsBudget(), n))
		s.SearchCountsPerDay = n
	}
	if ch.Redact != nil {
		added := 0
		for _, t := range ch.Redact {
			if !slices.ContainsFunc(s.Redactions, func(r string) bool { return strings.EqualFold(r, t) }) {
				s.Redactions = append(s.Redactions, t)
				added++
			}
		}
		changes = append(changes, fmt.Sprintf("%d redaction %s added", added, terms(added)))
	}
	if ch.Unredact != nil {
		n := len(s.Redactions)
		s.Redactions = slices.DeleteFunc(s.Redactions, func(r string) bool {
			return slices.ContainsFunc(ch.Unredact, func(t string) bool { return strings.EqualFold(r, t) })
		})
		changes = append(changes, fmt.Sprintf("%d redaction %s removed", n-len(s.Redactions), terms(n-len(s.Redactions))))
	}
	for _, tc := range ch.Tiers {
		if !tc.Role.Valid() {
			return nil, ownwords.Errorf(ownwords.EINVALID, "export tier of %q: the role must be owner, coder, analyst or viewer", tc.Role)
		}
		if strings.TrimSpace(tc.Tier) == "default" {
			delete(s.ExportTiers, tc.Role)
			changes = append(changes, fmt.Sprintf("export tier of %s → default (%s)", tc.Role, ownwords.DefaultExportTier(tc.Role)))
			continue
		}
		t, err := ownwords.ParseExportTier(tc.Tier)
		if err != nil {
			return nil, err
		}
		if s.ExportTiers == nil {
			s.ExportTiers = map[ownwords.Role]ownwords.ExportTier{}
		}
		s.ExportTiers[tc.Role] = t
		changes = append(changes, fmt.Sprintf("export tier of %s → %s", tc.Role, t))
	}
	return changes, nil
}

// terms is "term" or "terms" for n.
func terms(n int) string {
	if n == 1 {
		return "term"
	}
	return "terms"
}
