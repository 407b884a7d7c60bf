package gate

import (
	"encoding/json"
	"fmt"
	"testing"

	"ownwords"
)

// coderProbe asks, as the coder, everything a coder's listings show that
// could depend on another layer's codings: searches whose code filters
// read the consensus or coder2's layer (inside and outside, page by
// page), the quote banks of both figures, retrieval of both codes in both
// layers and the forms' choices. It returns the answers, errors included,
// as one text.
func (f *listingFixture) coderProbe(t *testing.T) string {
	t.Helper()
	ctx, c := t.Context(), f.caller("coder")
	var out []any
	add := func(v any, err error) {
		if err != nil {
			v = "error: " + err.Error()
		}
		out = append(out, v)
	}
	for _, code := range []string{"influences/family", "influences/online", "influences"} {
		for _, coder := range []string{"", "coder2"} {
			for _, q := range []string{"hisbah", "food", "hisbah OR food", "zebra"} {
				add(f.g.Search(ctx, c, SearchRequest{Query: q, Inside: []string{code}, Coder: coder}))
				add(f.g.Search(ctx, c, SearchRequest{Query: q, Outside: []string{code}, Coder: coder}))
				for offset := range 3 {
					add(f.g.Search(ctx, c, SearchRequest{Query: q, Inside: []string{code}, Coder: coder, Limit: 1, Offset: offset}))
				}
			}
		}
		add(f.g.Quotes(ctx, c, QuotesRequest{Item: code}))
		add(f.g.Quotes(ctx, c, QuotesRequest{Item: code, Group: "women"}))
		for _, layer := range []string{ownwords.LayerConsensus, ownwords.LayerCoder} {
			add(f.g.Retrieve(ctx, c, RetrieveRequest{Code: code, Layer: layer}))
		}
	}
	add(f.g.SearchChoices(ctx, c))
	add(f.g.RetrieveChoices(ctx, c))
	b, err := json.MarshalIndent(out, "", " ")
	fatalIf(t, err)
	return string(b)
}

// codeOtherLayers adds codings of iv by everyone but the coder: the
// consensus and coder2 code "no food" with both codes, and the consensus
// removes nothing of what was there.
func (f *listingFixture) codeOtherLayers(t *testing.T, iv *ownwords.Interview) {
	t.Helper()
	for _, c := range []*ownwords.Code{f.family, f.online} {
		f.code(t, iv, c, f.users[ownwords.RoleOwner], ownwords.LayerConsensus, "no food")
		f.code(t, iv, c, f.coder2, ownwords.LayerCoder, "no food")
	}
}

// TestCoderLearnsNothingBeforeComparison codes an interview still in
// blind coding in the other layers (the consensus, coder2's) and asks the
// coder's every listing before and after: the answers must be identical.
// The same codings in an interview whose comparison is open must change
// them, or the probe would prove nothing.
func TestCoderLearnsNothingBeforeComparison(t *testing.T) {
	eachListing(t, func(t *testing.T, f *listingFixture) {
		before := f.coderProbe(t)
		f.codeOtherLayers(t, f.ivs[1]) // closed
		if after := f.coderProbe(t); after != before {
			t.Fatalf("the coder's listings changed with other layers' codings of an interview in blind coding:\n%s", firstDifference(before, after))
		}
		f.codeOtherLayers(t, f.ivs[0]) // open
		if after := f.coderProbe(t); after == before {
			t.Fatal("the coder's listings do not show other layers' codings of an open interview: the probe proves nothing")
		}
	})
}

// firstDifference shows where two texts part.
func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-200)
	return fmt.Sprintf("before: …%s\nafter:  …%s", a[from:min(len(a), i+200)], b[from:min(len(b), i+200)])
}
