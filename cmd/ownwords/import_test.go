package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestImportCreatesFlaggedParticipant imports a first interview with
// --participant for a code the study lacks: the participant is created in
// the same transaction and the summary says so; a code read from a sidecar
// must still exist, and a failed import creates nobody.
func TestImportCreatesFlaggedParticipant(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "first.ownwords")
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	mustCLI(t, vars, "init", "--store", store, "--name", "First hour")
	x := writeFile(t, dir, "x.txt", "Interviewer: Why?\nP-77: Friends.\n")
	y := writeFile(t, dir, "y.txt", "Interviewer: And then?\nP-77: I left.\n")
	side := writeFile(t, dir, "side.txt", "Interviewer: Why?\nP-78: Money.\n")
	writeFile(t, dir, "side.json", `{"participant": "P-78"}`)
	dup := writeFile(t, dir, "dup.txt", "Interviewer: Why?\nP-79: Faith.\n")
	for _, s := range []struct {
		name   string
		args   []string
		code   int
		want   string
		absent string
	}{
		{"FlagCreates", []string{"--participant", "P-77", x}, 0, "created participant P-77", ""},
		{"FlagExisting", []string{"--participant", "P-77", y}, 0, "participants: 0 created", "created participant"},
		{"ErrSidecarUnknown", []string{side}, 3, "participant P-78 does not exist", ""},
		{"ErrFailedImportCreatesNobody", []string{"--participant", "P-79", "--title", "x", dup}, 4, "already exists", ""},
		{"RetryCreates", []string{"--participant", "P-79", dup}, 0, "created participant P-79", ""},
	} {
		code, out, errOut := cli(t, vars, append([]string{"import", "--store", store}, s.args...)...)
		if code != s.code || !strings.Contains(out+errOut, s.want) || (s.absent != "" && strings.Contains(out+errOut, s.absent)) {
			t.Fatalf("%s: exit %d\n%s%s\nwant %d, %q and not %q", s.name, code, out, errOut, s.code, s.want, s.absent)
		}
	}
}
