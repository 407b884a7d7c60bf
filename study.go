package ownwords

import (
	"context"
	"time"
)

// DefaultDisclosureK is the smallest count a public output may show.
const DefaultDisclosureK = 5

// The disclosure threshold's bounds. k = 1 would publish every count, down
// to the single participant: that switches disclosure control off, which
// the product never offers.
const (
	MinDisclosureK = 2
	MaxDisclosureK = 100
)

// The daily budget of searches answered with counts, per account of a role
// that does not see text (see StudySettings.SearchCountsPerDay). Each count
// is perturbed, the same set always alike, so that no count can be derived
// exactly; but differences of two searches over many unrelated words can be
// averaged, and the budget limits how many of those one account can ask.
const (
	DefaultSearchCountsPerDay = 100
	MinSearchCountsPerDay     = 1
	MaxSearchCountsPerDay     = 10000
)

// Study is one research project: its participants, interviews, codebook,
// codings and settings. An embedded store holds one study; a team server
// may hold several.
type Study struct {
	ID        string        `json:"id"`
	Name      string        `json:"name"`
	Settings  StudySettings `json:"settings"`
	CreatedAt time.Time     `json:"created_at"`
}

// StudySettings are the study's tunable rules.
type StudySettings struct {
	// DisclosureK: public outputs suppress counts 1..K-1; from
	// MinDisclosureK to MaxDisclosureK.
	DisclosureK int `json:"disclosure_k"`
	// Languages lists the interview languages (BCP 47 tags).
	Languages []string `json:"languages,omitempty"`
	// Redactions lists names, places and dates that must never appear in a
	// published quote.
	Redactions []string `json:"redactions,omitempty"`
	// OverlapThreshold is the share of overlap at which two coders'
	// segments count as the same passage (0..1); 0 means the default 0.5.
	OverlapThreshold float64 `json:"overlap_threshold,omitempty"`
	// Custodians are the age public keys ("age1…") that exports, backups
	// and the identity vault are encrypted to, and that hold a wrap of an
	// embedded study's data key. Managed by `ownwords key custodian`.
	Custodians []string `json:"custodians,omitempty"`
	// RetentionDays is how long transcripts are kept after an interview's
	// last coding; `ownwords retention run` destroys older ones. 0 keeps
	// them until someone deletes them.
	RetentionDays int `json:"retention_days,omitempty"`
	// ExportTiers overrides DefaultExportTier per role: what an export
	// file taken by a member of that role may carry. Absent roles keep
	// the default; no role above its MaxExportTier.
	ExportTiers map[Role]ExportTier `json:"export_tiers,omitempty"`
	// Attribution is how quote attributions name participants, by
	// priority; empty means DefaultAttribution (see AttributionWording).
	Attribution []AttributionWord `json:"attribution,omitempty"`
	// SearchCountsPerDay is how many searches answered with counts (the
	// answers of roles that do not see text) an account may make in any
	// 24 hours; from MinSearchCountsPerDay to MaxSearchCountsPerDay. 0
	// (settings saved before it existed) means DefaultSearchCountsPerDay.
	SearchCountsPerDay int `json:"search_counts_per_day,omitempty"`
}

// SearchCountsBudget is SearchCountsPerDay, or its default when unset.
func (s StudySettings) SearchCountsBudget() int {
	if s.SearchCountsPerDay == 0 {
		return DefaultSearchCountsPerDay
	}
	return s.SearchCountsPerDay
}

// Validate checks the study and fills in default settings.
func (s *Study) Validate() error {
	if s.Name == "" {
		return Errorf(EINVALID, "study: name required")
	}
	if s.Settings.DisclosureK == 0 {
		s.Settings.DisclosureK = DefaultDisclosureK
	}
	if k := s.Settings.DisclosureK; k < MinDisclosureK || k > MaxDisclosureK {
		return Errorf(EINVALID, "study: disclosure k %d: it must be %d or more (at most %d)", k, MinDisclosureK, MaxDisclosureK)
	}
	if s.Settings.SearchCountsPerDay == 0 {
		s.Settings.SearchCountsPerDay = DefaultSearchCountsPerDay
	}
	if n := s.Settings.SearchCountsPerDay; n < MinSearchCountsPerDay || n > MaxSearchCountsPerDay {
		return Errorf(EINVALID, "study: search counts per day %d: it must be %d to %d", n, MinSearchCountsPerDay, MaxSearchCountsPerDay)
	}
	if s.Settings.RetentionDays < 0 {
		return Errorf(EINVALID, "study: retention days must not be negative")
	}
	if s.Settings.OverlapThreshold < 0 || s.Settings.OverlapThreshold > 1 {
		return Errorf(EINVALID, "study: overlap threshold must be 0..1")
	}
	if err := validateAttribution(s.Settings.Attribution); err != nil {
		return err
	}
	return s.Settings.validateExportTiers()
}

// StudyService manages studies. Callers: the CLI and the web server, with
// the actor in the context (see WithActor); every write is audited.
type StudyService interface {
	// CreateStudy stores s and fills in its ID. EINVALID.
	CreateStudy(ctx context.Context, s *Study) error
	// Study returns one study. ENOTFOUND.
	Study(ctx context.Context, id string) (*Study, error)
	// Studies lists all studies, oldest first.
	Studies(ctx context.Context) ([]*Study, error)
	// UpdateStudy saves name and settings. EINVALID, ENOTFOUND.
	UpdateStudy(ctx context.Context, s *Study) error
}
