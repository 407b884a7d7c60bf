package qdpx_test

import "testing"

// TestImportFixtures imports the files other tools wrote and checks what
// the report says was kept and dropped. The numbers were counted in the
// files (grep of <Code, <Coding, <TextSource and the archive listing).
// Every file's names and texts are synthetic stand-ins for the original's
// (testdata/refi-qda/README.md); its structure is the tool's.
func TestImportFixtures(t *testing.T) {
	for _, tc := range []struct {
		file                           string
		codes, sources, codings, sets  int
		droppedSources, droppedEntries int
	}{
		// qc 1.3.2: 262 codes, 2 text sources, 158 selections carrying 205 codings.
		{file: "qc-1.3.2-demo.qdpx", codes: 262, sources: 2, codings: 205},
		// NVivo for Mac 15 lost the text: both sources are empty (.txt "\n", empty .docx).
		{file: "nvivo-mac-15-lossy.qdpx", codes: 262, sources: 0, codings: 0, droppedSources: 2},
		// MAXQDA 24: 307 codes, 10 sources in 2 sets, and 10 more .txt files no source names.
		{file: "maxqda-24-no-codings.qdpx", codes: 307, sources: 10, codings: 0, sets: 2, droppedEntries: 10},
	} {
		t.Run(tc.file, func(t *testing.T) {
			st, study, rep := mustImport(t, tc.file, mustReadFile(t, fixture(tc.file)))
			k := rep.Kept
			if k.Codes != tc.codes || k.Sources != tc.sources || k.Codings != tc.codings || k.Sets != tc.sets {
				t.Errorf("kept %+v, want %d codes, %d sources, %d codings, %d sets", k, tc.codes, tc.sources, tc.codings, tc.sets)
			}
			if n := rep.DroppedCount("source"); n != tc.droppedSources {
				t.Errorf("dropped %d sources, want %d", n, tc.droppedSources)
			}
			if n := rep.DroppedCount("archive entry"); n != tc.droppedEntries {
				t.Errorf("dropped %d archive entries, want %d", n, tc.droppedEntries)
			}
			if len(rep.Dropped) != tc.droppedSources+tc.droppedEntries {
				t.Errorf("unexpected drops:\n%s", rep)
			}
			cb, err := st.Codebook(t.Context(), study.ID)
			if err != nil || len(cb.Codes) != tc.codes {
				t.Fatalf("codebook has %d codes (%v), want %d", len(cb.Codes), err, tc.codes)
			}
		})
	}
}

// TestNVivoCodebookKeepsDuplicateNamesApart checks that leaves of the same
// name under different parents (the NVivo file's "Subtheme 1.1.1" twice,
// "Subtheme 1.3.2" three times) stay distinct codes with distinct paths.
func TestNVivoCodebookKeepsDuplicateNamesApart(t *testing.T) {
	st, study, _ := mustImport(t, "nvivo.qdpx", mustReadFile(t, fixture("nvivo-mac-15-lossy.qdpx")))
	cb, err := st.Codebook(t.Context(), study.ID)
	if err != nil {
		t.Fatal(err)
	}
	bySlug := map[string][]string{}
	paths := map[string]bool{}
	for _, c := range cb.Codes {
		p := cb.Path(c)
		if paths[p] {
			t.Errorf("two codes at %s", p)
		}
		paths[p] = true
		bySlug[c.Slug] = append(bySlug[c.Slug], p)
	}
	for slug, n := range map[string]int{"subtheme_1_1_1": 2, "subtheme_1_3_2": 3, "subtheme_2_3": 2, "subtheme_2_3_4": 2} {
		if len(bySlug[slug]) != n {
			t.Errorf("%s: %d codes %v, want %d", slug, len(bySlug[slug]), bySlug[slug], n)
		}
	}
}
