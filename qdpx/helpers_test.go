package qdpx_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"ownwords"
	"ownwords/qdpx"
	"ownwords/sqldb/sqldbtest"
)

// fixture returns the path of a REFI-QDA fixture of the repository (see
// testdata/refi-qda/README.md for where each file comes from).
func fixture(name string) string {
	return filepath.Join("..", "testdata", "refi-qda", name)
}

func mustReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func mustRead(tb testing.TB, name string, b []byte) *qdpx.Project {
	tb.Helper()
	p, err := qdpx.Read(name, bytes.NewReader(b), int64(len(b)))
	if err != nil {
		tb.Fatalf("read %s: %v", name, err)
	}
	return p
}

// mustImport reads b and applies it to a new study of a new store in one
// transaction.
func mustImport(tb testing.TB, name string, b []byte) (ownwords.Store, *ownwords.Study, *qdpx.Report) {
	tb.Helper()
	st, _ := sqldbtest.OpenSQLite(tb)
	study := sqldbtest.MustStudy(tb, st, "imported")
	rep := mustApply(tb, st, study.ID, mustRead(tb, name, b))
	return st, study, rep
}

func mustApply(tb testing.TB, st ownwords.Store, studyID string, p *qdpx.Project) *qdpx.Report {
	tb.Helper()
	var rep *qdpx.Report
	err := st.Update(context.Background(), func(svc ownwords.Services) error {
		var err error
		rep, err = qdpx.Apply(context.Background(), svc, studyID, p)
		return err
	})
	if err != nil {
		tb.Fatalf("apply: %v", err)
	}
	return rep
}

func mustUnzipEntry(tb testing.TB, b []byte, name string) []byte {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				tb.Fatal(err)
			}
			defer rc.Close()
			out, err := io.ReadAll(rc)
			if err != nil {
				tb.Fatal(err)
			}
			return out
		}
	}
	tb.Fatalf("no entry %s", name)
	return nil
}
