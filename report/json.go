package report

import (
	"encoding/json"
	"io"

	"ownwords/stats"
)

// WriteJSON writes the report as one JSON object: the CLI contract of
// design.md §7 (figures, cooccurrence) plus groups, rankings, crosstabs,
// quotes and notes. Items are named by slug, as the contract says; item
// figures, ranking entries and quotes also carry the item's label. A
// suppressed value is null with "suppressed": true.
// HTML-significant characters are escaped (\u003c), so the output is safe
// to embed.
func WriteJSON(w io.Writer, rep *Report) error {
	out := jsonReport{
		Title: rep.Title, Study: rep.Study, Audience: rep.Audience, Plan: rep.Plan,
		Confidentiality: rep.Confidentiality, SampleSize: rep.SampleSize, Notes: rep.Notes,
		Groups: []jsonGroup{}, Figures: []jsonFigure{}, Cooccurrence: []jsonCooccurrence{},
		Rankings: []jsonRanking{}, Crosstabs: []jsonCrosstab{}, Quotes: []jsonQuote{},
	}
	if rep.Audience == AudiencePublic {
		out.K = &rep.K
	}
	for _, g := range rep.Groups {
		out.Groups = append(out.Groups, jsonGroup{Name: g.Name, Filter: g.Values})
	}
	out.Figures = figures(rep)
	for _, c := range rep.Cooccurrence {
		out.Cooccurrence = append(out.Cooccurrence, jsonCooccurrence{
			Group: c.Group, A: c.A, B: c.B,
			NAB: count(c.NAB), NA: count(c.NA), NB: count(c.NB), N: count(c.N), Lift: c.Lift,
			Suppressed: c.NAB.Suppressed || c.NA.Suppressed || c.NB.Suppressed || c.N.Suppressed,
		})
	}
	for _, s := range rep.Sections {
		for _, r := range s.Rankings {
			jr := jsonRanking{Section: s.Slug, Group: r.Group, Items: []jsonRankEntry{}}
			for _, e := range r.Entries {
				je := jsonRankEntry{Item: e.Item, Label: e.Label, N: count(e.N), Tied: e.Tied, Suppressed: e.N.Suppressed}
				if e.Rank > 0 {
					je.Rank = &e.Rank
				}
				jr.Items = append(jr.Items, je)
			}
			out.Rankings = append(out.Rankings, jr)
		}
		for _, q := range s.Quotes {
			out.Quotes = append(out.Quotes, jsonQuote{Section: s.Slug, Item: q.Item, Label: q.Label, Text: q.Text, Attribution: q.Attribution,
				Language: q.Language, Beside: q.Beside})
		}
	}
	for _, x := range rep.Crosstabs {
		out.Crosstabs = append(out.Crosstabs, crosstabJSON(x))
	}
	out.Reliability = reliabilityJSON(rep.Reliability)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// figures flattens the report's count tables, then its modes, into the
// contract's figure list: table by table, row by row, group by group.
func figures(rep *Report) []jsonFigure {
	var out []jsonFigure
	tables := []*Table{rep.Sample}
	for _, s := range rep.Sections {
		tables = append(tables, s.Table)
	}
	tables = append(tables, rep.Attributes...)
	tables = append(tables, rep.Distinct)
	for _, t := range tables {
		for _, r := range t.Rows {
			for ci, c := range r.Cells {
				f := jsonFigure{Section: t.ID, Item: r.Key, Group: t.Columns[ci].Key, N: count(c),
					Denominator: denominator(c), Percent: percent(c), Suppressed: c.Suppressed}
				switch t.Kind {
				case KindDistinct:
					f.Percent = nil // a share of values per person means nothing
				case KindItems:
					f.Label = r.Label
				}
				out = append(out, f)
			}
		}
	}
	for _, m := range rep.Modes {
		for gi, mode := range m.Modes {
			v := mode.Value
			out = append(out, jsonFigure{Section: "mode", Item: m.Attribute, Group: rep.Groups[gi].Name, Value: &v,
				N: count(mode.N), Denominator: denominator(mode.N), Percent: percent(mode.N), Suppressed: mode.N.Suppressed})
		}
	}
	return out
}

func count(c Cell) *int {
	if c.Suppressed {
		return nil
	}
	return &c.N
}

func denominator(c Cell) *int {
	if c.DenominatorSuppressed {
		return nil
	}
	return &c.Denominator
}

func percent(c Cell) *float64 {
	p, ok := c.Percent()
	if !ok {
		return nil
	}
	return &p
}

func crosstabJSON(x Crosstab) jsonCrosstab {
	t := x.Table
	out := jsonCrosstab{Rows: x.Rows, Cols: x.Cols, Stats: x.Stats, Counts: [][]*int{}, Adjusted: x.Adjusted, AdjustedWithheld: x.AdjustedWithheld}
	for _, c := range t.Columns {
		out.ColValues = append(out.ColValues, c.Key)
	}
	for ri, r := range t.Rows {
		out.RowValues = append(out.RowValues, r.Key)
		var row []*int
		for _, c := range r.Cells {
			row = append(row, count(c))
		}
		out.Counts = append(out.Counts, row)
		out.RowTotals = append(out.RowTotals, count(t.RowTotals[ri]))
	}
	for _, c := range t.Totals {
		out.ColTotals = append(out.ColTotals, count(c))
	}
	return out
}

type jsonReport struct {
	Title           string             `json:"title"`
	Study           string             `json:"study"`
	Audience        string             `json:"audience"`
	Plan            string             `json:"plan"`
	Confidentiality string             `json:"confidentiality"`
	K               *int               `json:"k,omitempty"`
	SampleSize      int                `json:"sample_size"`
	Groups          []jsonGroup        `json:"groups"`
	Figures         []jsonFigure       `json:"figures"`
	Cooccurrence    []jsonCooccurrence `json:"cooccurrence"`
	Rankings        []jsonRanking      `json:"rankings"`
	Crosstabs       []jsonCrosstab     `json:"crosstabs"`
	Quotes          []jsonQuote        `json:"quotes"`
	Reliability     *jsonReliability   `json:"reliability,omitempty"`
	Notes           []string           `json:"notes"`
}

type jsonGroup struct {
	Name   string            `json:"name"`
	Filter map[string]string `json:"filter"`
}

type jsonFigure struct {
	Section string `json:"section"`
	Item    string `json:"item"`
	// Label is the item's label, for the figures of a section's items.
	Label       string   `json:"label,omitempty"`
	Group       string   `json:"group"`
	Value       *string  `json:"value,omitempty"`
	N           *int     `json:"n"`
	Denominator *int     `json:"denominator"`
	Percent     *float64 `json:"percent"`
	Suppressed  bool     `json:"suppressed,omitempty"`
}

type jsonCooccurrence struct {
	Group      string   `json:"group"`
	A          string   `json:"a"`
	B          string   `json:"b"`
	NAB        *int     `json:"n_ab"`
	NA         *int     `json:"n_a"`
	NB         *int     `json:"n_b"`
	N          *int     `json:"n"`
	Lift       *float64 `json:"lift"`
	Suppressed bool     `json:"suppressed,omitempty"`
}

type jsonRanking struct {
	Section string          `json:"section"`
	Group   string          `json:"group"`
	Items   []jsonRankEntry `json:"items"`
}

type jsonRankEntry struct {
	Item       string `json:"item"`
	Label      string `json:"label"`
	N          *int   `json:"n"`
	Rank       *int   `json:"rank"`
	Tied       bool   `json:"tied"`
	Suppressed bool   `json:"suppressed,omitempty"`
}

type jsonCrosstab struct {
	Rows      string          `json:"rows"`
	Cols      string          `json:"cols"`
	RowValues []string        `json:"row_values"`
	ColValues []string        `json:"col_values"`
	Counts    [][]*int        `json:"counts"`
	RowTotals []*int          `json:"row_totals"`
	ColTotals []*int          `json:"col_totals"`
	Stats     *stats.Crosstab `json:"stats"`
	// Adjusted: the Fisher p adjusted for the family of the report's
	// crosstabs; absent with a single test, null with the reason when
	// withheld.
	Adjusted         *stats.Adjusted `json:"adjusted,omitempty"`
	AdjustedWithheld string          `json:"adjusted_withheld,omitempty"`
}

type jsonQuote struct {
	Section     string `json:"section"`
	Item        string `json:"item"`
	Label       string `json:"label"`
	Text        string `json:"text"`
	Attribution string `json:"attribution"`
	// Language and Beside: see Quote.
	Language string          `json:"language,omitempty"`
	Beside   *AlignedPassage `json:"beside,omitempty"`
}
