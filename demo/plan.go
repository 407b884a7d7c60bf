package demo

import _ "embed"

// referencePlan is the reference study's analysis plan (see contracts.md):
// the first 220 participants by interview date, the published groups plus
// one per status, every section, the tabulated and distinct attributes, the
// published co-occurrence pairs and a few crosstabs.
//
//go:embed reference-plan.json
var referencePlan []byte

// ReferencePlan returns a copy of the reference analysis plan (JSON).
func ReferencePlan() []byte { return append([]byte(nil), referencePlan...) }
