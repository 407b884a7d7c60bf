package gate

import (
	"context"
	"slices"

	"ownwords"
)

// filterable reports whether c, whose export tier in the study is tier,
// may filter by a. Roles that read text may filter by any attribute their
// tier keeps (a coder at the limited tier not by an identifier: a search
// by a name would tie it to the participant code beside each hit); the
// others only by categories and yes/no attributes not tagged identifier,
// since a count by a name or a free-text value would tell who has it.
func (c Caller) filterable(a *ownwords.Attribute, tier ownwords.ExportTier) bool {
	if c.SeesText() {
		return tier.KeepsAttribute(a)
	}
	return (a.Type == ownwords.AttrCategory || a.Type == ownwords.AttrBoolean) && a.Tag != ownwords.TagIdentifier
}

// attributeFilter checks the attribute filter asked (slug → value as
// typed) for c and returns it with canonical values. EINVALID for an
// unknown attribute or a malformed value; EFORBIDDEN for an attribute c
// may not filter by.
func (g *Gate) attributeFilter(ctx context.Context, c Caller, asked map[string]string) (map[string]string, error) {
	if len(asked) == 0 {
		return nil, nil
	}
	attrs, tier, err := g.filterContext(ctx, c)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(asked))
	for slug, raw := range asked {
		i := slices.IndexFunc(attrs, func(a *ownwords.Attribute) bool { return a.Slug == slug })
		if i < 0 {
			return nil, ownwords.Errorf(ownwords.EINVALID, "filter %s: not an attribute of this study", slug)
		}
		a := attrs[i]
		switch {
		case c.filterable(a, tier):
		case a.Tag == ownwords.TagIdentifier:
			return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "filter %s: an identifier attribute; your export tier may not filter by it", slug)
		default:
			return nil, ownwords.Errorf(ownwords.EFORBIDDEN, "filter %s: your role may filter only by categories and yes/no attributes", slug)
		}
		v, err := ownwords.ParseValue(a.Type, raw)
		if err != nil {
			return nil, ownwords.Errorf(ownwords.EINVALID, "filter %s: %s", slug, ownwords.ErrorMessage(err))
		}
		out[slug] = v.String()
	}
	return out, nil
}

// attributeFilters lists the category and yes/no attributes c may filter
// by, in the study's order, with their values (FilterChoices); viewers are
// not told which values participants have, only the declared ones.
func (g *Gate) attributeFilters(ctx context.Context, c Caller) ([]FilterChoice, error) {
	attrs, tier, err := g.filterContext(ctx, c)
	if err != nil {
		return nil, err
	}
	var ps []*ownwords.Participant
	if !c.is(ownwords.RoleViewer) {
		src, err := g.seenBy(ctx, c)
		if err != nil {
			return nil, err
		}
		if ps, err = src.Participants(ctx, ownwords.ParticipantFilter{StudyID: g.studyID}); err != nil {
			return nil, err
		}
	}
	return FilterChoices(slices.DeleteFunc(attrs, func(a *ownwords.Attribute) bool { return !c.filterable(a, tier) }), ps), nil
}

// filterContext returns the study's attributes and c's export tier there.
func (g *Gate) filterContext(ctx context.Context, c Caller) ([]*ownwords.Attribute, ownwords.ExportTier, error) {
	study, err := g.study(ctx)
	if err != nil {
		return nil, "", err
	}
	attrs, err := g.store.Attributes(ctx, g.studyID)
	return attrs, study.Settings.ExportTierOf(c.Role), err
}
