package qdpx_test

import (
	"bytes"
	"context"
	"testing"

	"ownwords"
	"ownwords/qdpx"
	"ownwords/sqldb/sqldbtest"
)

// TestCodebookRoundTrip exports the qc codebook as .qdc (valid against
// Codebook.xsd) and imports it into an empty study: same paths, labels
// and colours.
func TestCodebookRoundTrip(t *testing.T) {
	st, study, _ := mustImport(t, "qc.qdpx", mustReadFile(t, fixture("qc-1.3.2-demo.qdpx")))
	ctx := t.Context()
	var qdc bytes.Buffer
	if err := qdpx.ExportCodebook(ctx, st, study.ID, &qdc); err != nil {
		t.Fatal(err)
	}
	mustValidate(t, nil, qdc.String())
	p := mustRead(t, "codes.qdc", qdc.Bytes())
	dst, _ := sqldbtest.OpenSQLite(t)
	fresh := sqldbtest.MustStudy(t, dst, "copy")
	rep := mustApply(t, dst, fresh.ID, p)
	if rep.Kept.Codes != 262 || len(rep.Dropped) != 0 {
		t.Fatalf("report:\n%s", rep)
	}
	a, b := mustCodes(t, st, study.ID), mustCodes(t, dst, fresh.ID)
	if len(a) != len(b) {
		t.Fatalf("%d codes, want %d", len(b), len(a))
	}
	for path, c := range a {
		if d := b[path]; d == nil || d.Label != c.Label || d.Color != c.Color || d.Description != c.Description {
			t.Errorf("%s: got %+v, want %+v", path, d, c)
		}
	}
}

func mustCodes(tb testing.TB, st ownwords.Store, studyID string) map[string]*ownwords.Code {
	tb.Helper()
	cb, err := st.Codebook(context.Background(), studyID)
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]*ownwords.Code{}
	for _, c := range cb.Codes {
		out[cb.Path(c)] = c
	}
	return out
}
