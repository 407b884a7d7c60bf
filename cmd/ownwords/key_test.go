package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"ownwords/sqldb"
)

// TestKeyBackupShredCLI walks the key commands: a custodian is added, a
// backup is restored with the custodian's identity, the passphrase changes,
// and after crypto-shredding neither the study nor the backup opens.
func TestKeyBackupShredCLI(t *testing.T) {
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	dir := t.TempDir()
	path := filepath.Join(dir, "s.ownwords")
	mustCLI(t, vars, "init", "--store", path, "--name", "Keys")
	custodian, _ := age.GenerateX25519Identity()
	idFile := writeFile(t, dir, "custodian.txt", custodian.String()+"\n")
	mustCLI(t, vars, "key", "custodian", "add", "--store", path, custodian.Recipient().String())
	if out := mustCLI(t, vars, "key", "custodian", "list", "--store", path); strings.TrimSpace(out) != custodian.Recipient().String() {
		t.Fatalf("list = %q", out)
	}
	backup := filepath.Join(dir, "s.backup")
	mustCLI(t, vars, "backup", "--store", path, "-o", backup)
	restored := filepath.Join(dir, "r.ownwords")
	out := mustCLI(t, vars, "restore", "--store", restored, "-i", backup, "--key", sqldb.KeyPath(path), "--identity", idFile)
	if !strings.Contains(out, "audit chain") {
		t.Fatalf("restore: %s", out)
	}
	mustCLI(t, map[string]string{EnvPassphrase: "correct horse battery", EnvNewPassphrase: "another long passphrase"}, "key", "passphrase", "--store", path)
	if code, _, _ := cli(t, vars, "audit", "verify", "--store", path); code == 0 {
		t.Fatal("the old passphrase still opens the study")
	}
	vars = map[string]string{EnvPassphrase: "another long passphrase"}
	mustCLI(t, vars, "audit", "verify", "--store", path)

	// Shredding needs a confirmation on a terminal.
	if code, _, _ := cli(t, vars, "key", "shred", "--store", path); code == 0 {
		t.Fatal("shred without confirmation succeeded")
	}
	old := isTerminal
	isTerminal = func(*os.File) bool { return true }
	defer func() { isTerminal = old }()
	r, w, _ := os.Pipe()
	w.WriteString("shred Keys\n")
	w.Close()
	var so, se strings.Builder
	e := &env{stdin: r, stdout: &so, stderr: &se, getenv: func(k string) string { return vars[k] }}
	if code := run(t.Context(), e, []string{"key", "shred", "--store", path}); code != 0 {
		t.Fatalf("shred: %s", se.String())
	}
	if _, err := os.Stat(sqldb.KeyPath(path)); err == nil {
		t.Fatal("key file still there")
	}
	if code, _, _ := cli(t, vars, "audit", "verify", "--store", path); code == 0 {
		t.Fatal("the shredded study opens")
	}
	code, _, errOut := cli(t, vars, "restore", "--store", filepath.Join(dir, "again.ownwords"), "-i", backup, "--key", sqldb.KeyPath(path), "--identity", idFile)
	if code == 0 {
		t.Fatal("a backup taken before shredding was restored")
	}
	if !strings.Contains(errOut, "does not exist") {
		t.Fatalf("restore after shredding: %s", errOut)
	}
}
