package gate

import (
	"ownwords"
)

// Audiences of aggregate outputs (the same words as package report's).
const (
	AudienceTeam   = "team"
	AudiencePublic = "public"
)

// audience returns the audience c gets when asking for asked: "" is c's
// own (the team for owners and analysts, who work on exact aggregates;
// the public for everyone else). The team audience needs an owner or
// analyst: EUNAUTHORIZED for the public, EFORBIDDEN for other roles;
// EINVALID for an unknown audience.
func (c Caller) audience(asked string) (string, error) {
	switch asked {
	case "":
		if c.is(ownwords.RoleOwner, ownwords.RoleAnalyst) {
			return AudienceTeam, nil
		}
		return AudiencePublic, nil
	case AudiencePublic:
		return AudiencePublic, nil
	case AudienceTeam:
		if err := c.need("the team audience (exact counts)", ownwords.RoleOwner, ownwords.RoleAnalyst); err != nil {
			return "", err
		}
		return AudienceTeam, nil
	}
	return "", ownwords.Errorf(ownwords.EINVALID, "audience %q: want public or team", asked)
}

// Audience is the audience c gets for aggregate outputs when it names none.
func (c Caller) Audience() string {
	a, _ := c.audience("")
	return a
}

// exportTier returns the tier a file or document c takes is shaped by:
// the tier of c's role in the study, or the lower one asked for ("" asks
// for none). need is the least tier the output can be made at. The public
// has no tier (EUNAUTHORIZED); EINVALID for an unknown tier; EFORBIDDEN
// when asked is above the role's tier or the tier is below need.
func (c Caller) exportTier(study *ownwords.Study, asked string, need ownwords.ExportTier) (ownwords.ExportTier, error) {
	if c.IsPublic() {
		return "", ownwords.Errorf(ownwords.EUNAUTHORIZED, "an export is shaped by the export tier of the account that takes it: name your account (--user)")
	}
	tier := study.Settings.ExportTierOf(c.Role)
	if asked != "" {
		t, err := ownwords.ParseExportTier(asked)
		if err != nil {
			return "", err
		}
		if !tier.AtLeast(t) {
			return "", ownwords.Errorf(ownwords.EFORBIDDEN, "%s is %s, whose export tier in this study is %s: tier %s asks for more", c.User.Name, c.Role, tier, t)
		}
		tier = t
	}
	if !tier.AtLeast(need) {
		return "", ownwords.Errorf(ownwords.EFORBIDDEN, "%s is %s, whose export tier in this study is %s; this output needs the %s tier or more", c.User.Name, c.Role, tier, need)
	}
	return tier, nil
}
