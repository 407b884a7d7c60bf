// Package gate is ownwords' application layer: the use cases the CLI and
// the workbench offer (report, crosstab, timeline, search, quotes, export,
// coding, comparison and adjudication, codebook edits, settings, users),
// each taking the acting Caller.
//
// Every rule about who may see what is decided here, once: role, audience,
// export tier, analysis plan, blind coding, quote selection and
// attribution, disclosure control and the audit entry. The front ends
// (cmd/ownwords, web) parse input, call a use case and render what it
// returns; they hold no role, audience or tier decision of their own (the
// web's route table stays as a first, coarse gate in front of this one).
package gate

import (
	"context"
	"strings"
	"time"

	"ownwords"
)

// Gate serves the use cases of one study of a store.
type Gate struct {
	store   ownwords.Store
	studyID string
	// cache keeps analyses and reports per study version; nil computes
	// every time (see EnableCache).
	cache *cache
	// setup keeps what is computed from the study's set-up alone (the
	// search form's choices) per set-up version; nil with cache.
	setup *cache
	// searchLimit bounds one search's time (SetSearchLimit).
	searchLimit time.Duration
}

// New returns the gate of the study studyID of st.
func New(st ownwords.Store, studyID string) *Gate {
	return &Gate{store: st, studyID: studyID}
}

// StudyID is the ID of the gate's study.
func (g *Gate) StudyID() string { return g.studyID }

// study reads the study and its current settings.
func (g *Gate) study(ctx context.Context) (*ownwords.Study, error) {
	return g.store.Study(ctx, g.studyID)
}

// Caller is who asks: a member of the study with their role, or the
// public (no account). The zero Caller is the public.
type Caller struct {
	// User is the member's account; nil for the public.
	User *ownwords.User
	// Role is the member's role in the study; "" for the public.
	Role ownwords.Role
	// sessionKey keys the pseudonyms and page handles of the caller's
	// session when keyed is set (see WithSessionKey).
	sessionKey [32]byte
	keyed      bool
	// keyHolder marks the caller who opened the store with its key (see
	// KeyHolder); for every other use case it is the public.
	keyHolder bool
}

// Public is the caller without an account: it gets what a public report
// would show anyone.
func Public() Caller { return Caller{} }

// Member is the caller u acting with role r. Front ends make one only from
// an account they have authenticated (Login, or a live session).
func Member(u *ownwords.User, r ownwords.Role) Caller { return Caller{User: u, Role: r} }

// IsPublic reports whether c has no account.
func (c Caller) IsPublic() bool { return c.User == nil }

// is reports whether c holds one of roles.
func (c Caller) is(roles ...ownwords.Role) bool {
	if c.User == nil {
		return false
	}
	for _, r := range roles {
		if r == c.Role {
			return true
		}
	}
	return false
}

// SeesText reports whether c may receive transcript text or quotes.
func (c Caller) SeesText() bool { return c.User != nil && c.Role.SeesText() }

// Context returns ctx with c as the audit actor (the system actor for the
// public).
func (c Caller) Context(ctx context.Context) context.Context {
	if c.User == nil {
		return ownwords.WithActor(ctx, ownwords.SystemActor)
	}
	return ownwords.WithActor(ctx, c.User.Name)
}

// need checks that c holds one of roles for what: EUNAUTHORIZED for the
// public, EFORBIDDEN for another role.
func (c Caller) need(what string, roles ...ownwords.Role) error {
	if c.is(roles...) {
		return nil
	}
	if c.User == nil {
		return c.forbid(what)
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return ownwords.Errorf(ownwords.EFORBIDDEN, "%s is %s in this study; %s needs one of: %s", c.User.Name, c.Role, what, strings.Join(names, ", "))
}

// forbid returns the refusal of what to c: EUNAUTHORIZED for the public,
// EFORBIDDEN for a member whose role may not have it.
func (c Caller) forbid(what string) error {
	if c.User == nil {
		return ownwords.Errorf(ownwords.EUNAUTHORIZED, "%s is confidential: it needs an account (--user, or log in to the workbench)", what)
	}
	return ownwords.Errorf(ownwords.EFORBIDDEN, "%s is %s in this study, and %s is not for that role", c.User.Name, c.Role, what)
}
