package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
)

// TestImportExportREFIQDA imports a REFI-QDA project next to a plain
// transcript in one transaction, exports the study as .qdpx and .qdc (as
// the owner, encrypted to the custodian), re-imports the decrypted .qdpx
// into a new store, and checks that a broken .qdpx stops an import with
// nothing written.
func TestImportExportREFIQDA(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	qc := filepath.Join("..", "..", "testdata", "refi-qda", "qc-1.3.2-demo.qdpx")
	store := filepath.Join(dir, "a.ownwords")
	mustCLI(t, vars, "init", "--store", store, "--name", "Exchange")
	custodian, _ := age.GenerateX25519Identity()
	pw := writeFile(t, dir, "pw", "owner-password-long")
	owner := func(store string) []string {
		mustCLI(t, vars, "key", "custodian", "add", "--store", store, custodian.Recipient().String())
		mustCLI(t, vars, "user", "add", "--store", store, "--role", "owner", "--password-file", pw, "own")
		return []string{"--store", store, "--user", "own", "--password-file", pw}
	}
	asOwner := owner(store)
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
	qdpxOut, qdcOut := filepath.Join(dir, "out.qdpx.age"), filepath.Join(dir, "out.qdc.age")
	mustCLI(t, vars, append([]string{"export", "--format", "qdpx", "-o", qdpxOut}, asOwner...)...)
	mustCLI(t, vars, append([]string{"export", "--format", "qdc", "-o", qdcOut}, asOwner...)...)
	for _, p := range []string{qdpxOut, qdcOut} {
		b := mustDecrypt(t, p, custodian)
		if strings.Contains(string(b), dir) {
			t.Errorf("%s holds the directory it was written to", filepath.Base(p))
		}
		writeFile(t, dir, strings.TrimSuffix(filepath.Base(p), ".age"), string(b))
	}

	other := filepath.Join(dir, "b.ownwords")
	mustCLI(t, vars, "init", "--store", other, "--name", "Copy")
	out = mustCLI(t, vars, "import", "--store", other, "--format", "json", filepath.Join(dir, "out.qdpx"))
	sum.REFIQDA = nil
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	if len(sum.REFIQDA) != 1 || sum.REFIQDA[0].Kept.Codings != 205 || sum.REFIQDA[0].Kept.Sources != 3 {
		t.Fatalf("re-import summary = %+v", sum)
	}
	// In words, a project-only import says what it created, and no line of
	// zeros denies it.
	third := filepath.Join(dir, "t.ownwords")
	mustCLI(t, vars, "init", "--store", third, "--name", "Words")
	out = mustCLI(t, vars, "import", "--store", third, filepath.Join(dir, "out.qdpx"))
	if !strings.Contains(out, "created: 2 users, 262 codes, 3 sources, 3 participants, 1 attributes, 205 codings") || strings.Contains(out, " 0 created") {
		t.Fatalf("project-only import summary:\n%s", out)
	}
	// Codes the study already has are kept, not created.
	fourth := filepath.Join(dir, "f.ownwords")
	mustCLI(t, vars, "init", "--store", fourth, "--name", "Codebook first")
	mustCLI(t, vars, "import", "--store", fourth, filepath.Join(dir, "out.qdc"))
	out = mustCLI(t, vars, "import", "--store", fourth, filepath.Join(dir, "out.qdpx"))
	if !strings.Contains(out, "kept: 2 users, 262 codes") || !strings.Contains(out, "created: 2 users, 0 codes, 3 sources") {
		t.Fatalf("import of a project after its codebook, summary:\n%s", out)
	}

	empty := filepath.Join(dir, "c.ownwords")
	mustCLI(t, vars, "init", "--store", empty, "--name", "Empty")
	asEmptyOwner := owner(empty)
	bad := writeFile(t, dir, "bad.qdpx", "not a zip archive")
	code, _, errOut := cli(t, vars, "import", "--store", empty, people, bad)
	if code != 2 || !strings.Contains(errOut, "bad.qdpx") {
		t.Fatalf("bad import: exit %d, %s", code, errOut)
	}
	if code, _, errOut := cli(t, vars, append([]string{"export", "--format", "qdc", "-o", filepath.Join(dir, "e.qdc")}, asEmptyOwner...)...); code != 2 || !strings.Contains(errOut, "no codes") {
		t.Fatalf("export of an empty codebook: exit %d, %s", code, errOut)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*e.qdc*")); len(left) > 0 {
		t.Fatalf("a failed export left %v behind", left)
	}
	if code, _, _ := cli(t, vars, "export", "--store", empty, "--format", "pdf", "-o", filepath.Join(dir, "x")); code != 2 {
		t.Fatalf("unknown format: exit %d, want 2", code)
	}
}
