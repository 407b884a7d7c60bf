package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// decisionNames are the identifiers with which code decides who may see
// what: roles, their text right, audiences and export tiers. Outside the
// application layer (package gate) and the web's coarse route table they
// have no business in a front end.
var decisionNames = []string{
	"RoleOwner", "RoleCoder", "RoleAnalyst", "RoleViewer", "SeesText",
	"AudienceTeam", "AudiencePublic",
	"ExportTierOf", "DefaultExportTier", "MaxExportTier", "KeepsFreeText", "KeepsAttribute", "AtLeast",
	"TierNone", "TierDeidentified", "TierLimited", "TierFull",
}

// edgeExceptions are the places a front end may name one of them, each
// with its reason: file → names.
var edgeExceptions = map[string][]string{
	// The route table is the web's first, coarse gate (roles per route).
	"web/policy.go": {"RoleOwner", "RoleCoder", "RoleAnalyst", "RoleViewer"},
	// The CLI contract: a report, crosstab, timeline, quote bank or matrix
	// is public unless --audience team is asked for (design.md §6); the
	// flag's default is parsing, the gate decides who may have which.
	"cmd/ownwords/report.go":   {"AudiencePublic"},
	"cmd/ownwords/crosstab.go": {"AudiencePublic"},
	"cmd/ownwords/timeline.go": {"AudiencePublic"},
	"cmd/ownwords/export.go":   {"AudiencePublic"},
	// The quote bank's flag defaults to the team view, which the gate
	// gives only to owners and coders.
	"cmd/ownwords/quotes.go": {"AudienceTeam"},
	// A model's flag defaults to the team audience (issue 19: a model is
	// the team's; the public gets one only when the gate finds it a
	// function of the public report's counts): a request, which the gate
	// gives only to owners and analysts.
	"cmd/ownwords/model.go": {"AudienceTeam"},
	// The demo prints its owner's team report: a request, which the gate
	// decides like any other.
	"cmd/ownwords/demo.go": {"AudienceTeam"},
	// The quote bank page links its owner's preview: a URL parameter; the
	// gate decides who gets the preview.
	"web/quotes_show.go": {"AudiencePublic"},
}

// TestNoDecisionsAtTheEdges fails when cmd/ownwords or web decides on
// roles, audiences or tiers itself instead of asking package gate.
func TestNoDecisionsAtTheEdges(t *testing.T) {
	fset := token.NewFileSet()
	for _, dir := range []string{".", "../../web"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			rel := filepath.ToSlash(filepath.Join("cmd/ownwords", path))
			if dir != "." {
				rel = "web/" + filepath.Base(path)
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok || !slices.Contains(decisionNames, sel.Sel.Name) || slices.Contains(edgeExceptions[rel], sel.Sel.Name) {
					return true
				}
				t.Errorf("%s: %s decides with %s: ask package gate instead", rel, fset.Position(sel.Pos()), sel.Sel.Name)
				return true
			})
		}
	}
}
