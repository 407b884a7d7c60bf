package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"ownwords"
	"ownwords/internal/browsertest"
	"ownwords/internal/chromium"
	"ownwords/sqldb"
)

// mustPDFStudy is the demo study with a custodian and password files
// (mustPlanStudy), seen as an export study.
func mustPDFStudy(t *testing.T) *exportStudy {
	t.Helper()
	p := mustPlanStudy(t)
	return &exportStudy{dir: p.dir, store: p.store, vars: p.vars, custodian: p.custodian, pw: p.pw}
}

// auditLength counts the study's audit entries.
func auditLength(t *testing.T, x *exportStudy) int {
	t.Helper()
	st, err := sqldb.Open(t.Context(), sqldb.Config{DSN: x.store, Passphrase: []byte(demoPassphrase)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n := 0
	st.AuditEntries(t.Context(), func(*ownwords.AuditEntry) bool { n++; return true })
	return n
}

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestReportPDFFlags: a PDF is an export file on a4 or letter paper, and
// --paper belongs to it; refusals come before the store is opened.
func TestReportPDFFlags(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "none.ownwords")
	out := filepath.Join(dir, "r.pdf")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"ErrNoOutput", []string{"--format", "pdf"}, "add -o OUT"},
		{"ErrPaper", []string{"--format", "pdf", "--paper", "legal", "-o", out}, `--paper "legal": want a4 or letter`},
		{"ErrPaperNotPDF", []string{"--format", "html", "--paper", "letter"}, "--paper applies to --format pdf"},
		{"ErrFormat", []string{"--format", "docx", "-o", out}, "text, md, html, json or pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := cli(t, nil, append([]string{"report", "--store", store}, tt.args...)...)
			if code != 2 || stdout != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, %q, %q; want 2 and %q", code, stdout, stderr, tt.want)
			}
			if names := dirNames(t, dir); len(names) > 0 {
				t.Errorf("a refused report wrote %v", names)
			}
		})
	}
}

// TestReportPDFWithoutChromium: with no Chromium on PATH the command says
// so in one line and writes and audits nothing.
func TestReportPDFWithoutChromium(t *testing.T) {
	x := mustPDFStudy(t)
	before, files := auditLength(t, x), dirNames(t, x.dir)
	t.Setenv("PATH", t.TempDir())
	out := x.path("report.pdf")
	for _, args := range [][]string{
		{"report", "--store", x.store, "--format", "pdf", "-o", out},
		{"report", "--store", x.store, "--format", "pdf", "--paper", "letter", "--audience", "team", "--user", "owner", "--password-file", x.pw["owner"], "-o", out},
	} {
		code, stdout, stderr := cli(t, x.vars, args...)
		if want := "ownwords report: " + chromium.Missing + "\n"; code != 1 || stdout != "" || stderr != want {
			t.Errorf("exit %d, %q, %q; want 1 and the one line %q", code, stdout, stderr, want)
		}
	}
	if got := dirNames(t, x.dir); !slices.Equal(got, files) {
		t.Errorf("files %v, want %v", got, files)
	}
	if n := auditLength(t, x); n != before {
		t.Errorf("%d audit entries added", n-before)
	}
}

// arabic matches a word of Arabic letters.
var arabic = regexp.MustCompile(`\p{Arabic}{2,}`)

// TestReportPDF prints the demo study's reports through the command:
// the owner's team report encrypted to the custodian (A4), and the
// public report in the clear once --plaintext is confirmed (letter). Each
// is a PDF of several non-blank pages (rendered with pdftoppm) carrying
// the report's title, its audience in the running header, and (team) an
// Arabic quote as text; nothing but the output is left on disk.
func TestReportPDF(t *testing.T) {
	browsertest.Chromium(t)
	x := mustPDFStudy(t)
	// A short directory: Chromium's socket paths in it have at most 107
	// bytes.
	tmp, err := os.MkdirTemp("", "pdf")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	t.Setenv("TMPDIR", tmp)

	var team struct {
		Title  string
		Quotes []struct{ Text string }
	}
	if err := json.Unmarshal([]byte(x.as(t, "owner", "report", "--audience", "team", "--format", "json")), &team); err != nil {
		t.Fatal(err)
	}
	var rtl string
	for _, q := range team.Quotes {
		if arabic.MatchString(q.Text) {
			rtl = q.Text
			break
		}
	}

	t.Run("TeamEncrypted", func(t *testing.T) {
		path := x.path("team.pdf.age")
		stdout := x.as(t, "owner", "report", "--audience", "team", "--format", "pdf", "-o", path)
		if !strings.Contains(stdout, "the team report (pdf) at tier full to "+path+" (age-encrypted") {
			t.Errorf("summary %q", stdout)
		}
		pdf := mustDecrypt(t, path, x.custodian)
		got := browsertest.ReadPDF(t, pdf, "report-demo-team")
		checkPrinted(t, got, "(A4)", team.Title, "CONFIDENTIAL — team audience")
		if rtl == "" {
			t.Log("the team report has no Arabic quote")
		}
		for _, w := range arabic.FindAllString(rtl, -1) {
			if !strings.Contains(got.Text, w) {
				t.Errorf("the PDF's text lacks %q of the quote %q", w, rtl)
			}
		}
	})
	t.Run("PublicPlaintext", func(t *testing.T) {
		path := x.path("public.pdf")
		code, stdout, stderr := cliTerminal(t, x.vars, "plaintext\n", "report", "--store", x.store, "--format", "pdf", "--paper", "letter", "--plaintext", "-o", path)
		if code != 0 || !strings.Contains(stdout, "UNENCRYPTED") {
			t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
		}
		pdf, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", info.Mode().Perm())
		}
		got := browsertest.ReadPDF(t, pdf, "report-demo-public")
		checkPrinted(t, got, "(letter)", strings.Replace(team.Title, "team", "public", 1), "Public — counts from 1 to")
		if rtl != "" && strings.Contains(got.Text, arabic.FindString(rtl)) {
			t.Error("the public report carries the team's quote")
		}
		if a := exportAudit(t, x); !slices.Contains(a, "export.plaintext system "+path) {
			t.Errorf("audit %v lacks the plaintext export", a)
		}
	})
	if left := dirNames(t, tmp); len(left) > 0 {
		t.Errorf("printing left %v in the temporary directory", left)
	}
	names := dirNames(t, x.dir)
	for _, n := range names {
		if strings.HasSuffix(n, ".html") || strings.Contains(n, ".tmp") {
			t.Errorf("printing left %s beside the study", n)
		}
	}
}

// checkPrinted checks a printed report: several pages of the paper size,
// the title and the running header naming the audience on them.
func checkPrinted(t *testing.T, got browsertest.PrintedPDF, size, title, header string) {
	t.Helper()
	if got.Pages < 2 || got.Pages > 80 || !strings.HasSuffix(got.PageSize, size) {
		t.Errorf("%d pages of %s, want 2..80 of %s", got.Pages, got.PageSize, size)
	}
	if !strings.Contains(got.Text, title) {
		t.Errorf("the PDF's text lacks the title %q", title)
	}
	if n := strings.Count(got.Text, header); n < got.Pages {
		t.Errorf("the header %q is on %d of %d pages", header, n, got.Pages)
	}
}
