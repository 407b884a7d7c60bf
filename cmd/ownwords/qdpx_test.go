package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportExportREFIQDA imports a REFI-QDA project next to a plain
// transcript in one transaction, exports the study as .qdpx and .qdc,
// re-imports the .qdpx into a new store, and checks that a broken .qdpx
// stops an import with nothing written.
func TestImportExportREFIQDA(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	qc := filepath.Join("..", "..", "..", "shared", "fixtures", "refi-qda", "qc-1.3.2-demo.qdpx")
	store := filepath.Join(dir, "a.ownwords")
	mustCLI(t, vars, "init", "--store", store, "--name", "Exchange")
	iv := writeFile(t, dir, "iv-1.txt", "Interviewer: Why?\nP-1: Because.\n")
	writeFile(t, dir, "iv-1.json", `{"participant": "P-1"}`)
	people := writeFile(t, dir, "people.csv", "id,gender\nP-1,woman\n")
	var sum struct {
		Interviews struct{ Created int }
		REFIQDA    []struct {
			Kept struct{ Codes, Codings, Sources int }
		} `json:"refi_qda"`
	}
	out := mustCLI(t, vars, "import", "--store", store, "--format", "json", people, iv, qc)
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("import json: %v\n%s", err, out)
	}
	if sum.Interviews.Created != 1 || len(sum.REFIQDA) != 1 || sum.REFIQDA[0].Kept.Codes != 262 || sum.REFIQDA[0].Kept.Codings != 205 {
		t.Fatalf("import summary = %+v", sum)
	}
	qdpxOut, qdcOut := filepath.Join(dir, "out.qdpx"), filepath.Join(dir, "out.qdc")
	mustCLI(t, vars, "export", "--store", store, "--format", "qdpx", "-o", qdpxOut)
	mustCLI(t, vars, "export", "--store", store, "--format", "qdc", "-o", qdcOut)
	for _, p := range []string{qdpxOut, qdcOut} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), dir) {
			t.Errorf("%s holds the directory it was written to", filepath.Base(p))
		}
	}

	other := filepath.Join(dir, "b.ownwords")
	mustCLI(t, vars, "init", "--store", other, "--name", "Copy")
	out = mustCLI(t, vars, "import", "--store", other, "--format", "json", qdpxOut)
	sum.REFIQDA = nil
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	if len(sum.REFIQDA) != 1 || sum.REFIQDA[0].Kept.Codings != 205 || sum.REFIQDA[0].Kept.Sources != 3 {
		t.Fatalf("re-import summary = %+v", sum)
	}

	empty := filepath.Join(dir, "c.ownwords")
	mustCLI(t, vars, "init", "--store", empty, "--name", "Empty")
	bad := writeFile(t, dir, "bad.qdpx", "not a zip archive")
	code, _, errOut := cli(t, vars, "import", "--store", empty, people, bad)
	if code != 2 || !strings.Contains(errOut, "bad.qdpx") {
		t.Fatalf("bad import: exit %d, %s", code, errOut)
	}
	if code, _, errOut := cli(t, vars, "export", "--store", empty, "--format", "qdc", "-o", filepath.Join(dir, "e.qdc")); code != 2 || !strings.Contains(errOut, "no codes") {
		t.Fatalf("export of an empty codebook: exit %d, %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "e.qdc")); !os.IsNotExist(err) {
		t.Fatal("a failed export left a file behind")
	}
	if code, _, _ := cli(t, vars, "export", "--store", empty, "--format", "pdf", "-o", filepath.Join(dir, "x")); code != 2 {
		t.Fatalf("unknown format: exit %d, want 2", code)
	}
}
