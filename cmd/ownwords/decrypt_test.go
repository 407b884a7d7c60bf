package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
)

// TestDecrypt: a custodian decrypts an export with their identity file to
// an owner-only file; another identity, a truncated or altered file and a
// bad identity file are refused with the file named, and leave no output.
func TestDecrypt(t *testing.T) {
	dir := t.TempDir()
	custodian, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	stranger, _ := age.GenerateX25519Identity()
	plain := []byte(strings.Repeat("participant,gender\nP-0001,woman\n", 4000)) // several age chunks
	var ct bytes.Buffer
	w, err := age.Encrypt(&ct, custodian.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	w.Write(plain)
	w.Close()
	export := filepath.Join(dir, "matrix.csv.age")
	if err := os.WriteFile(export, ct.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	mine := writeFile(t, dir, "custodian.agekey", "# demo custodian\n"+custodian.String()+"\n")
	theirs := writeFile(t, dir, "stranger.agekey", stranger.String()+"\n")

	out := filepath.Join(dir, "matrix.csv")
	mustCLI(t, nil, "decrypt", "--identity", mine, "-o", out, export)
	got, err := os.ReadFile(out)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("decrypted %d bytes, %v; want %d", len(got), err, len(plain))
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("output mode %v, want 0600", fi.Mode().Perm())
	}
	if stdout := mustCLI(t, nil, "decrypt", "--identity", mine, "-o", "-", export); stdout != string(plain) {
		t.Error("-o - did not write the plaintext to standard output")
	}

	truncated := filepath.Join(dir, "truncated.age")
	os.WriteFile(truncated, ct.Bytes()[:ct.Len()-100], 0o600)
	flipped := filepath.Join(dir, "flipped.age")
	bad := bytes.Clone(ct.Bytes())
	bad[len(bad)/2] ^= 1
	os.WriteFile(flipped, bad, 0o600)
	garbage := writeFile(t, dir, "garbage.agekey", "not a key\n")
	for _, tc := range []struct {
		name, identity, export, want string
	}{
		{"Stranger", theirs, export, "not encrypted to this custodian"},
		{"Truncated", mine, truncated, "truncated.age"},
		{"Altered", mine, flipped, "flipped.age"},
		{"BadIdentity", garbage, export, "identity file " + garbage},
		{"NoIdentity", filepath.Join(dir, "none.agekey"), export, "none.agekey"},
		{"NoExport", mine, filepath.Join(dir, "none.age"), "none.age"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := filepath.Join(dir, tc.name+".out")
			code, stdout, stderr := cli(t, nil, "decrypt", "--identity", tc.identity, "-o", dst, tc.export)
			if code == 0 || !strings.Contains(stderr, tc.want) || strings.Contains(stdout+stderr, "P-0001") {
				t.Errorf("exit %d, stderr %q; want a refusal naming %q", code, stderr, tc.want)
			}
			if _, err := os.Stat(dst); err == nil {
				t.Error("a refused decrypt left an output file")
			}
		})
	}
	if code, _, _ := cli(t, nil, "decrypt", export); code == 0 {
		t.Error("decrypt without --identity and -o succeeded")
	}
}
