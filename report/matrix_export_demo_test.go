package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"ownwords"
	"ownwords/demo"
	"ownwords/sqldb/sqldbtest"
	"ownwords/vault"
)

// mustGolden compares got with testdata/name, rewriting it with -update.
func mustGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (run with -update after checking the change)", name, path)
	}
}

// TestMatrixExportDemo exports the demo study, loaded into a real store,
// for both audiences: the team matrix's 0/1 columns sum to the team
// report's figures for group all, the public one has no participant code,
// passes the k-anonymity check and matches its golden files, and the XLSX
// reads back as the CSV.
func TestMatrixExportDemo(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.OpenSQLite(t)
	id, err := demo.Load(ctx, db, demo.Generate(demo.DefaultSeed), vault.HashPassword, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, res, err := ForStudy(ctx, db, id, StudyOptions{Options: Options{Audience: AudienceTeam}})
	if err != nil {
		t.Fatal(err)
	}
	team, err := MatrixForStudy(ctx, db, id, MatrixOptions{Audience: AudienceTeam})
	if err != nil {
		t.Fatal(err)
	}
	public, err := MatrixForStudy(ctx, db, id, MatrixOptions{Rand: seeded(1)})
	if err != nil {
		t.Fatal(err)
	}
	attrs, err := db.Attributes(ctx, id)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("TeamColumnsEqualReportFigures", func(t *testing.T) {
		if len(team.Rows) != res.SampleSize || res.SampleSize != 220 {
			t.Fatalf("%d rows, sample %d", len(team.Rows), res.SampleSize)
		}
		items := 0
		for _, s := range res.Sections {
			for _, it := range s.Items {
				items++
				want, _ := res.Lookup(s.Slug, it.Slug, "all")
				col := team.column(s.Slug + "/" + it.Slug)
				if n := strings.Count(strings.Join(col, ""), "1"); col == nil || n != want.N {
					t.Errorf("%s/%s: column sums to %d, report n = %d", s.Slug, it.Slug, n, want.N)
				}
			}
		}
		if items < 80 {
			t.Fatalf("only %d item columns", items)
		}
	})

	t.Run("PublicHasNoCodesAndIsKAnonymous", func(t *testing.T) {
		codes := map[string]bool{}
		for _, p := range res.Sample() {
			codes[p.Code] = true
		}
		for _, row := range public.Rows {
			for _, cell := range row {
				if codes[cell] {
					t.Fatalf("participant code %s in the public matrix", cell)
				}
			}
		}
		// Independently of rareCount: group rows by their quasi-identifier
		// cells and check that no group is smaller than k.
		var quasi []int
		for i, v := range public.Variables {
			ai := slices.IndexFunc(attrs, func(a *ownwords.Attribute) bool { return a.Slug == v.Source })
			if ai >= 0 && attrs[ai].Tag == ownwords.TagQuasiIdentifier {
				quasi = append(quasi, i)
			}
		}
		classes := map[string]int{}
		for _, row := range public.Rows {
			var key []string
			for _, i := range quasi {
				key = append(key, row[i])
			}
			classes[strings.Join(key, "\x00")]++
		}
		for key, n := range classes {
			if n < public.K {
				t.Errorf("quasi-identifiers %q shared by %d < k = %d", key, n, public.K)
			}
		}
		// Each quasi-identifier is a column or withheld for k-anonymity. In
		// the demo all go: even interview years single out the one 2015
		// interview.
		for _, a := range attrs {
			if a.Tag != ownwords.TagQuasiIdentifier {
				continue
			}
			if public.column(a.Slug) == nil && !slices.Contains(public.Withheld, Withheld{a.Slug, WithheldKAnonymity}) {
				t.Errorf("quasi-identifier %s is neither a column nor withheld", a.Slug)
			}
		}
	})

	t.Run("ErrKeptInterviewYearSinglesOut", func(t *testing.T) {
		_, err := MatrixForStudy(ctx, db, id, MatrixOptions{KeepQuasi: []string{"interview_date"}})
		if ownwords.ErrorCode(err) != ownwords.EFORBIDDEN || !strings.Contains(ownwords.ErrorMessage(err), "1 participants") {
			t.Fatalf("err = %v, want EFORBIDDEN naming 1 participant", err)
		}
	})

	t.Run("PublicGolden", func(t *testing.T) {
		var data, dict bytes.Buffer
		if err := WriteMatrixCSV(&data, &dict, public); err != nil {
			t.Fatal(err)
		}
		mustGolden(t, "matrix_public.csv.golden", data.Bytes())
		mustGolden(t, "matrix_public.dictionary.csv.golden", dict.Bytes())
	})

	t.Run("PseudonymsDifferPerExport", func(t *testing.T) {
		a, err := MatrixForStudy(ctx, db, id, MatrixOptions{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := MatrixForStudy(ctx, db, id, MatrixOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if slices.EqualFunc(a.Rows, b.Rows, slices.Equal) {
			t.Fatal("two public exports gave the same rows under the same pseudonyms")
		}
	})

	t.Run("XLSXRoundTrip", func(t *testing.T) {
		for _, m := range []*Matrix{team, public} {
			f := mustXLSX(t, m)
			if got := f.GetSheetList(); !slices.Equal(got, []string{SheetData, SheetDictionary}) {
				t.Fatalf("sheets %v", got)
			}
			data, err := f.GetRows(SheetData)
			if err != nil {
				t.Fatal(err)
			}
			want := [][]string{make([]string, len(m.Variables))}
			for i, v := range m.Variables {
				want[0][i] = v.Name
			}
			// Category attributes arrive as their labels, the rest as written.
			labels := m.categoryLabels()
			labelled := 0
			for _, r := range m.Rows {
				row := slices.Clone(r)
				for i, cell := range row {
					if l, ok := labels[i][cell]; ok {
						row[i] = l
						labelled++
					}
				}
				want = append(want, row)
			}
			if labelled == 0 {
				t.Errorf("%s: no category cell written as its label", m.Audience)
			}
			mustSameRows(t, m.Audience+" data", data, want)
			dict, err := f.GetRows(SheetDictionary)
			if err != nil {
				t.Fatal(err)
			}
			mustSameRows(t, m.Audience+" dictionary", dict, m.xlsxDictionaryRows())
			// A numeric column without labels (an item's 0/1) holds numbers.
			col := slices.IndexFunc(m.Variables, func(v Variable) bool { return v.Numeric && strings.Contains(v.Source, "/") })
			if col < 0 {
				t.Fatalf("%s: no item column", m.Audience)
			}
			cell, _ := excelize.CoordinatesToCellName(col+1, 2)
			typ, err := f.GetCellType(SheetData, cell)
			if err != nil || typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
				t.Errorf("%s type %v, %v: want a number", cell, typ, err)
			}
			// The team matrix's full dates are date cells (read back above
			// as the text the CSV holds).
			dateCells := 0
			for i, v := range m.Variables {
				if !v.Date {
					continue
				}
				for r := range m.Rows {
					cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
					if raw, _ := f.GetCellValue(SheetData, cell, excelize.Options{RawCellValue: true}); raw != "" && raw != m.Rows[r][i] {
						dateCells++
					}
				}
			}
			if m == team && dateCells == 0 {
				t.Errorf("team: no date written as a date cell")
			}
			if m == public && dateCells != 0 {
				t.Errorf("public: %d date cells; its dates are years", dateCells)
			}
			f.Close()
		}
	})
}

// mustSameRows compares rows read back from a sheet, whose trailing empty
// cells are dropped, with the rows written.
func mustSameRows(t *testing.T, what string, got, want [][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
	}
	for r := range want {
		g := slices.Clone(got[r])
		for len(g) < len(want[r]) {
			g = append(g, "")
		}
		if !slices.Equal(g, want[r]) {
			t.Fatalf("%s row %d:\n got %q\nwant %q", what, r, g, want[r])
		}
	}
}
