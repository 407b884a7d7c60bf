package disclosure

import (
	"strings"

	"ownwords"
)

// Relation says that group Total is the disjoint union of groups Parts, so
// that in every row, and for the group sizes, Total's count is the sum of
// the Parts' counts: "all = men + women" holds only if every participant has
// a gender (otherwise add an "unknown gender" group to the parts).
type Relation struct {
	Total string
	Parts []string
}

// ParseRelation parses "total = part + part ...", e.g. "all = men + women".
func ParseRelation(s string) (Relation, error) {
	lhs, rhs, ok := strings.Cut(s, "=")
	if !ok {
		return Relation{}, ownwords.Errorf(ownwords.EINVALID, "disclosure: relation %q: want \"total = part + part\"", s)
	}
	rel := Relation{Total: strings.TrimSpace(lhs)}
	for p := range strings.SplitSeq(rhs, "+") {
		rel.Parts = append(rel.Parts, strings.TrimSpace(p))
	}
	if err := rel.check(); err != nil {
		return Relation{}, ownwords.Errorf(ownwords.EINVALID, "disclosure: relation %q: %s", s, ownwords.ErrorMessage(err))
	}
	return rel, nil
}

// String returns the relation as ParseRelation reads it.
func (rel Relation) String() string {
	return rel.Total + " = " + strings.Join(rel.Parts, " + ")
}

// check rejects empty names, a total among its parts and repeated parts.
func (rel Relation) check() error {
	if rel.Total == "" || strings.ContainsAny(rel.Total, "=+") {
		return ownwords.Errorf(ownwords.EINVALID, "the total needs a group name")
	}
	if len(rel.Parts) == 0 {
		return ownwords.Errorf(ownwords.EINVALID, "%s has no parts", rel.Total)
	}
	seen := map[string]bool{rel.Total: true}
	for _, p := range rel.Parts {
		switch {
		case p == "" || strings.ContainsAny(p, "=+"):
			return ownwords.Errorf(ownwords.EINVALID, "every part needs a group name")
		case seen[p]:
			return ownwords.Errorf(ownwords.EINVALID, "group %q appears twice", p)
		}
		seen[p] = true
	}
	return nil
}
