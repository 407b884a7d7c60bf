package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"ownwords"
	"ownwords/sqldb"
)

// TestDemoCustodian: the demo makes its own custodian so that exports work
// at once — an identity file beside the study (owner-only, reused on the
// next run, never overwritten), its recipient added the way `key custodian
// add` adds one (key file wrap, settings, audit entry) — and prints the
// warning and the exact commands of a first export. A damaged identity
// file stops the demo with its name and stays as it was; a demo study
// whose custodians were replaced keeps them.
func TestDemoCustodian(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the demo study")
	}
	dir := t.TempDir()
	store := filepath.Join(dir, "demo.ownwords")
	vars := map[string]string{EnvPassphrase: demoPassphrase}

	damaged := writeFile(t, dir, "damaged.agekey", "AGE-SECRET-KEY-1NOTAKEY\n")
	code, _, errOut := cli(t, vars, "demo", "--store", store, "--no-serve", "--custodian-identity", damaged)
	if code == 0 || !strings.Contains(errOut, damaged) {
		t.Fatalf("damaged identity file: exit %d, %s", code, errOut)
	}
	if b, _ := os.ReadFile(damaged); string(b) != "AGE-SECRET-KEY-1NOTAKEY\n" {
		t.Fatalf("the damaged identity file was rewritten: %q", b)
	}

	out := mustCLI(t, vars, "demo", "--store", store, "--no-serve")
	idPath := store + ".demo-custodian.agekey"
	fi, err := os.Stat(idPath)
	if err != nil {
		t.Fatalf("no demo identity beside the study: %v\n%s", err, out)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("%s has mode %v, want 0600", idPath, fi.Mode().Perm())
	}
	first, _ := os.ReadFile(idPath)
	id := mustDemoIdentity(t, idPath)
	recipient := id.Recipient().String()
	for _, want := range []string{
		"FOR THE DEMO ONLY",
		"keep them offline",
		"ownwords export --store " + store + " --format xlsx --audience team --user owner -o demo.xlsx.age",
		"ownwords decrypt --identity " + idPath + " -o demo.xlsx demo.xlsx.age",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the demo's output lacks %q:\n%s", want, out)
		}
	}
	if got := mustCLI(t, vars, "key", "custodian", "list", "--store", store); strings.TrimSpace(got) != recipient {
		t.Fatalf("custodians = %q, want the demo identity's %s with its key file wrap", got, recipient)
	}
	if n := auditCount(t, store, "key.custodian.add", recipient); n != 1 {
		t.Fatalf("%d audit entries key.custodian.add for the demo custodian, want 1", n)
	}

	// The first export needs nothing else: encrypted to the demo
	// custodian, decrypted with its identity file.
	mustCLI(t, vars, "export", "--store", store, "--format", "csv", "-o", filepath.Join(dir, "public.csv.age"))
	mustCLI(t, nil, "decrypt", "--identity", idPath, "-o", filepath.Join(dir, "public.csv"), filepath.Join(dir, "public.csv.age"))
	if b, err := os.ReadFile(filepath.Join(dir, "public.csv")); err != nil || !strings.HasPrefix(string(b), "pseudonym,") {
		t.Fatalf("decrypted public matrix: %v, %.40q", err, b)
	}

	// Run again: the same identity, no second custodian.
	out = mustCLI(t, vars, "demo", "--store", store, "--no-serve")
	if again, _ := os.ReadFile(idPath); string(again) != string(first) || strings.Contains(out, "Created the demo custodian") {
		t.Fatalf("the second run did not reuse %s:\n%s", idPath, out)
	}
	if got := mustCLI(t, vars, "key", "custodian", "list", "--store", store); strings.TrimSpace(got) != recipient {
		t.Fatalf("custodians after a second run = %q", got)
	}

	// Custodians of the user's own replace the demo's: the demo leaves them.
	own, _ := age.GenerateX25519Identity()
	mustCLI(t, vars, "key", "custodian", "add", "--store", store, own.Recipient().String())
	mustCLI(t, vars, "key", "custodian", "remove", "--store", store, recipient)
	out = mustCLI(t, vars, "demo", "--store", store, "--no-serve")
	if got := mustCLI(t, vars, "key", "custodian", "list", "--store", store); strings.TrimSpace(got) != own.Recipient().String() {
		t.Fatalf("the demo changed the study's own custodians: %q", got)
	}
	if strings.Contains(out, "--identity "+idPath) {
		t.Fatalf("the demo offers an identity that no longer opens its exports:\n%s", out)
	}
}

// TestInitMakesNoCustodian: only the demo makes a custodian of its own. A
// study made by init has none and refuses every encrypted export until
// one is added.
func TestInitMakesNoCustodian(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "pilot.ownwords")
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	mustCLI(t, vars, "init", "--store", store, "--name", "Pilot")
	people := writeFile(t, dir, "people.csv", "id,gender\nP-0001,woman\nP-0002,man\n")
	mustCLI(t, vars, "import", "--store", store, referenceCodebook, people)
	code, _, errOut := cli(t, vars, "export", "--store", store, "--format", "csv", "-o", filepath.Join(dir, "m.csv.age"))
	if code != 2 || !strings.Contains(errOut, "no custodians") || !strings.Contains(errOut, "key custodian add") {
		t.Fatalf("export without custodians: exit %d, %s", code, errOut)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".agekey") || strings.HasPrefix(e.Name(), "m.") {
			t.Errorf("init or the refused export left %s", e.Name())
		}
	}
	if got := mustCLI(t, vars, "key", "custodian", "list", "--store", store); got != "" {
		t.Fatalf("custodians of a new study = %q", got)
	}
}

// mustDemoIdentity reads the one X25519 identity of an identity file.
func mustDemoIdentity(t *testing.T, path string) *age.X25519Identity {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ids, err := age.ParseIdentities(f)
	if err != nil || len(ids) != 1 {
		t.Fatalf("%s: %d identities, %v", path, len(ids), err)
	}
	id, ok := ids[0].(*age.X25519Identity)
	if !ok {
		t.Fatalf("%s holds a %T", path, ids[0])
	}
	return id
}

// auditCount counts the audit entries of a demo study file with action on
// object.
func auditCount(t *testing.T, store, action, object string) int {
	t.Helper()
	return len(auditOf(t, store, func(e *ownwords.AuditEntry) string {
		if e.Action == action && e.Object == object {
			return e.Object
		}
		return ""
	}))
}

// auditOf returns what pick makes of each audit entry of a demo study
// file, leaving out the entries it makes "" of.
func auditOf(t *testing.T, store string, pick func(*ownwords.AuditEntry) string) []string {
	t.Helper()
	st, err := sqldb.Open(t.Context(), sqldb.Config{DSN: store, Passphrase: []byte(demoPassphrase)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var got []string
	if err := st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
		if s := pick(e); s != "" {
			got = append(got, s)
		}
		return true
	}); err != nil {
		t.Fatal(err)
	}
	return got
}
