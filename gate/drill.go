package gate

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"ownwords"
	"ownwords/analysis"
)

// Drill is what stands behind one figure of the team report.
type Drill struct {
	Plan    string `json:"plan"`
	Section string `json:"section"`
	Item    string `json:"item"`
	Group   string `json:"group"`
	// Label names the figure for people (see figureLabel).
	Label string `json:"label"`
	// N is the number of participants the figure counts; 0 when Suppressed.
	N           int `json:"n"`
	Denominator int `json:"denominator,omitempty"`
	// Suppressed says N lies between 1 and K-1 and is withheld, as the
	// public report withholds it.
	Suppressed bool `json:"suppressed,omitempty"`
	K          int  `json:"k"`
	// Participants are the participants behind the figure, in sample
	// order: only for callers who see text and participant codes (the
	// owner). Everyone else gets the count alone, never a list.
	Participants []ParticipantName `json:"participants,omitempty"`
	// Quotes is the way to the coded passages behind the figure, for the
	// same callers; nil for everyone else.
	Quotes *DrillQuotes `json:"quotes,omitempty"`
}

// DrillQuotes names the passages behind a figure.
type DrillQuotes struct {
	// CodeID is the code whose passages (of any layer) make the figure, ""
	// for a derived item or an attribute or sample figure, which no
	// passage carries.
	CodeID string `json:"code_id,omitempty"`
	// Filter is the figure's group, attribute slug to value.
	Filter map[string]string `json:"filter,omitempty"`
	// Bank says the figure is an item of a codebook section, which has a
	// quote bank of the consensus passages it counts.
	Bank bool `json:"bank"`
}

// Drill returns what stands behind the figure (section, item, group) of
// the plan named (ownwords.PickPlan's rule; "" the default): for callers
// who see text and whose export tier keeps participant codes (the owner)
// the participants it counts and the way to their passages; for analysts
// the count alone, withheld when it lies between 1 and k-1, as the public
// report would. The drill-down belongs to the team report: coders and
// viewers, whose report is the public one, are refused (EFORBIDDEN), since
// an exact count behind a figure the public report withholds would undo
// its (complementary) suppression; the public is EUNAUTHORIZED. ENOTFOUND
// for an unknown plan or figure, EINVALID for a plan that does not fit the
// study. Every drill-down is audited (report.drill).
func (g *Gate) Drill(ctx context.Context, c Caller, plan, section, item, group string) (*Drill, error) {
	if err := c.need("the drill-down of a report figure", ownwords.RoleOwner, ownwords.RoleAnalyst); err != nil {
		return nil, err
	}
	study, err := g.study(ctx)
	if err != nil {
		return nil, err
	}
	in, res, err := g.analyse(ctx, plan)
	if err != nil {
		return nil, err
	}
	cb := in.Codebook
	// What the team report would refuse to show at c's tier, its drill-down
	// does not answer either (not even whether a value exists).
	var shown []string
	if slug, ok := strings.CutPrefix(section, "attributes."); ok {
		shown = append(shown, slug)
	}
	if gi := slices.IndexFunc(res.Plan.Groups, func(gr analysis.Group) bool { return gr.Name == group }); gi >= 0 {
		for slug := range res.Plan.Groups[gi].Filter {
			shown = append(shown, slug)
		}
	}
	if err := tierKeeps(study.Settings.ExportTierOf(c.Role), in.Attributes, false, shown...); err != nil {
		return nil, err
	}
	ids, _ := res.Provenance(section, item, group)
	if ids == nil {
		return nil, ownwords.Errorf(ownwords.ENOTFOUND, "no figure %s/%s in group %s", section, item, group)
	}
	d := &Drill{Plan: res.Plan.Name, Section: section, Item: item, Group: group, N: len(ids), K: study.Settings.DisclosureK,
		Label: figureLabel(res, cb, section, item)}
	if count, ok := res.Lookup(section, item, group); ok {
		d.Denominator = count.Denominator
	}
	list := c.SeesText() && study.Settings.ExportTierOf(c.Role).AtLeast(ownwords.TierLimited)
	detail := fmt.Sprintf("%s/%s in %s: ", section, item, group)
	switch {
	case list:
		byID := make(map[string]*ownwords.Participant, len(ids))
		for _, p := range res.Sample() {
			byID[p.ID] = p
		}
		for _, id := range ids {
			d.Participants = append(d.Participants, ParticipantName{Ref: id, Name: byID[id].Code})
		}
		d.Quotes = drillQuotes(res, cb, section, item, group)
		detail += "participants listed"
	case d.N > 0 && d.N < d.K:
		d.N, d.Suppressed = 0, true
		detail += "count withheld"
	default:
		detail += "count"
	}
	if err := g.store.Record(c.Context(ctx), g.studyID, "report.drill", d.Plan, detail); err != nil {
		return nil, err
	}
	return d, nil
}

// drillQuotes names the passages behind a figure of res.
func drillQuotes(res *analysis.Result, cb *ownwords.Codebook, section, item, group string) *DrillQuotes {
	q := &DrillQuotes{Bank: section != "sample" && !strings.HasPrefix(section, "attributes.")}
	if code := cb.ByPath(section + "/" + item); code != nil && code.Derived == nil {
		q.CodeID = code.ID
	}
	for _, g := range res.Plan.Groups {
		if g.Name == group && len(g.Filter) > 0 {
			q.Filter = g.Filter
		}
	}
	return q
}

// figureLabel names the figure (section, item) for people: a code's label
// (its slug when it has none), "attribute = value" for an attribute's
// figure, else section/item.
func figureLabel(res *analysis.Result, cb *ownwords.Codebook, section, item string) string {
	if c := cb.ByPath(section + "/" + item); c != nil {
		return cmp.Or(c.Label, c.Slug)
	}
	if slug, ok := strings.CutPrefix(section, "attributes."); ok {
		label := slug
		if i := slices.IndexFunc(res.Attributes, func(a analysis.AttributeInfo) bool { return a.Slug == slug }); i >= 0 && res.Attributes[i].Label != "" {
			label = res.Attributes[i].Label
		}
		return label + " = " + cmp.Or(item, "missing")
	}
	return section + "/" + item
}
