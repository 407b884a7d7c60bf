package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"filippo.io/age"

	"ownwords"
	"ownwords/sqldb"
)

// TestCanarySweep plants a synthetic identity (in the identity vault) and
// a transcript phrase (in an interview), then runs the commands that touch
// them — identity add/list/reveal, search, de-identified
// exports, failing commands — and looks for both canaries everywhere they
// must not be: the study file and everything beside it (the SQLite file
// holds the full-text index too), the identity vault file, the audit log,
// every line printed on standard error (logs and error messages), the
// outputs of roles without text, and the de-identified export files after
// decryption. The outputs whose purpose is to show them (a custodian's
// reveal, an owner's search) must contain them, or the sweep would prove
// nothing.
func TestCanarySweep(t *testing.T) {
	const (
		name   = "Zelphine Ardmoorov"  // the identity: only the vault and a custodian's reveal hold it
		phrase = "quorblax vintervane" // the transcript phrase: only the store and text roles see it
	)
	dir := t.TempDir()
	store := filepath.Join(dir, "study.ownwords")
	vault := filepath.Join(dir, "identities.age")
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	custodian, _ := age.GenerateX25519Identity()
	stranger, _ := age.GenerateX25519Identity()
	idFile := writeFile(t, dir, "custodian.key", custodian.String()+"\n")
	strangerFile := writeFile(t, dir, "stranger.key", stranger.String()+"\n")
	pw := writeFile(t, dir, "pw", "a long enough password\n")

	var people, stderrs strings.Builder
	people.WriteString("id,gender\n")
	var ivs []string
	for i := range 6 {
		code := "P-000" + string(rune('1'+i))
		people.WriteString(code + ",woman\n")
		body := "Interviewer: What happened?\n" + code + ": We had no food at the border.\n"
		if i == 0 {
			body += code + ": Then the " + phrase + " came to the market.\n"
		}
		ivs = append(ivs, writeFile(t, dir, "iv-"+code+".txt", body))
		writeFile(t, dir, "iv-"+code+".json", `{"participant": "`+code+`", "date": "2016-03", "language": "en"}`)
	}
	run := func(args ...string) (int, string) {
		code, out, errOut := cli(t, vars, args...)
		stderrs.WriteString(errOut)
		return code, out
	}
	must := func(args ...string) string {
		t.Helper()
		code, out := run(args...)
		if code != 0 {
			t.Fatalf("%v: exit %d", args, code)
		}
		return out
	}
	must("init", "--store", store, "--name", "Canary")
	must("key", "custodian", "add", "--store", store, custodian.Recipient().String())
	events := writeFile(t, dir, "events-in.csv", "participant,kind,date,note\nP-0001,joined,2014-05,the "+phrase+" recruited me\n")
	must(append([]string{"import", "--store", store, writeFile(t, dir, "people.csv", people.String()), events}, ivs...)...)
	must("user", "add", "--store", store, "--role", "owner", "--password-file", pw, "own")
	must("user", "add", "--store", store, "--role", "analyst", "--password-file", pw, "ana")

	// The identity vault: added from a file (never the command line),
	// listed and revealed by the custodian, refused to a stranger.
	record := writeFile(t, dir, "record.json", `{"pseudonym": "P-0001", "name": "`+name+`", "contacts": ["+00 0000"]}`)
	must("identity", "add", "--vault", vault, "--identity", idFile, "--from", record, "--store", store)
	os.Remove(record)
	if out := must("identity", "list", "--vault", vault, "--identity", idFile); strings.Contains(out, name) {
		t.Errorf("identity list shows the name:\n%s", out)
	}
	revealed := must("identity", "reveal", "--vault", vault, "--identity", idFile, "--store", store, "--pseudonym", "P-0001", "--why", "consent follow-up")
	if !strings.Contains(revealed, name) {
		t.Fatalf("the custodian's reveal lacks the name: the sweep would prove nothing\n%s", revealed)
	}
	if code, _ := run("identity", "reveal", "--vault", vault, "--identity", strangerFile, "--store", store, "--pseudonym", "P-0001", "--why", "x"); code == 0 {
		t.Error("a stranger's key revealed an identity")
	}

	// Search: the owner sees the phrase, the analyst counts only; the
	// audit log keeps digests of the queries (one may name a person).
	if out := must("search", "--store", store, "--user", "own", "--password-file", pw, `"`+phrase+`"`); !strings.Contains(strings.ToLower(out), phrase) {
		t.Fatalf("the owner's search lacks the phrase: the sweep would prove nothing\n%s", out)
	}
	var quiet []string // outputs that must hold neither canary
	quiet = append(quiet,
		must("search", "--store", store, "--user", "ana", "--password-file", pw, `"`+phrase+`"`),
	)
	// Failing commands: their messages name files and places, not contents.
	bad := writeFile(t, dir, "bad.csv", "id,gender\nP-0009,"+phrase+"\"unbalanced\n")
	run("import", "--store", store, bad)
	run("search", "--store", store, "--user", "ana", "--password-file", pw, `"`+phrase)
	run("identity", "add", "--vault", vault, "--identity", strangerFile, "--from", writeFile(t, dir, "r2.json", `{"pseudonym": "P-0002", "name": "`+name+`"`))

	// De-identified exports by the analyst, decrypted.
	must("timeline", "--store", store, "--events-csv", filepath.Join(dir, "events-ana.csv.age"), "--user", "ana", "--password-file", pw)
	deid := string(mustDecrypt(t, filepath.Join(dir, "events-ana.csv.age"), custodian))
	if !strings.Contains(deid, "joined") {
		t.Fatalf("the analyst's events export lacks the event:\n%s", deid)
	}
	quiet = append(quiet, deid)

	for i, out := range append(quiet, stderrs.String()) {
		for _, c := range []string{name, phrase, "Zelphine", "quorblax"} {
			if strings.Contains(strings.ToLower(out), strings.ToLower(c)) {
				t.Errorf("output %d (of %d; the last is every stderr) holds %q:\n%s", i, len(quiet)+1, c, out)
			}
		}
	}
	// The study's files, the vault file: encrypted, no canary in the bytes.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".txt") || slices.Contains([]string{"events-in.csv", "bad.csv", "r2.json"}, e.Name()) {
			continue // the inputs themselves
		}
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		for _, c := range []string{name, phrase, "Zelphine", "quorblax"} {
			if bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(c))) {
				t.Errorf("%s holds %q in the clear", e.Name(), c)
			}
		}
	}
	// The audit log records the reveal, with its reason, never the name.
	st, err := sqldb.Open(t.Context(), sqldb.Config{DSN: store, Passphrase: []byte(vars[EnvPassphrase])})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	reveals := 0
	err = st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool {
		all := strings.ToLower(e.Action + " " + e.Object + " " + e.Detail)
		if strings.Contains(all, "zelphine") || strings.Contains(all, "quorblax") {
			t.Errorf("audit entry %d (%s) holds a canary: %s", e.Seq, e.Action, all)
		}
		if strings.HasPrefix(e.Action, "identity.reveal") {
			reveals++
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if reveals == 0 {
		t.Error("the reveal is not in the audit log")
	}
}
