package ownwords

import (
	"slices"
	"strings"
)

// ExportTier is how much of a study an export file may carry, after
// REDCap's data export rights. Every export command shapes its file by the
// tier of the account that asks for it (see StudySettings.ExportTierOf);
// public-audience outputs, which are disclosure-controlled for anyone, need
// no tier.
type ExportTier string

// Export tiers, from least to most.
const (
	// TierNone may export nothing.
	TierNone ExportTier = "none"
	// TierDeidentified drops identifier attributes and every piece of free
	// text (transcripts, memos, event notes, text attributes, quotes, code
	// examples), cuts dates to the year or shifts them per participant (see
	// Deidentifier), and names participants by pseudonyms keyed for this
	// export only.
	TierDeidentified ExportTier = "deidentified"
	// TierLimited drops the attributes tagged identifier and keeps the
	// rest: participant codes, exact dates, transcripts and notes.
	TierLimited ExportTier = "limited"
	// TierFull exports everything.
	TierFull ExportTier = "full"
)

// exportTiers lists the tiers, from least to most.
var exportTiers = []ExportTier{TierNone, TierDeidentified, TierLimited, TierFull}

// Valid reports whether t is a known tier.
func (t ExportTier) Valid() bool { return slices.Contains(exportTiers, t) }

// AtLeast reports whether t allows everything u allows.
func (t ExportTier) AtLeast(u ExportTier) bool {
	return slices.Index(exportTiers, t) >= slices.Index(exportTiers, u)
}

// KeepsAttribute reports whether an export at tier t carries attribute a:
// the full tier every attribute, the limited tier all but identifiers, the
// de-identified tier neither identifiers nor free text.
func (t ExportTier) KeepsAttribute(a *Attribute) bool {
	switch t {
	case TierFull:
		return true
	case TierLimited:
		return a.Tag != TagIdentifier
	case TierDeidentified:
		return a.Tag != TagIdentifier && a.Type != AttrText
	}
	return false
}

// KeepsFreeText reports whether an export at tier t may carry text people
// wrote or said: transcripts, memos, notes, quotes.
func (t ExportTier) KeepsFreeText() bool { return t == TierLimited || t == TierFull }

// DefaultExportTier is a role's tier unless the study sets another: owners
// export everything; coders, who read transcripts, everything but
// identifier attributes; analysts, who work on aggregates, de-identified
// data only; viewers nothing.
func DefaultExportTier(r Role) ExportTier {
	switch r {
	case RoleOwner:
		return TierFull
	case RoleCoder:
		return TierLimited
	case RoleAnalyst:
		return TierDeidentified
	}
	return TierNone
}

// MaxExportTier is the highest tier a study may give role r: roles that
// never see transcript text (analysts, viewers) may not take it away in a
// file either, so they stop at de-identified.
func MaxExportTier(r Role) ExportTier {
	if r.SeesText() {
		return TierFull
	}
	return TierDeidentified
}

// ExportTierOf returns the export tier of role r in the study: the
// ExportTiers override, else DefaultExportTier.
func (s *StudySettings) ExportTierOf(r Role) ExportTier {
	if t, ok := s.ExportTiers[r]; ok {
		return t
	}
	return DefaultExportTier(r)
}

// validateExportTiers checks the ExportTiers overrides: known roles, known
// tiers, none above the role's MaxExportTier.
func (s *StudySettings) validateExportTiers() error {
	for r, t := range s.ExportTiers {
		switch {
		case !r.Valid():
			return Errorf(EINVALID, "study: export tiers: unknown role %q", r)
		case !t.Valid():
			return Errorf(EINVALID, "study: export tiers: %s: unknown tier %q (want %s)", r, t, tierNames())
		case !MaxExportTier(r).AtLeast(t):
			return Errorf(EINVALID, "study: export tiers: %s may have at most the %s tier: the role never sees transcript text", r, MaxExportTier(r))
		}
	}
	return nil
}

// ParseExportTier parses a tier name. EINVALID names the known ones.
func ParseExportTier(s string) (ExportTier, error) {
	t := ExportTier(strings.TrimSpace(s))
	if !t.Valid() {
		return "", Errorf(EINVALID, "unknown export tier %q (want %s)", s, tierNames())
	}
	return t, nil
}

func tierNames() string {
	names := make([]string, len(exportTiers))
	for i, t := range exportTiers {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}
