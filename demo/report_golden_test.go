package demo_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"ownwords/report"
)

var updateGolden = flag.Bool("update", false, "rewrite the demo report golden files in testdata/")

// TestReportGolden renders the demo's team and public reports in every
// human format (text, Markdown, HTML; the PDF is the HTML printed, see
// TestReportPrintsLikeThePaper) and compares them with the golden files:
// a change of layout shows as a reviewed diff (go test -run
// TestReportGolden -update). The figures themselves are checked against
// the reference paper by the published checks; JSON, the machine format,
// is checked there and by package report's golden files.
func TestReportGolden(t *testing.T) {
	writers := []struct {
		ext   string
		write func(*bytes.Buffer, *report.Report) error
	}{
		{"txt", func(b *bytes.Buffer, r *report.Report) error { return report.WriteText(b, r) }},
		{"md", func(b *bytes.Buffer, r *report.Report) error { return report.WriteMarkdown(b, r) }},
		{"html", html},
	}
	for _, audience := range []string{report.AudienceTeam, report.AudiencePublic} {
		for _, w := range writers {
			name := "report_demo_" + audience + "." + w.ext
			t.Run(name, func(t *testing.T) {
				got := mustReport(t, audience, w.write)
				path := filepath.Join("testdata", name+".golden")
				if *updateGolden {
					if err := os.MkdirAll("testdata", 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from %s (run with -update after checking the change)", name, path)
				}
			})
		}
	}
}
