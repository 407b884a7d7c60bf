package chromium

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ownwords"
	"ownwords/internal/browsertest"
)

// TestFind checks the lookup order and the one-line message when no
// Chromium is installed.
func TestFind(t *testing.T) {
	tests := []struct {
		name      string
		installed []string
		want      string
	}{
		{"none", nil, ""},
		{"chromium", []string{"chromium", "chromium-browser", "google-chrome"}, "/usr/bin/chromium"},
		{"chromium-browser", []string{"chromium-browser", "google-chrome"}, "/usr/bin/chromium-browser"},
		{"google-chrome", []string{"google-chrome"}, "/usr/bin/google-chrome"},
		{"other browsers do not count", []string{"firefox", "chrome"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := find(func(name string) (string, error) {
				for _, n := range tt.installed {
					if n == name {
						return "/usr/bin/" + name, nil
					}
				}
				return "", errors.New("not found")
			})
			if tt.want == "" {
				if err == nil {
					t.Fatalf("found %s", p.Path)
				}
				checkMissing(t, err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Path != tt.want {
				t.Errorf("found %s, want %s", p.Path, tt.want)
			}
		})
	}
}

// checkMissing checks the error for a missing Chromium: one line that
// names what to install.
func checkMissing(t *testing.T, err error) {
	t.Helper()
	if ownwords.ErrorCode(err) != ownwords.ENOTIMPLEMENTED {
		t.Errorf("code %q, want %q", ownwords.ErrorCode(err), ownwords.ENOTIMPLEMENTED)
	}
	msg := ownwords.ErrorMessage(err)
	if msg != Missing || strings.Contains(msg, "\n") {
		t.Errorf("message %q, want the one line %q", msg, Missing)
	}
	for _, name := range append([]string{"apt-get install chromium"}, Names...) {
		if !strings.Contains(msg, name) {
			t.Errorf("message %q does not name %s", msg, name)
		}
	}
}

// TestFindOnPath looks Chromium up on a real PATH: an empty one, then one
// holding an executable google-chrome.
func TestFindOnPath(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	if p, err := Find(); err == nil {
		t.Fatalf("found %s on an empty PATH", p.Path)
	} else {
		checkMissing(t, err)
	}
	exe := filepath.Join(dir, "google-chrome")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	p, err := Find()
	if err != nil {
		t.Fatal(err)
	}
	if p.Path != exe {
		t.Errorf("found %s, want %s", p.Path, exe)
	}
}

func TestCheckPaper(t *testing.T) {
	for _, tt := range []struct {
		paper string
		ok    bool
	}{{"a4", true}, {"letter", true}, {"A4", false}, {"legal", false}, {"", false}} {
		if err := CheckPaper(tt.paper); (err == nil) != tt.ok {
			t.Errorf("CheckPaper(%q) = %v", tt.paper, err)
		} else if err != nil && ownwords.ErrorCode(err) != ownwords.EINVALID {
			t.Errorf("CheckPaper(%q): code %q", tt.paper, ownwords.ErrorCode(err))
		}
	}
}

func TestHeaderTemplate(t *testing.T) {
	h := HeaderTemplate(`Public <b>"x"</b> & co`)
	if strings.Contains(h, "<b>") || !strings.Contains(h, "Public &lt;b&gt;&#34;x&#34;&lt;/b&gt; &amp; co") {
		t.Errorf("header text not escaped: %s", h)
	}
	if !strings.Contains(h, "font-size:8px") {
		t.Errorf("header sets no font size (the browser's default is 0): %s", h)
	}
}

// arabicQuote is a right-to-left line the printed PDF must keep as text.
const arabicQuote = "لم أعد أؤمن بما قالوه لنا"

// testDocument is a small report-like page: a chart, a table, an Arabic
// quote, and print CSS, under the report's policy (no script, nothing
// outside).
const testDocument = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/>
<title>Test report</title><style>.banner{background:#8b0000;color:#fff} @media print { figure { break-inside: avoid; } }</style></head>
<body><div class="banner">CONFIDENTIAL</div><h1>Test report</h1>
<figure><svg xmlns="http://www.w3.org/2000/svg" width="300" height="80"><rect x="10" y="10" width="200" height="20" fill="#1f77b4"/><text x="10" y="60">bar chart</text></svg></figure>
<table><tr><td>Item</td><td>3/7 (42.9%)</td></tr></table>
<blockquote><p dir="auto">“` + arabicQuote + `”</p></blockquote>
<script>document.body.textContent = "script ran"</script>
</body></html>`

// TestPrintPDF prints a document with the real browser on both paper
// sizes: a PDF of one non-blank page of the right size whose text holds
// the Arabic quote, no script run, and nothing left in the temporary
// directory (the profile is removed, the document never written).
func TestPrintPDF(t *testing.T) {
	browsertest.Chromium(t)
	p, err := Find()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ paper, size string }{{"a4", "(A4)"}, {"letter", "(letter)"}} {
		t.Run(tt.paper, func(t *testing.T) {
			// A short directory: Chromium's socket paths in it have at
			// most 107 bytes.
			tmp, err := os.MkdirTemp("", "pdf")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(tmp) })
			t.Setenv("TMPDIR", tmp)
			pdf, err := p.PrintPDF(t.Context(), []byte(testDocument), tt.paper, "Public · Test report")
			if err != nil {
				t.Fatal(err)
			}
			if left, _ := os.ReadDir(tmp); len(left) > 0 {
				t.Errorf("printing left %d entries in the temporary directory, first %s", len(left), left[0].Name())
			}
			got := browsertest.ReadPDF(t, pdf, "chromium-print-"+tt.paper)
			if got.Pages != 1 || !strings.HasSuffix(got.PageSize, tt.size) {
				t.Errorf("%d pages of %s, want 1 of %s", got.Pages, got.PageSize, tt.size)
			}
			for _, want := range append(strings.Fields(arabicQuote), "Public · Test report", "page 1 of 1", "42.9%") {
				if !strings.Contains(got.Text, want) {
					t.Errorf("the PDF's text lacks %q:\n%s", want, got.Text)
				}
			}
			if strings.Contains(got.Text, "script ran") {
				t.Error("the document's script ran")
			}
		})
	}
}

// TestTempBase: a temporary directory too long for Chromium's socket path
// gives way to /tmp.
func TestTempBase(t *testing.T) {
	for _, tt := range []struct{ tmpdir, want string }{
		{"/tmp", "/tmp"},
		{"/var/tmp/short", "/var/tmp/short"},
		{"/" + strings.Repeat("d", 40), "/tmp"},
	} {
		t.Setenv("TMPDIR", tt.tmpdir)
		if got := tempBase(); got != tt.want {
			t.Errorf("TMPDIR=%s: %s, want %s", tt.tmpdir, got, tt.want)
		}
	}
}
