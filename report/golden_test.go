package report

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestGolden(t *testing.T) {
	writers := []struct {
		ext   string
		write func(io.Writer, *Report) error
	}{
		{"html", WriteHTML}, {"md", WriteMarkdown}, {"json", WriteJSON}, {"txt", WriteText},
	}
	for _, audience := range []string{AudienceTeam, AudiencePublic} {
		rep := mustBuild(t, audience)
		for _, w := range writers {
			name := "report_" + audience + "." + w.ext
			t.Run(name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := w.write(&buf, rep); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", name+".golden")
				if *update {
					if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if !bytes.Equal(buf.Bytes(), want) {
					t.Errorf("%s differs from %s (run with -update after checking the change)", name, path)
				}
			})
		}
	}
}
