package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"ownwords"
	"ownwords/sqldb"
)

// mustStudyFile creates a study file with init and opens it.
func mustStudyFile(t *testing.T, vars map[string]string) (string, ownwords.Store, *ownwords.Study) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "s.ownwords")
	mustCLI(t, vars, "init", "--store", path, "--name", "Security")
	st, err := sqldb.Open(t.Context(), sqldb.Config{DSN: path, Passphrase: []byte(vars[EnvPassphrase])})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	study, err := resolveStudy(t.Context(), st, "")
	if err != nil {
		t.Fatal(err)
	}
	return path, st, study
}

func lastAudit(t *testing.T, st ownwords.Store) *ownwords.AuditEntry {
	t.Helper()
	var last *ownwords.AuditEntry
	st.AuditEntries(t.Context(), func(e *ownwords.AuditEntry) bool { last = e; return true })
	return last
}

func TestOpenExport(t *testing.T) {
	vars := map[string]string{EnvPassphrase: "correct horse battery"}
	_, st, study := mustStudyFile(t, vars)
	custodian, _ := age.GenerateX25519Identity()
	stranger, _ := age.GenerateX25519Identity()
	study.Settings.Custodians = []string{custodian.Recipient().String()}
	const canary = "Quentavia Orlobrand said this"
	e := &env{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
	out := filepath.Join(t.TempDir(), "report.csv.age")
	w, err := openExport(t.Context(), e, out, false, nil, st, study, "report CSV")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, canary)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if a := lastAudit(t, st); a.Action != "export.encrypted" || a.Object != out {
		t.Fatalf("audit %+v", a)
	}
	ct, _ := os.ReadFile(out)
	if bytes.Contains(ct, []byte(canary)) {
		t.Fatal("plaintext in an encrypted export")
	}
	decrypt := func(data []byte, id age.Identity) (string, error) {
		r, err := age.Decrypt(bytes.NewReader(data), id)
		if err != nil {
			return "", err
		}
		b, err := io.ReadAll(r)
		return string(b), err
	}
	if got, err := decrypt(ct, custodian); err != nil || got != canary {
		t.Fatalf("custodian decrypt = %q, %v", got, err)
	}
	flipped := bytes.Clone(ct)
	flipped[len(flipped)-5] ^= 1
	for name, tc := range map[string]struct {
		data []byte
		id   age.Identity
	}{
		"ErrOtherKey":   {ct, stranger},
		"ErrTruncated":  {ct[:len(ct)-10], custodian},
		"ErrBitFlipped": {flipped, custodian},
	} {
		if _, err := decrypt(tc.data, tc.id); err == nil {
			t.Errorf("%s: decrypted", name)
		}
	}

	t.Run("ErrNoCustodians", func(t *testing.T) {
		s := *study
		s.Settings.Custodians = nil
		_, err := openExport(t.Context(), e, out+"2", false, nil, st, &s, "report")
		if ownwords.ErrorCode(err) != ownwords.EINVALID {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrPlaintextWithoutTerminal", func(t *testing.T) {
		head, _ := st.AuditHead(t.Context())
		_, err := openExport(t.Context(), e, out+"3", true, nil, st, study, "report")
		if ownwords.ErrorCode(err) != ownwords.EFORBIDDEN {
			t.Fatalf("err = %v", err)
		}
		if after, _ := st.AuditHead(t.Context()); after != head {
			t.Fatal("a refused export was audited as done")
		}
		if _, err := os.Stat(out + "3"); err == nil {
			t.Fatal("a refused plaintext export wrote a file")
		}
	})
	t.Run("PlaintextConfirmedIsAudited", func(t *testing.T) {
		old := isTerminal
		isTerminal = func(*os.File) bool { return true }
		defer func() { isTerminal = old }()
		for _, answer := range []string{"yes\n", "plaintext\n"} {
			r, w, _ := os.Pipe()
			io.WriteString(w, answer)
			w.Close()
			pe := *e
			pe.stdin = r
			p := filepath.Join(t.TempDir(), "plain.csv")
			wc, err := openExport(t.Context(), &pe, p, true, nil, st, study, "report CSV")
			if answer == "yes\n" {
				if ownwords.ErrorCode(err) != ownwords.EFORBIDDEN {
					t.Fatalf("wrong answer: err = %v", err)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			io.WriteString(wc, canary)
			wc.Close()
			if got, _ := os.ReadFile(p); string(got) != canary {
				t.Fatalf("plaintext export = %q", got)
			}
			if a := lastAudit(t, st); a.Action != "export.plaintext" || strings.Contains(a.Detail, canary) {
				t.Fatalf("audit %+v", a)
			}
		}
	})
}
