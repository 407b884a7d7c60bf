package gate

import (
	"context"

	"ownwords"
)

// Activity returns the study's latest changes and exports (at most limit,
// newest first) of the kinds actions names, as the dashboard shows them.
// Owners see everyone's; every other member only their own, since an
// entry by someone else says when another layer changed (blind coding)
// and names the objects it touched by their stable IDs (which an analyst's
// pseudonyms must not be linkable to); their list is filtered in the
// query, so its length says nothing of what others did. The public is
// EUNAUTHORIZED. The query is bounded: it reads at most limit entries per
// kind.
func (g *Gate) Activity(ctx context.Context, c Caller, actions []string, limit int) ([]*ownwords.AuditEntry, error) {
	if err := c.need("the study's activity", ownwords.RoleOwner, ownwords.RoleCoder, ownwords.RoleAnalyst); err != nil {
		return nil, err
	}
	actor := ""
	if !c.is(ownwords.RoleOwner) {
		actor = c.User.Name
	}
	return g.store.RecentAuditEntries(ctx, g.studyID, actor, actions, limit)
}
